// The playground's controller: holds the state, derives the model, data and evaluation from it,
// carries out every user action, drives the training session, and tells the views what changed.
// Bad input never replaces what works: a broken formula keeps the last valid model running, a bad
// data setting or CSV keeps the current data, a diverging run keeps the last good parameters.
import type { ChunkResult, TrainingCheckpoint } from '../../src/core/backends/backend';
import { Dataset, GeneratorSettings, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { LOSS_LABELS } from '../../src/core/eval/loss';
import { fixed, formatLossTitle } from '../../src/core/format';
import type { FormulaError } from '../../src/core/formula/parse';
import { inferVectors } from '../../src/core/formula/vectors';
import { DEFAULT_UNITS, N_RELU_FORMULA, PRESETS, weightedRelus } from '../../src/core/model/presets';
import { DataExtent, extentOf, LESSON_EXTENT } from '../../src/core/model/unit-start';
import { learningRateProblem, stepsPerFrameProblem, stopAtProblem, unitsProblem, validateSchedule } from '../../src/core/train/rules';
import { StepRecord, TrainConfig } from '../../src/core/train/sgd';
import type { OpenRequest } from '../../src/protocol/messages';
import type { UserSettings } from '../../src/protocol/settings';
import type { PlaygroundState, TrainControls, UserData } from '../../src/protocol/state';
import { chapterById, openChapter, rememberChapter, resetChapter } from '../lesson/chapters';
import { BackendStatus, StopReason, TrainingSession } from '../training/session';
import { csvData, datasetOf, generate } from './data';
import { isDrawn } from './drawn-data';
import { ModelEvaluation } from './evaluation';
import { Emitter } from './events';
import { emptyHistory, logLine, withLog, withLosses } from './history';
import { BuiltModel, buildModel, carryRanges, startValues } from './model';
import { defaultRange, rangeToInclude } from './ranges';
import { restoreProblem } from './restore';
import { ownValue, setOwnValue } from '../../src/core/own-record';
import { commandState, defaultState, withModel, withRequest, withSettings } from './state';

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
  /** The loss when Train was pressed. */
  private runStartLoss = NaN;
  /** The overshoot warning is showing for this run (its numbers follow the title). */
  private overshooting = false;

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
    if (this.data.x.length === 0) return `${LOSS_LABELS[this.state.train.loss]}: no points`;
    return formatLossTitle(this.state.train.loss, this.loss);
  }

  /** Whether the model goes through every point (what is left of the loss is rounding). */
  fitsExactly(): boolean {
    let scale = 0;
    for (let i = 0; i < this.data.y.length; i++) scale = Math.max(scale, Math.abs(this.data.y[i]));
    return Number.isFinite(this.loss) && this.loss <= 1e-6 * Math.max(1, scale) ** (this.state.train.loss === 'mse' ? 2 : 1);
  }

  trainConfig(): TrainConfig {
    const t = this.state.train;
    return { lr: t.lr, schedule: t.schedule, loss: t.loss, accumulateGrad: t.accumulateGrad };
  }

  /** Shows a whole state (a restore, a request or a chapter); anything unusable in it falls back to defaults. */
  load(state: PlaygroundState, notice: Notice | null = null): void {
    let next = keepUserCsv(this.state, state);
    let problem = notice;
    let built = buildModel(next.model);
    if (!built.ok || built.model.names.length !== next.params.length) {
      problem = { kind: 'warning', text: 'The saved model could not be restored; showing the quadratic instead.' };
      next = withRequest(next, { preset: 'quadratic' });
      built = buildModel(next.model);
    }
    let needed: UserData | null = null;
    if (next.data.kind === 'csv' && next.data.x.length === 0 && next.data.source !== 'drawn') {
      // Too many points to save: show the lesson's data until the file is read again.
      needed = next.data;
      next = { ...next, data: defaultState(this.settings).data, userCsv: next.data };
    }
    let data = datasetOf(next.data);
    if (!data.ok) {
      problem = { kind: 'warning', text: `The saved data could not be restored (${data.error}); showing the lesson's data.` };
      next = { ...next, data: defaultState(this.settings).data };
      data = datasetOf(next.data);
    }
    if (!built.ok || !data.ok) throw new Error('The default model and data must build');
    this.rebuild(next, { model: built.model, data: data.data, whole: true, notice: problem });
    if (needed) this.events.emit('dataNeeded', needed);
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

  /** A command (Fit Quadratic, the code lens, …): its whole setup on the lesson's data, whatever was shown before. */
  openRequest(request: OpenRequest): void {
    const next = commandState(rememberChapter(this.state), request, this.settings);
    this.load(request.preset === 'nRelus' ? withRequest(next, request, this.extentOf(next.data)) : next);
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
    const name = this.model.names[index];
    const params = [...this.state.params];
    params[index] = value;
    const ranges = { ...this.state.ranges };
    setOwnValue(ranges, name, rangeToInclude(ownValue(ranges, name) ?? defaultRange(value), value));
    this.state = { ...this.state, params, ranges };
    this.params = Float64Array.from(params);
    this.evaluate();
    this.session.setParams(this.params);
    this.events.emit('params', { source: 'slider', inputTime, index });
    this.save();
  }

  setRange(name: string, range: [number, number]): string | null {
    if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) return 'The minimum must be below the maximum.';
    const ranges = { ...this.state.ranges };
    setOwnValue(ranges, name, range);
    this.state = { ...this.state, ranges };
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
  /**
   * Compiles a formula as the user types; an error is reported and the last valid model keeps
   * running. Parameters used only inside sum(...) are vectors with the current number of units.
   */
  setFormula(text: string): void {
    const vectors = inferVectors(text, this.units() ?? DEFAULT_UNITS);
    const candidate = { ...this.state.model, formula: text, vectors };
    const built = buildModel(candidate);
    if (!built.ok) {
      this.events.emit('formulaError', { error: built.error, text });
      return;
    }
    this.events.emit('formulaError', null);
    if (text === this.state.model.formula) return;
    const preset = presetFor(text, this.state.model.preset, vectors);
    // A new formula replaces the chapter's model: the chapter is left (and remembered), its hint goes.
    this.replaceModel({ ...rememberChapter(this.state), chapter: null }, { ...candidate, preset }, built.model);
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
    const request: OpenRequest = preset === 'nRelus' ? { preset, units: units ?? this.units() ?? DEFAULT_UNITS } : { preset };
    const next = withRequest(rememberChapter(this.state), request, this.extentOf(this.state.data));
    // An automatic y range the learner chose, or one for data that is not the lesson's, stays automatic.
    const keepAuto = this.state.yDomain === null || !isLessonData(this.state.data);
    this.load({ ...next, data: this.state.data, yDomain: keepAuto ? null : next.yDomain });
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
      const setup = weightedRelus(units, 0, this.extentOf(this.state.data));
      this.load({ ...withModel(this.state, setup), data: this.state.data, chapter: this.state.chapter });
      return null;
    }
    const vectors = Object.fromEntries(Object.keys(this.state.model.vectors).map((name) => [name, units]));
    const candidate = { ...this.state.model, vectors };
    const built = buildModel(candidate);
    if (!built.ok) return built.error.message;
    this.replaceModel(this.state, candidate, built.model);
    return null;
  }

  /** A new model in `base`: values carried by name, new units started apart; a fresh run (step 0). */
  private replaceModel(base: PlaygroundState, model: PlaygroundState['model'], built: BuiltModel): void {
    const extent = this.extentOf(base.data);
    const values = startValues({ names: this.model.names, values: this.params }, built, extent);
    const init = startValues({ names: this.model.names, values: this.state.init }, built, extent);
    this.rebuild(
      {
        ...base,
        ...freshRun(),
        model,
        params: values,
        init,
        ranges: carryRanges(this.state.ranges, built.names, values),
        customFormula: model.preset === 'custom' ? model.formula : base.customFormula,
      },
      { model: built },
    );
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

  /** `data` in place of the data for the loss, gradients and curve only (a point being dragged); `useData` then makes it the data. */
  previewData(data: Dataset): void {
    this.data = data;
    this.evaluation = new ModelEvaluation(this.model.program, data);
    this.evaluate();
    this.events.emit('params', { source: 'load' });
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

  /** New data: the parameters stay, the run starts over (step 0, an empty log). */
  private replaceData(state: PlaygroundState['data'], data: Dataset): void {
    // The lesson's y range is for the lesson's data: other data starts on an automatic range.
    // Points drawn by hand stay in the range they are drawn in.
    const yDomain = isLessonData(state) || isDrawn(state) ? this.state.yDomain : null;
    this.rebuild(keepUserCsv(this.state, { ...this.state, ...freshRun(), params: [...this.state.params], data: state, yDomain }), { data });
  }

  /**
   * The one sequence behind every change of model, data or whole state: pause, take the new state,
   * rebuild the evaluation, reopen the backend on it, tell the views, save.
   */
  private rebuild(next: PlaygroundState, parts: { model?: BuiltModel; data?: Dataset; whole?: boolean; notice?: Notice | null }): void {
    this.session.pause();
    const chapterChanged = next.chapter !== this.state.chapter;
    this.state = next;
    if (parts.model) this.model = parts.model;
    if (parts.data) this.data = parts.data;
    this.params = Float64Array.from(next.params);
    this.evaluation = new ModelEvaluation(this.model.program, this.data);
    this.runStartLoss = NaN;
    this.evaluate();
    this.reopen();
    if (parts.model || parts.whole) this.events.emit('structure', undefined);
    if (parts.data || parts.whole) {
      this.events.emit('data', undefined);
      this.events.emit('dataError', null);
    }
    this.events.emit('config', undefined);
    this.events.emit('params', { source: 'load' });
    this.events.emit('history', { whole: true });
    if (chapterChanged || parts.whole) this.events.emit('chapter', undefined);
    if (parts.whole) {
      this.events.emit('formulaError', null);
      this.events.emit('notice', parts.notice ?? null);
    }
    this.save();
  }

  /** The x range and y spread of `data`, where new units spread their kinks. */
  private extentOf(data: PlaygroundState['data']): DataExtent {
    if (data === this.state.data && this.data) return extentOf(this.data.x, this.data.y);
    const result = datasetOf(data);
    return result.ok ? extentOf(result.data.x, result.data.y) : LESSON_EXTENT;
  }

  // ---- training -----------------------------------------------------------------------------
  /** Changes training settings; returns why a value was refused (the old one stays). */
  setTrain(change: Partial<TrainControls>): string | null {
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

  /** The y range the lesson uses for this model (its chapter's, else its preset's), or null for automatic. */
  lessonYDomain(): [number, number] | null {
    const chapter = this.state.chapter ? chapterById(this.state.chapter) : undefined;
    if (chapter) return chapter.yDomain;
    const preset = this.state.model.preset;
    if (preset === 'custom' || preset === 'nRelus') return null;
    return PRESETS[preset].yRange;
  }

  /** The step at which Train pauses by itself ("stop after" counts the loop's steps), or null for never. */
  private stopStep(): number | null {
    const { stopAt } = this.state.train;
    return stopAt > 0 ? (this.state.loopStart ?? 0) + stopAt : null;
  }

  toggleTraining(): void {
    if (this.session.running) this.session.pause();
    else this.train();
  }

  train(): void {
    if (this.session.running) return;
    if (this.model.program.paramCount === 0 || this.data.x.length === 0) {
      this.events.emit('notice', { kind: 'info', text: this.data.x.length ? NOTHING_TO_TRAIN : NO_POINTS });
      return;
    }
    const stopStep = this.stopStep();
    if (stopStep !== null && this.state.step >= stopStep) {
      const done = this.state.step - (this.state.loopStart ?? 0);
      this.events.emit('notice', {
        kind: 'info',
        text: `Already ${done} step${done === 1 ? '' : 's'} in, where "stop after" ends the run. Reset, or set "stop after" to 0 to go on.`,
      });
      return;
    }
    this.events.emit('notice', null);
    this.runStartLoss = this.loss;
    this.overshooting = false;
    this.session.start({
      next: () => {
        const { stepsPerFrame } = this.state.train;
        const target = this.stopStep();
        return target !== null ? Math.max(0, Math.min(stepsPerFrame, target - this.state.step)) : stepsPerFrame;
      },
    });
    this.events.emit('running', true);
  }

  pause(): void {
    this.session.pause();
  }

  step(): Promise<void> {
    if (this.session.running) this.session.pause();
    if (this.model.program.paramCount === 0 || this.data.x.length === 0) {
      this.events.emit('notice', { kind: 'info', text: this.data.x.length ? NOTHING_TO_TRAIN : NO_POINTS });
      return Promise.resolve();
    }
    this.events.emit('notice', null);
    return this.session.step(1);
  }

  async reset(): Promise<void> {
    const init = Float64Array.from(this.state.init);
    // The ranges too: a diverged run may have stretched them far past anything useful.
    const ranges = carryRanges({}, this.model.names, Array.from(init));
    this.state = { ...this.state, ...freshRun(), params: Array.from(init), ranges };
    this.params = init;
    this.evaluate();
    this.events.emit('notice', null);
    this.events.emit('params', { source: 'reset' });
    this.events.emit('history', { whole: true });
    this.save();
    await this.session.reset(init);
  }

  // ---- lesson -------------------------------------------------------------------------------
  /** Opens a chapter as the learner left it there, or with the lesson's values the first time. */
  chooseChapter(id: string): void {
    const chapter = chapterById(id);
    if (!chapter || id === this.state.chapter) return;
    this.load(openChapter(this.state, chapter));
  }

  /** The current chapter with the lesson's values again (what the learner changed in it is dropped). */
  resetChapter(): void {
    const chapter = this.state.chapter ? chapterById(this.state.chapter) : undefined;
    if (chapter) this.load(resetChapter(this.state, chapter));
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

  private onChunk(result: ChunkResult, at: StepRecord, resume: TrainingCheckpoint): void {
    const count = result.losses.length;
    const step = result.step;
    const firstStep = step - count;
    this.params = Float64Array.from(result.params);
    this.loss = at.loss;
    this.grad = Float64Array.from(at.grad);
    const ranges = { ...this.state.ranges };
    this.model.names.forEach((name, i) =>
      setOwnValue(ranges, name, rangeToInclude(ownValue(ranges, name) ?? defaultRange(this.params[i]), this.params[i])),
    );
    const { history: curve, thinned } = withLosses(this.state.history, firstStep, result.losses);
    // Numbered as the notebook's loop numbers them: from the step its loop started at.
    const loopStep = step - 1 - (this.state.loopStart ?? 0);
    const history = count > 0 ? withLog(curve, [logLine(loopStep, result.losses[count - 1], result.params)]) : curve;
    this.state = {
      ...this.state,
      params: Array.from(result.params),
      step,
      direction: Array.from(resume.direction),
      ranges,
      history,
    };
    this.events.emit('params', { source: 'train' });
    this.events.emit('history', { whole: thinned });
    this.warnIfOvershooting();
    // A chunk that lands after Pause (it was already running) or from Step is the last change for a
    // while: save it now, so a reload right after shows exactly what was on screen.
    this.save(!this.session.running);
  }

  /**
   * Gradient descent that makes the loss grow is overshooting: say so, and keep the numbers in the
   * warning the ones in the title while the run goes on (it may never become infinite).
   */
  private warnIfOvershooting(): void {
    const start = this.runStartLoss;
    if (!Number.isFinite(start) || !Number.isFinite(this.loss)) return;
    if (!this.overshooting && !(this.loss > 2 * start)) return;
    this.overshooting = true;
    const label = this.state.train.loss.toUpperCase();
    this.events.emit('notice', {
      kind: 'warning',
      text: `The ${label} has grown from ${fixed(start)} to ${fixed(this.loss)} (step ${this.state.step}): each step overshoots the minimum. Try a smaller learning rate, or a schedule that lowers it.`,
    });
  }

  private onStopped(reason: StopReason, message?: string): void {
    this.events.emit('running', false);
    this.overshooting = false;
    if (reason === 'diverged') {
      this.events.emit('notice', {
        kind: 'error',
        text: `Training stopped: ${message ?? 'it diverged'}. The parameters are the last ones with a finite loss.`,
      });
    } else if (reason === 'error') {
      this.events.emit('notice', { kind: 'error', text: message ?? 'Training failed.' });
    } else if (reason === 'target') {
      const done = this.state.step - (this.state.loopStart ?? 0);
      this.events.emit('notice', { kind: 'info', text: `Stopped after ${done} step${done === 1 ? '' : 's'}, as "stop after" asks.` });
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

const NO_POINTS = "There are no points to fit: click on the fit chart to add some, or take the lesson's data.";
const NOTHING_TO_TRAIN = 'This formula has no parameters, so there is nothing to train: use letters other than x, as in a*x**2 + b*x + c.';

/** Whether `data` is the lesson's own: its generator's function over its x range (noise and seed aside). */
function isLessonData(data: PlaygroundState['data']): boolean {
  if (data.kind !== 'generator') return false;
  const s = data.settings;
  return s.fn === NOTEBOOK_SETTINGS.fn && s.min === NOTEBOOK_SETTINGS.min && s.max === NOTEBOOK_SETTINGS.max;
}

/** The part of a state that starts a run over: step 0, no accumulated gradient, an empty log counted from 0. */
function freshRun(): Pick<PlaygroundState, 'step' | 'direction' | 'history' | 'loopStart'> {
  return { step: 0, direction: undefined, history: emptyHistory(), loopStart: 0 };
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
