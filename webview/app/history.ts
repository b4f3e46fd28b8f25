// The loss curve and the step log, kept bounded: the curve keeps every `stride`-th step and
// halves itself (doubling the stride) when it grows past LIMITS.lossCurvePoints; the log keeps its last lines.
import { formatLessonLine } from '../../src/core/format';
import { LIMITS } from '../../src/core/limits';
import type { HistoryState } from '../../src/protocol/state';

export function emptyHistory(): HistoryState {
  return { steps: [], losses: [], log: [] };
}

/** The stride the kept steps follow (1 until the first halving). */
export function strideOf(history: HistoryState): number {
  return history.steps.length > 1 ? Math.max(1, history.steps[1] - history.steps[0]) : 1;
}

/**
 * Adds the losses of a chunk whose first update was step `firstStep`. Returns true when the curve
 * was thinned (its earlier points changed, so a chart must redraw it rather than append).
 */
export function appendLosses(history: HistoryState, firstStep: number, losses: ArrayLike<number>): boolean {
  let stride = strideOf(history);
  let thinned = false;
  for (let j = 0; j < losses.length; j++) {
    const step = firstStep + j;
    if (step % stride !== 0 || !Number.isFinite(losses[j])) continue;
    history.steps.push(step);
    history.losses.push(losses[j]);
    if (history.steps.length > LIMITS.lossCurvePoints) {
      stride *= 2;
      const keep = history.steps.map((s, i) => (s % stride === 0 ? i : -1)).filter((i) => i >= 0);
      history.steps = keep.map((i) => history.steps[i]);
      history.losses = keep.map((i) => history.losses[i]);
      thinned = true;
    }
  }
  return thinned;
}

export function appendLog(history: HistoryState, lines: string[]): void {
  history.log.push(...lines);
  if (history.log.length > LIMITS.logLines) history.log.splice(0, history.log.length - LIMITS.logLines);
}

/** A log line in the notebook's format; a long parameter vector is cut to its first values. */
export function logLine(step: number, loss: number, params: ArrayLike<number>): string {
  const MAX = 12;
  if (params.length <= MAX) return formatLessonLine(step, loss, params);
  const head = formatLessonLine(step, loss, Array.from(params).slice(0, MAX));
  return `${head.slice(0, -1)}, … ${params.length - MAX} more]`;
}
