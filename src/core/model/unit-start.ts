// The seeded start of a model's vector parameters, so that its units begin different and can
// separate (units that start equal get equal gradients and stay equal forever). The rule, by the
// role each vector parameter plays in the compiled formula:
//   slope  (a vector p in p*x):           m_j = ±(0.5 … 1.5) / (half the data's x span), random sign
//   bias   (a vector q in p*x + q):       b_j = −m_j · k_j, so unit j's kink sits at k_j, drawn
//                                         uniformly over the data's x range
//   weight (every other vector, e.g. w):  w_j = ±(0.5 … 1.5) · (the data's y spread) / √units,
//                                         random sign, so the summed curve has about the data's size
// All draws come from NumPy's legacy generator seeded with `seed`, in that order, so a start is
// reproducible. Scalar parameters are left to the caller.
import { RandomState } from '../data/rng';
import { Node, Program } from '../formula/program';

export interface DataExtent {
  /** The x range the kinks are spread over. */
  x: [number, number];
  /** A typical size of y (its standard deviation, or 1 without data). */
  ySpread: number;
  /** The mean of y (0 without data): where an output bias starts. */
  yMean: number;
}

export const LESSON_EXTENT: DataExtent = { x: [-2, 2], ySpread: 1, yMean: 0 };

interface Role {
  kind: 'slope' | 'bias' | 'weight';
  /** −1 for a bias in a difference (m*x − b or b − m*x), so its kink still lands where it was drawn. */
  sign: number;
}

/** Each vector parameter's role (index into program.params). */
export function vectorRoles(program: Program): Map<number, Role> {
  const { nodes } = program;
  const vectorParam = (i: number): number | null => {
    const node = nodes[i];
    return node.op === 'param' && node.shape === 'units' ? node.param : null;
  };
  const slopeOf = (node: Node): number | null => {
    if (node.op !== 'mul') return null;
    if (nodes[node.b].op === 'x') return vectorParam(node.a);
    if (nodes[node.a].op === 'x') return vectorParam(node.b);
    return null;
  };
  const roles = new Map<number, Role>();
  for (const node of nodes) {
    const slope = slopeOf(node);
    if (slope !== null) roles.set(slope, { kind: 'slope', sign: 1 });
  }
  for (const node of nodes) {
    if (node.op !== 'add' && node.op !== 'sub') continue;
    const sign = node.op === 'sub' ? -1 : 1;
    for (const [term, other] of [
      [node.a, node.b],
      [node.b, node.a],
    ]) {
      const bias = vectorParam(other);
      if (bias !== null && slopeOf(nodes[term]) !== null && !roles.has(bias)) roles.set(bias, { kind: 'bias', sign });
    }
  }
  program.params.forEach((p, i) => {
    if (p.size > 1 && !roles.has(i)) roles.set(i, { kind: 'weight', sign: 1 });
  });
  return roles;
}

/** Start values for every vector parameter of `program` (offset → value); scalars are absent. */
export function unitStart(program: Program, extent: DataExtent = LESSON_EXTENT, seed = 0): Map<number, number> {
  const units = program.units;
  const values = new Map<number, number>();
  if (units < 2) return values;
  const rng = new RandomState(seed);
  const signedScale = () => {
    const draw = rng.uniform(0, 1, 2);
    return (draw[0] < 0.5 ? -1 : 1) * (0.5 + draw[1]);
  };
  const [lo, hi] = extent.x[0] < extent.x[1] ? extent.x : [extent.x[0] - 1, extent.x[0] + 1];
  const halfSpan = (hi - lo) / 2;
  const slopes = Array.from({ length: units }, () => signedScale() / halfSpan);
  const kinks = rng.uniform(lo, hi, units);
  const weightScale = (extent.ySpread > 0 && Number.isFinite(extent.ySpread) ? extent.ySpread : 1) / Math.sqrt(units);
  const roles = vectorRoles(program);
  program.params.forEach((p, i) => {
    const role = roles.get(i);
    if (!role) return;
    for (let j = 0; j < units; j++) {
      const value =
        role.kind === 'slope' ? slopes[j] : role.kind === 'bias' ? -role.sign * slopes[j] * kinks[j] : signedScale() * weightScale;
      values.set(p.offset + j, value);
    }
  });
  return values;
}

/** The x range and y spread of a dataset, for `unitStart`. */
export function extentOf(x: ArrayLike<number>, y: ArrayLike<number>): DataExtent {
  if (x.length === 0) return LESSON_EXTENT;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let variance = 0;
  for (let i = 0; i < y.length; i++) variance += (y[i] - mean) ** 2;
  const spread = Math.sqrt(variance / y.length);
  return { x: [lo, hi], ySpread: spread > 0 && Number.isFinite(spread) ? spread : 1, yMean: Number.isFinite(mean) ? mean : 0 };
}
