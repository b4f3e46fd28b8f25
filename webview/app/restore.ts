// Whether a saved state can be shown as it is. The protocol's validator already refuses a state
// whose formula does not compile or whose values do not fit it; this adds what only running it
// shows (the generator's function may be non-finite on the data's range). A state that fails is
// kept untouched (see Playground.restore), never replaced by a default.
import type { PlaygroundState } from '../../src/protocol/state';
import { datasetOf } from './data';
import { buildModel } from './model';

/** What keeps `state` from being restored, or null. */
export function restoreProblem(state: PlaygroundState): string | null {
  const built = buildModel(state.model);
  if (!built.ok) return `its model does not compile (${built.error.message})`;
  if (built.value.names.length !== state.params.length)
    return `its model has ${built.value.names.length} parameters, not ${state.params.length}`;
  const data = datasetOf(state.data);
  return data.ok ? null : `its data cannot be made (${data.error})`;
}
