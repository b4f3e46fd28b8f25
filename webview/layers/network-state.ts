// The "Layers" model in the playground's state, as pure transitions: a network state as the
// saved model (preset "layers", its shape written as the CLI's --model), a state with a new network
// (its weights from the seeded nn.Linear default, a fresh run), and the network a data set needs
// (one input for x, two for x1, x2): data of two inputs turns a formula model into a network too.
import type { Dataset } from '../../src/core/data/generate';
import { inputCount } from '../../src/core/data/generate';
import { defaultNetwork, withInputs } from '../../src/core/model/mlp-edit';
import { formatLayers, initMlp, MlpSpec } from '../../src/core/model/mlp';
import type { ModelState, NetworkState, PlaygroundState } from '../../src/protocol/state';
import type { ViewsState } from '../../src/protocol/views';
import { emptyHistory } from '../app/history';

export type LayerViews = NonNullable<ViewsState['layers']>;
/** The layers' views as they first open: weights and neurons shown, points coloured by value. */
export const DEFAULT_LAYER_VIEWS: LayerViews = { weights: true, neurons: true, points: 'value' };

/** `state`'s views with a change to the layers' part. */
export function withLayerViews(state: PlaygroundState, change: Partial<LayerViews>): NonNullable<PlaygroundState['views']> {
  const current = state.views ?? { open: [] };
  return { ...current, layers: { ...(current.layers ?? DEFAULT_LAYER_VIEWS), ...change } };
}

/** The default "Layers" network on `inputs` inputs, seed 0. */
export function defaultNetworkState(inputs = 1): NetworkState {
  return { ...defaultNetwork(inputs), seed: 0 };
}

export function specOf(network: NetworkState): MlpSpec {
  return { inputs: network.inputs, hidden: network.hidden.map((layer) => ({ ...layer })) };
}

export function networkModel(network: NetworkState): ModelState {
  return {
    preset: 'layers',
    formula: formatLayers(specOf(network)),
    vectors: {},
    network: { ...network, hidden: network.hidden.map((l) => ({ ...l })) },
  };
}

/**
 * `state` with `network` as its model, started from initMlp(network, seed): step 0, an empty log,
 * no sliders (a network's weights are shown as heat maps), an automatic y range.
 */
export function withNetwork(state: PlaygroundState, network: NetworkState): PlaygroundState {
  const init = Array.from(initMlp(specOf(network), network.seed));
  return {
    ...state,
    model: networkModel(network),
    init,
    params: [...init],
    ranges: {},
    yDomain: null,
    step: 0,
    direction: undefined,
    history: emptyHistory(),
    loopStart: 0,
    chapter: null,
    customFormula: state.model.preset === 'custom' && state.model.formula ? state.model.formula : state.customFormula,
  };
}

/** `state` with `network` as its model started from `weights` (flat, the layout of mlp.ts) instead of its seeded start. */
export function withNetworkWeights(state: PlaygroundState, network: NetworkState, weights: ArrayLike<number>): PlaygroundState {
  const next = withNetwork(state, network);
  if (weights.length !== next.params.length)
    throw new RangeError(`The network has ${next.params.length} parameters, not ${weights.length}`);
  return { ...next, init: Array.from(weights), params: Array.from(weights) };
}

/**
 * The state with a model that fits `data`'s inputs, or null when the current one does: a network
 * takes as many inputs as the data has; a formula of x cannot take two inputs, nor a formula of x1
 * and x2 one, so each becomes the default network on the data's inputs.
 */
export function modelForData(state: PlaygroundState, data: Dataset): { state: PlaygroundState; why: string } | null {
  const inputs = inputCount(data);
  const network = state.model.network;
  if (network) {
    if (network.inputs === inputs) return null;
    const edited = withInputs(specOf(network), inputs);
    if (!edited.ok) return null;
    return {
      state: withNetwork(state, { ...network, inputs }),
      why: `The data has ${inputs === 2 ? 'two inputs (x1, x2)' : 'one input (x)'}: the network now takes ${inputs}, and starts again.`,
    };
  }
  if ((state.model.inputs ?? 1) === inputs) return null;
  if (inputs === 1) {
    return {
      state: withNetwork(state, defaultNetworkState(1)),
      why: 'The data has one input (x): a formula of x1 and x2 cannot fit it, so the model is now a network of one input (Layers).',
    };
  }
  return {
    state: withNetwork(state, defaultNetworkState(2)),
    why:
      'The data has two inputs (x1, x2): a formula of x cannot fit it, so the model is now a network of two inputs ' +
      '(Layers); choose Custom formula for one of x1 and x2.',
  };
}
