// Browser-safe test support shared by the Node (wasm) and Chromium (webgpu) suites: the lesson's
// data, random formulas, the training cases, and the comparison of a backend against the float64
// TypeScript engine with an honest float32 tolerance. No Node imports: it is bundled into the page.
import type { LossName } from '../../../../src/core/eval/loss';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { Problem, TrainingBackend } from '../../../../src/core/backends/backend';
import { createCpuBackend } from '../../../../src/core/backends/cpu';
import { Dataset, generateData, GeneratorSettings, NOTEBOOK_SETTINGS } from '../../../../src/core/data/generate';
import { float32Function } from '../../../../src/core/formula/pointwise';
import { Program } from '../../../../src/core/formula/program';
import { customModel, ModelSetup, presetModel, PRESETS, sumOfRelus } from '../../../../src/core/model/presets';
import { RandomState } from '../../../../src/core/data/rng';
import { DEFAULT_TRAIN_CONFIG, TrainConfig } from '../../../../src/core/train/sgd';

export function notebookData(n = NOTEBOOK_SETTINGS.n): Dataset {
  const settings: GeneratorSettings = { ...NOTEBOOK_SETTINGS, n };
  return generateData(settings, float32Function(settings.fn));
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/**
 * Largest error of `actual` against `expected`, relative to max(|expected_i|, floor): float32 kernels
 * round every intermediate to 24 bits, so a component that is the difference of large terms carries
 * an absolute error of order 1e-7 of those terms, not of itself. `floor` is that scale.
 */
export function worstRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor: number): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      if (Object.is(a, e)) continue;
      return Infinity;
    }
    worst = Math.max(worst, Math.abs(a - e) / Math.max(Math.abs(e), floor, Number.MIN_VALUE));
  }
  return worst;
}

export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  what: string,
  floor = maxAbs(expected),
): void {
  const error = worstRelativeError(actual, expected, floor);
  if (!(error <= rtol)) {
    const show = (v: ArrayLike<number>): string =>
      Array.from(v)
        .slice(0, 8)
        .map((x) => x.toPrecision(8))
        .join(', ');
    throw new Error(
      `${what}: relative error ${error.toExponential(2)} > ${rtol}\n` +
        `  actual   [${show(actual)}${actual.length > 8 ? ', …' : ''}]\n` +
        `  expected [${show(expected)}${expected.length > 8 ? ', …' : ''}]`,
    );
  }
}

/**
 * The size of the terms a gradient component is summed from: max over components of
 * Σ_i |∂ loss_i / ∂ θ_j| / n (per-point gradients from the float64 engine). float32 rounding of
 * that sum is relative to this, so it is the honest floor when the terms cancel to ~0.
 */
export function gradientTermScale(program: Program, data: Dataset, params: Float64Array, loss: LossName): number {
  const n = data.x.length;
  const total = new Float64Array(program.paramCount);
  const grad = new Float64Array(program.paramCount);
  for (let i = 0; i < n; i++) {
    createEvaluator(program, data.x.subarray(i, i + 1)).lossAndGrad(params, data.y.subarray(i, i + 1), loss, grad);
    for (let j = 0; j < grad.length; j++) total[j] += Math.abs(grad[j]) / n;
  }
  return maxAbs(total);
}

// ---- the cases ------------------------------------------------------------------------------

export interface TrainingCase {
  label: string;
  model: ModelSetup;
  data: Dataset;
  config: TrainConfig;
  /** Updates compared (and K, the updates per session call). */
  steps: number;
}

const plain: TrainConfig = { ...DEFAULT_TRAIN_CONFIG };
const notebookLoop: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, accumulateGrad: true };
const STEPS = 10;

export function custom(
  formula: string,
  start: Record<string, number> = {},
  vectors: Record<string, number> = {},
  fallback = 1,
): ModelSetup {
  const model = customModel(formula, start, vectors, fallback);
  if ('error' in model) throw new Error(`${formula}: ${model.error.message}`);
  return model;
}

/** Each preset with MAE and MSE, plain and accumulated gradients, constant and decaying rates. */
export function presetCases(data: Dataset): TrainingCase[] {
  return (Object.keys(PRESETS) as (keyof typeof PRESETS)[]).flatMap((preset) => {
    const model = presetModel(preset);
    return [
      { label: `${preset} mae`, model, data, config: plain, steps: STEPS },
      { label: `${preset} mae accumulate`, model, data, config: notebookLoop, steps: STEPS },
      {
        label: `${preset} mse step decay`,
        model,
        data,
        config: { ...plain, loss: 'mse' as const, lr: 0.002, schedule: { kind: 'step' as const, every: 3, gamma: 0.5 } },
        steps: STEPS,
      },
      {
        label: `${preset} mse accumulate cosine`,
        model,
        data,
        config: { ...notebookLoop, loss: 'mse' as const, lr: 0.001, schedule: { kind: 'cosine' as const, steps: 8, minLr: 0.0001 } },
        steps: STEPS,
      },
    ];
  });
}

export function reluCases(data: Dataset, units: number): TrainingCase[] {
  const model = sumOfRelus(units, 3);
  return [
    { label: `${units} relus mae`, model, data, config: plain, steps: STEPS },
    {
      label: `${units} relus mse accumulate`,
      model,
      data,
      config: { ...notebookLoop, loss: 'mse', schedule: { kind: 'exponential', gamma: 0.9 } },
      steps: STEPS,
    },
  ];
}

/** Vector formulas that broadcast every way (points × units, units × scalar). */
export function broadcastCases(data: Dataset): TrainingCase[] {
  const formulas = [
    'sum(a*x + m)', // the units axis summed into a per-point parameter term: U times its gradient
    'sum(tanh(m*x + b)) + c',
    'sum(m * sigmoid(x - b))',
    'sum(max(m*x, b))',
    'sum(relu(m*x + b) * a)',
    'a * sum(m) + x',
    'sum(np.clip(m*x + b, -1, 1)) / (1 + a**2)',
  ];
  return formulas.map((formula) => {
    const model = custom(formula, { a: 0.7, c: -0.3 }, { m: 5, b: 5 }, 0.4);
    model.init.forEach((_, i) => (model.init[i] += 0.1 * Math.sin(i)));
    return { label: formula, model, data, config: notebookLoop, steps: STEPS };
  });
}

// random formulas: wrappers that keep values finite and away from the ops' poles for any argument
const LEAVES = ['x', 'a', 'b', 'c', 'x', 'a', 'b'];
const CONSTANTS = ['0.5', '1.5', '2', '0.25', '3'];
const UNARY: ((e: string) => string)[] = [
  (e) => `sin(${e})`,
  (e) => `cos(${e})`,
  (e) => `tanh(${e})`,
  (e) => `sigmoid(${e})`,
  (e) => `abs(${e})`,
  (e) => `relu(${e})`,
  (e) => `-(${e})`,
  (e) => `exp(tanh(${e}))`,
  (e) => `log(2 + sin(${e}))`,
  (e) => `sqrt(1 + abs(${e}))`,
  (e) => `(${e})**2`,
  (e) => `np.clip(${e}, -1, 1)`,
  (e) => `torch.clip(${e}, 0.)`,
  (e) => `(1 + abs(${e}))**1.5`,
];
const BINARY: ((l: string, r: string) => string)[] = [
  (l, r) => `(${l} + ${r})`,
  (l, r) => `(${l} - ${r})`,
  (l, r) => `(${l} * ${r})`,
  (l, r) => `(${l} / (2 + cos(${r})))`,
  (l, r) => `max(${l}, ${r})`,
  (l, r) => `min(${l}, ${r})`,
  (l, r) => `(1.5 + sin(${l}))**tanh(${r})`,
];

/** A random expression of `leaves` (x and parameter names) up to `depth` ops deep. */
export function randomExpression(rng: RandomState, depth: number, leaves: readonly string[] = LEAVES): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.randomDouble() * list.length)];
  if (depth === 0 || rng.randomDouble() < 0.2) return rng.randomDouble() < 0.15 ? pick(CONSTANTS) : pick(leaves);
  if (rng.randomDouble() < 0.45) return pick(UNARY)(randomExpression(rng, depth - 1, leaves));
  return pick(BINARY)(randomExpression(rng, depth - 1, leaves), randomExpression(rng, depth - 1, leaves));
}

/** A random formula of x and parameters a, b, c that uses x and at least one parameter. */
export function randomFormula(rng: RandomState, depth = 4): string {
  for (;;) {
    const formula = randomExpression(rng, depth);
    if (/\b[abc]\b/.test(formula) && formula.includes('x')) return formula;
  }
}

export function randomCases(data: Dataset, count: number, seed = 2024): TrainingCase[] {
  const rng = new RandomState(seed);
  return Array.from({ length: count }, (_, i) => {
    const formula = randomFormula(rng);
    const config = { ...(i % 2 ? plain : notebookLoop), loss: i % 3 ? ('mae' as const) : ('mse' as const) };
    return { label: `random #${i}: ${formula}`, model: custom(formula, { a: 0.9, b: -0.6, c: 1.3 }), data, config, steps: STEPS };
  });
}

/** Exact kinks and ties, one update each, MAE and MSE: the subgradient conventions. */
export function kinkCases(data: Dataset): TrainingCase[] {
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
  return cases.flatMap(([formula, start]) =>
    (['mae', 'mse'] as const).map((loss) => ({
      label: `${formula} (${loss})`,
      model: custom(formula, start),
      data,
      config: { ...plain, loss },
      steps: 1,
    })),
  );
}

// ---- the comparison -------------------------------------------------------------------------

/** float32 rounding, for runtimes whose math functions are correctly rounded or close (wasm). */
export const RTOL = 1e-4;

/**
 * Loss and gradient at the start, the losses and parameters of `steps` updates, then loss, gradient
 * and direction again: `ours` (made with K = steps) against the float64 cpu backend.
 */
export async function expectSameTraining(
  create: (problem: Problem, stepsPerRun: number) => Promise<TrainingBackend>,
  c: TrainingCase,
  rtol = RTOL,
): Promise<void> {
  const { model, data, config, steps, label } = c;
  const problem: Problem = { program: model.program, data, init: model.init, config };
  const ours = await create(problem, steps);
  const cpu = await createCpuBackend(problem);
  const scale = (params: Float64Array): number => gradientTermScale(model.program, data, params, config.loss);
  try {
    const [start, expectedStart] = [await ours.currentStep(), await cpu.currentStep()];
    assertClose([start.loss], [expectedStart.loss], rtol, `${label}: loss at the start`);
    assertClose(
      start.grad,
      expectedStart.grad,
      rtol,
      `${label}: gradient at the start`,
      Math.max(maxAbs(expectedStart.grad), scale(expectedStart.params)),
    );
    const [run, expectedRun] = [await ours.run(steps), await cpu.run(steps)];
    check(!expectedRun.diverged, `${label}: the reference diverged; pick a tamer case`);
    check(!run.diverged, `${label}: ${run.diverged?.reason}`);
    check(run.step === expectedRun.step, `${label}: step ${run.step} ≠ ${expectedRun.step}`);
    assertClose(run.losses, expectedRun.losses, rtol, `${label}: losses of ${steps} steps`);
    assertClose(run.params, expectedRun.params, rtol, `${label}: parameters after ${steps} steps`);
    const [end, expectedEnd] = [await ours.currentStep(), await cpu.currentStep()];
    check(end.step === expectedEnd.step, `${label}: inspected step`);
    const endScale = Math.max(maxAbs(expectedEnd.grad), scale(expectedEnd.params));
    assertClose([end.loss], [expectedEnd.loss], rtol, `${label}: loss after ${steps} steps`);
    assertClose(end.grad, expectedEnd.grad, rtol, `${label}: gradient after ${steps} steps`, endScale);
    assertClose(
      end.direction,
      expectedEnd.direction,
      rtol,
      `${label}: direction after ${steps} steps`,
      Math.max(maxAbs(expectedEnd.direction), endScale),
    );
    check(end.lr === expectedEnd.lr, `${label}: learning rate ${end.lr} ≠ ${expectedEnd.lr}`);
  } finally {
    ours.dispose();
    cpu.dispose();
  }
}
