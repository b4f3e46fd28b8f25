// Sums of ReLUs of one input, the lesson's sum(relu(m*x + b)) and the one-hidden-layer
// sum(w*relu(m*x + b)) + c (w, m, b vectors of N, c a scalar), recognised in the compiled program
// by its structure (not the formula's text) and evaluated exactly in O(n + N log n) per step:
//
// With the points sorted once, unit j is on (fl(m_j*x + b_j) > 0, the same floating-point test as
// the direct computation, so a point exactly on a kink is off: relu'(0) = 0) on a suffix of the
// points when m_j > 0, a prefix when m_j < 0, all or none when m_j = 0. A binary search finds each
// boundary; the slopes and intercepts w_j*m_j, w_j*b_j of the units that are on add up along a
// sweep, so pred_i = c + A_i*x_i + B_i; and every unit's gradient comes from prefix sums of
// g_i = d loss / d pred_i and g_i*x_i over its range. Results equal the direct computation up to
// float rounding. Non-finite parameters (NaN must propagate as relu(NaN) = NaN) take the direct
// computation, which is also the reference the tests compare the sweep with.
import type { ModelEvaluator } from './evaluator';
import { LossName, lossOf } from './loss';
import type { Program } from '../formula/program';

/** Parameter indices (into program.params) of the recognised model; w and c are null for the plain sum. */
export interface ReluSumMatch {
  m: number;
  b: number;
  w: number | null;
  c: number | null;
}

export function matchSumOfRelus(program: Program): ReluSumMatch | null {
  const { nodes, output } = program;
  const param = (i: number, shape: 'scalar' | 'units'): number | null => {
    const node = nodes[i];
    return node.op === 'param' && node.shape === shape ? node.param : null;
  };
  const orders = (node: { a: number; b: number }): [number, number][] => [
    [node.a, node.b],
    [node.b, node.a],
  ];
  let top = nodes[output];
  let c: number | null = null;
  if (top.op === 'add') {
    const pair = orders(top).find(([s, k]) => nodes[s].op === 'sumUnits' && param(k, 'scalar') !== null);
    if (!pair) return null;
    c = param(pair[1], 'scalar');
    top = nodes[pair[0]];
  }
  if (top.op !== 'sumUnits') return null;
  let unit = nodes[top.a];
  let w: number | null = null;
  if (unit.op === 'mul') {
    const pair = orders(unit).find(([v, r]) => param(v, 'units') !== null && nodes[r].op === 'relu');
    if (!pair) return null;
    w = param(pair[0], 'units');
    unit = nodes[pair[1]];
  }
  if (unit.op !== 'relu') return null;
  const sum = nodes[unit.a];
  if (sum.op !== 'add') return null;
  for (const [product, bias] of orders(sum)) {
    const mul = nodes[product];
    const b = param(bias, 'units');
    if (mul.op !== 'mul' || b === null) continue;
    for (const [slope, input] of orders(mul)) {
      const m = param(slope, 'units');
      const x = nodes[input];
      if (m === null || x.op !== 'x' || x.input === 2) continue;
      if (new Set([m, b, w, c].filter((p) => p !== null)).size !== [m, b, w, c].filter((p) => p !== null).length) continue;
      return { m, b, w, c };
    }
  }
  return null;
}

export interface ReluSumOptions {
  /** Always take the direct O(n·N) computation (the tests' reference). */
  direct?: boolean;
}

export class SumOfRelusEvaluator implements ModelEvaluator {
  readonly pointCount: number;
  private readonly units: number;
  private readonly offsets: { m: number; b: number; w: number; c: number };
  private readonly direct: boolean;
  /** Point indices in increasing x, and x in that order. */
  private readonly order: Uint32Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly pred: Float64Array;
  private readonly dPred: Float64Array;
  private readonly prefixG: Float64Array;
  private readonly prefixGX: Float64Array;
  /** Per unit: the range of sorted points where it is on, [start, end). */
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** Slope and intercept added where a suffix unit turns on, or where a prefix unit is last on. */
  private readonly onA: Float64Array;
  private readonly onB: Float64Array;
  private readonly offA: Float64Array;
  private readonly offB: Float64Array;

  constructor(
    program: Program,
    match: ReluSumMatch,
    private readonly x: Float64Array,
    options: ReluSumOptions = {},
  ) {
    const n = x.length;
    this.pointCount = n;
    this.units = program.units;
    const offset = (p: number | null) => (p === null ? -1 : program.params[p].offset);
    this.offsets = { m: offset(match.m), b: offset(match.b), w: offset(match.w), c: offset(match.c) };
    this.direct = !!options.direct || !x.every(Number.isFinite);
    this.order = Uint32Array.from({ length: n }, (_, i) => i).sort((i, j) => x[i] - x[j]);
    this.xs = Float64Array.from(this.order, (i) => x[i]);
    this.ys = new Float64Array(n);
    this.pred = new Float64Array(n);
    this.dPred = new Float64Array(n);
    this.prefixG = new Float64Array(n + 1);
    this.prefixGX = new Float64Array(n + 1);
    this.start = new Int32Array(this.units);
    this.end = new Int32Array(this.units);
    this.onA = new Float64Array(n + 1);
    this.onB = new Float64Array(n + 1);
    this.offA = new Float64Array(n + 1);
    this.offB = new Float64Array(n + 1);
  }

  private weight(params: Float64Array, j: number): number {
    return this.offsets.w < 0 ? 1 : params[this.offsets.w + j];
  }

  private bias(params: Float64Array): number {
    return this.offsets.c < 0 ? 0 : params[this.offsets.c];
  }

  private useDirect(params: Float64Array): boolean {
    if (this.direct) return true;
    for (let k = 0; k < params.length; k++) if (!Number.isFinite(params[k])) return true;
    return false;
  }

  /** First sorted index k in [0, n] where `on(xs[k])` turns true (on is monotone: false… then true…). */
  private firstOn(m: number, b: number, rising: boolean): number {
    const xs = this.xs;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (m * xs[mid] + b > 0 === rising) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Each unit's range, then the predictions in sorted order by one sweep. */
  private sweep(params: Float64Array): void {
    const { xs, units, offsets, start, end, onA, onB, offA, offB, pred } = this;
    const n = xs.length;
    onA.fill(0);
    onB.fill(0);
    offA.fill(0);
    offB.fill(0);
    for (let j = 0; j < units; j++) {
      const m = params[offsets.m + j];
      const b = params[offsets.b + j];
      const w = this.weight(params, j);
      if (m > 0) [start[j], end[j]] = [this.firstOn(m, b, true), n];
      else if (m < 0) [start[j], end[j]] = [0, this.firstOn(m, b, false)];
      else [start[j], end[j]] = b > 0 ? [0, n] : [0, 0];
      if (start[j] >= end[j]) continue;
      if (end[j] === n) {
        onA[start[j]] += w * m;
        onB[start[j]] += w * b;
      } else {
        offA[end[j] - 1] += w * m;
        offB[end[j] - 1] += w * b;
      }
    }
    // Suffix units accumulate from the left, prefix units from the right: only additions.
    let a = 0;
    let bb = 0;
    for (let i = n - 1; i >= 0; i--) {
      a += offA[i];
      bb += offB[i];
      pred[i] = a * xs[i] + bb;
    }
    a = 0;
    bb = 0;
    const c = this.bias(params);
    for (let i = 0; i < n; i++) {
      a += onA[i];
      bb += onB[i];
      pred[i] += a * xs[i] + bb + c;
    }
  }

  /** The direct computation, unit by unit, in the original point order (NaN propagates as relu(NaN) = NaN). */
  private directPredict(params: Float64Array, out: Float64Array): Float64Array {
    const { x, units, offsets } = this;
    out.fill(this.bias(params));
    for (let j = 0; j < units; j++) {
      const m = params[offsets.m + j];
      const b = params[offsets.b + j];
      const w = this.weight(params, j);
      for (let i = 0; i < x.length; i++) {
        const z = m * x[i] + b;
        if (z > 0) out[i] += w * z;
        else if (z !== z) out[i] += w * z;
        else out[i] += w * 0;
      }
    }
    return out;
  }

  predict(params: Float64Array, out: Float64Array = new Float64Array(this.pointCount)): Float64Array {
    if (this.useDirect(params)) return this.directPredict(params, out);
    this.sweep(params);
    for (let k = 0; k < this.order.length; k++) out[this.order[k]] = this.pred[k];
    return out;
  }

  loss(params: Float64Array, y: Float64Array, loss: LossName): number {
    if (this.useDirect(params)) return lossOf(this.directPredict(params, this.pred), 1, y, loss);
    this.sweep(params);
    return lossOf(this.pred, 1, this.sorted(y), loss);
  }

  private sorted(y: Float64Array): Float64Array {
    for (let k = 0; k < this.order.length; k++) this.ys[k] = y[this.order[k]];
    return this.ys;
  }

  lossAndGrad(params: Float64Array, y: Float64Array, loss: LossName, grad: Float64Array): number {
    if (this.useDirect(params)) return this.directLossAndGrad(params, y, loss, grad);
    const { xs, units, offsets, start, end, dPred, prefixG, prefixGX } = this;
    this.sweep(params);
    const value = lossOf(this.pred, 1, this.sorted(y), loss, dPred);
    for (let i = 0; i < xs.length; i++) {
      prefixG[i + 1] = prefixG[i] + dPred[i];
      prefixGX[i + 1] = prefixGX[i] + dPred[i] * xs[i];
    }
    for (let j = 0; j < units; j++) {
      const [s, e] = [start[j], end[j]];
      const sg = s < e ? prefixG[e] - prefixG[s] : 0;
      const sgx = s < e ? prefixGX[e] - prefixGX[s] : 0;
      this.unitGradient(params, grad, j, sg, sgx);
    }
    if (offsets.c >= 0) grad[offsets.c] = prefixG[xs.length];
    return value;
  }

  /** Writes unit j's gradient from Σ g and Σ g·x over the points where it is on. */
  private unitGradient(params: Float64Array, grad: Float64Array, j: number, sg: number, sgx: number): void {
    const { offsets } = this;
    const w = this.weight(params, j);
    grad[offsets.m + j] = w * sgx;
    grad[offsets.b + j] = w * sg;
    if (offsets.w >= 0) grad[offsets.w + j] = params[offsets.m + j] * sgx + params[offsets.b + j] * sg;
  }

  private directLossAndGrad(params: Float64Array, y: Float64Array, loss: LossName, grad: Float64Array): number {
    const { x, units, offsets, dPred } = this;
    const value = lossOf(this.directPredict(params, this.pred), 1, y, loss, dPred);
    for (let j = 0; j < units; j++) {
      const m = params[offsets.m + j];
      const b = params[offsets.b + j];
      let sg = 0;
      let sgx = 0;
      for (let i = 0; i < x.length; i++) {
        const z = m * x[i] + b;
        // relu'(z) as the op table says: 0 where z <= 0, else 1 (a NaN passes the gradient on).
        if (!(z <= 0)) {
          sg += dPred[i];
          sgx += dPred[i] * x[i];
        }
      }
      this.unitGradient(params, grad, j, sg, sgx);
    }
    if (offsets.c >= 0) {
      let total = 0;
      for (let i = 0; i < x.length; i++) total += dPred[i];
      grad[offsets.c] = total;
    }
    return value;
  }
}
