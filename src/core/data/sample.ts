// A stratified random sample of a data set's points for drawing: one point from each of `max`
// equal runs of the data's order, chosen by a fixed seed, so the same data draws the same way.
import type { Dataset } from './generate';
import { xorshift32 } from './rng';

export interface DrawSample {
  x: Float64Array;
  y: Float64Array;
  /** The second input's values of the same points, for data of two inputs. */
  x2?: Float64Array;
  /** Points in the whole data set. */
  total: number;
  /** True when the sample is smaller than the data. */
  sampled: boolean;
  /** Each sample point's index in the data (for a sample that is the whole data, null: point k is row k). */
  index: Uint32Array | null;
}

export function drawSample(data: Dataset, max: number, seed = 1): DrawSample {
  const total = data.x.length;
  if (total <= max) return { x: data.x, y: data.y, ...(data.x2 ? { x2: data.x2 } : {}), total, sampled: false, index: null };
  const random = xorshift32(seed);
  const x = new Float64Array(max);
  const y = new Float64Array(max);
  const x2 = data.x2 ? new Float64Array(max) : undefined;
  const index = new Uint32Array(max);
  const stride = total / max;
  for (let k = 0; k < max; k++) {
    const i = Math.min(total - 1, Math.floor(k * stride + random() * stride));
    index[k] = i;
    x[k] = data.x[i];
    y[k] = data.y[i];
    if (x2) x2[k] = data.x2![i];
  }
  return { x, y, ...(x2 ? { x2 } : {}), total, sampled: true, index };
}
