// torch.linspace in float32, bit for bit as PyTorch's CPU kernel computes it (AVX2 build, one
// thread), and the plain formula as the alternative. The kernel (aten RangeFactoriesKernel.cpp):
//   step = (end - start) / (steps - 1)                      in float32
//   elements in runs of 16, as two vectors of 8: each vector's base is
//     start + step*b              when its first index b < steps/2 (the halfway index)
//     end - step*(steps - b - 1)  otherwise
//   with one fused multiply-add rounded to float32, then element b+j = base + j*step with j*step
//   and the sum each rounded to float32 (Vectorized<float>::arange);
//   the elements after the last full 16 use the scalar formula, same halfway split, one fused
//   multiply-add each.
// Above 32,768 points torch splits the range between threads and each chunk restarts the
// blocking; this emulates one chunk (torch.set_num_threads(1)).

const fround = Math.fround;

export const LINSPACE_MODES = ['torch', 'exact'] as const;
export type LinspaceMode = (typeof LINSPACE_MODES)[number];

/** Two doubles whose exact sum is a + b (Knuth's TwoSum). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  const err = a - (s - bb) + (b - bb);
  return [s, err];
}

/** The float32 neighbour of float32 `r` one step toward `direction`'s sign. */
function nextFloat32(r: number, direction: number): number {
  const buffer = new Float32Array([r]);
  const bits = new Int32Array(buffer.buffer);
  if (r === 0) {
    bits[0] = direction > 0 ? 1 : 0x80000001 | 0;
    return buffer[0];
  }
  bits[0] += r > 0 === direction > 0 ? 1 : -1;
  return buffer[0];
}

/**
 * a*b + c rounded once to float32, for float32 a, b, c (fmaf): the product of two float32 values is
 * exact in a double, and the sum's error is carried by TwoSum, so the only rounding is the last.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const [s, err] = twoSum(a * b, c);
  const r = fround(s);
  if (err === 0 || r === s || !Number.isFinite(r)) return r;
  // s is not a float32; rounding it is right unless s lies exactly halfway between two of them.
  const other = nextFloat32(r, s - r);
  if (s - r !== other - s) return r;
  return err > 0 === other > r ? other : r;
}

/** torch.linspace(start, end, steps) on the CPU in float32, as float64 values. */
export function linspaceTorchF32(start: number, end: number, steps: number): Float64Array {
  const { out, s, e, step, halfway } = spacing(start, end, steps);
  if (steps <= 1) return out;
  const scalarAt = (i: number): number => (i < halfway ? fmaF32(step, i, s) : fmaF32(-step, steps - i - 1, e));
  const vectorEnd = steps - (steps % 16);
  for (let b = 0; b < vectorEnd; b += 8) {
    const base = scalarAt(b);
    out[b] = base;
    for (let j = 1; j < 8; j++) out[b + j] = fround(base + fround(j * step));
  }
  for (let i = vectorEnd; i < steps; i++) out[i] = scalarAt(i);
  return out;
}

/** The plain formula start + i*step (halves from each end), each operation in float32. */
export function linspaceExactF32(start: number, end: number, steps: number): Float64Array {
  const { out, s, e, step, halfway } = spacing(start, end, steps);
  if (steps <= 1) return out;
  for (let i = 0; i < steps; i++) {
    out[i] = i < halfway ? fround(s + fround(step * i)) : fround(e - fround(step * (steps - 1 - i)));
  }
  return out;
}

export function linspaceF32(start: number, end: number, steps: number, mode: LinspaceMode = 'torch'): Float64Array {
  return mode === 'torch' ? linspaceTorchF32(start, end, steps) : linspaceExactF32(start, end, steps);
}

/**
 * What both spacings start from: the float32 ends, the float32 step, and the index from which
 * they count down from the end; `out` is already complete for 0 or 1 steps.
 */
function spacing(start: number, end: number, steps: number) {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
  const out = new Float64Array(steps);
  const s = fround(start);
  const e = fround(end);
  if (steps === 1) out[0] = s;
  const step = steps > 1 ? fround(fround(e - s) / fround(steps - 1)) : 0;
  return { out, s, e, step, halfway: Math.floor(steps / 2) };
}
