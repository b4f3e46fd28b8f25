// The ONNX training graph (forward, our reverse-mode gradient, K unrolled SGD updates) run by
// onnxruntime-web's wasm build, against the float64 TypeScript engine on the same problem.
//
// Tolerance: relative 1e-4, per component, measured against max(|expected component|, largest
// |component| of the same vector, and for gradients the size of the per-point terms they are summed
// from). float32 rounds every intermediate (2^-24 ≈ 6e-8), and a gradient component is a sum over
// points whose terms can cancel, so its absolute error scales with those terms, not with itself. Observed errors are 1e-8 to 1e-5 (the larger ones with 1000 points
// and 64 units), so a wrong derivative, a dropped broadcast sum or a misplaced subgradient (all
// O(1) relative) cannot pass. K = 10 updates keep the float32/float64 drift well inside the bound.
import * as assert from 'node:assert/strict';
import { createCpuBackend } from '../../src/core/backends/cpu';
import { createOrtBackend } from '../../src/core/backends/ort';
import { Problem } from '../../src/core/backends/backend';
import { Dataset } from '../../src/core/data';
import { customModel, ModelSetup, presetModel, PRESETS, sumOfRelus } from '../../src/core/models';
import { RandomState } from '../../src/core/rng';
import { DEFAULT_TRAIN_CONFIG, TrainConfig } from '../../src/core/train';
import { assertClose, gradientTermScale, maxAbs, notebookData, ort, randomFormula } from './ort-helpers';

const RTOL = 1e-4;
const K = 10;

async function expectSameTraining(model: ModelSetup, data: Dataset, config: TrainConfig, label: string, steps = K): Promise<void> {
  const problem: Problem = { program: model.program, data, init: model.init, config };
  const wasm = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: steps });
  const cpu = await createCpuBackend(problem);
  try {
    const scale = (params: Float64Array): number => gradientTermScale(model.program, data, params, config.loss);
    const [start, expectedStart] = [await wasm.inspect(), await cpu.inspect()];
    assertClose([start.loss], [expectedStart.loss], RTOL, `${label}: loss at the start`);
    assertClose(start.grad, expectedStart.grad, RTOL, `${label}: gradient at the start`, Math.max(maxAbs(expectedStart.grad), scale(expectedStart.params)));
    const [run, expectedRun] = [await wasm.run(steps), await cpu.run(steps)];
    assert.equal(expectedRun.diverged, undefined, `${label}: the reference diverged; pick a tamer case`);
    assert.equal(run.diverged, undefined, `${label}: ${run.diverged?.reason}`);
    assert.equal(run.step, expectedRun.step);
    assertClose(run.losses, expectedRun.losses, RTOL, `${label}: losses of ${steps} steps`);
    assertClose(run.params, expectedRun.params, RTOL, `${label}: parameters after ${steps} steps`);
    const [end, expectedEnd] = [await wasm.inspect(), await cpu.inspect()];
    assert.equal(end.step, expectedEnd.step);
    assertClose([end.loss], [expectedEnd.loss], RTOL, `${label}: loss after ${steps} steps`);
    const endScale = Math.max(maxAbs(expectedEnd.grad), scale(expectedEnd.params));
    assertClose(end.grad, expectedEnd.grad, RTOL, `${label}: gradient after ${steps} steps`, endScale);
    assertClose(end.direction, expectedEnd.direction, RTOL, `${label}: direction after ${steps} steps`, Math.max(maxAbs(expectedEnd.direction), endScale));
    assert.equal(end.lr, expectedEnd.lr);
  } finally {
    wasm.dispose();
    cpu.dispose();
  }
}

const data = notebookData();
const plain: TrainConfig = { ...DEFAULT_TRAIN_CONFIG };
const notebookLoop: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, accumulateGrad: true };

describe('onnx: training graph on wasm equals the float64 engine', function () {
  this.timeout(120_000);

  for (const preset of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) {
    it(`preset ${preset}: MAE and MSE, plain and accumulated gradients, constant and decaying rates`, async () => {
      const model = presetModel(preset);
      await expectSameTraining(model, data, plain, `${preset} mae`);
      await expectSameTraining(model, data, notebookLoop, `${preset} mae accumulate`);
      await expectSameTraining(model, data, { ...plain, loss: 'mse', lr: 0.002, schedule: { kind: 'step', every: 3, gamma: 0.5 } }, `${preset} mse step decay`);
      await expectSameTraining(model, data, { ...notebookLoop, loss: 'mse', lr: 0.001, schedule: { kind: 'cosine', steps: 8, minLr: 0.0001 } }, `${preset} mse accumulate cosine`);
    });
  }

  for (const units of [1, 16, 256]) {
    it(`sum of ${units} ReLUs with vector parameters`, async () => {
      const model = sumOfRelus(units, 3);
      await expectSameTraining(model, data, plain, `${units} relus mae`);
      await expectSameTraining(model, data, { ...notebookLoop, loss: 'mse', schedule: { kind: 'exponential', gamma: 0.9 } }, `${units} relus mse accumulate`);
    });
  }

  it('sum of 64 ReLUs on 1000 points', async () => {
    await expectSameTraining(sumOfRelus(64, 5), notebookData(1000), notebookLoop, '64 relus, 1000 points');
  });

  it('vector formulas that broadcast every way (points × units, units × scalar)', async () => {
    const formulas = [
      'sum(a*x + m)', // the units axis summed into a per-point parameter term: U times its gradient
      'sum(tanh(m*x + b)) + c',
      'sum(m * sigmoid(x - b))',
      'sum(max(m*x, b))',
      'sum(relu(m*x + b) * a)',
      'a * sum(m) + x',
      'sum(np.clip(m*x + b, -1, 1)) / (1 + a**2)',
    ];
    for (const formula of formulas) {
      const model = customModel(formula, { a: 0.7, c: -0.3 }, { m: 5, b: 5 }, 0.4) as ModelSetup;
      assert.ok(!('error' in model), formula);
      model.init.forEach((_, i) => (model.init[i] += 0.1 * Math.sin(i)));
      await expectSameTraining(model, data, notebookLoop, formula);
    }
  });

  it('40 random formulas of x, a, b, c', async () => {
    const rng = new RandomState(2024);
    for (let i = 0; i < 40; i++) {
      const formula = randomFormula(rng);
      const model = customModel(formula, { a: 0.9, b: -0.6, c: 1.3 });
      assert.ok(!('error' in model), `${formula}: ${'error' in model ? model.error.message : ''}`);
      await expectSameTraining(model, data, { ...(i % 2 ? plain : notebookLoop), loss: i % 3 ? 'mae' : 'mse' }, `random #${i}: ${formula}`);
    }
  });

  it('subgradients at exact kinks: relu, clip, abs, max/min ties, clamp bounds, pow at 0, sign(0) in MAE', async () => {
    const xk = data.x[5]; // a float32 value, so m*x + b hits exactly 0 there in float32 and float64
    const cases: [string, Record<string, number>][] = [
      ['relu(m*x + b)', { m: 1, b: -xk }], // relu'(0) = 0
      ['torch.clip(m*x + b, 0.)', { m: 1, b: -xk }], // clamp: the gradient flows at the bound
      ['abs(m*x + b) + c', { m: 1, b: -xk, c: 1 }], // |0|' = 0
      ['max(a*x, b) + 2*x', { a: 1, b: xk }], // a tie splits the gradient in half
      ['min(a*x, b) + 3', { a: 1, b: xk }],
      ['max(a, b) * x + c', { a: 0.5, b: 0.5, c: 1 }], // a tie at every point
      ['np.clip(x, a, b) * c', { a: xk, b: data.x[14], c: 2 }], // the value keeps the gradient on either bound
      ['abs(x - c)**b + a', { c: xk, b: 2, a: 1 }], // base 0, exponent ≥ 0: no gradient to the exponent
      ['a**0 * x + b', { a: 0.5, b: 1 }], // exponent 0: no gradient to the base
      ['c', { c: data.y[7] }], // prediction == target at one point: sign(0) = 0 in MAE
    ];
    for (const [formula, start] of cases) {
      const model = customModel(formula, start) as ModelSetup;
      assert.ok(!('error' in model), formula);
      for (const loss of ['mae', 'mse'] as const) await expectSameTraining(model, data, { ...plain, loss }, `${formula} (${loss})`, 1);
    }
  });
});
