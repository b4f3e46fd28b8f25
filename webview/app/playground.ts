// The playground's controller: holds the state, derives the model, data and evaluation from it,
// carries out every user action, drives the training session, and tells the views what changed.
// Bad input never replaces what works: a broken formula keeps the last valid model running, a bad
// data setting or CSV keeps the current data, a diverging run keeps the last good parameters.
import type { ChunkResult, TrainingState } from '../../src/core/backends/backend';
import type { Dataset, GeneratorSettings } from '../../src/core/data/generate';
import { fixed, formatLossTitle } from '../../src/core/format';
import type { FormulaError } from '../../src/core/formula/parse';
import { N_RELU_FORMULA, PRESETS, sumOfRelus } from '../../src/core/model/presets';
import { LESSON_Y_RANGE } from '../../src/core/limits';
import { learningRateProblem, stepsPerFrameProblem, stopAtProblem, unitsProblem, validateSchedule } from '../../src/core/train/rules';
import { StepRecord, TrainConfig } from '../../src/core/train/sgd';
import type { OpenRequest } from '../../src/protocol/messages';
import type { UserSettings } from '../../src/protocol/settings';
import type { PlaygroundState, TrainState, UserData } from '../../src/protocol/state';
import { applyChapter, chapterById } from '../lesson/chapters';
import { BackendStatus, StopReason, TrainingSession } from '../training/session';
import { csvData, datasetOf, generate } from './data';
import { ModelEvaluation } from './evaluation';
import { Emitter } from './events';
import { appendLog, appendLosses, emptyHistory, logLine } from './history';
import { BuiltModel, buildModel, carryParams, carryRanges } from './model';
import { rangeToInclude } from './ranges';
import { restoreProblem } from './restore';
import { defaultState, withModel, withRequest, withSettings } from './state';

export interface Notice {
  kind: 'error' | 'warning' | 'info';
  text: string;
}

export interface PlaygroundEvents {
  /** The model's parameters changed in number or name: rebuild the sliders. */
  structure: void;
  /** Parameter values (and so the loss and gradient) changed. */
  params: { source: 'slider' | 'train' | 'reset' | 'load'; inputTime?: number; index?: number };
  data: void;
  /** Training settings, the y range or the backend choice changed. */
  config: void;
  history: { whole: boolean };
  running: boolean;
  status: BackendStatus;
  notice: Notice | null;
  formulaError: { error: FormulaError; text: string } | null;
  dataError: string | null;
  /** Saved user data whose points were not saved (too many): read its file again. */
  dataNeeded: UserData;
  chapter: void;
}

export interface Persistence {
  save(state: PlaygroundState): void;
}

export class Playground {
  readonly events = new Emitter<PlaygroundEvents>();
  state: PlaygroundState;
  model!: BuiltModel;
  data!: Dataset;
  evaluation!: ModelEvaluation;
  /** Current parameters (the typed twin of state.params). */
  params!: Float64Array;
  loss = NaN;
  grad = new Float64Array(0);
  status: BackendStatus = { name: null, description: 'starting…', stepsPerSecond: null };
  private readonly session: TrainingSession;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The points of state.userCsv when they are not in the state (too many to save). */
  private userDataset: { of: UserData; data: Dataset } | null = null;
  /**
   * True while a saved state that could not be restored is kept as VS Code and the host hold it:
   * nothing is saved over it until the user changes something here (a restore or a host setting
   * does not count).
   */
  private keepingSaved = false;
  private restoring = false;
  /** The loss when Train was pressed (NaN once the overshoot warning for this run was shown). */
  private runStartLoss = NaN;

  constructor(
    private readonly settings: UserSettings,
    private readonly persistence: Persistence,
  ) {
    this.state = defaultState(settings);
    this.session = new TrainingSession({
      chunk: (result, at, resume) => this.onChunk(result, at, resume),
      status: (status) => {
        this.status = status;
        this.events.emit('status', status);
      },
      stopped: (reason, message) => this.onStopped(reason, message),
    });
    this.load(this.state);
  }

  get running(): boolean {
    return this.session.running;
  }

  get title(): string {
    return formatLossTitle(this.state.train.loss, this.loss);
  }

  trainConfig(): TrainConfig {
    const t = this.state.train;
    return { lr: t.lr, schedule: t.schedule, loss: t.loss, accumulateGrad: t.accumulate };
  }

  /** Shows a whole state (a restore, a request or a chapter); anything unusable in it falls back to defaults. */
  load(state: PlaygroundState, notice: Notice | null = null): void {
    this.session.pause();
    let next = keepUserCsv(this.state, state);
    let problem = notice;
    const built = buildModel(next.model);
    if (!built.ok || built.model.names.length !== next.params.length) {
      problem = { kind: 'warning', text: 'The saved model could not be restored; showing the quadratic instead.' };
      next = withRequest(next, { preset: 'quadratic' });
    }
    let needed: UserData | null = null;
    if (next.data.kind === 'csv' && next.data.x.length === 0 && next.data.source !== 'drawn') {
      // Too many points to save: show the lesson's data until the file is read again.
      needed = next.data;
      next = { ...next, data: defaultState(this.settings).data, userCsv: next.data };
    }
    const data = datasetOf(next.data);
    if (!data.ok) {
      problem = { kind: 'warning', text: `The saved data could not be restored (${data.error}); showing the lesson's data.` };
      next = { ...next, data: defaultState(this.settings).data };
    }
    this.state = next;
    this.model = (buildModel(next.model) as { ok: true; model: BuiltModel }).model;
    this.data = (datasetOf(next.data) as { ok: true; data: Dataset }).data;
    this.params = Float64Array.from(next.params);
    this.evaluation = new ModelEvaluation(this.model.program, this.data);
    this.evaluate();
    this.reopen();
    this.events.emit('structure', undefined);
    this.events.emit('data', undefined);
    this.events.emit('config', undefined);
    this.events.emit('params', { source: 'load' });
    this.events.emit('history', { whole: true });
    this.events.emit('chapter', undefined);
    this.events.emit('formulaError', null);
    this.events.emit('dataError', null);
    this.events.emit('notice', problem);
    if (needed) this.events.emit('dataNeeded', needed);
    this.save();
  }

  /**
   * Shows the state saved before a reload. One that cannot be shown (`problem` says why it was
   * refused, or running it fails) leaves the page on the default and the saved copy untouched.
   */
  restore(saved: PlaygroundState | null, problem: string | null = null): void {
    const why = problem ?? (saved ? restoreProblem(saved) : null);
    this.restoring = true;
    try {
      if (why) {
        this.keepingSaved = true;
        this.load(this.state, {
          kind: 'warning',
          text: `The saved playground could not be restored: ${why}. It is kept as it was until you change something here.`,
        });
      } else this.load(saved ?? this.state);
    } finally {
      this.restoring = false;
    }
  }

  openRequest(request: OpenRequest): void {
    this.load(withRequest(this.state, request));
  }

  applySettings(settings: UserSettings): void {
    const before = this.state.train.backend;
    this.state = withSettings(this.state, settings);
    this.session.configure(this.trainConfig());
    if (this.state.train.backend !== before) this.reopen();
    this.events.emit('config', undefined);
    this.save(false, true);
  }

  // ---- parameters ---------------------------------------------------------------------------
  setParam(index: number, value: number, inputTime?: number): void {
    if (!Number.isFinite(value) || index < 0 || index >= this.params.length) return;
    this.params[index] = value;
    this.state.params[index] = value;
    const name = this.model.names[index];
    this.state.ranges[name] = rangeToInclude(this.state.ranges[name], value);
    this.evaluate();
    this.session.setParams(this.params);
    this.events.emit('params', { source: 'slider', inputTime, index });
    this.save();
  }

  setRange(name: string, range: [number, number]): string | null {
    if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) return 'The minimum must be below the maximum.';
    this.state.ranges[name] = range;
    const index = this.model.names.indexOf(name);
    if (index >= 0 && (this.params[index] < range[0] || this.params[index] > range[1])) {
      this.setParam(index, Math.min(range[1], Math.max(range[0], this.params[index])));
    } else this.events.emit('params', { source: 'slider', index });
    this.save();
    return null;
  }

  /** The open insight views and their choices (webview/views): saved with the state, no event. */
  setViews(views: NonNullable<PlaygroundState['views']>): void {
    this.state = { ...this.state, views };
    this.save();
  }

  // ---- model --------------------------------------------------------------------------------
  /** Compiles a formula as the user types; an error is reported and the last valid model keeps running. */
  setFormula(text: string): void {
    const candidate = { ...this.state.model, formula: text };
    const built = buildModel(candidate);
    if (!built.ok) {
      this.events.emit('formulaError', { error: built.error, text });
      return;
    }
    this.events.emit('formulaError', null);
    if (text === this.state.model.formula) return;
    const names = built.model.names;
    const values = carryParams({ names: this.model.names, values: this.params }, names);
    const inits = carryParams({ names: this.model.names, values: this.state.init }, names);
    const preset = presetFor(text, this.state.model.preset, this.state.model.vectors);
    this.replaceModel({ ...candidate, preset }, built.model, values, inits);
  }

  choosePreset(preset: OpenRequest['preset'] | 'custom', units?: number): void {
    if (preset === 'custom') {
      if (this.state.model.preset === 'custom') return;
      const formula = this.state.customFormula ?? this.state.model.formula;
      this.state = { ...this.state, model: { ...this.state.model, preset: 'custom' } };
      this.setFormula(formula);
      this.events.emit('structure', undefined);
      return;
    }
    const request: OpenRequest = preset === 'nRelus' ? { preset, units: units ?? this.units() ?? 16 } : { preset };
    this.load({ ...withRequest(this.state, request), data: this.state.data });
  }

  /** The number of units of a vector model (N ReLUs), or null for a scalar model. */
  units(): number | null {
    const sizes = Object.values(this.state.model.vectors);
    return sizes.length ? sizes[0] : null;
  }

  setUnits(units: number): string | null {
    const unitsWrong = unitsProblem(units);
    if (unitsWrong) return unitsWrong;
    if (units === this.units()) return null;
    if (this.state.model.preset === 'nRelus') {
      this.load({ ...withModel(this.state, sumOfRelus(units)), data: this.state.data, chapter: this.state.chapter });
      return null;
    }
    const vectors = Object.fromEntries(Object.keys(this.state.model.vectors).map((name) => [name, units]));
    const candidate = { ...this.state.model, vectors };
    const built = buildModel(candidate);
    if (!built.ok) return built.error.message;
    const names = built.model.names;
    this.replaceModel(
      candidate,
      built.model,
      carryParams({ names: this.model.names, values: this.params }, names),
      carryParams({ names: this.model.names, values: this.state.init }, names),
    );
    return null;
  }

  private replaceModel(model: PlaygroundState['model'], built: BuiltModel, values: number[], init: number[]): void {
    this.session.pause();
    this.state = {
      ...this.state,
      model,
      params: values,
      init,
      ranges: carryRanges(this.state.ranges, built.names, values),
      customFormula: model.preset === 'custom' ? model.formula : this.state.customFormula,
    };
    this.model = built;
    this.params = Float64Array.from(values);
    this.evaluation = new ModelEvaluation(built.program, this.data);
    this.evaluate();
    this.reopen();
    this.events.emit('structure', undefined);
    this.events.emit('params', { source: 'load' });
    this.save();
  }

  // ---- data ---------------------------------------------------------------------------------
  setGenerator(settings: GeneratorSettings): void {
    const result = generate(settings);
    if (!result.ok) {
      this.events.emit('dataError', result.error);
      return;
    }
    this.replaceData({ kind: 'generator', settings: { ...settings } }, result.data);
  }

  loadCsv(name: string, text: string): void {
    const parsed = csvData(name, text);
    if (!parsed.ok) {
      this.events.emit('dataError', parsed.error);
      return;
    }
    const data = datasetOf(parsed.state) as { ok: true; data: Dataset };
    this.replaceData(parsed.state, data.data);
    if (parsed.skipped) this.events.emit('notice', { kind: 'info', text: `Loaded ${name}; ${parsed.skipped}.` });
  }

  /** Uses data the user brought (a loaded file, drawn points); `notice` says what was skipped. */
  useData(state: UserData, data: Dataset, notice: Notice | null = null): void {
    this.userDataset = { of: state, data };
    this.replaceData(state, data);
    if (notice) this.events.emit('notice', notice);
  }

  /** Brings back the CSV data a chapter or the generator replaced. */
  restoreUserCsv(): void {
    const csv = this.state.userCsv;
    if (!csv || this.state.data.kind === 'csv') return;
    if (csv.x.length === 0 && csv.source !== 'drawn') {
      if (this.userDataset?.of === csv) this.replaceData(csv, this.userDataset.data);
      else this.events.emit('dataNeeded', csv);
      return;
    }
    const data = datasetOf(csv);
    if (data.ok) this.replaceData(csv, data.data);
  }

  private replaceData(state: PlaygroundState['data'], data: Dataset): void {
    this.session.pause();
    this.state = keepUserCsv(this.state, { ...this.state, data: state });
    this.data = data;
    this.evaluation = new ModelEvaluation(this.model.program, data);
    this.evaluate();
    this.reopen();
    this.events.emit('dataError', null);
    this.events.emit('data', undefined);
    this.events.emit('params', { source: 'load' });
    this.save();
  }

  // ---- training -----------------------------------------------------------------------------
  /** Changes training settings; returns why a value was refused (the old one stays). */
  setTrain(change: Partial<TrainState>): string | null {
    const next = { ...this.state.train, ...change };
    const problem =
      learningRateProblem(next.lr) ??
      stepsPerFrameProblem(next.stepsPerFrame) ??
      stopAtProblem(next.stopAt) ??
      validateSchedule(next.schedule, next.lr);
    if (problem) return problem;
    const lossChanged = next.loss !== this.state.train.loss;
    const backendChanged = next.backend !== this.state.train.backend;
    this.state = { ...this.state, train: next };
    this.session.configure(this.trainConfig());
    if (lossChanged) {
      this.evaluate();
      this.events.emit('params', { source: 'load' });
    }
    if (backendChanged) this.reopen();
    this.events.emit('config', undefined);
    this.save();
    return null;
  }

  setYDomain(domain: [number, number] | null): void {
    this.state = { ...this.state, yDomain: domain };
    this.events.emit('config', undefined);
    this.save();
  }

  /** The y range the lesson uses for this model (its chapter's, else its preset's). */
  lessonYDomain(): [number, number] | null {
    const chapter = this.state.chapter ? chapterById(this.state.chapter) : undefined;
    if (chapter?.yDomain) return chapter.yDomain;
    const preset = this.state.model.preset;
    if (preset === 'custom') return null;
    return preset === 'nRelus' ? [...LESSON_Y_RANGE] : PRESETS[preset].yRange;
  }

  toggleTraining(): void {
    if (this.session.running) this.session.pause();
    else this.train();
  }

  train(): void {
    if (this.session.running) return;
    const stopAt = this.state.train.stopAt;
    if (stopAt > 0 && this.state.step >= stopAt) {
      this.events.emit('notice', {
        kind: 'info',
        text: `Already at step ${this.state.step}, where "stop at" ends the run. Reset, or set "stop at" to 0 to go on.`,
      });
      return;
    }
    this.events.emit('notice', null);
    this.runStartLoss = this.loss;
    this.session.start({
      next: () => {
        const { stepsPerFrame, stopAt: target } = this.state.train;
        return target > 0 ? Math.min(stepsPerFrame, target - this.state.step) : stepsPerFrame;
      },
    });
    this.events.emit('running', true);
  }

  pause(): void {
    this.session.pause();
  }

  step(): Promise<void> {
    if (this.session.running) this.session.pause();
    this.events.emit('notice', null);
    return this.session.step(1);
  }

  async reset(): Promise<void> {
    const init = Float64Array.from(this.state.init);
    // The ranges too: a diverged run may have stretched them far past anything useful.
    const ranges = carryRanges({}, this.model.names, Array.from(init));
    this.state = { ...this.state, params: Array.from(init), ranges, step: 0, direction: undefined, history: emptyHistory() };
    this.params = init;
    this.evaluate();
    this.events.emit('notice', null);
    this.events.emit('params', { source: 'reset' });
    this.events.emit('history', { whole: true });
    this.save();
    await this.session.reset(init);
  }

  // ---- lesson -------------------------------------------------------------------------------
  chooseChapter(id: string): void {
    const chapter = chapterById(id);
    if (!chapter) return;
    const next = applyChapter(this.state, chapter);
    this.load(next);
  }

  // ---- internals ----------------------------------------------------------------------------
  private evaluate(): void {
    const snapshot = this.evaluation.lossAndGrad(this.params, this.state.train.loss);
    this.loss = snapshot.loss;
    this.grad = Float64Array.from(snapshot.grad);
  }

  /** A backend for the current model and data that carries on from the saved step and accumulated gradient. */
  private reopen(): void {
    const params = Float64Array.from(this.params);
    const saved = this.state.direction;
    const resume = {
      step: this.state.step,
      params,
      direction: saved && saved.length === params.length ? Float64Array.from(saved) : new Float64Array(params.length),
      lastGood: params,
    };
    void this.session.open(
      { program: this.model.program, data: this.data, init: params, config: this.trainConfig() },
      this.state.train.backend,
      resume,
    );
  }

  private onChunk(result: ChunkResult, at: StepRecord, resume: TrainingState): void {
    const count = result.losses.length;
    const step = result.step;
    const firstStep = step - count;
    this.params = Float64Array.from(result.params);
    this.state.params = Array.from(result.params);
    this.state.step = step;
    this.state.direction = Array.from(resume.direction);
    this.model.names.forEach((name, i) => (this.state.ranges[name] = rangeToInclude(this.state.ranges[name], this.params[i])));
    this.loss = at.loss;
    this.grad = Float64Array.from(at.grad);
    const whole = appendLosses(this.state.history, firstStep, result.losses);
    if (count > 0) appendLog(this.state.history, [logLine(step - 1, result.losses[count - 1], result.params)]);
    this.events.emit('params', { source: 'train' });
    this.events.emit('history', { whole });
    this.warnIfOvershooting();
    // A chunk that lands after Pause (it was already running) or from Step is the last change for a
    // while: save it now, so a reload right after shows exactly what was on screen.
    this.save(!this.session.running);
  }

  /** Gradient descent that makes the loss grow is overshooting: say so once per run (it may never become infinite). */
  private warnIfOvershooting(): void {
    const start = this.runStartLoss;
    if (!(this.loss > 2 * start) || !Number.isFinite(this.loss)) return;
    this.runStartLoss = NaN;
    const label = this.state.train.loss.toUpperCase();
    this.events.emit('notice', {
      kind: 'warning',
      text: `The ${label} has grown from ${fixed(start)} to ${fixed(this.loss)}: each step overshoots the minimum. Try a smaller learning rate, or a schedule that lowers it.`,
    });
  }

  private onStopped(reason: StopReason, message?: string): void {
    this.events.emit('running', false);
    if (reason === 'diverged') {
      this.events.emit('notice', {
        kind: 'error',
        text: `Training stopped: ${message ?? 'it diverged'}. The parameters are the last ones with a finite loss.`,
      });
    } else if (reason === 'error') {
      this.events.emit('notice', { kind: 'error', text: message ?? 'Training failed.' });
    } else if (reason === 'target') {
      this.events.emit('notice', { kind: 'info', text: `Stopped at step ${this.state.step}, as "stop at" asks.` });
    }
    this.save(true);
  }

  /** Saves soon (or now): VS Code keeps it across reloads, the host keeps it for "Open Playground". */
  private save(now = false, automatic = false): void {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.keepingSaved && (automatic || this.restoring)) return;
    this.keepingSaved = false;
    const write = () => {
      this.saveTimer = null;
      this.persistence.save(this.state);
    };
    if (now) write();
    else this.saveTimer = setTimeout(write, this.session.running ? 1000 : 250);
  }
}

/** `next`, remembering the user's CSV data when `next` replaces it (or loads a new one). */
function keepUserCsv(current: PlaygroundState, next: PlaygroundState): PlaygroundState {
  if (next.data.kind === 'csv') return { ...next, userCsv: next.data };
  if (current.data.kind === 'csv') return { ...next, userCsv: current.data };
  return { ...next, userCsv: next.userCsv ?? current.userCsv ?? null };
}

/** The preset a formula is, or 'custom'. */
function presetFor(
  formula: string,
  current: PlaygroundState['model']['preset'],
  vectors: Record<string, number>,
): PlaygroundState['model']['preset'] {
  const compact = (s: string) => s.replace(/\s+/g, '');
  for (const id of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) if (compact(PRESETS[id].formula) === compact(formula)) return id;
  if (current === 'nRelus' && Object.keys(vectors).length && compact(formula) === compact(N_RELU_FORMULA)) return 'nRelus';
  return 'custom';
}
