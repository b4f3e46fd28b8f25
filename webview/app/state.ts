// The playground's state and its pure transitions. The state is what VS Code keeps across a window
// reload and what the host remembers for "Open Playground"; everything else is derived from it.
import { NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { flatParamNames } from '../../src/core/formula/program';
import { ModelSetup } from '../../src/core/model/presets';
import type { OpenRequest } from '../../src/protocol/messages';
import type { UserSettings } from '../../src/protocol/settings';
import { PlaygroundState, STATE_VERSION } from '../../src/protocol/state';
import { emptyHistory } from './history';
import { carryRanges, setupForRequest } from './model';

export function defaultState(settings: UserSettings): PlaygroundState {
  const base: PlaygroundState = {
    version: STATE_VERSION,
    model: { preset: 'quadratic', formula: '', vectors: {} },
    init: [],
    params: [],
    ranges: {},
    yDomain: null,
    data: { kind: 'generator', settings: { ...NOTEBOOK_SETTINGS } },
    train: {
      lr: settings.learningRate,
      schedule: { kind: 'constant' },
      stepsPerFrame: settings.stepsPerFrame,
      loss: 'mae',
      accumulate: false,
      backend: settings.backend,
      stopAt: 0,
    },
    step: 0,
    history: emptyHistory(),
    chapter: null,
    customFormula: null,
  };
  return withModel(base, setupForRequest({ preset: 'quadratic' }));
}

/** A new model from its start values: a fresh run (step 0, empty history) with the model's y range. */
export function withModel(state: PlaygroundState, setup: ModelSetup, start?: Record<string, number>): PlaygroundState {
  const names = flatParamNames(setup.program);
  const init = Array.from(setup.init, (v, i) => start?.[names[i]] ?? v);
  return {
    ...state,
    model: { preset: setup.preset, formula: setup.formula, vectors: { ...setup.vectors } },
    init,
    params: [...init],
    ranges: carryRanges({}, names, init),
    yDomain: setup.yRange ? [...setup.yRange] : null,
    step: 0,
    direction: undefined,
    history: emptyHistory(),
    customFormula: state.model.preset === 'custom' && state.model.formula ? state.model.formula : state.customFormula,
  };
}

export function withRequest(state: PlaygroundState, request: OpenRequest): PlaygroundState {
  return { ...withModel(state, setupForRequest(request)), chapter: null };
}

/** New defaults from the user's settings: the backend, the learning rate and steps per frame. */
export function withSettings(state: PlaygroundState, settings: UserSettings): PlaygroundState {
  return {
    ...state,
    train: { ...state.train, backend: settings.backend, lr: settings.learningRate, stepsPerFrame: settings.stepsPerFrame },
  };
}
