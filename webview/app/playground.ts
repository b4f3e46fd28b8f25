// The playground's controller: holds the state, derives the model, data and evaluation from it,
// carries out every user action, drives the training session, and tells the views what changed.
// Bad input never replaces what works: a broken formula keeps the last valid model running, a bad
// data setting or CSV keeps the current data, a diverging run keeps the last good parameters.
// Its parts live beside it: training-run.ts (Train/Step and the session), changes.ts (the state after
// a new model or data), usable-state.ts (what a loaded state shows), run.ts (a run's steps),
// saver.ts (when to save), notices.ts, readouts.ts, playground-events.ts.
import { Dataset, GeneratorSettings, inputCount } from '../../src/core/data/generate';
import { LOSS_LABELS } from '../../src/core/eval/loss';
import { formatLossTitle } from '../../src/core/format';
import { inferVectors } from '../../src/core/formula/vectors';
import { DEFAULT_UNITS, PRESETS, TWO_INPUT_FORMULA, weightedRelus } from '../../src/core/model/presets';
import { DataExtent, extentOf, LESSON_EXTENT } from '../../src/core/model/unit-start';
import { setOwnValue } from '../../src/core/own-record';
import { learningRateProblem, stepsPerFrameProblem, stopAtProblem, unitsProblem, validateSchedule } from '../../src/core/train/rules';
import type { TrainConfig } from '../../src/core/train/sgd';
import type { OpenRequest } from '../../src/protocol/messages';
import type { UserSettings } from '../../src/protocol/settings';
import type { NetworkState, PlaygroundState, TrainControls, UserData } from '../../src/protocol/state';
import { chapterById, openChapter, rememberChapter, resetChapter } from '../lesson/chapters';
import type { BackendStatus } from '../training/session';
import { freshRun, isLessonData, presetFor, resumedState, withNewData, withNewModel } from './changes';
import { csvData, datasetOf, generate } from './data';
import { Evaluation, ModelEvaluation, prepareEvaluation } from './evaluation';
import { evaluationOf } from '../layers/network-evaluation';
import { modelForData, withNetwork } from '../layers/network-state';
import { Emitter } from './events';
import { BuiltModel, buildModel, carryRanges } from './model';
import { Notice, restoreRefusedNotice } from './notices';
import { fitsExactly, lessonYDomain } from './readouts';
import { restoreProblem } from './restore';
import { rangesIncluding } from './run';
import { Persistence, StateSaver } from './saver';
import { commandState, defaultState, withModel, withRequest, withSettings } from './state';
import { TrainingRun } from './training-run';
import { usableState } from './usable-state';
import type { PlaygroundEvents } from './playground-events';
import { yieldToPage } from '../ui/yield';

export type { Notice } from './notices';
export type { PlaygroundEvents } from './playground-events';
export type { Persistence } from './saver';

export class Playground {
  readonly events = new Emitter<PlaygroundEvents>();
  state: PlaygroundState;
  model!: BuiltModel;
  data!: Dataset;
  evaluation!: Evaluation;
  /** Current parameters (the typed twin of state.params). */
  params!: Float64Array;
  loss = NaN;
  grad = new Float64Array(0);
  status: BackendStatus = { name: null, description: 'starting…', stepsPerSecond: null };
  private readonly run: TrainingRun;
  private readonly saver: StateSaver;
  /** The points of state.userCsv when they are not in the state (too many to save). */
  private userDataset: { of: UserData; data: Dataset } | null = null;
  /** The file a restored state was using, too large to have been saved: being read again. */
  private awaiting: UserData | null = null;

  constructor(
    private readonly settings: UserSettings,
    persistence: Persistence,
  ) {
    this.state = defaultState(settings);
    this.run = new TrainingRun(this, (now) => this.save(now));
    this.saver = new StateSaver(
      persistence,
      () => this.state,
      () => this.run.running,
    );
    this.load(this.state);
  }

  get running(): boolean {
    return this.run.running;
  }

  get title(): string {
    if (this.data.x.length === 0) return `${LOSS_LABELS[this.state.train.loss]}: no points`;
    return formatLossTitle(this.state.train.loss, this.loss);
  }

  /** Whether the model goes through every point (what is left of the loss is rounding). */
  fitsExactly(): boolean {
    return fitsExactly(this.data.y, this.loss, this.state.train.loss);
  }

  trainConfig(): TrainConfig {
    const t = this.state.train;
    return { lr: t.lr, schedule: t.schedule, loss: t.loss, accumulateGrad: t.accumulateGrad };
  }

  /** Shows a whole state (a restore, a request or a chapter); anything unusable in it falls back to defaults. */
  load(state: PlaygroundState, notice: Notice | null = null): void {
    const usable = usableState(this.state, state, this.settings, notice);
    // A model that cannot take the data's inputs (a formula of x on x1, x2 data) becomes one that can.
    const fitted = modelForData(usable.state, usable.data);
    const built = fitted && buildModel(fitted.state.model);
    if (fitted && built?.ok) {
      this.rebuild(fitted.state, {
        model: built.value,
        data: usable.data,
        whole: true,
        notice: usable.notice ?? { kind: 'info', text: fitted.why },
      });
    } else this.rebuild(usable.state, { model: usable.model, data: usable.data, whole: true, notice: usable.notice });
    this.awaiting = usable.needed;
    if (usable.needed) this.events.emit('dataNeeded', usable.needed);
  }

  /**
   * Shows the state saved before a reload. One that cannot be shown (`problem` says why it was
   * refused, or running it fails) leaves the page on the default and the saved copy untouched.
   */
  restore(saved: PlaygroundState | null, problem: string | null = null): void {
    const why = problem ?? (saved ? restoreProblem(saved) : null);
    this.saver.duringRestore(() => {
      if (why) this.load(this.state, restoreRefusedNotice(why));
      else this.load(saved ?? this.state);
    }, why !== null);
  }

  /** A command (Fit Quadratic, the code lens, …): its whole setup on the lesson's data, whatever was shown before. */
  openRequest(request: OpenRequest): void {
    const next = commandState(rememberChapter(this.state), request, this.settings);
    this.load(request.preset === 'nRelus' ? withRequest(next, request, this.extentOf(next.data)) : next);
  }

  applySettings(settings: UserSettings): void {
    const before = this.state.train.backend;
    this.state = withSettings(this.state, settings);
    this.run.configure();
    if (this.state.train.backend !== before) this.run.reopen();
    this.events.emit('config', undefined);
    this.save(false, true);
  }

  // ---- parameters ---------------------------------------------------------------------------
  setParam(index: number, value: number, inputTime?: number): void {
    if (!Number.isFinite(value) || index < 0 || index >= this.params.length) return;
    const name = this.model.names[index];
    const params = [...this.state.params];
    params[index] = value;
    this.state = { ...this.state, params, ranges: rangesIncluding(this.state.ranges, [name], [value]) };
    this.params = Float64Array.from(params);
    this.evaluate();
    this.run.setParams(this.params);
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
    // On data of two inputs the formula is one of x1 and x2 (x alone is refused, with a message).
    const twoInputs = inputCount(this.data) === 2;
    const candidate: PlaygroundState['model'] = {
      preset: this.state.model.preset === 'layers' ? 'custom' : this.state.model.preset,
      formula: text,
      vectors,
      ...(twoInputs ? { inputs: 2 as const } : {}),
    };
    const built = buildModel(candidate);
    if (!built.ok) {
      this.events.emit('formulaError', { error: built.error, text });
      return;
    }
    this.events.emit('formulaError', null);
    if (text === this.state.model.formula) return;
    const preset = twoInputs ? 'custom' : presetFor(text, this.state.model.preset, vectors);
    // A new formula replaces the chapter's model: the chapter is left (and remembered), its hint goes.
    this.replaceModel({ ...rememberChapter(this.state), chapter: null }, { ...candidate, preset }, built.value);
  }

  choosePreset(preset: OpenRequest['preset'] | 'custom', units?: number): void {
    if (preset === 'custom') {
      if (this.state.model.preset === 'custom') return;
      let formula = this.state.customFormula ?? this.state.model.formula;
      // A kept formula that does not fit the data's inputs (or a network's shape): start from the
      // lesson's quadratic, in x1 and x2 on data of two inputs.
      const twoInputs = inputCount(this.data) === 2;
      const fits = buildModel({
        preset: 'custom',
        formula,
        vectors: inferVectors(formula, DEFAULT_UNITS),
        ...(twoInputs ? { inputs: 2 as const } : {}),
      }).ok;
      if (!fits) formula = twoInputs ? TWO_INPUT_FORMULA : PRESETS.quadratic.formula;
      if (!this.state.model.network) this.state = { ...this.state, model: { ...this.state.model, preset: 'custom' } };
      this.setFormula(formula);
      this.events.emit('structure', undefined);
      // A model chosen on purpose answers the last notice (such as "the model is now a network"), as a preset's load does.
      this.events.emit('notice', null);
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
    this.replaceModel(this.state, candidate, built.value);
    return null;
  }

  /** A new model in `base`: values carried by name, new units started apart; a fresh run (step 0). */
  private replaceModel(base: PlaygroundState, model: PlaygroundState['model'], built: BuiltModel): void {
    const shown = { names: this.model.names, params: this.params, init: this.state.init, ranges: this.state.ranges };
    this.rebuild(withNewModel(base, shown, model, built, this.extentOf(base.data)), { model: built });
  }

  // ---- data ---------------------------------------------------------------------------------
  setGenerator(settings: GeneratorSettings): void {
    const result = generate(settings);
    if (!result.ok) {
      this.events.emit('dataError', result.error);
      return;
    }
    this.replaceData({ kind: 'generator', settings: { ...settings } }, result.value);
  }

  loadCsv(name: string, text: string): void {
    const parsed = csvData(name, text);
    if (!parsed.ok) {
      this.events.emit('dataError', parsed.error);
      return;
    }
    const data = datasetOf(parsed.value.state) as { ok: true; value: Dataset };
    this.replaceData(parsed.value.state, data.value);
    if (parsed.value.skipped) this.events.emit('notice', { kind: 'info', text: `Loaded ${name}; ${parsed.value.skipped}.` });
  }

  /**
   * Uses data the user brought (a loaded file, drawn points); `notice` says what was skipped.
   * `prepared`: the evaluation prepareData made for it, used if the model is still the one it was made for.
   */
  useData(state: UserData, data: Dataset, notice: Notice | null = null, prepared: Evaluation | null = null): void {
    this.userDataset = { of: state, data };
    if (this.resumeWith(state, data, prepared)) return;
    this.replaceData(state, data, prepared);
    if (notice) this.events.emit('notice', notice);
  }

  /**
   * The evaluation of the current formula on `data`, made in steps that let the page run between
   * them (the WebAssembly kernel compiled in the background, its per-point values filled a block at
   * a time): for a large file, the heavy part of using it. Null for a network (made when used).
   */
  async prepareData(data: Dataset): Promise<Evaluation | null> {
    const program = this.model.program;
    if (!program || (program.inputs === 2) !== Boolean(data.x2)) return null;
    return prepareEvaluation(program, data, yieldToPage);
  }

  /** The file a restored state was using, read again unchanged: the run goes on where it was (changes.ts). */
  private resumeWith(state: UserData, data: Dataset, prepared: Evaluation | null): boolean {
    const next = this.awaiting && resumedState(this.state, this.awaiting, state, data);
    if (!next || modelForData(next, data)) return false;
    this.rebuild(next, { data, evaluation: prepared });
    return true;
  }

  /** `data` in place of the data for the loss, gradients and curve only (a point being dragged); `useData` then makes it the data. */
  previewData(data: Dataset): void {
    this.data = data;
    this.evaluation = evaluationOf(this.model, data);
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
    if (data.ok) this.replaceData(csv, data.value);
  }

  /** New data: the parameters stay, the run starts over (step 0, an empty log). */
  private replaceData(state: PlaygroundState['data'], data: Dataset, prepared: Evaluation | null = null): void {
    const next = withNewData(this.state, state);
    const fitted = modelForData(next, data);
    const built = fitted && buildModel(fitted.state.model);
    if (fitted && built?.ok) {
      this.rebuild(fitted.state, { data, model: built.value });
      this.events.emit('notice', { kind: 'info', text: fitted.why });
    } else this.rebuild(next, { data, evaluation: prepared });
  }

  /** A new network for "Layers" (the layer editor's edits): started again from its seeded weights, on the same data. */
  setNetwork(network: NetworkState): void {
    this.load({ ...withNetwork(rememberChapter(this.state), network), data: this.state.data });
  }

  /**
   * The one sequence behind every change of model, data or whole state: pause, take the new state,
   * rebuild the evaluation, reopen the backend on it, tell the views, save.
   */
  private rebuild(
    next: PlaygroundState,
    parts: { model?: BuiltModel; data?: Dataset; whole?: boolean; notice?: Notice | null; evaluation?: Evaluation | null },
  ): void {
    this.run.interrupt();
    // Any new model, data or state ends the wait for a file to resume with (load() sets it again).
    this.awaiting = null;
    const chapterChanged = next.chapter !== this.state.chapter;
    this.state = next;
    if (parts.model) this.model = parts.model;
    if (parts.data) this.data = parts.data;
    this.params = Float64Array.from(next.params);
    const prepared = parts.evaluation;
    const fits = prepared instanceof ModelEvaluation && prepared.program === this.model.program && prepared.data === this.data;
    this.evaluation = fits ? prepared : evaluationOf(this.model, this.data);
    this.evaluate();
    this.run.reopen();
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
    return result.ok ? extentOf(result.value.x, result.value.y) : LESSON_EXTENT;
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
    this.run.configure();
    if (lossChanged) {
      this.evaluate();
      this.events.emit('params', { source: 'load' });
    }
    if (backendChanged) this.run.reopen();
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
    return lessonYDomain(this.state);
  }

  toggleTraining(): void {
    this.run.toggle();
  }

  train(): void {
    this.run.train();
  }

  pause(): void {
    this.run.pause();
  }

  step(): Promise<void> {
    return this.run.step();
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
    await this.run.reset(init);
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

  /** Saves soon (or now): VS Code keeps it across reloads, the host keeps it for "Open Playground". */
  private save(now = false, automatic = false): void {
    this.saver.save(now, automatic);
  }
}
