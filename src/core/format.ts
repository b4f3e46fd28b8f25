// How numbers are shown to the learner, in the lesson's own style.
import { LossName, LOSS_LABELS } from './eval/loss';
import { Program } from './formula/program';

/** `step=4; loss=1.23 and [0.50, 0.25, 0.75]`: the notebook loop's print, loss before the update, params after it. */
export function formatLessonLine(step: number, loss: number, params: ArrayLike<number>, digits = 2): string {
  return `step=${step}; loss=${fixed(loss, digits)} and [${Array.from(params, (v) => fixed(v, digits)).join(', ')}]`;
}

/** `toFixed`, except that a number too large to read that way is written 1.26e+293. */
export function fixed(value: number, digits = 2): string {
  return Math.abs(value) >= 1e9 ? value.toExponential(digits) : value.toFixed(digits);
}

/** The chart title: `MAE: 1.07`. */
export function formatLossTitle(loss: LossName, value: number): string {
  return `${LOSS_LABELS[loss]}: ${Number.isFinite(value) ? fixed(value) : String(value)}`;
}

/** Parameters keyed by name: a number for a scalar, an array for a vector parameter. */
export function namedParams(program: Program, flat: ArrayLike<number>): Record<string, number | number[]> {
  const named: Record<string, number | number[]> = {};
  for (const p of program.params) {
    named[p.name] = p.size === 1 ? flat[p.offset] : Array.from({ length: p.size }, (_, i) => flat[p.offset + i]);
  }
  return named;
}
