// The playground's state and its pure transitions. The state is what VS Code keeps across a window
// reload and what the host remembers for "Open Playground"; everything else is derived from it.
import { NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { flatParamNames } from '../../src/core/formula/program';
import { ModelSetup } from '../../src/core/model/presets';
import { DataExtent } from '../../src/core/model/unit-start';
import type { OpenRequest } from '../../src/protocol/messages';
import type { UserSettings } from '../../src/protocol/settings';
import { isPlane, PlaygroundState, STATE_VERSION, TrainControls } from '../../src/protocol/state';
import { emptyHistory } from './history';
import { carryRanges, setupForRequest } from './model';
import { defaultNetworkState, withNetwork } from '../layers/network-state';

/** 2 for data of two inputs (x1, x2), else 1; a file too large to save says so by its x2 column. */
export function inputsOf(data: PlaygroundState['data']): number {
  if (data.kind === 'generator') return isPlane(data.settings) ? 2 : 1;
  return data.x2 !== undefined || data.columns?.x2Index !== undefined ? 2 : 1;
}

/** The training settings a fresh playground (or a command) starts with: the user's defaults, the lesson's loss. */
export function defaultTrain(settings: UserSettings): TrainControls {
  return {
    lr: settings.learningRate,
    schedule: { kind: 'constant' },
    stepsPerFrame: settings.stepsPerFrame,
    loss: 'mae',
    accumulateGrad: false,
    backend: settings.backend,
    stopAt: 0,
  };
}

export function defaultState(settings: UserSettings): PlaygroundState {
  const base: PlaygroundState = {
    version: STATE_VERSION,
    model: { preset: 'quadratic', formula: '', vectors: {} },
    init: [],
    params: [],
    ranges: {},
    yDomain: null,
    data: { kind: 'generator', settings: { ...NOTEBOOK_SETTINGS } },
    train: defaultTrain(settings),
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
    loopStart: 0,
    customFormula: state.model.preset === 'custom' && state.model.formula ? state.model.formula : state.customFormula,
  };
}

export function withRequest(state: PlaygroundState, request: OpenRequest, extent?: DataExtent): PlaygroundState {
  if (request.preset === 'layers') return withNetwork(state, defaultNetworkState(inputsOf(state.data)));
  return { ...withModel(state, setupForRequest({ ...request, preset: request.preset }, 0, extent)), chapter: null };
}

/**
 * What a command (Fit Quadratic, the code lens, …) opens: its whole setup, the model on the
 * lesson's 20 points with the default training settings, whatever the panel showed before.
 */
export function commandState(state: PlaygroundState, request: OpenRequest, settings: UserSettings): PlaygroundState {
  const fresh = defaultState(settings);
  return withRequest({ ...state, data: fresh.data, train: fresh.train }, request);
}

/** New defaults from the user's settings: the backend, the learning rate and steps per frame. */
export function withSettings(state: PlaygroundState, settings: UserSettings): PlaygroundState {
  return {
    ...state,
    train: { ...state.train, backend: settings.backend, lr: settings.learningRate, stepsPerFrame: settings.stepsPerFrame },
  };
}
