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

/** a [n×k] · wᵀ where w is [m×k] (as torch's F.linear stores its weight: out × in) → [n×m]. */
export function matmulTransposed(g: Graph, a: Tensor, w: Tensor): Tensor {
  if (a.cols !== w.cols) throw new Error(`matmul: ${a.rows}×${a.cols} · (${w.rows}×${w.cols})ᵀ do not fit`);
  const n = a.rows;
  const k = a.cols;
  const m = w.rows;
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
        for (let o = 0; o < m; o++) {
          const wrow = o * k;
          let s = 0;
          for (let p = 0; p < k; p++) s += av[row + p] * wv[wrow + p];
          z[i * m + o] = s;
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
        for (let o = 0; o < m; o++) {
          const d = dz[i * m + o];
          if (d === 0) continue;
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
