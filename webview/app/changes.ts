// The state after the learner changes the model or the data, as pure functions: a new model
// carries values by name and starts a fresh run; new data keeps the parameters and starts a fresh
// run; the user's own CSV data is remembered whatever replaces it; a file read again unchanged after
// a reload resumes the run.
import { N_RELU_FORMULA, PRESETS } from '../../src/core/model/presets';
import type { DataExtent } from '../../src/core/model/unit-start';
import { Dataset, inputCount, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import type { PlaygroundState, UserData } from '../../src/protocol/state';
import { inputsOf } from './state';
import { isDrawn } from './drawn-data';
import { emptyHistory } from './history';
import { BuiltModel, carryRanges, startValues } from './model';

/** The part of a state that starts a run over: step 0, no accumulated gradient, an empty log counted from 0. */
export function freshRun(): Pick<PlaygroundState, 'step' | 'direction' | 'history' | 'loopStart'> {
  return { step: 0, direction: undefined, history: emptyHistory(), loopStart: 0 };
}

/** `next`, remembering the user's CSV data when `next` replaces it (or loads a new one). */
export function keepUserCsv(current: PlaygroundState, next: PlaygroundState): PlaygroundState {
  if (next.data.kind === 'csv') return { ...next, userCsv: next.data };
  if (current.data.kind === 'csv') return { ...next, userCsv: current.data };
  return { ...next, userCsv: next.userCsv ?? current.userCsv ?? null };
}

/** Whether `data` is the lesson's own: its generator's function over its x range (noise and seed aside). */
export function isLessonData(data: PlaygroundState['data']): boolean {
  if (data.kind !== 'generator') return false;
  const s = data.settings;
  return s.fn === NOTEBOOK_SETTINGS.fn && s.min === NOTEBOOK_SETTINGS.min && s.max === NOTEBOOK_SETTINGS.max;
}

/** The preset a formula is, or 'custom'. */
export function presetFor(
  formula: string,
  current: PlaygroundState['model']['preset'],
  vectors: Record<string, number>,
): PlaygroundState['model']['preset'] {
  const compact = (s: string) => s.replace(/\s+/g, '');
  for (const id of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) if (compact(PRESETS[id].formula) === compact(formula)) return id;
  if (current === 'nRelus' && Object.keys(vectors).length && compact(formula) === compact(N_RELU_FORMULA)) return 'nRelus';
  return 'custom';
}

/** What the model being replaced holds: its parameter names, current values, start values and slider ranges. */
export interface ShownModel {
  names: string[];
  params: ArrayLike<number>;
  init: ArrayLike<number>;
  ranges: PlaygroundState['ranges'];
}

/**
 * `base` with a new model: values carried by name from `shown`, new units started apart over
 * `extent`; a fresh run (step 0).
 */
export function withNewModel(
  base: PlaygroundState,
  shown: ShownModel,
  model: PlaygroundState['model'],
  built: BuiltModel,
  extent: DataExtent,
): PlaygroundState {
  const values = startValues({ names: shown.names, values: shown.params }, built, extent);
  const init = startValues({ names: shown.names, values: shown.init }, built, extent);
  return {
    ...base,
    ...freshRun(),
    model,
    params: values,
    init,
    ranges: carryRanges(shown.ranges, built.names, values),
    customFormula: model.preset === 'custom' ? model.formula : base.customFormula,
  };
}

/** `current` with new data: the parameters stay, the run starts over (step 0, an empty log). */
export function withNewData(current: PlaygroundState, data: PlaygroundState['data']): PlaygroundState {
  // The lesson's y range is for the lesson's data: other data starts on an automatic range.
  // Points drawn by hand stay in the range they are drawn in.
  const yDomain = isLessonData(data) || isDrawn(data) ? current.yDomain : null;
  return keepUserCsv(current, { ...current, ...freshRun(), params: [...current.params], data, yDomain });
}

/**
 * `current` using `incoming`, the file a restored state was using (`awaited`, too large to have been
 * saved) read again unchanged: same path, modification time and point count, the same inputs. The
 * run goes on where it was (weights, step, loss curve); null when it is not that file as it was.
 */
export function resumedState(current: PlaygroundState, awaited: UserData, incoming: UserData, data: Dataset): PlaygroundState | null {
  const same =
    awaited.path !== undefined &&
    incoming.path === awaited.path &&
    incoming.mtime === awaited.mtime &&
    incoming.count === awaited.count &&
    inputCount(data) === inputsOf(awaited) &&
    current.userCsv?.path === awaited.path;
  return same ? { ...current, data: incoming, userCsv: incoming } : null;
}
