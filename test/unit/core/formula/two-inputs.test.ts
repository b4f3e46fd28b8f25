// Formulas of x1 and x2: compiling (only when asked for two inputs), evaluating pointwise and on the
// tape (against finite differences), the two-input data generator, CSV columns x1,x2,y, and
// training on the ONNX wasm backend as on cpu.
import * as assert from 'node:assert/strict';
import { createOrtBackend } from '../../../../src/core/backends/ort';
import { parseCsv, toCsv } from '../../../../src/core/data/csv';
import { generatePlaneData } from '../../../../src/core/data/generate-plane';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { compileFormula } from '../../../../src/core/formula/compile';
import { evaluatePointwise, float32Function2 } from '../../../../src/core/formula/pointwise';
import { readsSecondInput } from '../../../../src/core/formula/program';
import { DEFAULT_TRAIN_CONFIG } from '../../../../src/core/train/sgd';
import { createCpuBackend } from '../../../../src/core/backends/cpu';
import { assertClose, ort } from '../backends/ort-helpers';
import { planeData } from '../onnx/mlp-compare';

function compile2(text: string) {
  const result = compileFormula(text, { inputs: 2 });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('formulas of two inputs', () => {
  it('compiles x1 and x2 as inputs only when asked for two inputs', () => {
    const program = compile2('a*x1**2 + b*x2 + c');
    assert.deepEqual(
      program.params.map((p) => p.name),
      ['a', 'b', 'c'],
    );
    assert.equal(program.inputs, 2);
    assert.ok(readsSecondInput(program));
    const one = compileFormula('a*x1 + x');
    assert.ok(one.ok && one.value.params.map((p) => p.name).join() === 'a,x1' && !readsSecondInput(one.value));
    const plainX = compileFormula('a*x + b', { inputs: 2 });
    assert.ok(!plainX.ok && /x1 or x2/.test(plainX.error.message));
  });

  it('evaluates pointwise with both inputs, and refuses one', () => {
    const program = compile2('x1 * 10 + x2');
    assert.deepEqual(Array.from(evaluatePointwise(program, [], [1, 2], (v) => v, [3, 4])), [13, 24]);
    assert.throws(() => evaluatePointwise(program, [], [1, 2]), /needs both inputs/);
    assert.deepEqual(Array.from(float32Function2('x1 / 3 + x2')(Float64Array.of(1), Float64Array.of(0))), [Math.fround(1 / 3)]);
    assert.throws(() => float32Function2('a*x1'), /may only use x1 and x2/);
  });

  it('gives the tape evaluator the right gradient (central differences), MAE and MSE', () => {
    const program = compile2('a*sin(x1) + b*x2**2 + relu(c*x1*x2)');
    const x = Float64Array.of(-1.5, -0.3, 0.2, 0.9, 1.7);
    const x2 = Float64Array.of(0.4, -1.1, 0.6, -0.2, 1.3);
    const y = Float64Array.of(1, -1, 0.5, 2, 0);
    const evaluator = createEvaluator(program, x, { x2 });
    const params = Float64Array.of(0.7, -0.4, 1.3);
    for (const loss of ['mae', 'mse'] as const) {
      const grad = new Float64Array(3);
      evaluator.lossAndGrad(params, y, loss, grad);
      for (let i = 0; i < 3; i++) {
        const up = Float64Array.from(params);
        const down = Float64Array.from(params);
        up[i] += 1e-6;
        down[i] -= 1e-6;
        const numeric = (evaluator.loss(up, y, loss) - evaluator.loss(down, y, loss)) / 2e-6;
        assert.ok(Math.abs(numeric - grad[i]) < 1e-6, `${loss} ${i}: ${grad[i]} vs ${numeric}`);
      }
    }
    const pred = evaluator.predict(params);
    assert.deepEqual(Array.from(pred), Array.from(evaluatePointwise(program, params, x, (v) => v, x2)));
    assert.throws(() => createEvaluator(program, x), /needs data with both inputs/);
  });

  it('generates data on a plane, reproducibly, and refuses a bad x2 range', () => {
    const fn = '3*x1**2 + 2*x2 + 1';
    const settings = { fn, n: 30, min: -2, max: 2, min2: 0, max2: 5, mult: 0, add: 0, seed: 1 };
    const data = generatePlaneData(settings, float32Function2(fn));
    assert.ok(data.x2!.every((v) => v >= 0 && v < 5));
    data.y.forEach((v, i) => assert.equal(v, float32Function2(fn)(data.x.subarray(i, i + 1), data.x2!.subarray(i, i + 1))[0]));
    assert.deepEqual(generatePlaneData(settings, float32Function2(fn)), data);
    assert.throws(() => generatePlaneData({ ...settings, min2: 3, max2: 1 }, float32Function2(fn)), /x2 range: min must be less than max/);
  });

  it('reads x1, x2, y columns from a CSV and skips a row whose x2 is not a number, saying so', () => {
    const parsed = parseCsv('x2,y,x1\n1,2,3\n4,5,6\n');
    assert.ok(parsed.ok);
    assert.deepEqual(
      [Array.from(parsed.value.data.x), Array.from(parsed.value.data.x2!), Array.from(parsed.value.data.y)],
      [
        [3, 6],
        [1, 4],
        [2, 5],
      ],
    );
    assert.equal(parsed.value.columns.x2?.name, 'x2');
    const again = parseCsv(toCsv(parsed.value.data));
    assert.ok(again.ok);
    assert.deepEqual(again.value.data, parsed.value.data);
    const bad = parseCsv('x1,x2,y\n1,2,3\n4,oops,5\n6,7,8\n');
    assert.ok(bad.ok);
    assert.deepEqual(Array.from(bad.value.data.x2!), [2, 7]);
    assert.match(bad.value.skipped, /x2/);
    assert.match(bad.value.skipped, /oops/);
    const plain = parseCsv('x,y\n1,2\n3,4\n');
    assert.ok(plain.ok && plain.value.data.x2 === undefined);
  });

  for (const formula of ['a*x1**2 + b*x2 + c', 'sum(relu(m*x1 + b*x2 + c))', 'a*x1 + b']) {
    it(`trains on wasm as on cpu, to float32 rounding: ${formula}`, async function () {
      this.timeout(60_000);
      const compiled = compileFormula(formula, { inputs: 2, vectors: formula.includes('sum') ? { m: 5, b: 5, c: 5 } : {} });
      assert.ok(compiled.ok);
      const program = compiled.value;
      const data = planeData(40);
      const init = Float64Array.from({ length: program.paramCount }, (_, i) => 0.5 + 0.3 * Math.sin(i));
      const problem = { program, data, init, config: { ...DEFAULT_TRAIN_CONFIG, lr: 0.01 } };
      const [wasm, cpu] = [await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 4 }), await createCpuBackend(problem)];
      const [a, b] = [await wasm.run(12), await cpu.run(12)];
      assertClose(a.losses, b.losses, 1e-4, 'losses');
      assertClose(a.params, b.params, 1e-4, 'parameters');
      wasm.dispose();
      await assert.rejects(
        createOrtBackend(ort, 'wasm', { ...problem, data: { x: data.x, y: data.y } }),
        /takes 2 input\(s\) but the data has 1/,
      );
    });
  }
});
