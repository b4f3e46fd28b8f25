// Browser-safe: the WebAssembly kernel against the tape on the same training case, in Node
// (wasm.test.ts) and in Chromium under the panel's CSP (test/browser/wasm-kernel.test.ts): the
// loss and gradient at the start, the losses and parameters of 10 fused updates, then the loss,
// gradient and direction again, equal to 1e-12 relative (against the largest component of the
// same vector: a component that is a sum of cancelling terms keeps an absolute error of order
// 1e-16 of those terms, whatever the kernel).
import type { Dataset } from '../../../../src/core/data/generate';
import { generatePlaneData } from '../../../../src/core/data/generate-plane';
import { float32Function2 } from '../../../../src/core/formula/pointwise';
import { RandomState } from '../../../../src/core/data/rng';
import type { ModelEvaluator } from '../../../../src/core/eval/evaluator';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { customModel, presetModel, sumOfRelus } from '../../../../src/core/model/presets';
import { DEFAULT_TRAIN_CONFIG, Trainer } from '../../../../src/core/train/sgd';
import { assertClose, broadcastCases, check, custom, maxAbs, randomExpression, reluCases, TrainingCase } from '../onnx/onnx-compare';

export const WASM_RTOL = 1e-12;
export const WASM_STEPS = 10;

const VECTOR_LEAVES = ['x', 'm', 'w', 'a', 'x', 'm', 'w'];
/** Where a random sum of units sits in the formula: alone, beside scalar terms, inside a function, times or inside another sum. */
const AROUND_SUM: ((sum: string) => string)[] = [
  (s) => s,
  (s) => `${s} + b*x + c`,
  (s) => `tanh(${s}) * c + a`,
  (s) => `${s} * (1 + 0.5*sum(w*relu(m*x + b)))`,
  (s) => `sum(w*tanh(m*(x - ${s}/8) + b))`,
  (s) => `(${s})**2 / (1 + a**2) + sum(m*w)`,
];

/**
 * `count` random formulas with vector parameters m and w (2–7 units each) inside sum(...), next
 * to scalar a, b, c, with the units started apart; MAE and MSE, plain and accumulated.
 */
export function randomVectorCases(data: Dataset, count: number, seed: number): TrainingCase[] {
  const rng = new RandomState(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.randomDouble() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    let terms = '';
    while (!/\b[mw]\b/.test(terms) || !terms.includes('x')) terms = randomExpression(rng, 3, VECTOR_LEAVES);
    const formula = pick(AROUND_SUM)(`sum(${terms})`);
    const units = 2 + Math.floor(rng.randomDouble() * 6);
    const model = custom(formula, { a: 0.9, b: -0.6, c: 1.3 }, { m: units, w: units }, 0.4);
    model.init.forEach((_, k) => (model.init[k] += 0.3 * Math.sin(1 + 2 * k)));
    const config = { ...DEFAULT_TRAIN_CONFIG, accumulateGrad: i % 2 === 0, loss: i % 3 ? ('mae' as const) : ('mse' as const) };
    return { label: `random vector #${i} (${units} units): ${formula}`, model, data, config, steps: WASM_STEPS };
  });
}

/** The N-unit presets and fixed vector formulas: the lesson's ReLU sums (also run by the fast path), N weighted ReLUs, and sums that broadcast every way. */
export function vectorPresetCases(data: Dataset): TrainingCase[] {
  const weighted = presetModel('nRelus');
  const tanhUnits = custom('sum(w*tanh(m*x + b)) + c', { c: 0.5 }, { w: 8, m: 8, b: 8 }, 0.5);
  tanhUnits.init.forEach((_, k) => (tanhUnits.init[k] += 0.4 * Math.sin(3 * k)));
  const accumulate = { ...DEFAULT_TRAIN_CONFIG, accumulateGrad: true };
  const mse = { ...DEFAULT_TRAIN_CONFIG, loss: 'mse' as const, lr: 0.002 };
  return [
    ...reluCases(data, 8),
    ...reluCases(data, 64),
    { label: 'sum of 4 relus, plain', model: sumOfRelus(4, 9), data, config: mse, steps: WASM_STEPS },
    { label: `${weighted.label} mae`, model: weighted, data, config: DEFAULT_TRAIN_CONFIG, steps: WASM_STEPS },
    { label: `${weighted.label} mse`, model: weighted, data, config: mse, steps: WASM_STEPS },
    { label: 'sum(w*tanh(m*x + b)) + c, accumulated', model: tanhUnits, data, config: accumulate, steps: WASM_STEPS },
    { label: 'sum(w*tanh(m*x + b)) + c, mse', model: tanhUnits, data, config: mse, steps: WASM_STEPS },
    ...broadcastCases(data),
    ...vectorKinkCases(data),
  ];
}

/** Units exactly on their kink at a data point (relu'(0) = 0), with a zero slope, and max/min ties along the units. */
function vectorKinkCases(data: Dataset): TrainingCase[] {
  const xk = data.x[5];
  const start = (formula: string, values: Record<string, number[]>): TrainingCase['model'] => {
    const model = custom(formula, {}, Object.fromEntries(Object.entries(values).map(([name, v]) => [name, v.length])), 0.5);
    for (const p of model.program.params) if (values[p.name]) model.init.set(values[p.name], p.offset);
    return model;
  };
  const cases: TrainingCase['model'][] = [
    start('sum(w*relu(m*x + b)) + c', { w: [1, 0.5, -1], m: [1, 0, 2], b: [-xk, 0.3, -2 * xk] }),
    start('sum(max(m*x, b)) + c', { m: [1, 0.5], b: [xk, 0.5 * xk] }),
    start('sum(np.clip(m*x + b, 0, 1) * w)', { m: [1, -1], b: [-xk, xk], w: [0.7, 1.3] }),
  ];
  return cases.flatMap((model) =>
    (['mae', 'mse'] as const).map((loss) => ({
      label: `${model.formula} at a kink (${loss})`,
      model,
      data,
      config: { ...DEFAULT_TRAIN_CONFIG, loss },
      steps: 1,
    })),
  );
}

export function expectKernelMatchesTape(c: TrainingCase, kernel: ModelEvaluator): void {
  const { model, data, config, label } = c;
  const tape = new Trainer(model.program, data, model.init, config, new TapeEvaluator(model.program, data.x, data.x2));
  const ours = new Trainer(model.program, data, model.init, config, kernel);
  const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) =>
    assertClose(a, b, WASM_RTOL, `${label}: ${what}`, Math.max(maxAbs(b), Number.MIN_VALUE));
  const [start, expectedStart] = [ours.currentStep(), tape.currentStep()];
  close([start.loss], [expectedStart.loss], 'loss at the start');
  close(start.grad, expectedStart.grad, 'gradient at the start');
  const losses = new Float64Array(WASM_STEPS);
  const expectedLosses = new Float64Array(WASM_STEPS);
  const run = ours.run(WASM_STEPS, undefined, losses);
  const expectedRun = tape.run(WASM_STEPS, undefined, expectedLosses);
  check(run.steps === expectedRun.steps, `${label}: ${run.steps} steps ≠ ${expectedRun.steps}`);
  check(!run.diverged === !expectedRun.diverged, `${label}: divergence ${run.diverged?.reason} vs ${expectedRun.diverged?.reason}`);
  if (run.diverged) check(run.diverged.reason === expectedRun.diverged!.reason, `${label}: ${run.diverged.reason}`);
  close(losses.subarray(0, run.steps), expectedLosses.subarray(0, run.steps), `losses of ${WASM_STEPS} steps`);
  close(ours.params, tape.params, `parameters after ${WASM_STEPS} steps`);
  const [end, expectedEnd] = [ours.currentStep(), tape.currentStep()];
  close([end.loss], [expectedEnd.loss], 'loss at the end');
  close(end.grad, expectedEnd.grad, 'gradient at the end');
  close(end.direction, expectedEnd.direction, 'direction at the end');
}

/** Formulas of x1 and x2 (scalar and vector parameters) on 60 points of the plane, MAE and MSE. */
export function twoInputCases(): TrainingCase[] {
  const fn = '3*x1**2 + 2*x2 + 1';
  const data = generatePlaneData({ fn, n: 60, min: -2, max: 2, min2: -2, max2: 2, mult: 0.15, add: 0.5, seed: 42 }, float32Function2(fn));
  const formulas: [string, Record<string, number>][] = [
    ['a*x1**2 + b*x2 + c', {}],
    ['relu(a*x1 - b*x2) + c*x1*x2', {}],
    ['sum(w*tanh(m*x1 + u*x2 + b)) + c', { w: 6, m: 6, u: 6, b: 6 }],
    ['sum(w*relu(m*x1 + b)) + a*x2', { w: 4, m: 4, b: 4 }],
  ];
  return formulas.flatMap(([formula, vectors]) => {
    const model = customModel(formula, { a: 0.9, b: -0.6, c: 1.3 }, vectors, 0.4, 2);
    if ('error' in model) throw new Error(`${formula}: ${model.error.message}`);
    model.init.forEach((_, k) => (model.init[k] += 0.3 * Math.sin(1 + 2 * k)));
    return (['mae', 'mse'] as const).map((loss) => ({
      label: `${formula} (${loss}, x1 and x2)`,
      model,
      data,
      config: { ...DEFAULT_TRAIN_CONFIG, loss, lr: 0.002, accumulateGrad: loss === 'mae' },
      steps: WASM_STEPS,
    }));
  });
}
