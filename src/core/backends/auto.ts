// "auto": measure each available backend for ~100 ms on the problem at hand, train on the fastest,
// and when it fails (no adapter, a software adapter, the GPU lost mid-training, a session that will
// not compile) carry on with the next one from the same state. Itself a TrainingBackend, so the UI
// does not care which one runs; what it chose, how fast each was and every fallback are reported.
// With `startOn` (the panel: cpu) it trains on that one at once and measures in the background,
// moving to a faster backend between two calls, so loading onnxruntime-web never delays the panel.
import { StepRecord, TrainConfig } from '../train/sgd';
import type { BackendChoice, BackendName } from '../limits';
import { ChunkResult, TrainingProblem, TrainingBackend, TrainingCheckpoint } from './backend';
import { createCpuBackend } from './cpu';
import { BackendCandidate, defaultNow, Measurement, MeasuredBackend, measureCandidates, measurementOf } from './measure-backends';
import { createOrtBackend, OrtBackendOptions } from './ort';
import type { Ort } from '../onnx/ort-types';
import { errorMessage } from '../result';

export type { BackendCandidate, Measurement } from './measure-backends';

export interface AutoReport {
  /** The backend training now. */
  chosen: BackendName;
  description: string;
  /** Its measured speed (NaN if it took over without being measured). */
  stepsPerSec: number;
  /** Every backend measured, fastest first. */
  measured: Measurement[];
  /** One line per backend skipped, failed or abandoned, in order, for people. */
  fallbacks: string[];
  /** Set while the backends are still being measured in the background (`startOn`). */
  measuring?: boolean;
}

export interface AutoOptions {
  /** In order of preference (it breaks ties). */
  candidates: readonly BackendCandidate[];
  /** Measuring time per backend, after its warm-up; default 100 ms. 0: no measuring, the first candidate that starts wins. */
  calibrationMs?: number;
  /** Called with the choice, then again after every fallback. */
  onReport?: (report: AutoReport) => void;
  /** Clock in ms (tests). */
  now?: () => number;
  /** Train on this candidate at once and measure all of them in the background (after `whenIdle`), moving to the fastest. */
  startOn?: BackendName;
  /** Resolves when measuring may begin (the page: once it has drawn and is idle); default at once. */
  whenIdle?: () => Promise<void>;
}

export class AutoBackend implements TrainingBackend {
  private config: TrainConfig;
  /** The background measurement (startOn), and the faster backend it found, taken over at the next call. */
  private measuring: Promise<void> = Promise.resolve();
  private waiting: MeasuredBackend | null = null;
  private disposed = false;

  private constructor(
    private current: TrainingBackend,
    private readonly problem: TrainingProblem,
    private readonly queue: BackendCandidate[],
    readonly report: AutoReport,
    private readonly onReport?: (report: AutoReport) => void,
  ) {
    this.config = { ...problem.config };
  }

  get name(): BackendName {
    return this.current.name;
  }

  get description(): string {
    return this.current.description;
  }

  /** The backend doing the work now. */
  get active(): TrainingBackend {
    return this.current;
  }

  static async create(problem: TrainingProblem, options: AutoOptions): Promise<AutoBackend> {
    const ms = options.calibrationMs ?? 100;
    if (options.startOn && ms > 0) return AutoBackend.startThenMeasure(problem, options.startOn, ms, options);
    if (ms <= 0) return AutoBackend.inOrder(problem, options);
    const { measured, fallbacks } = await measureCandidates(problem, options.candidates, ms, options.now ?? defaultNow);
    if (!measured.length) throw new Error(`No backend could train this model: ${fallbacks.join('; ')}`);
    const [winner, ...others] = measured;
    for (const other of others) other.backend.dispose();
    // Fall back to the next fastest (those that failed to start are not asked again).
    const queue = others.map((m) => m.candidate);
    const report: AutoReport = {
      chosen: winner.name,
      description: winner.description,
      stepsPerSec: winner.stepsPerSec,
      measured: measured.map(measurementOf),
      fallbacks,
    };
    const auto = new AutoBackend(winner.backend, problem, queue, report, options.onReport);
    options.onReport?.(auto.snapshotReport());
    return auto;
  }

  /** Trains on `first` now; measures every candidate in the background, then moves to the fastest at the next call. */
  private static async startThenMeasure(
    problem: TrainingProblem,
    first: BackendName,
    ms: number,
    options: AutoOptions,
  ): Promise<AutoBackend> {
    const candidate = options.candidates.find((c) => c.name === first);
    if (!candidate) throw new Error(`auto cannot start on ${first}: it is not a candidate`);
    const backend = await candidate.create(problem);
    const report: AutoReport = {
      chosen: first,
      description: backend.description,
      stepsPerSec: NaN,
      measured: [],
      fallbacks: [],
      measuring: true,
    };
    const others = options.candidates.filter((c) => c !== candidate);
    const auto = new AutoBackend(backend, problem, others, report, options.onReport);
    options.onReport?.(auto.snapshotReport());
    auto.measuring = (options.whenIdle?.() ?? Promise.resolve())
      .then(() => (auto.disposed ? null : measureCandidates(problem, options.candidates, ms, options.now ?? defaultNow)))
      .then((result) => {
        if (result) auto.takeMeasurements(result.measured, result.fallbacks);
      })
      .catch((error) => {
        // Nothing measured: training stays where it is.
        Object.assign(auto.report, { measuring: false });
        auto.report.fallbacks.push(`measuring: ${errorMessage(error)}`);
      });
    return auto;
  }

  /** Resolves once the background measurement (startOn) has finished; at once otherwise. */
  whenMeasured(): Promise<void> {
    return this.measuring;
  }

  /** The background measurement is in: keep the fastest for the next call, the others (fastest first) as fallbacks. */
  private takeMeasurements(measured: MeasuredBackend[], fallbacks: string[]): void {
    const [winner, ...others] = measured;
    for (const other of others) other.backend.dispose();
    if (this.disposed || !winner || winner.name === this.current.name) winner?.backend.dispose();
    else this.waiting = winner;
    if (winner && winner.name === this.current.name) this.report.stepsPerSec = winner.stepsPerSec;
    this.queue.length = 0;
    const training = this.waiting?.name ?? this.current.name;
    this.queue.push(...measured.filter((m) => m.name !== training).map((m) => m.candidate));
    Object.assign(this.report, { measured: measured.map(measurementOf), measuring: false });
    this.report.fallbacks.push(...fallbacks);
    if (!this.disposed) this.onReport?.(this.snapshotReport());
  }

  /** Moves to the backend measured fastest, from the current one's state (between two calls). */
  private async moveToWaiting(): Promise<void> {
    const next = this.waiting!;
    this.waiting = null;
    const state = await this.current.exportState();
    try {
      await next.backend.importState(state);
      next.backend.configure({ ...this.config });
    } catch (error) {
      next.backend.dispose();
      this.report.fallbacks.push(`${next.name}: ${errorMessage(error)}`);
      return;
    }
    this.current.dispose();
    this.current = next.backend;
    Object.assign(this.report, { chosen: next.name, description: next.backend.description, stepsPerSec: next.stepsPerSec });
    this.onReport?.(this.snapshotReport());
  }

  /** No measuring: the first candidate that starts trains, the others wait as fallbacks, in order. */
  private static async inOrder(problem: TrainingProblem, options: AutoOptions): Promise<AutoBackend> {
    const fallbacks: string[] = [];
    for (const [i, candidate] of options.candidates.entries()) {
      try {
        const backend = await candidate.create(problem);
        const report: AutoReport = { chosen: candidate.name, description: backend.description, stepsPerSec: NaN, measured: [], fallbacks };
        const auto = new AutoBackend(backend, problem, options.candidates.slice(i + 1), report, options.onReport);
        options.onReport?.(auto.snapshotReport());
        return auto;
      } catch (error) {
        fallbacks.push(`${candidate.name}: ${errorMessage(error)}`);
      }
    }
    throw new Error(`No backend could train this model: ${fallbacks.join('; ')}`);
  }

  private snapshotReport(): AutoReport {
    return { ...this.report, measured: [...this.report.measured], fallbacks: [...this.report.fallbacks] };
  }

  /** Moves to the next backend that starts, from `state`; throws when none is left. */
  private async failOver(error: unknown, state: TrainingCheckpoint): Promise<void> {
    const failed = this.current.name;
    try {
      this.current.dispose();
    } catch {
      // it is gone either way
    }
    const why = errorMessage(error);
    while (this.queue.length) {
      const candidate = this.queue.shift()!;
      let next: TrainingBackend | null = null;
      try {
        next = await candidate.create({ ...this.problem, init: state.params, config: { ...this.config } });
        await next.importState(state);
        next.configure({ ...this.config });
        this.current = next;
        const measured = this.report.measured.find((m) => m.name === candidate.name);
        Object.assign(this.report, { chosen: candidate.name, description: next.description, stepsPerSec: measured?.stepsPerSec ?? NaN });
        this.report.fallbacks.push(
          `${failed} failed at step ${state.step} (${why}); continuing on ${candidate.name} from the same parameters`,
        );
        this.onReport?.(this.snapshotReport());
        return;
      } catch (startError) {
        next?.dispose();
        this.report.fallbacks.push(`${candidate.name}: ${errorMessage(startError)}`);
      }
    }
    this.onReport?.(this.snapshotReport());
    throw new Error(`${failed} failed (${why}) and no other backend could take over`);
  }

  /** The state to resume from if `work` fails: taken before it (cheap: a copy of host mirrors). */
  private async guarded<T>(work: (backend: TrainingBackend) => Promise<T>): Promise<T> {
    if (this.waiting) await this.moveToWaiting();
    for (;;) {
      const backend = this.current;
      const before = await backend.exportState();
      try {
        return await work(backend);
      } catch (error) {
        // Nothing of this call reached the caller: redo all of it on the next backend.
        await this.failOver(error, before);
      }
    }
  }

  run(updates: number): Promise<ChunkResult> {
    return this.guarded((backend) => backend.run(updates));
  }

  currentStep(): Promise<StepRecord> {
    return this.guarded((backend) => backend.currentStep());
  }

  setParams(params: Float64Array): Promise<void> {
    return this.current.setParams(params);
  }

  reset(init: Float64Array): Promise<void> {
    return this.current.reset(init);
  }

  exportState(): Promise<TrainingCheckpoint> {
    return this.current.exportState();
  }

  importState(state: TrainingCheckpoint): Promise<void> {
    return this.current.importState(state);
  }

  configure(config: TrainConfig): void {
    this.config = { ...config };
    this.current.configure(config);
  }

  dispose(): void {
    this.disposed = true;
    this.waiting?.backend.dispose();
    this.waiting = null;
    this.current.dispose();
  }
}

export function createAutoBackend(problem: TrainingProblem, options: AutoOptions): Promise<AutoBackend> {
  return AutoBackend.create(problem, options);
}

export interface BackendOptions extends OrtBackendOptions {
  /** onnxruntime-web's namespace, or a loader called when a backend first needs it (auto with `startOn`); without it only cpu is offered. */
  ort?: Ort | null | (() => Promise<Ort | null>);
  /** auto: see {@link AutoOptions}. */
  calibrationMs?: number;
  onReport?: (report: AutoReport) => void;
  startOn?: BackendName;
  whenIdle?: () => Promise<void>;
}

/** webgpu, wasm, cpu: the order auto tries them in when they are equally fast. */
export function standardCandidates(options: BackendOptions = {}): BackendCandidate[] {
  const { ort, ...ortOptions } = options;
  const candidates: BackendCandidate[] = [];
  if (ort) {
    const loaded = async (): Promise<Ort> => {
      const namespace = typeof ort === 'function' ? await ort() : ort;
      if (!namespace) throw new Error('onnxruntime-web did not load');
      return namespace;
    };
    candidates.push({ name: 'webgpu', create: async (p) => createOrtBackend(await loaded(), 'webgpu', p, ortOptions) });
    candidates.push({ name: 'wasm', create: async (p) => createOrtBackend(await loaded(), 'wasm', p, ortOptions) });
  }
  candidates.push({ name: 'cpu', create: createCpuBackend });
  return candidates;
}

/** The one entry point: `cpu`, `wasm`, `webgpu` or `auto` for a problem. */
export function createBackend(choice: BackendChoice, problem: TrainingProblem, options: BackendOptions = {}): Promise<TrainingBackend> {
  if (choice === 'cpu') return createCpuBackend(problem);
  if (choice === 'auto') {
    const { calibrationMs, onReport, startOn, whenIdle } = options;
    return createAutoBackend(problem, { candidates: standardCandidates(options), calibrationMs, onReport, startOn, whenIdle });
  }
  const { ort, ...ortOptions } = options;
  return Promise.resolve(typeof ort === 'function' ? ort() : ort).then((namespace) => {
    if (!namespace) throw new Error(`The ${choice} backend needs onnxruntime-web`);
    return createOrtBackend(namespace, choice, problem, ortOptions);
  });
}
