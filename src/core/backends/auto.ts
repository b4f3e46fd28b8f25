// "auto": measure each available backend for ~100 ms on the problem at hand, train on the fastest,
// and when it fails (no adapter, a software adapter, the GPU lost mid-training, a session that will
// not compile) carry on with the next one from the same state. Itself a TrainingBackend, so the UI
// does not care which one runs; what it chose, how fast each was and every fallback are reported.
import { StepRecord, TrainConfig } from '../train/sgd';
import type { BackendChoice, BackendName } from '../limits';
import { BackendFactory, ChunkResult, TrainingProblem, TrainingBackend, TrainingCheckpoint } from './backend';
import { createCpuBackend } from './cpu';
import { createOrtBackend, OrtBackendOptions } from './ort';
import type { Ort } from '../onnx/ort-types';
import { errorMessage } from '../result';

export interface BackendCandidate {
  name: BackendName;
  create: BackendFactory;
}

export interface Measurement {
  name: BackendName;
  description: string;
  stepsPerSec: number;
  /** Updates per call into the runtime (K), where the backend has one. */
  stepsPerRun?: number;
}

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
}

const defaultNow = (): number => (globalThis.performance ? globalThis.performance.now() : Date.now());

/** Runs `backend` for about `ms` after one warm-up call; updates per second. Leaves it reset to `init`. */
export async function calibrate(backend: TrainingBackend, init: Float64Array, ms: number, now: () => number = defaultNow): Promise<number> {
  const base = (backend as { stepsPerRun?: number }).stepsPerRun ?? 1;
  const warm = backend as { warmUp?: () => Promise<void> };
  if (warm.warmUp) await warm.warmUp();
  await backend.run(base);
  let chunk = base;
  let steps = 0;
  let elapsed = 0;
  while (elapsed < ms) {
    const start = now();
    const result = await backend.run(chunk);
    const took = now() - start;
    elapsed += took;
    steps += result.losses.length;
    if (result.diverged) {
      await backend.reset(init);
      if (result.losses.length === 0) break;
    }
    // grow the chunk until one call takes ~1/4 of the budget: fewer timer reads, same work
    if (took < ms / 8) chunk *= 2;
  }
  await backend.reset(init);
  return elapsed > 0 ? (steps / elapsed) * 1000 : 0;
}

export class AutoBackend implements TrainingBackend {
  private config: TrainConfig;

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
    if (ms <= 0) return AutoBackend.inOrder(problem, options);
    const now = options.now ?? defaultNow;
    const fallbacks: string[] = [];
    const measured: (Measurement & { backend: TrainingBackend; candidate: BackendCandidate; order: number })[] = [];
    for (const [order, candidate] of options.candidates.entries()) {
      let backend: TrainingBackend | null = null;
      try {
        backend = await candidate.create(problem);
        const stepsPerSec = await calibrate(backend, problem.init, ms, now);
        const stepsPerRun = (backend as { stepsPerRun?: number }).stepsPerRun;
        measured.push({ name: candidate.name, description: backend.description, stepsPerSec, stepsPerRun, backend, candidate, order });
      } catch (error) {
        backend?.dispose();
        fallbacks.push(`${candidate.name}: ${errorMessage(error)}`);
      }
    }
    if (!measured.length) throw new Error(`No backend could train this model: ${fallbacks.join('; ')}`);
    measured.sort((a, b) => b.stepsPerSec - a.stepsPerSec || a.order - b.order);
    const [winner, ...others] = measured;
    for (const other of others) other.backend.dispose();
    // Fall back to the next fastest (those that failed to start are not asked again).
    const queue = others.map((m) => m.candidate);
    const report: AutoReport = {
      chosen: winner.name,
      description: winner.description,
      stepsPerSec: winner.stepsPerSec,
      measured: measured.map(({ name, description, stepsPerSec, stepsPerRun }) => ({ name, description, stepsPerSec, stepsPerRun })),
      fallbacks,
    };
    const auto = new AutoBackend(winner.backend, problem, queue, report, options.onReport);
    options.onReport?.(auto.snapshotReport());
    return auto;
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
    this.current.dispose();
  }
}

export function createAutoBackend(problem: TrainingProblem, options: AutoOptions): Promise<AutoBackend> {
  return AutoBackend.create(problem, options);
}

export interface BackendOptions extends OrtBackendOptions {
  /** onnxruntime-web's namespace; without it only cpu is offered. */
  ort?: Ort | null;
  /** auto: see {@link AutoOptions}. */
  calibrationMs?: number;
  onReport?: (report: AutoReport) => void;
}

/** webgpu, wasm, cpu: the order auto tries them in when they are equally fast. */
export function standardCandidates(options: BackendOptions = {}): BackendCandidate[] {
  const { ort, ...ortOptions } = options;
  const candidates: BackendCandidate[] = [];
  if (ort) {
    candidates.push({ name: 'webgpu', create: (p) => createOrtBackend(ort, 'webgpu', p, ortOptions) });
    candidates.push({ name: 'wasm', create: (p) => createOrtBackend(ort, 'wasm', p, ortOptions) });
  }
  candidates.push({ name: 'cpu', create: createCpuBackend });
  return candidates;
}

/** The one entry point: `cpu`, `wasm`, `webgpu` or `auto` for a problem. */
export function createBackend(choice: BackendChoice, problem: TrainingProblem, options: BackendOptions = {}): Promise<TrainingBackend> {
  if (choice === 'cpu') return createCpuBackend(problem);
  if (choice === 'auto') {
    return createAutoBackend(problem, {
      candidates: standardCandidates(options),
      calibrationMs: options.calibrationMs,
      onReport: options.onReport,
    });
  }
  const { ort, ...ortOptions } = options;
  if (!ort) return Promise.reject(new Error(`The ${choice} backend needs onnxruntime-web`));
  return createOrtBackend(ort, choice, problem, ortOptions);
}
