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
  /** Where a residual changes sign, inside the range (MAE along an affine parameter). */
  kinks: Float64Array;
}

export interface SliceOptions {
  /** Evenly spaced samples over the range (default 241). */
  samples?: number;
  /** Kinks beyond this many are left out (they are then closer than a pixel anyway). */
  maxKinks?: number;
  /** Whether the output is affine in this parameter (affineFlatParams). */
  affine: boolean;
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
    const exact = affineSlice(inputs, samples, options.maxKinks ?? 2000);
    if (exact) return exact;
  }
  const n = evaluator.pointCount;
  // Fewer samples on large data sets, so a slice costs about the same whatever the size.
  const count = Math.max(41, Math.min(samples, Math.round(4e6 / Math.max(1, n))));
  const t = sortedUnique(evenSamples(range, count, [t0]));
  const probe = Float64Array.from(params);
  const loss = t.map((v) => {
    probe[index] = v;
    return evaluator.loss(probe, inputs.y, inputs.loss);
  });
  return { t, loss, exact: false, kinks: new Float64Array(0) };
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
  if (inputs.loss === 'mae') {
    for (let k = 0; k < n; k++) {
      if (s[k] === 0) continue;
      const z = t0 - r0[k] / s[k];
      if (z > lo && z < hi) kinkList.push(z);
    }
  }
  const kinks = sortedUnique(kinkList);
  const included = kinks.length <= maxKinks ? Array.from(kinks) : [];
  const t = sortedUnique(evenSamples(range, samples, [t0, ...included]));
  return { t, loss: t.map(lossAt), exact: true, kinks };
}

/**
 * MAE(t) = (1/n) Σ |r0_k + s_k (t − t0)| = (1/n) [Σ_{s=0} |r0_k| + Σ |s_k| · |t − z_k|] with the
 * kinks z_k = t0 − r0_k / s_k: sorted once, then each t costs a binary search.
 */
function maeForm(r0: Float64Array, s: Float64Array, t0: number): (t: number) => number {
  const n = r0.length;
  let flat = 0;
  const entries: { z: number; w: number }[] = [];
  for (let k = 0; k < n; k++) {
    if (s[k] === 0) flat += Math.abs(r0[k]);
    else entries.push({ z: t0 - r0[k] / s[k], w: Math.abs(s[k]) });
  }
  entries.sort((p, q) => p.z - q.z);
  const m = entries.length;
  // Prefix sums of w and w·z.
  const W = new Float64Array(m + 1);
  const WZ = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    W[i + 1] = W[i] + entries[i].w;
    WZ[i + 1] = WZ[i] + entries[i].w * entries[i].z;
  }
  return (t) => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].z < t) lo = mid + 1;
      else hi = mid;
    }
    // Kinks left of t contribute w (t − z), the rest w (z − t).
    const left = t * W[lo] - WZ[lo];
    const right = WZ[m] - WZ[lo] - t * (W[m] - W[lo]);
    return (flat + left + right) / n;
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
