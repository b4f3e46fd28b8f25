// "N ReLUs summed is a one-layer network": the formula engine's sum(relu(m*x + b)) and the tensor
// engine's 1→N→1 network with output weights 1 give the same predictions, loss and (for m, b) the
// same gradient; the network also has a gradient for the output weights the lesson's sum keeps at 1.
import * as assert from 'node:assert/strict';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { compileFormula } from '../../../../src/core/formula/compile';
import { MlpEvaluator } from '../../../../src/core/model/mlp-evaluator';
import { sumOfRelus } from '../../../../src/core/model/presets';
import { networkAsReluSum, programAsNetwork, reluSumAsNetwork } from '../../../../src/core/model/relus-as-network';
import { inferVectors } from '../../../../src/core/formula/vectors';
import { notebookData } from '../onnx/onnx-compare';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('N ReLUs as a one-layer network', () => {
  const data = notebookData();
  for (const units of [1, 3, 16, 64]) {
    it(`sum of ${units} ReLUs ≡ 1→${units}→1 network with output weights 1: predictions, loss, gradient`, () => {
      const relus = sumOfRelus(units, units);
      const formula = createEvaluator(relus.program, data.x);
      const m = relus.init.subarray(0, units);
      const b = relus.init.subarray(units);
      const { spec, params } = reluSumAsNetwork({ m, b });
      const network = new MlpEvaluator(spec, data);
      const [p1, p2] = [formula.predict(relus.init), network.predict(params)];
      p1.forEach((v, i) => assert.ok(close(p2[i], v), `point ${i}: ${p2[i]} vs ${v}`));
      for (const loss of ['mae', 'mse'] as const) {
        const g1 = new Float64Array(2 * units);
        const g2 = new Float64Array(params.length);
        const l1 = formula.lossAndGrad(relus.init, data.y, loss, g1);
        const l2 = network.lossAndGrad(params, data.y, loss, g2);
        assert.ok(close(l2, l1), `${loss}: ${l2} vs ${l1}`);
        // dW1 = d m, db1 = d b; the network adds the output layer's gradient
        for (let j = 0; j < 2 * units; j++) assert.ok(close(g2[j], g1[j]), `${loss} grad ${j}: ${g2[j]} vs ${g1[j]}`);
        assert.ok(
          g2.subarray(2 * units).some((v) => v !== 0),
          'the output weights have a gradient the plain sum ignores',
        );
      }
    });
  }

  it('the weighted sum(w*relu(m*x + b)) + c is the same network with w and c as its output layer', () => {
    const compiled = compileFormula('sum(w*relu(m*x + b)) + c', { vectors: { w: 4, m: 4, b: 4 } });
    assert.ok(compiled.ok);
    const program = compiled.program;
    const at = (name: string) => program.params.find((p) => p.name === name)!.offset;
    const flat = Float64Array.from({ length: program.paramCount }, (_, i) => Math.sin(i + 1));
    const parts = {
      m: flat.subarray(at('m'), at('m') + 4),
      b: flat.subarray(at('b'), at('b') + 4),
      w: flat.subarray(at('w'), at('w') + 4),
      c: flat[at('c')],
    };
    const { spec, params } = reluSumAsNetwork(parts);
    const a = new TapeEvaluator(program, data.x).predict(flat);
    const n = new MlpEvaluator(spec, data).predict(params);
    a.forEach((v, i) => assert.ok(close(n[i], v), `point ${i}`));
    assert.deepEqual(networkAsReluSum(spec, params), {
      m: Array.from(parts.m),
      b: Array.from(parts.b),
      w: Array.from(parts.w),
      c: parts.c,
    });
    assert.throws(() => networkAsReluSum({ inputs: 1, hidden: [{ width: 2, activation: 'tanh' }] }, params), /one hidden ReLU layer/);
  });

  it('recognises a compiled sum of ReLUs by its structure and writes it as its network; any other formula is none', () => {
    const cases: [string, number][] = [
      ['sum(relu(m*x + b))', 5],
      ['sum(relu(b + x*m))', 3],
      ['sum(w*relu(m*x + b)) + c', 4],
      ['c + sum(relu(m*x + b)*w)', 2],
    ];
    for (const [formula, units] of cases) {
      const compiled = compileFormula(formula, { vectors: inferVectors(formula, units) });
      assert.ok(compiled.ok, formula);
      const program = compiled.program;
      const flat = Float64Array.from({ length: program.paramCount }, (_, i) => Math.cos(3 * i + 1) * 1.7);
      const found = programAsNetwork(program, flat);
      assert.ok(found, formula);
      assert.deepEqual(found.spec, { inputs: 1, hidden: [{ width: units, activation: 'relu' }] });
      const formulaSide = new TapeEvaluator(program, data.x);
      const networkSide = new MlpEvaluator(found.spec, data);
      const [a, n] = [formulaSide.predict(flat), networkSide.predict(found.params)];
      a.forEach((v, i) => assert.ok(close(n[i], v), `${formula} point ${i}: ${n[i]} vs ${v}`));
      for (const loss of ['mae', 'mse'] as const)
        assert.ok(close(networkSide.loss(found.params, data.y, loss), formulaSide.loss(flat, data.y, loss)), `${formula} ${loss}`);
      const plain = !formula.includes('w');
      assert.equal(
        Array.from(found.params.subarray(2 * units, 3 * units)).every((w) => w === 1) && found.params[3 * units] === 0,
        plain,
        `${formula}: output weights 1 and no bias exactly for the plain sum`,
      );
    }
    for (const other of ['a*x**2 + b*x + c', 'sum(tanh(m*x + b))', 'sum(relu(m*x + b)) * 2']) {
      const compiled = compileFormula(other, { vectors: inferVectors(other, 3) });
      assert.ok(compiled.ok, other);
      assert.equal(programAsNetwork(compiled.program, new Float64Array(compiled.program.paramCount).fill(0.5)), null, other);
    }
  });
});
