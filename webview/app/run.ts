// How a training run moves the state on: how many updates the next chunk takes, where "stop
// after" ends the loop, and the state after a chunk (its parameters, step, accumulated gradient,
// stretched slider ranges, loss curve and the notebook-numbered log line).
import type { ChunkResult, TrainingCheckpoint } from '../../src/core/backends/backend';
import { ownValue, setOwnValue } from '../../src/core/own-record';
import type { PlaygroundState } from '../../src/protocol/state';
import { logLine, withLog, withLosses } from './history';
import { defaultRange, rangeToInclude } from './ranges';

/** The steps taken since the notebook's loop started (what "stop after" counts). */
export function loopSteps(state: PlaygroundState): number {
  return state.step - (state.loopStart ?? 0);
}

/** The step at which Train pauses by itself ("stop after" counts the loop's steps), or null for never. */
export function stopStep(state: PlaygroundState): number | null {
  const { stopAt } = state.train;
  return stopAt > 0 ? (state.loopStart ?? 0) + stopAt : null;
}

/** Updates for the next chunk of a run: steps per frame, fewer near "stop after", 0 once there. */
export function nextChunkSteps(state: PlaygroundState): number {
  const { stepsPerFrame } = state.train;
  const target = stopStep(state);
  return target !== null ? Math.max(0, Math.min(stepsPerFrame, target - state.step)) : stepsPerFrame;
}

/** Slider ranges stretched to include `values`. */
export function rangesIncluding(ranges: PlaygroundState['ranges'], names: string[], values: ArrayLike<number>): PlaygroundState['ranges'] {
  const out = { ...ranges };
  names.forEach((name, i) => setOwnValue(out, name, rangeToInclude(ownValue(out, name) ?? defaultRange(values[i]), values[i])));
  return out;
}

/**
 * The state after a chunk; `thinned` says the loss curve's earlier points changed (a chart must
 * redraw it whole).
 */
export function withChunk(
  state: PlaygroundState,
  names: string[],
  result: ChunkResult,
  resume: TrainingCheckpoint,
): { state: PlaygroundState; thinned: boolean } {
  const count = result.losses.length;
  const step = result.step;
  const { history: curve, thinned } = withLosses(state.history, step - count, result.losses);
  // Numbered as the notebook's loop numbers them: from the step its loop started at.
  const loopStep = step - 1 - (state.loopStart ?? 0);
  const history = count > 0 ? withLog(curve, [logLine(loopStep, result.losses[count - 1], result.params)]) : curve;
  return {
    state: {
      ...state,
      params: Array.from(result.params),
      step,
      direction: Array.from(resume.direction),
      ranges: rangesIncluding(state.ranges, names, result.params),
      history,
    },
    thinned,
  };
}
