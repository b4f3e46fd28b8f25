// Generated data of two inputs (x1, x2 → y), the lesson's recipe extended to a plane: points drawn
// uniformly in the rectangle, rounded to float32 as the lesson's x is, y = add_noise(f(x1, x2)),
// f evaluated in float32. In NumPy terms, with one RandomState(seed) for everything in this order:
//   x1 = float32(rng.uniform(min1, max1, n)); x2 = float32(rng.uniform(min2, max2, n))
//   y = f(x1, x2) * (1 + rng.normal(0, mult, n)) + rng.normal(0, add, n)
import { addNoise, Dataset, DataError, GeneratorSettings, validateSettings } from './generate';
import { float32Function, float32Function2 } from '../formula/pointwise';
import { RandomState } from './rng';

/** Two-input data's defaults (CLI and panel): the lesson's quadratic in x1 and x2 over [-2, 2]², 400 points. */
export const PLANE_DEFAULTS = { fn: '3*x1**2 + 2*x2 + 1', min2: -2, max2: 2, n: 400 } as const;

/** Whether `fn` is a valid data function of one input (x) or of two (x1, x2). */
export function dataFunctionFits(fn: string, inputs: 1 | 2): boolean {
  try {
    if (inputs === 2) float32Function2(fn);
    else float32Function(fn);
    return true;
  } catch {
    return false;
  }
}

export interface PlaneSettings extends GeneratorSettings {
  /** The range of x2 (`min`/`max` are the range of x1). */
  min2: number;
  max2: number;
}

export function validatePlaneSettings(s: PlaneSettings): void {
  validateSettings(s);
  const x2 = { ...s, min: s.min2, max: s.max2 };
  try {
    validateSettings(x2);
  } catch (error) {
    throw new DataError(`x2 range: ${(error as Error).message}`);
  }
}

export function generatePlaneData(settings: PlaneSettings, targetF32: (x1: Float64Array, x2: Float64Array) => Float64Array): Dataset {
  validatePlaneSettings(settings);
  const rng = new RandomState(settings.seed);
  const x = rng.uniform(settings.min, settings.max, settings.n).map(Math.fround);
  const x2 = rng.uniform(settings.min2, settings.max2, settings.n).map(Math.fround);
  const fx = targetF32(x, x2);
  if (fx.length !== x.length) throw new DataError(`The function returned ${fx.length} values for ${x.length} points.`);
  for (let i = 0; i < fx.length; i++) {
    if (!Number.isFinite(fx[i])) throw new DataError(`The function is not finite at x1 = ${x[i]}, x2 = ${x2[i]} (got ${fx[i]}).`);
  }
  return { x, x2, y: addNoise(rng, fx, settings.mult, settings.add) };
}
