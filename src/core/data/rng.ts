// NumPy's legacy `np.random.RandomState`: MT19937 seeded with init_genrand, 53-bit doubles from
// two draws, and the polar Box–Muller normal that caches its second value. The integers and the
// uniform doubles are NumPy's bit for bit. The normals use a correctly rounded log where NumPy
// calls the C library's: glibc's log is not correctly rounded in about 1 call in 3,000, so about
// 350 normal draws in 10^6 differ from NumPy's by an ulp or so; all the others are NumPy's bit for
// bit (test/unit/core/data/rng-normals.test.ts). V8's Math.log would make it about 3%.
import { correctLog } from './correct-log';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`Seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
  }
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Sample count must be a non-negative integer, got ${n}`);
}

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** init_genrand(seed); also forgets a cached normal, as NumPy does. */
  seed(seed: number): void {
    checkSeed(seed);
    const mt = this.mt;
    let s = seed >>> 0;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i) >>> 0;
      mt[i] = s;
    }
    this.pos = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  private twist(): void {
    const mt = this.mt;
    let y: number;
    let k = 0;
    for (; k < N - M; k++) {
      y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      mt[k] = mt[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; k < N - 1; k++) {
      y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      mt[k] = mt[k + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }

  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits, like `random_sample`. */
  randomDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Legacy polar Box–Muller: each accepted pair yields two normals, the second kept for the next call. */
  standardNormal(): number {
    if (this.hasGauss) {
      const cached = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomDouble() - 1;
      x2 = 2 * this.randomDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * correctLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `normal(loc, scale, size=n)`: loc + scale * gauss, in draw order. */
  normal(loc: number, scale: number, n: number): Float64Array {
    checkCount(n);
    if (!(scale >= 0)) throw new RangeError(`scale must be >= 0, got ${scale}`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }

  /** `uniform(low, high, size=n)`: low + (high - low) * double. */
  uniform(low: number, high: number, n: number): Float64Array {
    checkCount(n);
    const range = high - low;
    if (!Number.isFinite(low) || !Number.isFinite(range)) {
      throw new RangeError(`uniform needs finite low and high - low, got low=${low}, high=${high}`);
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + range * this.randomDouble();
    return out;
  }
}

/** xorshift32 (Marsaglia): a tiny seeded generator of doubles in [0, 1) where NumPy's stream is not needed. */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}
