// The lesson's noisy measurements (notebook chapter 2), reproduced number for number.
import { LIMITS } from '../limits';
import { RandomState } from './rng';

export interface Dataset {
  /** The input (x, or x1 when there are two). */
  x: Float64Array;
  y: Float64Array;
  /** The second input x2, for data of two inputs (x1, x2 → y); absent for one input. */
  x2?: Float64Array;
}

/** 1, or 2 when the data has a second input. */
export function inputCount(data: Dataset): number {
  return data.x2 ? 2 : 1;
}

/** The inputs, one array per input: [x] or [x1, x2]. */
export function inputColumns(data: Dataset): Float64Array[] {
  return data.x2 ? [data.x, data.x2] : [data.x];
}

export interface GeneratorSettings {
  fn: string;
  n: number;
  min: number;
  max: number;
  mult: number;
  add: number;
  seed: number;
}

export const NOTEBOOK_SETTINGS: GeneratorSettings = {
  fn: '3*x**2 + 2*x + 1',
  n: 20,
  min: -2,
  max: 2,
  mult: 0.15,
  add: 0.5,
  seed: 42,
};

export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

const fround = Math.fround;
const F32_MAX = 3.4028234663852886e38;

/**
 * `torch.linspace(start, end, steps)` in float32, as PyTorch's CPU kernel computes it: the first
 * half counts up from start, the second half counts down from end, every operation in float32.
 */
export function linspaceF32(start: number, end: number, steps: number): Float64Array {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
  const out = new Float64Array(steps);
  const s = fround(start);
  const e = fround(end);
  if (steps === 1) out[0] = s;
  if (steps <= 1) return out;
  const step = fround(fround(e - s) / fround(steps - 1));
  const halfway = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    out[i] = i < halfway ? fround(s + fround(step * i)) : fround(e - fround(step * (steps - 1 - i)));
  }
  return out;
}

/** `noise(x, scale)`: one normal sample with standard deviation `scale` per element. */
export function noise(rng: RandomState, n: number, scale: number): Float64Array {
  return rng.normal(0, scale, n);
}

/** `add_noise(x, mult, add) = x * (1 + noise(x, mult)) + noise(x, add)`, all multiplicative noise drawn first. */
export function addNoise(rng: RandomState, values: Float64Array, mult: number, add: number): Float64Array {
  const n = values.length;
  const m = noise(rng, n, mult);
  const a = noise(rng, n, add);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i] * (1 + m[i]) + a[i];
  return out;
}

/** Throws a DataError naming the first setting that is out of range. */
export function validateSettings(s: GeneratorSettings): void {
  const fail = (message: string): never => {
    throw new DataError(message);
  };
  if (typeof s.fn !== 'string' || s.fn.trim() === '') fail('The function must not be empty.');
  if (!Number.isInteger(s.n) || s.n < 1 || s.n > LIMITS.points) {
    fail(`Number of points must be a whole number from 1 to ${LIMITS.points.toLocaleString('en-US')}, got ${s.n}.`);
  }
  for (const key of ['min', 'max'] as const) {
    if (!Number.isFinite(s[key]) || Math.abs(s[key]) > F32_MAX) fail(`${key} must be a finite float32 number, got ${s[key]}.`);
  }
  if (!(s.min < s.max)) fail(`min must be less than max, got min=${s.min}, max=${s.max}.`);
  for (const key of ['mult', 'add'] as const) {
    if (!Number.isFinite(s[key]) || s[key] < 0) fail(`${key} noise must be a finite number >= 0, got ${s[key]}.`);
  }
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > LIMITS.seed) {
    fail(`Seed must be a whole number from 0 to ${LIMITS.seed}, got ${s.seed}.`);
  }
}

/**
 * The lesson's data: x = float32 linspace(min, max, n), y = add_noise(f(x), mult, add) with NumPy's
 * legacy generator seeded with `seed`. `targetF32` evaluates `settings.fn` in float32 arithmetic.
 */
export function generateData(settings: GeneratorSettings, targetF32: (x: Float64Array) => Float64Array): Dataset {
  validateSettings(settings);
  const x = linspaceF32(settings.min, settings.max, settings.n);
  const fx = targetF32(x);
  if (fx.length !== x.length) throw new DataError(`The function returned ${fx.length} values for ${x.length} points.`);
  for (let i = 0; i < fx.length; i++) {
    if (!Number.isFinite(fx[i])) throw new DataError(`The function is not finite at x = ${x[i]} (got ${fx[i]}).`);
  }
  const y = addNoise(new RandomState(settings.seed), fx, settings.mult, settings.add);
  return { x, y };
}
