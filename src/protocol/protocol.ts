// The one message protocol between the extension host and the playground webview, imported by
// both sides. Every message that crosses the boundary is checked by `validateHostMessage` or
// `validateWebviewMessage` (one validator per message type); a malformed one is reported, not
// trusted. The persisted playground state is part of the protocol too: the webview sends it,
// the host keeps it for "Open Playground" and VS Code hands it back after a window reload.
import type { LossName } from '../core/eval/loss';
import type { BackendChoice } from '../core/backends/backend';
import type { GeneratorSettings } from '../core/data/generate';
import type { PresetId } from '../core/model/presets';
import type { Schedule } from '../core/train/sgd';
import { ViewsState, viewsProblem } from './views';

export const VIEW_TYPE = 'nnDeepDive.playground';
export const PANEL_TITLE = 'Neural Net Deep Dive';
export const STATE_VERSION = 1;

const PRESET_IDS: readonly PresetId[] = ['quadratic', 'relu', 'doubleRelu', 'nRelus'];
const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'cpu', 'wasm', 'webgpu'];
const LOSS_NAMES: readonly LossName[] = ['mae', 'mse'];
/** Bounds that keep a message from carrying absurd sizes into either side. */
export const LIMITS = { points: 1_000_000, params: 4096, historyPoints: 5000, logLines: 1000, textChars: 50_000_000 } as const;

export interface Settings {
  backend: BackendChoice;
  stepsPerFrame: number;
  learningRate: number;
}

export const DEFAULT_SETTINGS: Settings = { backend: 'auto', stepsPerFrame: 10, learningRate: 0.01 };

/** What a command asks the playground to show. */
export interface OpenRequest {
  preset: PresetId;
  /** Number of ReLUs, for the `nRelus` preset. */
  units?: number;
}

export interface ModelState {
  preset: PresetId | 'custom';
  formula: string;
  /** Vector parameters and their length (the N of "N ReLUs"); empty for scalar models. */
  vectors: Record<string, number>;
}

export type DataState = { kind: 'generator'; settings: GeneratorSettings } | { kind: 'csv'; name: string; x: number[]; y: number[] };

export interface TrainState {
  lr: number;
  schedule: Schedule;
  stepsPerFrame: number;
  loss: LossName;
  accumulate: boolean;
  backend: BackendChoice;
  /** Train pauses by itself after this many steps; 0 = never. */
  stopAt: number;
}

export interface HistoryState {
  /** Loss curve, down-sampled: step numbers and the loss before that step's update. */
  steps: number[];
  losses: number[];
  /** The step log in the lesson's printed format, newest last. */
  log: string[];
}

export interface PlaygroundState {
  version: typeof STATE_VERSION;
  model: ModelState;
  /** Start values (Reset returns here), flat, in the program's parameter order. */
  init: number[];
  /** Current values, flat. */
  params: number[];
  /** Slider range per flat parameter name. */
  ranges: Record<string, [number, number]>;
  /** The chart's y range: the lesson's for this model, or null for automatic. */
  yDomain: [number, number] | null;
  data: DataState;
  train: TrainState;
  step: number;
  /** The accumulated gradient through the last update (accumulate mode), so training resumes exactly. */
  direction?: number[];
  history: HistoryState;
  chapter: string | null;
  /** The user's last own formula, kept when they switch to a preset. */
  customFormula: string | null;
  /** The user's last CSV data, kept when a chapter or the generator replaces it, to bring it back. */
  userCsv?: Extract<DataState, { kind: 'csv' }> | null;
  /** When the webview saved it (ms since 1970), to pick the newest of two saved copies. */
  savedAt?: number;
  /** The open "see why it learns" views and their choices. */
  views?: ViewsState;
}

export type HostMessage =
  | { type: 'init'; settings: Settings; state: PlaygroundState | null; request: OpenRequest | null }
  | { type: 'open'; request: OpenRequest }
  | { type: 'settings'; settings: Settings }
  | { type: 'csv'; name: string; text: string };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'state'; state: PlaygroundState }
  | { type: 'copy'; text: string; label: string }
  | { type: 'openCode'; code: string; language: 'python' }
  | { type: 'saveImage'; format: 'png' | 'svg'; data: string; name: string }
  | { type: 'pickCsv' }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

// ---- small structural checks -------------------------------------------------------------
type Check = (v: unknown, path: string) => string | null;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : `${p} must be a finite number`);
const text =
  (max: number = LIMITS.textChars): Check =>
  (v, p) =>
    typeof v !== 'string' ? `${p} must be a string` : v.length > max ? `${p} is too long` : null;
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : `${p} must be true or false`);
const oneOf =
  (values: readonly unknown[]): Check =>
  (v, p) =>
    values.includes(v) ? null : `${p} must be one of ${values.join(', ')}`;
const integer =
  (min: number, max: number): Check =>
  (v, p) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : `${p} must be a whole number from ${min} to ${max}`;
const nullable =
  (check: Check): Check =>
  (v, p) =>
    v === null ? null : check(v, p);
const optional =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? null : check(v, p);
const numbers =
  (max: number): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return `${p} must be a list of numbers`;
    if (v.length > max) return `${p} has more than ${max} values`;
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) return `${p}[${i}] must be a finite number`;
    return null;
  };
const pair: Check = (v, p) =>
  numbers(2)(v, p) ??
  ((v as number[]).length === 2 && (v as number[])[0] < (v as number[])[1] ? null : `${p} must be [min, max] with min < max`);
const shape =
  (fields: Record<string, Check>): Check =>
  (v, p) => {
    if (!isRecord(v)) return `${p} must be an object`;
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(v[key], `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
const recordOf =
  (check: Check, maxKeys: number): Check =>
  (v, p) => {
    if (!isRecord(v)) return `${p} must be an object`;
    const entries = Object.entries(v);
    if (entries.length > maxKeys) return `${p} has too many entries`;
    for (const [key, value] of entries) {
      const problem = check(value, `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
const all =
  (...checks: Check[]): Check =>
  (v, p) => {
    for (const check of checks) {
      const problem = check(v, p);
      if (problem) return problem;
    }
    return null;
  };

const settingsCheck = shape({ backend: oneOf(BACKEND_CHOICES), stepsPerFrame: integer(1, 100_000), learningRate: finite });
const requestCheck = shape({ preset: oneOf(PRESET_IDS), units: optional(integer(1, 256)) });
const generatorCheck = shape({
  fn: text(2000),
  n: integer(1, LIMITS.points),
  min: finite,
  max: finite,
  mult: finite,
  add: finite,
  seed: integer(0, 0xffffffff),
});
const scheduleCheck: Check = (v, p) => {
  if (!isRecord(v)) return `${p} must be an object`;
  switch (v.kind) {
    case 'constant':
      return null;
    case 'step':
      return shape({ every: integer(1, 1e9), gamma: finite })(v, p);
    case 'exponential':
      return shape({ gamma: finite })(v, p);
    case 'cosine':
      return shape({ steps: integer(1, 1e9), minLr: finite })(v, p);
    default:
      return `${p}.kind must be constant, step, exponential or cosine`;
  }
};
const dataCheck: Check = (v, p) => {
  if (!isRecord(v)) return `${p} must be an object`;
  if (v.kind === 'generator') return shape({ settings: generatorCheck })(v, p);
  if (v.kind !== 'csv') return `${p}.kind must be generator or csv`;
  const problem = shape({ name: text(1000), x: numbers(LIMITS.points), y: numbers(LIMITS.points) })(v, p);
  if (problem) return problem;
  return (v.x as number[]).length === (v.y as number[]).length && (v.x as number[]).length >= 2
    ? null
    : `${p}: x and y must have the same length, at least 2`;
};
const historyCheck: Check = (v, p) =>
  shape({
    steps: numbers(LIMITS.historyPoints),
    losses: numbers(LIMITS.historyPoints),
    log: (l, q) =>
      Array.isArray(l) && l.length <= LIMITS.logLines && l.every((s) => typeof s === 'string' && s.length < 10_000)
        ? null
        : `${q} must be a list of lines`,
  })(v, p) ??
  ((v as HistoryState).steps.length === (v as HistoryState).losses.length ? null : `${p}: steps and losses must have the same length`);

export const stateCheck: Check = (v, p) => {
  const problem = shape({
    version: oneOf([STATE_VERSION]),
    model: shape({ preset: oneOf([...PRESET_IDS, 'custom']), formula: text(2000), vectors: recordOf(integer(1, 256), 16) }),
    init: numbers(LIMITS.params),
    params: numbers(LIMITS.params),
    ranges: recordOf(pair, LIMITS.params),
    yDomain: nullable(pair),
    data: dataCheck,
    train: shape({
      lr: finite,
      schedule: scheduleCheck,
      stepsPerFrame: integer(1, 100_000),
      loss: oneOf(LOSS_NAMES),
      accumulate: bool,
      backend: oneOf(BACKEND_CHOICES),
      stopAt: integer(0, 1e9),
    }),
    step: integer(0, Number.MAX_SAFE_INTEGER),
    direction: optional(numbers(LIMITS.params)),
    history: historyCheck,
    chapter: nullable(text(100)),
    customFormula: nullable(text(2000)),
    userCsv: optional(nullable((u, q) => (isRecord(u) && u.kind === 'csv' ? dataCheck(u, q) : `${q} must be CSV data`))),
    savedAt: optional(finite),
    views: optional(viewsProblem),
  })(v, p);
  if (problem) return problem;
  const s = v as PlaygroundState;
  return s.init.length === s.params.length ? null : `${p}: init and params must have the same length`;
};

// ---- one validator per message type -------------------------------------------------------
const HOST_MESSAGES: Record<HostMessage['type'], Check> = {
  init: shape({ settings: settingsCheck, state: nullable(stateCheck), request: nullable(requestCheck) }),
  open: shape({ request: requestCheck }),
  settings: shape({ settings: settingsCheck }),
  csv: shape({ name: text(1000), text: text() }),
};

const WEBVIEW_MESSAGES: Record<WebviewMessage['type'], Check> = {
  ready: () => null,
  state: shape({ state: stateCheck }),
  copy: shape({ text: text(), label: text(200) }),
  openCode: shape({ code: text(), language: oneOf(['python']) }),
  saveImage: all(shape({ format: oneOf(['png', 'svg']), data: text(), name: text(200) }), (v, p) =>
    /^[\w .-]+$/.test((v as { name: string }).name) ? null : `${p}.name must be a plain file name`,
  ),
  pickCsv: () => null,
  log: shape({ level: oneOf(['info', 'warn', 'error']), message: text(10_000) }),
};

function validate<T>(table: Record<string, Check>, raw: unknown, side: string): Checked<T> {
  if (!isRecord(raw)) return { ok: false, reason: `${side} message is not an object` };
  const type = raw.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) {
    return { ok: false, reason: `unknown ${side} message type ${JSON.stringify(type)}` };
  }
  const problem = table[type](raw, type);
  return problem ? { ok: false, reason: `malformed ${side} message: ${problem}` } : { ok: true, value: raw as T };
}

/** Checks a message that the host sent to the webview. */
export function validateHostMessage(raw: unknown): Checked<HostMessage> {
  return validate<HostMessage>(HOST_MESSAGES, raw, 'host');
}

/** Checks a message that the webview sent to the host. */
export function validateWebviewMessage(raw: unknown): Checked<WebviewMessage> {
  return validate<WebviewMessage>(WEBVIEW_MESSAGES, raw, 'webview');
}

/** Checks a persisted playground state (from VS Code's serializer or the host's memory). */
export function validateState(raw: unknown): Checked<PlaygroundState> {
  const problem = stateCheck(raw, 'state');
  return problem ? { ok: false, reason: problem } : { ok: true, value: raw as PlaygroundState };
}

/** The more recently saved of two states (either may be missing). */
export function newestState(a: PlaygroundState | null, b: PlaygroundState | null): PlaygroundState | null {
  if (!a || !b) return a ?? b;
  return (b.savedAt ?? 0) > (a.savedAt ?? 0) ? b : a;
}

/** Settings from the user's configuration, with anything out of range replaced by the default. */
export function normalizeSettings(raw: Partial<Record<keyof Settings, unknown>>): Settings {
  const backend = BACKEND_CHOICES.includes(raw.backend as BackendChoice) ? (raw.backend as BackendChoice) : DEFAULT_SETTINGS.backend;
  const spf = Number(raw.stepsPerFrame);
  const lr = Number(raw.learningRate);
  return {
    backend,
    stepsPerFrame: Number.isInteger(spf) && spf >= 1 && spf <= 100_000 ? spf : DEFAULT_SETTINGS.stepsPerFrame,
    learningRate: Number.isFinite(lr) && lr > 0 ? lr : DEFAULT_SETTINGS.learningRate,
  };
}
