// The lesson's "sum of N ReLUs" written as the one-hidden-layer network it is: N hidden neurons
// relu(m_j·x + b_j) (W1 = m as a column, b1 = b), summed by an output layer whose weights are all 1
// and whose bias is 0 (or w and c for the weighted sum(w*relu(m*x + b)) + c). What the chapter
// "N ReLUs are a one-layer network" shows, and the bridge between the formula engine and the
// tensor engine (see src/core/tensor/tensor.ts for why both exist).
import { matchSumOfRelus } from '../eval/relu-sum';
import type { Program } from '../formula/program';
import { MlpSpec } from './mlp';

export interface ReluSumParts {
  /** Slopes m_j (N). */
  m: ArrayLike<number>;
  /** Offsets b_j (N). */
  b: ArrayLike<number>;
  /** Output weights w_j (N); all 1 for the lesson's plain sum. */
  w?: ArrayLike<number>;
  /** Output bias c; 0 for the lesson's plain sum. */
  c?: number;
}

/** The 1→N→1 ReLU network equal to sum(w*relu(m*x + b)) + c, and its flat parameters (W1, b1, W2, b2). */
export function reluSumAsNetwork(parts: ReluSumParts): { spec: MlpSpec; params: Float64Array } {
  const n = parts.m.length;
  if (parts.b.length !== n || (parts.w && parts.w.length !== n)) throw new RangeError('m, b (and w) must have one value per ReLU');
  const spec: MlpSpec = { inputs: 1, hidden: [{ width: n, activation: 'relu' }] };
  const params = new Float64Array(3 * n + 1);
  params.set(Array.from(parts.m), 0); // W1: n × 1
  params.set(Array.from(parts.b), n); // b1
  params.set(parts.w ? Array.from(parts.w) : new Array<number>(n).fill(1), 2 * n); // W2: 1 × n
  params[3 * n] = parts.c ?? 0; // b2
  return { spec, params };
}

/** Back from the network: the ReLUs' m, b and the output layer's w, c. */
export function networkAsReluSum(spec: MlpSpec, params: ArrayLike<number>): Required<ReluSumParts> {
  if (spec.inputs !== 1 || spec.hidden.length !== 1 || spec.hidden[0].activation !== 'relu') {
    throw new RangeError('Only a network of one input and one hidden ReLU layer is a sum of ReLUs');
  }
  const n = spec.hidden[0].width;
  const slice = (from: number) => Array.from({ length: n }, (_, j) => params[from + j]);
  return { m: slice(0), b: slice(n), w: slice(2 * n), c: params[3 * n] };
}

/**
 * The network a compiled formula is, at its parameters `flat`, when the formula is a sum of ReLUs
 * of one input (sum(relu(m*x + b)), or the weighted sum(w*relu(m*x + b)) + c), recognised by its
 * structure; null for any other formula.
 */
export function programAsNetwork(program: Program, flat: ArrayLike<number>): { spec: MlpSpec; params: Float64Array } | null {
  if (program.inputs === 2) return null;
  const match = matchSumOfRelus(program);
  if (!match) return null;
  const vector = (index: number) => {
    const { offset, size } = program.params[index];
    return Array.from({ length: size }, (_, j) => flat[offset + j]);
  };
  return reluSumAsNetwork({
    m: vector(match.m),
    b: vector(match.b),
    ...(match.w === null ? {} : { w: vector(match.w) }),
    ...(match.c === null ? {} : { c: flat[program.params[match.c].offset] }),
  });
}
