// The operations of the tensor autodiff (tensor.ts): matrix products, a bias added to every row,
// the activations and the two losses. Each builds one node with its forward and backward pass.
// Subgradients follow PyTorch: relu'(0) = 0 (threshold_backward), sign(0) = 0 in MAE (L1Loss).
import type { LossName } from '../eval/loss';
import { Graph, Tensor } from './tensor';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'identity'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

function node(g: Graph, rows: number, cols: number, label: string, forward: () => void, backward: () => void): Tensor {
  return g.add(new Tensor(rows, cols, new Float64Array(rows * cols), label, forward, backward));
}

/** a [n×k] · b [k×m] → [n×m]. */
export function matmul(g: Graph, a: Tensor, b: Tensor): Tensor {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}×${a.cols} · ${b.rows}×${b.cols} do not fit`);
  const n = a.rows;
  const k = a.cols;
  const m = b.cols;
  const out: Tensor = node(
    g,
    n,
    m,
    `${a.label}·${b.label}`,
    () => {
      const z = out.value;
      z.fill(0);
      const av = a.value;
      const bv = b.value;
      for (let i = 0; i < n; i++) {
        for (let p = 0; p < k; p++) {
          const s = av[i * k + p];
          for (let j = 0; j < m; j++) z[i * m + j] += s * bv[p * m + j];
        }
      }
    },
    () => {
      const dz = out.grad;
      const av = a.value;
      const bv = b.value;
      // da = dz · bᵀ ; db = aᵀ · dz
      for (let i = 0; i < n; i++) {
        for (let p = 0; p < k; p++) {
          let sa = 0;
          const s = av[i * k + p];
          for (let j = 0; j < m; j++) {
            const d = dz[i * m + j];
            sa += d * bv[p * m + j];
            if (b.needsGrad) b.grad[p * m + j] += s * d;
          }
          if (a.needsGrad) a.grad[i * k + p] += sa;
        }
      }
    },
  );
  return out;
}

/**
 * a [n×k] · wᵀ where w is [m×k] (as torch's F.linear stores its weight: out × in) → [n×m].
 *
 * The hot loop of a network, so written for speed (the same products as the plain triple loop; the
 * forward sums in the same order, d a's grouped four outputs at a time, so its last bits may
 * differ): the forward pass computes four outputs per pass over a row of
 * `a` (each value of `a` loaded once for four weights); the backward pass, per point, first lists
 * the outputs whose gradient is not zero (after a ReLU about half are), then takes them four at a
 * time, so one pass over the row updates d a once and four rows of d w. No allocation per call.
 */
export function matmulTransposed(g: Graph, a: Tensor, w: Tensor): Tensor {
  if (a.cols !== w.cols) throw new Error(`matmul: ${a.rows}×${a.cols} · (${w.rows}×${w.cols})ᵀ do not fit`);
  const n = a.rows;
  const k = a.cols;
  const m = w.rows;
  /** The outputs of one point whose incoming gradient is not zero (reused). */
  const live = new Int32Array(m);
  const out: Tensor = node(
    g,
    n,
    m,
    `${a.label}·${w.label}ᵀ`,
    () => {
      const z = out.value;
      const av = a.value;
      const wv = w.value;
      for (let i = 0; i < n; i++) {
        const row = i * k;
        const zrow = i * m;
        let o = 0;
        for (; o + 3 < m; o += 4) {
          const w0 = o * k;
          const w1 = w0 + k;
          const w2 = w1 + k;
          const w3 = w2 + k;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let p = 0; p < k; p++) {
            const x = av[row + p];
            s0 += x * wv[w0 + p];
            s1 += x * wv[w1 + p];
            s2 += x * wv[w2 + p];
            s3 += x * wv[w3 + p];
          }
          z[zrow + o] = s0;
          z[zrow + o + 1] = s1;
          z[zrow + o + 2] = s2;
          z[zrow + o + 3] = s3;
        }
        for (; o < m; o++) {
          const wrow = o * k;
          let s = 0;
          for (let p = 0; p < k; p++) s += av[row + p] * wv[wrow + p];
          z[zrow + o] = s;
        }
      }
    },
    () => {
      const dz = out.grad;
      const av = a.value;
      const wv = w.value;
      const da = a.needsGrad ? a.grad : null;
      const dw = w.needsGrad ? w.grad : null;
      // da[i,:] += Σ_o dz[i,o] · w[o,:] ; dw[o,:] += Σ_i dz[i,o] · a[i,:]
      for (let i = 0; i < n; i++) {
        const row = i * k;
        const zrow = i * m;
        let count = 0;
        for (let o = 0; o < m; o++) if (dz[zrow + o] !== 0) live[count++] = o;
        let q = 0;
        for (; q + 3 < count; q += 4) {
          const o0 = live[q];
          const o1 = live[q + 1];
          const o2 = live[q + 2];
          const o3 = live[q + 3];
          const d0 = dz[zrow + o0];
          const d1 = dz[zrow + o1];
          const d2 = dz[zrow + o2];
          const d3 = dz[zrow + o3];
          const w0 = o0 * k;
          const w1 = o1 * k;
          const w2 = o2 * k;
          const w3 = o3 * k;
          if (da) {
            for (let p = 0; p < k; p++) da[row + p] += d0 * wv[w0 + p] + d1 * wv[w1 + p] + d2 * wv[w2 + p] + d3 * wv[w3 + p];
          }
          if (dw) {
            for (let p = 0; p < k; p++) {
              const x = av[row + p];
              dw[w0 + p] += d0 * x;
              dw[w1 + p] += d1 * x;
              dw[w2 + p] += d2 * x;
              dw[w3 + p] += d3 * x;
            }
          }
        }
        for (; q < count; q++) {
          const o = live[q];
          const d = dz[zrow + o];
          const wrow = o * k;
          if (da) for (let p = 0; p < k; p++) da[row + p] += d * wv[wrow + p];
          if (dw) for (let p = 0; p < k; p++) dw[wrow + p] += d * av[row + p];
        }
      }
    },
  );
  return out;
}

/** a [n×m] + bias [1×m], the bias added to every row. */
export function addBias(g: Graph, a: Tensor, bias: Tensor): Tensor {
  if (bias.rows !== 1 || bias.cols !== a.cols)
    throw new Error(`addBias: a bias of ${bias.rows}×${bias.cols} does not fit ${a.rows}×${a.cols}`);
  const n = a.rows;
  const m = a.cols;
  const out: Tensor = node(
    g,
    n,
    m,
    `${a.label}+${bias.label}`,
    () => {
      const z = out.value;
      const av = a.value;
      const bv = bias.value;
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) z[i * m + j] = av[i * m + j] + bv[j];
    },
    () => {
      const dz = out.grad;
      if (a.needsGrad) for (let t = 0; t < dz.length; t++) a.grad[t] += dz[t];
      if (bias.needsGrad) {
        const db = bias.grad;
        for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) db[j] += dz[i * m + j];
      }
    },
  );
  return out;
}

/** An activation applied elementwise; `identity` returns `a` itself (no node). */
export function activate(g: Graph, a: Tensor, activation: Activation): Tensor {
  if (activation === 'identity') return a;
  const size = a.size;
  const out: Tensor = node(
    g,
    a.rows,
    a.cols,
    `${activation}(${a.label})`,
    () => {
      const z = out.value;
      const v = a.value;
      if (activation === 'relu') for (let t = 0; t < size; t++) z[t] = v[t] > 0 ? v[t] : v[t] === v[t] ? 0 : v[t];
      else if (activation === 'tanh') for (let t = 0; t < size; t++) z[t] = Math.tanh(v[t]);
      else for (let t = 0; t < size; t++) z[t] = 1 / (1 + Math.exp(-v[t]));
    },
    () => {
      if (!a.needsGrad) return;
      const dz = out.grad;
      const z = out.value;
      const da = a.grad;
      if (activation === 'relu') for (let t = 0; t < size; t++) da[t] += z[t] > 0 ? dz[t] : 0;
      else if (activation === 'tanh') for (let t = 0; t < size; t++) da[t] += dz[t] * (1 - z[t] * z[t]);
      else for (let t = 0; t < size; t++) da[t] += dz[t] * z[t] * (1 - z[t]);
    },
  );
  return out;
}

/** mean |pred - y| or mean (pred - y)², as a 1×1 node; `pred` is a column [n×1]. */
export function lossNode(g: Graph, pred: Tensor, y: Float64Array, loss: LossName): Tensor {
  if (pred.cols !== 1 || pred.rows !== y.length) throw new Error(`loss: predictions ${pred.rows}×${pred.cols} against ${y.length} targets`);
  const n = y.length;
  const out: Tensor = node(
    g,
    1,
    1,
    `${loss}(${pred.label})`,
    () => {
      const p = pred.value;
      let total = 0;
      if (loss === 'mae') for (let i = 0; i < n; i++) total += Math.abs(p[i] - y[i]);
      else
        for (let i = 0; i < n; i++) {
          const d = p[i] - y[i];
          total += d * d;
        }
      out.value[0] = total / n;
    },
    () => {
      if (!pred.needsGrad) return;
      const p = pred.value;
      const dp = pred.grad;
      const s = out.grad[0] / n;
      for (let i = 0; i < n; i++) {
        const d = p[i] - y[i];
        dp[i] += loss === 'mae' ? (d > 0 ? s : d < 0 ? -s : d === d ? 0 : d) : 2 * d * s;
      }
    },
  );
  return out;
}
