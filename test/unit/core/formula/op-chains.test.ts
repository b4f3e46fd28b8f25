// Whole formulas where an infinite local derivative meets a zero factor or a masked branch
// (sqrt(abs(a - b)) at a = b, sqrt(max(a, b)) at 0, log(abs(a)) at 0, sqrt(a*b) at 0, ...): every
// engine's loss and gradient equal real PyTorch's (test/fixtures/op-chains-torch.json, made by
// scripts/golden-op-chains.py from the same formula text): NaN where torch multiplies inf by 0,
// exactly 0 where torch masks, the same infinities, and finite values to 1e-12.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LossName } from '../../../../src/core/eval/loss';
import { CompiledEvaluator, generateKernelSource } from '../../../../src/core/eval/codegen';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { WasmEvaluator } from '../../../../src/core/eval/wasm/wasm-evaluator';
import { compileFormula } from '../../../../src/core/formula/compile';
import type { Program } from '../../../../src/core/formula/program';
import { fromRoot } from '../../../repo-root';
import { decode, expectSame } from './op-engines';

interface ChainCase {
  formula: string;
  loss: LossName;
  params: Record<string, number>;
  value: number | string;
  grad: Record<string, number | string>;
}
const fixture = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'op-chains-torch.json'), 'utf8')) as {
  x: number[];
  y: number[];
  cases: ChainCase[];
};
const x = new Float64Array(fixture.x);
const y = new Float64Array(fixture.y);

/** To 1e-12 of the value, or absolutely near 0 (sums of ±x that cancel). */
const same = (actual: number, expected: number, what: string) =>
  expectSame(actual, expected, what, 0, 1e-12 * Math.max(1, Math.abs(expected)));

type Engine = {
  name: string;
  make(program: Program): { lossAndGrad(p: Float64Array, y: Float64Array, l: LossName, g: Float64Array): number } | null;
};
const ENGINES: Engine[] = [
  { name: 'tape', make: (program) => new TapeEvaluator(program, x) },
  {
    name: 'generated JavaScript',
    make: (program) => {
      const source = generateKernelSource(program);
      return source ? new CompiledEvaluator(x, source, new TapeEvaluator(program, x).staticPointValues()) : null;
    },
  },
  { name: 'WebAssembly kernel', make: (program) => WasmEvaluator.create(program, x, new TapeEvaluator(program, x).staticPointValues()) },
  { name: 'the evaluator the product picks', make: (program) => createEvaluator(program, x) },
];

describe("gradients through 0 · inf match PyTorch's on whole formulas", () => {
  it('covers multiplied and masked paths, both losses', () => {
    assert.ok(fixture.cases.length >= 40);
    assert.deepEqual([...new Set(fixture.cases.map((c) => c.loss))].sort(), ['mae', 'mse']);
    assert.ok(fixture.cases.some((c) => Object.values(c.grad).includes('NaN')));
    assert.ok(fixture.cases.some((c) => Object.values(c.grad).includes('-Infinity')));
  });

  for (const engine of ENGINES)
    it(`${engine.name}: loss and every gradient as torch gives them`, () => {
      let ran = 0;
      for (const c of fixture.cases) {
        const compiled = compileFormula(c.formula);
        assert.ok(compiled.ok, `${c.formula} compiles`);
        const program = compiled.value;
        const evaluator = engine.make(program);
        if (!evaluator) continue;
        ran++;
        const params = new Float64Array(program.params.map((p) => c.params[p.name]));
        const grad = new Float64Array(program.paramCount);
        const where = `${engine.name}, ${c.loss} of ${c.formula} at ${JSON.stringify(c.params)}`;
        same(evaluator.lossAndGrad(params, y, c.loss, grad), decode(c.value), `${where}: loss`);
        program.params.forEach((p, i) => same(grad[i], decode(c.grad[p.name]), `${where}: d/d${p.name}`));
      }
      assert.ok(ran >= fixture.cases.length / 2, `${engine.name} ran ${ran} of ${fixture.cases.length} cases`);
    });
});
