// The loss along one parameter over its slider range, the others held: the curve a learner walks
// when they move one slider. Along a parameter the output is affine in (linearity.ts) the slice is
// exact: MAE is piecewise linear with a kink wherever a residual changes sign, and every kink in
// range is a sample; MSE is a parabola. Otherwise the loss is sampled densely with the evaluator.
import type { LossName } from '../eval/loss';
import type { ModelEvaluator } from '../eval/evaluator';

export interface LossSlice {
  /** Parameter values, increasing, including the range's ends and the current value. */
  t: Float64Array;
  loss: Float64Array;
  /** True when the values come from the exact piecewise form (every MAE kink included). */
  exact: boolean;
  /** Where a residual changes sign, inside the range (MAE along an affine parameter); empty when there are too many to sample. */
  kinks: Float64Array;
  /** How many kinks lie inside the range. */
  kinkCount: number;
}

export interface SliceOptions {
  /** Evenly spaced samples over the range (default 241). */
  samples?: number;
  /** When there are more kinks than this (or than a budget of ~4 million terms allows), none is added as a sample: they are then closer than a pixel anyway. */
  maxKinks?: number;
  /** Whether the output is affine in this parameter (affineFlatParams). */
  affine: boolean;
  /** What one point costs to evaluate, relative to a plain formula (N ReLUs: the number of units). */
  costPerPoint?: number;
}

export interface SliceInputs {
  evaluator: ModelEvaluator;
  y: Float64Array;
  loss: LossName;
  params: Float64Array;
  index: number;
  range: [number, number];
}

function evenSamples(range: [number, number], count: number, extra: number[]): number[] {
  const [lo, hi] = range;
  const values = Array.from({ length: count }, (_, i) => (i === count - 1 ? hi : lo + ((hi - lo) * i) / (count - 1)));
  return values.concat(extra.filter((v) => Number.isFinite(v) && v >= lo && v <= hi));
}

function sortedUnique(values: number[]): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.slice(0, n);
}

export function lossSlice(inputs: SliceInputs, options: SliceOptions): LossSlice {
  const { evaluator, params, index, range } = inputs;
  const t0 = params[index];
  const samples = Math.max(3, options.samples ?? 241);
  if (options.affine) {
    // Each exact sample costs one pass over the points: keep the total near 4 million terms.
    const n = Math.max(1, evaluator.pointCount);
    const even = Math.max(81, Math.min(samples, Math.floor(4e6 / n)));
    const kinkBudget = Math.max(0, Math.min(options.maxKinks ?? 2000, Math.floor(4e6 / n) - even));
    const exact = affineSlice(inputs, even, kinkBudget);
    if (exact) return exact;
  }
  const n = evaluator.pointCount * Math.max(1, options.costPerPoint ?? 1);
  // Fewer samples on large data sets (or large models), so a slice costs about the same whatever the size.
  const count = Math.max(41, Math.min(samples, Math.round(4e6 / Math.max(1, n))));
  const t = sortedUnique(evenSamples(range, count, [t0]));
  const probe = Float64Array.from(params);
  const loss = t.map((v) => {
    probe[index] = v;
    return evaluator.loss(probe, inputs.y, inputs.loss);
  });
  return { t, loss, exact: false, kinks: new Float64Array(0), kinkCount: 0 };
}

/** The exact slice along an affine parameter; null if the predictions turn out not to move on lines. */
function affineSlice(inputs: SliceInputs, samples: number, maxKinks: number): LossSlice | null {
  const { evaluator, params, index, range, y } = inputs;
  const t0 = params[index];
  const n = y.length;
  const base = evaluator.predict(params);
  const probe = Float64Array.from(params);
  probe[index] = t0 + 1;
  const moved = evaluator.predict(probe);
  // r_k(t) = r0_k + s_k (t − t0): residual now and its slope along the parameter.
  const r0 = new Float64Array(n);
  const s = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    r0[k] = base[k] - y[k];
    s[k] = moved[k] - base[k];
    if (!Number.isFinite(r0[k]) || !Number.isFinite(s[k])) return null;
  }
  const lossAt = inputs.loss === 'mae' ? maeForm(r0, s, t0) : mseForm(r0, s, t0);
  const [lo, hi] = range;
  const kinkList: number[] = [];
  let kinkCount = 0;
  if (inputs.loss === 'mae') {
    for (let k = 0; k < n; k++) {
      if (s[k] === 0) continue;
      const z = t0 - r0[k] / s[k];
      if (z > lo && z < hi && ++kinkCount <= maxKinks) kinkList.push(z);
    }
  }
  // Too many to sample (closer than a pixel): they are counted, not listed.
  const kinks = kinkCount <= maxKinks ? sortedUnique(kinkList) : new Float64Array(0);
  const included = Array.from(kinks);
  const t = sortedUnique(evenSamples(range, samples, [t0, ...included]));
  return { t, loss: t.map(lossAt), exact: true, kinks, kinkCount };
}

/** MAE(t) = (1/n) Σ |r0_k + s_k (t − t0)|, straight from the residuals and their slopes (no evaluator). */
function maeForm(r0: Float64Array, s: Float64Array, t0: number): (t: number) => number {
  const n = r0.length;
  return (t) => {
    const d = t - t0;
    let total = 0;
    for (let k = 0; k < n; k++) total += Math.abs(r0[k] + s[k] * d);
    return total / n;
  };
}

/** MSE(t) = A Δ² + B Δ + C with Δ = t − t0. */
function mseForm(r0: Float64Array, s: Float64Array, t0: number): (t: number) => number {
  const n = r0.length;
  let A = 0;
  let B = 0;
  let C = 0;
  for (let k = 0; k < n; k++) {
    A += s[k] * s[k];
    B += 2 * r0[k] * s[k];
    C += r0[k] * r0[k];
  }
  return (t) => {
    const d = t - t0;
    return (A * d * d + B * d + C) / n;
  };
}

/** The tangent at the current value: its two ends over ±`halfWidth`, slope = the gradient. */
export function tangentLine(t0: number, loss: number, grad: number, halfWidth: number): { t: [number, number]; loss: [number, number] } {
  return {
    t: [t0 - halfWidth, t0 + halfWidth],
    loss: [loss - grad * halfWidth, loss + grad * halfWidth],
  };
}
