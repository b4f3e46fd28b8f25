// A multi-layer perceptron as the lesson defines a neural network: multiply the inputs by
// parameters and add them up (a linear layer), replace negatives with zeros (or another
// activation), repeat; one linear output. What it is (sizes, activations), how its parameters are
// laid out in one flat vector, how they start, and how it is written (`2x64x64x1:relu`).
//
// Layout, the order of torch.nn.Sequential(...).parameters(): W1, b1, W2, b2, …, each W stored
// row-major as nn.Linear.weight (out × in), each b as nn.Linear.bias (out).
//
// Initialisation rule: PyTorch's nn.Linear default. reset_parameters() calls
// kaiming_uniform_(weight, a=√5), whose bound is gain·√(3/fan_in) with gain = √(2/(1+a²)) = √(1/3),
// i.e. 1/√fan_in; the bias is U(−1/√fan_in, 1/√fan_in) too. We draw those same distributions from
// NumPy's legacy RandomState(seed) (src/core/data/rng.ts), one stream for the whole network in
// layout order: W1 row by row, b1, W2, b2, … (`np.random.RandomState(seed).uniform(-k, k, size)`
// per tensor reproduces it exactly). torch's own generator is not reproduced; the JSON output and
// the PyTorch export carry the exact starting weights instead.
//
// Why a separate engine from the formula engine's "sum of N ReLUs": see src/core/tensor/tensor.ts.
import { RandomState } from '../data/rng';
import { MLP_LIMITS } from '../limits';
import { ok, Result } from '../result';
import { Activation, ACTIVATIONS } from '../tensor/ops';

export interface HiddenLayer {
  width: number;
  activation: Activation;
}

export interface MlpSpec {
  /** 1 (x) or 2 (x1, x2). */
  inputs: number;
  /** 1–4 hidden layers; the output layer (one unit, no activation) is implied. */
  hidden: HiddenLayer[];
}

export { MLP_LIMITS };

export interface MatrixSpec {
  /** W1, b1, W2, b2, … */
  name: string;
  rows: number;
  cols: number;
  offset: number;
}

/** Null when valid, else what is wrong, for people. */
export function validateMlp(spec: MlpSpec): string | null {
  if (!Number.isInteger(spec.inputs) || spec.inputs < 1 || spec.inputs > MLP_LIMITS.maxInputs) {
    return `A network takes 1 or 2 inputs, got ${spec.inputs}`;
  }
  const n = spec.hidden.length;
  if (n < MLP_LIMITS.minHidden || n > MLP_LIMITS.maxHidden) {
    return `A network has 1 to ${MLP_LIMITS.maxHidden} hidden layers, got ${n}`;
  }
  for (const [i, layer] of spec.hidden.entries()) {
    if (!Number.isInteger(layer.width) || layer.width < 1 || layer.width > MLP_LIMITS.maxWidth) {
      return `Hidden layer ${i + 1} must have 1 to ${MLP_LIMITS.maxWidth} neurons, got ${layer.width}`;
    }
    if (!(ACTIVATIONS as readonly string[]).includes(layer.activation)) {
      return `Hidden layer ${i + 1}: unknown activation "${layer.activation}" (use ${ACTIVATIONS.join(', ')})`;
    }
  }
  return null;
}

export function checkMlp(spec: MlpSpec): void {
  const problem = validateMlp(spec);
  if (problem) throw new RangeError(problem);
}

/** Sizes from input to output: [inputs, width1, …, 1]. */
export function layerSizes(spec: MlpSpec): number[] {
  return [spec.inputs, ...spec.hidden.map((l) => l.width), 1];
}

/** The activation after each linear layer: the hidden ones, then identity for the output. */
export function layerActivations(spec: MlpSpec): Activation[] {
  return [...spec.hidden.map((l) => l.activation), 'identity'];
}

/** W1, b1, W2, b2, … with their shapes and offsets in the flat parameter vector. */
export function matrixLayout(spec: MlpSpec): MatrixSpec[] {
  const sizes = layerSizes(spec);
  const out: MatrixSpec[] = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    out.push({ name: `W${l}`, rows: sizes[l], cols: sizes[l - 1], offset });
    offset += sizes[l] * sizes[l - 1];
    out.push({ name: `b${l}`, rows: 1, cols: sizes[l], offset });
    offset += sizes[l];
  }
  return out;
}

export function mlpParamCount(spec: MlpSpec): number {
  const sizes = layerSizes(spec);
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l] * (sizes[l - 1] + 1);
  return count;
}

/** Flat names: W1[0,0], W1[0,1], …, b1[0], … (row = output neuron, column = input). */
export function mlpParamNames(spec: MlpSpec): string[] {
  return matrixLayout(spec).flatMap((m) =>
    Array.from({ length: m.rows * m.cols }, (_, t) =>
      m.name.startsWith('W') ? `${m.name}[${Math.floor(t / m.cols)},${t % m.cols}]` : `${m.name}[${t}]`,
    ),
  );
}

/** The starting parameters (see the rule in this file's header). */
export function initMlp(spec: MlpSpec, seed = 0): Float64Array {
  checkMlp(spec);
  const rng = new RandomState(seed);
  const params = new Float64Array(mlpParamCount(spec));
  const layout = matrixLayout(spec);
  for (let l = 0; l < layout.length; l += 2) {
    const [weight, bias] = [layout[l], layout[l + 1]];
    const bound = 1 / Math.sqrt(weight.cols); // fan_in
    params.set(rng.uniform(-bound, bound, weight.rows * weight.cols), weight.offset);
    params.set(rng.uniform(-bound, bound, bias.cols), bias.offset);
  }
  return params;
}

/** Each matrix of a flat vector as nested arrays: W as [out][in] (nn.Linear.weight), b as [out]. */
export function unflattenParams(spec: MlpSpec, params: ArrayLike<number>): Record<string, number[] | number[][]> {
  const out: Record<string, number[] | number[][]> = {};
  for (const m of matrixLayout(spec)) {
    const row = (r: number): number[] => Array.from({ length: m.cols }, (_, c) => params[m.offset + r * m.cols + c]);
    out[m.name] = m.name.startsWith('W') ? Array.from({ length: m.rows }, (_, r) => row(r)) : row(0);
  }
  return out;
}

/**
 * `2x64x64x1:relu`: sizes from input to output, then the hidden layers' activation (default relu).
 * Per-layer activations may be listed instead: `2x8x8x1:tanh,relu`.
 */
export function parseLayers(text: string): Result<MlpSpec> {
  const trimmed = text.trim();
  const [sizesText, activationText = 'relu', ...rest] = trimmed.split(':');
  const usage = 'write the sizes from input to output and an activation, e.g. 2x64x64x1:relu';
  if (rest.length) return { ok: false, error: `"${text}": too many ":"; ${usage}` };
  const parts = sizesText.split(/x/i).map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) return { ok: false, error: `"${text}": sizes must be whole numbers separated by x; ${usage}` };
  const sizes = parts.map(Number);
  if (sizes.length < 3)
    return { ok: false, error: `"${text}": needs an input size, at least one hidden layer and the output size 1; ${usage}` };
  if (sizes[sizes.length - 1] !== 1) return { ok: false, error: `"${text}": the output size must be 1, got ${sizes[sizes.length - 1]}` };
  const widths = sizes.slice(1, -1);
  const names = activationText.split(',').map((s) => s.trim().toLowerCase());
  if (names.length !== 1 && names.length !== widths.length) {
    return { ok: false, error: `"${text}": give one activation, or one per hidden layer (${widths.length})` };
  }
  const bad = names.find((a) => !(ACTIVATIONS as readonly string[]).includes(a));
  if (bad !== undefined) return { ok: false, error: `"${text}": unknown activation "${bad}" (use ${ACTIVATIONS.join(', ')})` };
  const spec: MlpSpec = {
    inputs: sizes[0],
    hidden: widths.map((width, i) => ({ width, activation: (names.length === 1 ? names[0] : names[i]) as Activation })),
  };
  const problem = validateMlp(spec);
  return problem ? { ok: false, error: `"${text}": ${problem}` } : ok(spec);
}

/** The inverse of parseLayers. */
export function formatLayers(spec: MlpSpec): string {
  const acts = spec.hidden.map((l) => l.activation);
  const same = acts.every((a) => a === acts[0]);
  return `${layerSizes(spec).join('x')}:${same ? acts[0] : acts.join(',')}`;
}
