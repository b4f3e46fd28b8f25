// The page's evaluation of a formula on a large data set made in steps (prepareEvaluation: the
// WebAssembly kernel compiled in the background, its per-point values filled a block at a time,
// pausing between blocks) equals the one made at once; and the backend's problem borrows the
// page's evaluator only when it was made for the same model and the same data.
import * as assert from 'assert';
import { generateData, NOTEBOOK_SETTINGS } from '../../../src/core/data/generate';
import { STATIC_BLOCK_POINTS } from '../../../src/core/eval/static-points';
import { WasmEvaluator } from '../../../src/core/eval/wasm/wasm-evaluator';
import { float32Function } from '../../../src/core/formula/pointwise';
import { compileOrThrow } from '../../../src/core/model/presets';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/core/train/sgd';
import { ModelEvaluation, prepareEvaluation } from '../../../webview/app/evaluation';
import type { BuiltModel } from '../../../webview/app/model';
import { trainingProblem } from '../../../webview/layers/network-evaluation';

const settings = { ...NOTEBOOK_SETTINGS, n: STATIC_BLOCK_POINTS + 4321 };
const data = generateData(settings, float32Function(settings.fn));

describe('the evaluation prepared in steps', function () {
  this.timeout(30_000);
  const program = compileOrThrow('a*sin(x)*x**2 + b*exp(-x**2) + c');
  const params = Float64Array.from([1.3, -0.4, 0.2]);

  it('pauses after each block and gives what the evaluation made at once gives', async () => {
    let pauses = 0;
    const prepared = await prepareEvaluation(program, data, async () => void pauses++);
    assert.strictEqual(pauses, 2 + 2, 'after each block, after the first loss and after the grid');
    assert.ok(prepared.evaluator instanceof WasmEvaluator);
    const atOnce = new ModelEvaluation(program, data);
    for (const loss of ['mae', 'mse'] as const) {
      const a = prepared.lossAndGrad(params, loss);
      const aGrad = Array.from(a.grad);
      const b = atOnce.lossAndGrad(params, loss);
      assert.deepStrictEqual([a.loss, aGrad], [b.loss, Array.from(b.grad)], loss);
    }
    assert.deepStrictEqual(Array.from(prepared.curveAt(params)), Array.from(atOnce.curveAt(params)));
  });

  it("lends its evaluator to the backend's problem for the same model and data only", () => {
    const evaluation = new ModelEvaluation(program, data);
    const model: BuiltModel = { program, network: null, names: ['a', 'b', 'c'] };
    const init = Float64Array.from([1, 1, 1]);
    const lent = trainingProblem(model, data, init, DEFAULT_TRAIN_CONFIG, evaluation);
    assert.ok('program' in lent && lent.evaluator === evaluation.evaluator);
    const otherData = { x: data.x.slice(0, 100), y: data.y.slice(0, 100) };
    const other = trainingProblem(model, otherData, init, DEFAULT_TRAIN_CONFIG, evaluation);
    assert.ok('program' in other && other.evaluator === undefined, 'other data: the backend makes its own');
    const otherModel: BuiltModel = { ...model, program: compileOrThrow('a*x**2 + b*x + c') };
    const mismatch = trainingProblem(otherModel, data, init, DEFAULT_TRAIN_CONFIG, evaluation);
    assert.ok('program' in mismatch && mismatch.evaluator === undefined, 'another formula: the backend makes its own');
  });
});
