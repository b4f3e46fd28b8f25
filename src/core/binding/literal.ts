// Writes a slider's value back as source text in the form of the literal it replaces: as many
// decimals as the literal had or the slider's step needs (1.1 stays 1.1, never
// 1.1000000000000001), exponent notation kept (`1e-3` → `1.5e-3`), a leading `.5` or a trailing
// `1.` or `+` kept, never `-0`.

const LITERAL = /^([+-]?)\s*(\d[\d_]*)?(?:\.(\d[\d_]*)?)?(?:([eE])([+-]?\d+))?$/;

/** Decimals a slider step needs: 0.005 → 3, 0.01 → 2, 1 → 0. */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.max(0, Math.min(12, Math.ceil(-Math.log10(step) - 1e-9)));
}

function trimZeros(digits: string, keep: number): string {
  const dot = digits.indexOf('.');
  if (dot < 0) return digits;
  let end = digits.length;
  while (end > dot + 1 + keep && digits[end - 1] === '0') end--;
  if (end === dot + 1) end = dot;
  return digits.slice(0, end);
}

export function formatLiteral(value: number, original: string, step: number): string {
  if (!Number.isFinite(value)) return original;
  const match = LITERAL.exec(original.trim());
  const sign = match?.[1] ?? '';
  const intPart = match?.[2];
  const fraction = (match?.[3] ?? '').replace(/_/g, '');
  const hasDot = /\./.test(original);
  const expLetter = match?.[4];
  const negative = value < 0;
  const size = Math.abs(value);
  let body: string;
  if (expLetter && size > 0) {
    const exponent = Math.floor(Math.log10(size));
    const need = step > 0 ? Math.max(0, exponent - Math.floor(Math.log10(step))) : fraction.length;
    const decimals = Math.min(15, Math.max(fraction.length, need));
    const [mantissa, exp] = size.toExponential(decimals).split('e');
    const shown = trimZeros(mantissa, fraction.length);
    body = `${shown}${expLetter}${exp.replace(/^\+/, '')}`;
  } else {
    const decimals = Math.max(fraction.length, stepDecimals(step));
    body = trimZeros(size.toFixed(decimals), fraction.length);
    if (hasDot && !body.includes('.')) body += fraction.length ? `.${'0'.repeat(fraction.length)}` : '.';
    if (intPart === undefined && hasDot && body.startsWith('0.') && body.length > 2) body = body.slice(1);
  }
  const zero = !/[1-9]/.test(body.replace(/[eE].*$/, ''));
  if (negative && !zero) return `-${body}`;
  return sign === '+' ? `+${body}` : body;
}
