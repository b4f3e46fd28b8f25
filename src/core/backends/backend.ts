// One interface for every place training can run: the TypeScript engine (cpu) and
// onnxruntime-web (wasm, webgpu). The webview, the CLI, the tests and the bench use only this.
import { Dataset } from '../data/generate';
import type { ModelEvaluator } from '../eval/evaluator';
import type { BackendName } from '../limits';
import { Program } from '../formula/program';
import { MlpSpec } from '../model/mlp';
import { StepRecord, TrainConfig } from '../train/sgd';

export interface Problem {
  program: Program;
  data: Dataset;
  init: Float64Array;
  config: TrainConfig;
  /**
   * An evaluator already made for `program` on `data` (the page's own): the cpu backend trains with
   * it instead of making a second one (for 1,000,000 points, a second kernel's memory and setup).
   * Every call loads its own parameters, so sharing one between the page and a backend is safe.
   */
  evaluator?: ModelEvaluator;
}

/** A network (src/core/model/mlp.ts) to train instead of a formula; `data` has one input per network input. */
export interface NetworkProblem {
  network: MlpSpec;
  data: Dataset;
  init: Float64Array;
  config: TrainConfig;
}

export interface ChunkResult {
  /** The loss before each update made by this chunk, in order. */
  losses: Float64Array;
  /** Updates made in total so far. */
  step: number;
  /** Parameters after the chunk; after a divergence, the last ones whose loss was finite. */
  params: Float64Array;
  diverged?: { step: number; reason: string };
}

/** Everything needed to continue training elsewhere: the step count, the parameters, the accumulated gradient. */
export interface TrainingCheckpoint {
  step: number;
  params: Float64Array;
  /** The accumulated gradient (accumulate mode's running sum; the last gradient otherwise). */
  direction: Float64Array;
  /** The parameters a divergence goes back to. */
  lastGood: Float64Array;
}

export interface TrainingBackend {
  readonly name: BackendName;
  /** What it runs on, for people: e.g. "TypeScript, float64" or the GPU adapter. */
  readonly description: string;
  /** Makes `updates` gradient-descent updates (fewer if it diverges). */
  run(updates: number): Promise<ChunkResult>;
  /** The record at the current parameters (loss, gradient, next direction and rate): the same question as Trainer.currentStep(). */
  currentStep(): Promise<StepRecord>;
  /** Replaces the parameters (a slider moved); keeps the step count and any accumulated gradient. */
  setParams(params: Float64Array): Promise<void>;
  /** Back to `init` at step 0, accumulated gradient cleared. */
  reset(init: Float64Array): Promise<void>;
  /** Learning rate, schedule, loss and accumulation may change between chunks. */
  configure(config: TrainConfig): void;
  /** The state another backend needs to carry on exactly (a fallback, a reload). */
  exportState(): Promise<TrainingCheckpoint>;
  importState(state: TrainingCheckpoint): Promise<void>;
  dispose(): void;
}

/** Every backend trains formulas and networks alike. */
export type TrainingProblem = Problem | NetworkProblem;

export type BackendFactory = (problem: TrainingProblem) => Promise<TrainingBackend>;
