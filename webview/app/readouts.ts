// Questions the views ask about what the playground shows, answered from its state: whether the
// fit is exact, and the y range the lesson uses for the model on screen.
import type { LossName } from '../../src/core/eval/loss';
import { PRESETS } from '../../src/core/model/presets';
import type { PlaygroundState } from '../../src/protocol/state';
import { chapterById } from '../lesson/chapters';

/** The largest |y| of each target array asked about (a data set's targets never change): one pass per data set, not per redraw. */
const scales = new WeakMap<ArrayLike<number>, number>();

function scaleOf(y: ArrayLike<number>): number {
  let scale = scales.get(y);
  if (scale === undefined) {
    scale = 0;
    for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]));
    scales.set(y, scale);
  }
  return scale;
}

/** Whether a model with `loss` on targets `y` goes through every point (what is left of the loss is rounding). */
export function fitsExactly(y: ArrayLike<number>, loss: number, lossName: LossName): boolean {
  return Number.isFinite(loss) && loss <= 1e-6 * Math.max(1, scaleOf(y)) ** (lossName === 'mse' ? 2 : 1);
}

/** The y range the lesson uses for this model (its chapter's, else its preset's), or null for automatic. */
export function lessonYDomain(state: PlaygroundState): [number, number] | null {
  const chapter = state.chapter ? chapterById(state.chapter) : undefined;
  if (chapter) return chapter.yDomain ? [...chapter.yDomain] : null;
  const preset = state.model.preset;
  if (preset === 'custom' || preset === 'nRelus' || preset === 'layers') return null;
  return PRESETS[preset].yRange;
}
