// What the playground shows of a whole state it is asked to load (a restore, a command, a
// chapter): the state itself where it builds, else the quadratic and the lesson's data in place of
// the parts that do not, with a notice saying what was replaced.
import type { Dataset } from '../../src/core/data/generate';
import type { UserSettings } from '../../src/protocol/settings';
import type { PlaygroundState, UserData } from '../../src/protocol/state';
import { keepUserCsv } from './changes';
import { datasetOf } from './data';
import { BuiltModel, buildModel } from './model';
import { Notice, SAVED_MODEL_UNUSABLE, savedDataUnusableNotice } from './notices';
import { defaultState, inputsOf, withRequest } from './state';
import { PLANE_DEFAULTS } from '../../src/core/data/generate-plane';

export interface UsableState {
  state: PlaygroundState;
  model: BuiltModel;
  data: Dataset;
  notice: Notice | null;
  /** Saved user data whose points were not saved (too many): its file must be read again. */
  needed: UserData | null;
}

/** `state` made showable after `current`; `notice` is shown unless something had to be replaced. */
export function usableState(current: PlaygroundState, state: PlaygroundState, settings: UserSettings, notice: Notice | null): UsableState {
  let next = keepUserCsv(current, state);
  let problem = notice;
  let built = buildModel(next.model);
  if (!built.ok || built.model.names.length !== next.params.length) {
    problem = SAVED_MODEL_UNUSABLE;
    next = withRequest(next, { preset: 'quadratic' });
    built = buildModel(next.model);
  }
  let needed: UserData | null = null;
  if (next.data.kind === 'csv' && next.data.x.length === 0 && next.data.source !== 'drawn') {
    // Too many points to save: show the lesson's data until the file is read again, of two inputs
    // for a file of two (so the model, a network or a formula of x1 and x2, keeps its weights).
    needed = next.data;
    const lesson = defaultState(settings).data;
    const placeholder: PlaygroundState['data'] =
      inputsOf(next.data) === 2 && lesson.kind === 'generator'
        ? { kind: 'generator', settings: { ...lesson.settings, ...PLANE_DEFAULTS } }
        : lesson;
    next = { ...next, data: placeholder, userCsv: next.data };
  }
  let data = datasetOf(next.data);
  if (!data.ok) {
    problem = savedDataUnusableNotice(data.error);
    next = { ...next, data: defaultState(settings).data };
    data = datasetOf(next.data);
  }
  if (!built.ok || !data.ok) throw new Error('The default model and data must build');
  return { state: next, model: built.model, data: data.data, notice: problem, needed };
}
