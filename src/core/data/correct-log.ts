// A natural logarithm rounded correctly to the nearest double, for the RNG's Box–Muller step:
// NumPy calls the C library's log there, which is (to within a hair) correctly rounded, while
// V8's Math.log is off by an ulp or more in a few percent of cases. Evaluated in double-double
// arithmetic (about 106 bits), then rounded once.
//
//   x = m · 2^e with m in [√½, √2),  log x = e·ln 2 + 2·atanh(s),  s = (m − 1)/(m + 1),
//   2·atanh(s) = 2s·(1 + t/3 + t²/5 + …), t = s² ≤ 0.0295.

type DD = [hi: number, lo: number];

const SPLITTER = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = quickTwoSum(s, e + t);
  return quickTwoSum(s2, e2 + f);
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = add(a, mul([-q1, 0], b));
  const q2 = r[0] / b[0];
  r = add(r, mul([-q2, 0], b));
  const q3 = r[0] / b[0];
  return add(quickTwoSum(q1, q2), [q3, 0]);
}

/** 1/(2k + 1) as double-doubles, k = 0 … 6: the series terms evaluated in full precision. */
const INVERSE_ODD: DD[] = [1, 3, 5, 7, 9, 11, 13].map((d) => div([1, 0], [d, 0]));
const BITS = new DataView(new ArrayBuffer(8));
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** log(x), correctly rounded (to about 2^-100 before the last rounding). */
export function correctLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x); // NaN, 0, negatives, Infinity: as IEEE says
  // x = m · 2^e read from the bits (subnormals scaled up first); m in [1, 2), then [√½, √2).
  let e = 0;
  let v = x;
  if (v < 2 ** -1022) {
    v *= 2 ** 64;
    e = -64;
  }
  BITS.setFloat64(0, v);
  const high = BITS.getUint32(0);
  e += ((high >>> 20) & 0x7ff) - 1023;
  BITS.setUint32(0, (high & 0x800fffff) | 0x3ff00000);
  let m = BITS.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e++;
  }
  if (m === 1) return mul(LN2, [e, 0])[0];
  const s = div([m - 1, 0], twoSum(m, 1)); // m − 1 is exact for m in [√½, √2)
  const t = mul(s, s);
  // Horner from the top: terms from t^7 on are below 2^-35 of the sum, plain doubles carry them.
  let tail = 0;
  for (let k = 24; k >= 7; k--) tail = tail * t[0] + 1 / (2 * k + 1);
  let series: DD = [tail, 0];
  for (let k = 6; k >= 0; k--) series = add(INVERSE_ODD[k], mul(series, t));
  const logM = mul([2 * s[0], 2 * s[1]], series);
  return e === 0 ? logM[0] : add(mul(LN2, [e, 0]), logM)[0];
}
