// Saved states of earlier versions, brought to the current one before they are checked. Each
// step takes version n to n + 1 and changes only what that version renamed; a state of an
// unknown version passes through untouched (the schema then refuses it, naming the version).
//   1 → 2: train.accumulate became train.accumulateGrad (the name core's TrainConfig uses).
//   2 → 3: nothing renamed; fields were added (model.network for "Layers", data of two inputs:
//          generator min2/max2 and CSV x2, views.layers). A version 2 state means the same in 3.
//   3 → 4: nothing renamed; fields were added (model.inputs for a formula of x1 and x2, and the CSV's
//          columns.x2/x2Index so a two-input file too large to save is read again with its x2).
import { isPlainRecord } from './check';

type Step = (state: Record<string, unknown>) => Record<string, unknown>;

const STEPS: Record<number, Step> = {
  1: (state) => {
    const train = isPlainRecord(state.train) ? { ...state.train } : state.train;
    if (isPlainRecord(train) && 'accumulate' in train) {
      train.accumulateGrad = train.accumulate;
      delete train.accumulate;
    }
    return { ...state, version: 2, train };
  },
  2: (state) => ({ ...state, version: 3 }),
  3: (state) => ({ ...state, version: 4 }),
};

/** `raw` brought to the current STATE_VERSION where it is an older saved state; otherwise as it is. */
export function migrateState(raw: unknown): unknown {
  if (!isPlainRecord(raw)) return raw;
  let state = raw;
  for (;;) {
    const version = state.version;
    if (typeof version !== 'number' || !Object.prototype.hasOwnProperty.call(STEPS, version)) return state;
    state = STEPS[version](state);
  }
}
