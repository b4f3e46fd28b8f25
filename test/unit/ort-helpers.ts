// Shared by the onnx/ort/auto tests: onnxruntime-web's Node build, the lesson's data, random
// formulas, and a closeness check with an honest float32 tolerance.
import { generateData, GeneratorSettings, NOTEBOOK_SETTINGS, Dataset } from '../../src/core/data';
import { float32Function } from '../../src/core/formula/pointwise';
import { RandomState } from '../../src/core/rng';
import type { Ort } from '../../src/core/onnx/ort-types';
import { createEvaluator, LossName } from '../../src/core/autodiff';
import { Program } from '../../src/core/formula/program';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ort: Ort = require('onnxruntime-web');
// One thread, as in a webview (not cross-origin isolated); also keeps the tests deterministic.
ort.env.wasm.numThreads = 1;

export function notebookData(n = NOTEBOOK_SETTINGS.n): Dataset {
  const settings: GeneratorSettings = { ...NOTEBOOK_SETTINGS, n };
  return generateData(settings, float32Function(settings.fn));
}

/**
 * Largest error of `actual` against `expected`, relative to max(|expected_i|, floor): float32 kernels
 * round every intermediate to 24 bits, so a component that is the difference of large terms carries
 * an absolute error of order 1e-7 of those terms, not of itself. `floor` is that scale (the norm of
 * the vector it came from), so a near-zero gradient component is judged against its siblings.
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

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string, floor = maxAbs(expected)): void {
  const error = worstRelativeError(actual, expected, floor);
  if (!(error <= rtol)) {
    const show = (v: ArrayLike<number>): string => Array.from(v).slice(0, 8).map((x) => x.toPrecision(8)).join(', ');
    throw new Error(`${what}: relative error ${error.toExponential(2)} > ${rtol}\n  actual   [${show(actual)}${actual.length > 8 ? ', …' : ''}]\n  expected [${show(expected)}${expected.length > 8 ? ', …' : ''}]`);
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

// ---- random formulas ------------------------------------------------------------------------

const LEAVES = ['x', 'a', 'b', 'c', 'x', 'a', 'b'];
const CONSTANTS = ['0.5', '1.5', '2', '0.25', '3'];

/** Wrappers that keep values finite and away from the ops' poles for any finite argument. */
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

function randomExpression(rng: RandomState, depth: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.randomDouble() * list.length)];
  if (depth === 0 || rng.randomDouble() < 0.2) return rng.randomDouble() < 0.15 ? pick(CONSTANTS) : pick(LEAVES);
  if (rng.randomDouble() < 0.45) return pick(UNARY)(randomExpression(rng, depth - 1));
  return pick(BINARY)(randomExpression(rng, depth - 1), randomExpression(rng, depth - 1));
}

/** A random formula of x and parameters a, b, c that uses at least one parameter. */
export function randomFormula(rng: RandomState, depth = 4): string {
  for (;;) {
    const formula = randomExpression(rng, depth);
    if (/\b[abc]\b/.test(formula) && formula.includes('x')) return formula;
  }
}
