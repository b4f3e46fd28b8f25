// How numbers are shown to the learner, in the lesson's own style.
import { LossName, LOSS_LABELS } from './eval/loss';
import { Program } from './formula/program';
import { setOwnValue } from './own-record';

/**
 * `step=0; loss=2.30 and [1.1406, 1.1009, 1.1150]`: the notebook loop's print, the loss (2
 * decimals) before the update, the parameters (4 decimals, as a tensor prints) after it.
 */
export function formatLessonLine(step: number, loss: number, params: ArrayLike<number>, lossDigits = 2, paramDigits = 4): string {
  return `step=${step}; loss=${fixed(loss, lossDigits)} and [${Array.from(params, (v) => fixed(v, paramDigits)).join(', ')}]`;
}

/** `toFixed`, except that a number too large to read that way is written whole in scientific notation, 1.26e+293. */
export function fixed(value: number, digits = 2): string {
  return Math.abs(value) >= 1e9 ? value.toExponential(digits) : value.toFixed(digits);
}

/**
 * A number in at most `width` characters for a narrow box, never cut: up to five significant
 * digits, or scientific notation with the whole exponent (−4.6e+152, never a truncated −4.600e+1)
 * where plain digits would not fit or would read as zero.
 */
export function compactNumber(value: number, width = 10): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  const plain = Number(value.toPrecision(5)).toString();
  if (abs >= 1e-3 && abs < 1e6 && plain.length <= width) return plain;
  for (let digits = 3; digits >= 0; digits--) {
    const text = value.toExponential(digits).replace(/\.?0+e/, 'e');
    if (text.length <= width || digits === 0) return text;
  }
  return value.toExponential(0);
}

/** The chart title: `MAE: 1.07`. */
export function formatLossTitle(loss: LossName, value: number): string {
  return `${LOSS_LABELS[loss]}: ${Number.isFinite(value) ? fixed(value) : String(value)}`;
}

/** Parameters keyed by name: a number for a scalar, an array for a vector parameter. */
export function namedParams(program: Program, flat: ArrayLike<number>): Record<string, number | number[]> {
  const named: Record<string, number | number[]> = {};
  for (const p of program.params) {
    setOwnValue(named, p.name, p.size === 1 ? flat[p.offset] : Array.from({ length: p.size }, (_, i) => flat[p.offset + i]));
  }
  return named;
}
