// Runs training on a TrainingBackend without blocking the page: every backend call goes through
// one queue (so a slider move never races a chunk), Train runs one chunk per animation frame,
// and a newer backend (a new model, data set or backend choice) silently retires the old one.
import type { ChunkResult, TrainingBackend, TrainingCheckpoint, TrainingProblem } from '../../src/core/backends/backend';
import type { BackendChoice } from '../../src/core/limits';
import type { StepRecord, TrainConfig } from '../../src/core/train/sgd';
import { Fallback, openPageBackend } from './page-backends';
import { RateMeter, WallRate } from './rate';

export interface BackendStatus {
  /** The backend in use, or null while one is starting. */
  name: string | null;
  description: string;
  /** Updates per wall-clock second while training (drawing included): what the learner gets. */
  stepsPerSecond: number | null;
  /** Updates per second of the backend's compute time alone. */
  computeStepsPerSecond?: number | null;
  fellBack?: Fallback;
  /** Chosen by "auto". */
  auto?: boolean;
  error?: string;
}

export type StopReason = 'paused' | 'diverged' | 'target' | 'error';

export interface SessionListener {
  /** A chunk finished: its result, the loss and gradient at the parameters it ended with, and the state to resume from. */
  chunk(result: ChunkResult, at: StepRecord, state: TrainingCheckpoint): void;
  status(status: BackendStatus): void;
  stopped(reason: StopReason, message?: string): void;
}

export interface ChunkPlan {
  /** Updates for the next chunk; 0 ends the run. */
  next(): number;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export class TrainingSession {
  private backend: TrainingBackend | null = null;
  /** Identifies the backend being opened: a newer open retires an older one still starting. */
  private generation = 0;
  /** Identifies what chunk results are still wanted: bumped by open and reset. */
  private epoch = 0;
  /** The current Train loop; a paused loop still finishing its chunk must not go on after a new start. */
  private loopId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingParams: Float64Array | null = null;
  private runningFlag = false;
  private readonly meter = new RateMeter();
  private readonly wall = new WallRate();
  private status: BackendStatus = { name: null, description: 'starting…', stepsPerSecond: null };

  constructor(private readonly listener: SessionListener) {}

  get running(): boolean {
    return this.runningFlag;
  }

  /**
   * Replaces the backend for a new problem, carrying on from `resume` (step count, accumulated
   * gradient) when given. Resolves once the new backend is ready (or has failed).
   */
  open(problem: TrainingProblem, choice: BackendChoice, resume?: TrainingCheckpoint): Promise<void> {
    this.pause();
    const generation = ++this.generation;
    this.epoch++;
    this.pendingParams = null;
    this.setStatus({ name: null, description: 'starting…', stepsPerSecond: null });
    return this.enqueue(async () => {
      this.backend?.dispose();
      this.backend = null;
      if (generation !== this.generation) return;
      try {
        const opened = await openPageBackend(choice, problem, (fellBack) => {
          if (generation !== this.generation || !this.backend) return;
          this.meter.clear();
          this.setStatus({ name: this.backend.name, description: this.backend.description, stepsPerSecond: null, fellBack, auto: true });
        });
        if (resume) await opened.backend.importState(resume);
        if (generation !== this.generation) {
          opened.backend.dispose();
          return;
        }
        this.backend = opened.backend;
        this.meter.clear();
        this.setStatus({
          name: opened.backend.name,
          description: opened.backend.description,
          stepsPerSecond: null,
          fellBack: opened.fellBack,
          auto: choice === 'auto',
        });
      } catch (error) {
        this.setStatus({
          name: null,
          description: 'unavailable',
          stepsPerSecond: null,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    });
  }

  /** The newest slider position wins: several moves before the backend is free make one call. */
  setParams(params: Float64Array): void {
    const waiting = this.pendingParams !== null;
    this.pendingParams = Float64Array.from(params);
    if (waiting) return;
    void this.enqueue(async () => {
      const params = this.pendingParams;
      this.pendingParams = null;
      if (params && this.backend) await this.backend.setParams(params);
    });
  }

  configure(config: TrainConfig): void {
    void this.enqueue(async () => this.backend?.configure({ ...config }));
  }

  reset(init: Float64Array): Promise<void> {
    this.pause();
    this.epoch++; // a chunk still running reports nothing: its parameters are no longer wanted
    const copy = Float64Array.from(init);
    this.pendingParams = null;
    return this.enqueue(async () => {
      await this.backend?.reset(copy);
    });
  }

  /** Makes `updates` updates now (the Step button). */
  step(updates: number): Promise<void> {
    const epoch = this.epoch;
    return this.enqueue(() => this.runChunk(updates, epoch)).then(() => undefined);
  }

  /** Trains chunk after chunk, one per frame, until paused, diverged or the plan says 0. */
  start(plan: ChunkPlan): void {
    if (this.runningFlag) return;
    this.runningFlag = true;
    this.meter.clear();
    this.wall.clear();
    void this.loop(plan, this.epoch, ++this.loopId);
  }

  pause(): void {
    if (!this.runningFlag) return;
    this.runningFlag = false;
    this.listener.stopped('paused');
  }

  dispose(): void {
    this.generation++;
    this.epoch++;
    this.runningFlag = false;
    void this.enqueue(async () => {
      this.backend?.dispose();
      this.backend = null;
    });
  }

  private async loop(plan: ChunkPlan, epoch: number, id: number): Promise<void> {
    while (this.runningFlag && epoch === this.epoch && id === this.loopId) {
      const updates = plan.next();
      if (updates <= 0) {
        this.stop('target');
        return;
      }
      const outcome = await this.enqueue(() => this.runChunk(updates, epoch));
      if (outcome === 'failed') return;
      await nextFrame();
    }
  }

  private async runChunk(updates: number, epoch: number): Promise<'ok' | 'failed' | 'stale'> {
    const backend = this.backend;
    if (!backend && this.status.error) {
      this.stop('error', `No backend to train on: ${this.status.error}`);
      return 'failed';
    }
    if (!backend || epoch !== this.epoch) return 'stale';
    const started = performance.now();
    let result: ChunkResult;
    let at: StepRecord;
    let state: TrainingCheckpoint;
    try {
      result = await backend.run(updates);
      at = await backend.currentStep();
      state = await backend.exportState();
    } catch (error) {
      this.stop('error', `Training failed on ${backend.name}: ${error instanceof Error ? error.message : String(error)}`);
      return 'failed';
    }
    if (epoch !== this.epoch) return 'stale';
    const ended = performance.now();
    this.meter.add(result.losses.length, ended - started);
    if (this.runningFlag) this.wall.add(result.losses.length, ended);
    this.listener.chunk(result, at, state);
    this.setStatus({
      ...this.status,
      name: backend.name,
      description: backend.description,
      stepsPerSecond: this.runningFlag ? this.wall.rate() : this.status.stepsPerSecond,
      computeStepsPerSecond: this.meter.rate(),
    });
    if (result.diverged) {
      this.stop('diverged', result.diverged.reason);
      return 'failed';
    }
    return 'ok';
  }

  private stop(reason: StopReason, message?: string): void {
    this.runningFlag = false;
    this.listener.stopped(reason, message);
  }

  private setStatus(status: BackendStatus): void {
    this.status = status;
    this.listener.status(status);
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
