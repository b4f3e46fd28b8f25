// The loss curve and the step log, kept bounded: the curve keeps every `stride`-th step and
// halves itself (doubling the stride) when it grows past LIMITS.lossCurvePoints; the log keeps its last lines.
// Every function returns a new history and leaves the one it was given as it was.
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
 * The history with the losses of a chunk whose first update was step `firstStep` added. `thinned`
 * is true when the curve was thinned (its earlier points changed, so a chart must redraw it).
 */
export function withLosses(
  history: HistoryState,
  firstStep: number,
  losses: ArrayLike<number>,
): { history: HistoryState; thinned: boolean } {
  let stride = strideOf(history);
  let thinned = false;
  let steps = [...history.steps];
  let values = [...history.losses];
  for (let j = 0; j < losses.length; j++) {
    const step = firstStep + j;
    if (step % stride !== 0 || !Number.isFinite(losses[j])) continue;
    steps.push(step);
    values.push(losses[j]);
    if (steps.length > LIMITS.lossCurvePoints) {
      stride *= 2;
      const keep = steps.map((s, i) => (s % stride === 0 ? i : -1)).filter((i) => i >= 0);
      steps = keep.map((i) => steps[i]);
      values = keep.map((i) => values[i]);
      thinned = true;
    }
  }
  return { history: { ...history, steps, losses: values }, thinned };
}

/** The history with `lines` added to its log, keeping the last LIMITS.logLines. */
export function withLog(history: HistoryState, lines: string[]): HistoryState {
  const log = [...history.log, ...lines];
  return { ...history, log: log.length > LIMITS.logLines ? log.slice(log.length - LIMITS.logLines) : log };
}

/** A log line in the notebook's format; a long parameter vector is cut to its first values. */
export function logLine(step: number, loss: number, params: ArrayLike<number>): string {
  const MAX = 12;
  if (params.length <= MAX) return formatLessonLine(step, loss, params);
  const head = formatLessonLine(step, loss, Array.from(params).slice(0, MAX));
  return `${head.slice(0, -1)}, … ${params.length - MAX} more]`;
}
