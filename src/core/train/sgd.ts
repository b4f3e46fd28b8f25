// Gradient descent as the lesson does it: compute the loss, get the gradient, step the
// parameters against it by the learning rate. Optionally keeps adding each step's gradient to
// the last, as the original notebook's loop does (it never zeroes abc.grad).
import type { LossName } from '../eval/loss';
import { canDescend, FusedDescent, ModelEvaluator } from '../eval/evaluator';
import { MAX_FUSED_STEPS } from '../eval/wasm/kernel';
import { createEvaluator } from '../eval/create-evaluator';
import { Dataset } from '../data/generate';
import { Program } from '../formula/program';
import { divergenceCause, divergenceReason } from './divergence';

export type Schedule =
  | { kind: 'constant' }
  | { kind: 'step'; every: number; gamma: number }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'cosine'; steps: number; minLr: number };

export const SCHEDULE_KINDS = ['constant', 'step', 'exponential', 'cosine'] as const;

export function defaultSchedule(kind: Schedule['kind'], steps = 1000): Schedule {
  switch (kind) {
    case 'constant':
      return { kind };
    case 'step':
      return { kind, every: Math.max(1, Math.round(steps / 4)), gamma: 0.5 };
    case 'exponential':
      return { kind, gamma: 0.999 };
    case 'cosine':
      return { kind, steps, minLr: 0 };
  }
}

/** The learning rate used for update number `step` (0-based). */
export function learningRate(base: number, schedule: Schedule, step: number): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * Math.pow(schedule.gamma, Math.floor(step / schedule.every));
    case 'exponential':
      return base * Math.pow(schedule.gamma, step);
    case 'cosine': {
      const t = Math.min(step, schedule.steps) / schedule.steps;
      return schedule.minLr + 0.5 * (base - schedule.minLr) * (1 + Math.cos(Math.PI * t));
    }
  }
}

export interface TrainConfig {
  lr: number;
  schedule: Schedule;
  loss: LossName;
  /** Add each step's gradient to the previous ones, as the original notebook's loop does. */
  accumulateGrad: boolean;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = { lr: 0.01, schedule: { kind: 'constant' }, loss: 'mae', accumulateGrad: false };

/** The state at one step: the loss and gradient at `params`, after `step` updates. */
export interface StepRecord {
  step: number;
  loss: number;
  params: Float64Array;
  grad: Float64Array;
  /** The gradient the next update uses: `grad`, or the running sum when accumulating. */
  direction: Float64Array;
  /** The learning rate of the next update. */
  lr: number;
}

export interface RunResult {
  /** Updates made by this call. */
  steps: number;
  /** Set when the loss or a parameter became NaN or infinite; the parameters are the last good ones. */
  diverged?: { step: number; reason: string };
}

/** An evaluator that brings its own parameter count: what a model other than a formula (a network) trains through. */
export interface TrainableEvaluator extends ModelEvaluator {
  readonly paramCount: number;
}

function isProgram(model: Program | TrainableEvaluator): model is Program {
  return 'nodes' in model;
}

export class Trainer {
  readonly evaluator: ModelEvaluator;
  private readonly paramCount: number;
  params: Float64Array;
  /** Updates made so far. */
  step = 0;
  private readonly grad: Float64Array;
  private readonly direction: Float64Array;
  private readonly lastGood: Float64Array;
  private currentLoss = NaN;
  private readonly rates = new Float64Array(MAX_FUSED_STEPS);
  private readonly fusedLosses = new Float64Array(MAX_FUSED_STEPS);
  private fresh = false;

  /** `model`: a formula's Program (evaluated on `data.x`), or an evaluator already bound to the data's inputs. */
  constructor(
    model: Program | TrainableEvaluator,
    readonly data: Dataset,
    init: Float64Array,
    public config: TrainConfig,
    /** Made by createEvaluator when not given (the CPU backend compiles one in the background). */
    evaluator?: ModelEvaluator,
  ) {
    this.paramCount = model.paramCount;
    if (init.length !== this.paramCount) throw new Error(`Expected ${this.paramCount} starting values, got ${init.length}`);
    this.evaluator = evaluator ?? (isProgram(model) ? createEvaluator(model, data.x, { x2: data.x2 }) : model);
    this.params = Float64Array.from(init);
    this.grad = new Float64Array(this.paramCount);
    this.direction = new Float64Array(this.paramCount);
    this.lastGood = Float64Array.from(init);
  }

  /** Start again from `init` (the accumulated gradient is cleared too). */
  reset(init: Float64Array): void {
    this.params.set(init);
    this.lastGood.set(init);
    this.direction.fill(0);
    this.step = 0;
    this.fresh = false;
  }

  /** Step count, parameters, accumulated gradient and last good parameters (copies). */
  exportState(): { step: number; params: Float64Array; direction: Float64Array; lastGood: Float64Array } {
    return {
      step: this.step,
      params: Float64Array.from(this.params),
      direction: Float64Array.from(this.direction),
      lastGood: Float64Array.from(this.lastGood),
    };
  }

  /** Carries on from a state exported here or by another backend. */
  importState(state: { step: number; params: Float64Array; direction: Float64Array; lastGood: Float64Array }): void {
    this.params.set(state.params);
    this.direction.set(state.direction);
    this.lastGood.set(state.lastGood);
    this.step = state.step;
    this.fresh = false;
  }

  /** Move the parameters by hand (a slider): keeps the step count and the accumulated gradient. */
  setParams(params: Float64Array): void {
    this.params.set(params);
    this.fresh = false;
  }

  private evaluate(): void {
    if (this.fresh) return;
    this.currentLoss = this.evaluator.lossAndGrad(this.params, this.data.y, this.config.loss, this.grad);
    this.fresh = true;
  }

  /** The loss and gradient at the current parameters, as a record (copies). */
  currentStep(): StepRecord {
    this.evaluate();
    const direction = this.config.accumulateGrad ? this.direction.map((d, i) => d + this.grad[i]) : Float64Array.from(this.grad);
    return {
      step: this.step,
      loss: this.currentLoss,
      params: Float64Array.from(this.params),
      grad: Float64Array.from(this.grad),
      direction,
      lr: learningRate(this.config.lr, this.config.schedule, this.step),
    };
  }

  /**
   * Makes up to `steps` updates. `onStep` sees the state before each update (step k's loss is
   * measured at the parameters after k updates). Stops early on divergence, restoring the last
   * parameters whose loss was finite. `losses`, when given, receives the loss before each update.
   */
  run(steps: number, onStep?: (record: StepRecord) => void, losses?: Float64Array): RunResult {
    if (!onStep && canDescend(this.evaluator)) return this.runFused(this.evaluator, steps, losses);
    const { params, grad, direction, lastGood } = this;
    const { accumulateGrad, schedule, lr } = this.config;
    const count = params.length;
    for (let done = 0; done < steps; done++) {
      this.evaluate();
      const diverged = this.divergence();
      if (diverged) {
        params.set(lastGood);
        this.fresh = false;
        return { steps: done, diverged: { step: this.step, reason: diverged } };
      }
      lastGood.set(params);
      if (losses) losses[done] = this.currentLoss;
      if (onStep) onStep(this.currentStep());
      const rate = learningRate(lr, schedule, this.step);
      for (let i = 0; i < count; i++) {
        direction[i] = accumulateGrad ? direction[i] + grad[i] : grad[i];
        params[i] -= rate * direction[i];
      }
      this.step++;
      this.fresh = false;
    }
    return { steps };
  }

  /** As run, with the evaluator making the updates itself (the WebAssembly kernel): the same steps, in chunks. */
  private runFused(evaluator: FusedDescent, steps: number, losses?: Float64Array): RunResult {
    const { lr, schedule, loss, accumulateGrad } = this.config;
    let done = 0;
    while (done < steps) {
      const chunk = Math.min(steps - done, MAX_FUSED_STEPS);
      const rates = this.rates.subarray(0, chunk);
      for (let k = 0; k < chunk; k++) rates[k] = learningRate(lr, schedule, this.step + k);
      const state = { params: this.params, grad: this.grad, direction: this.direction, lastGood: this.lastGood };
      const result = evaluator.descend(state, this.data.y, loss, accumulateGrad, rates, this.fusedLosses);
      if (losses) losses.set(this.fusedLosses.subarray(0, result.steps), done);
      done += result.steps;
      this.step += result.steps;
      if (result.steps < chunk) {
        // Stopped at parameters whose loss, value or gradient is not finite: say why, go back.
        this.currentLoss = result.loss;
        const reason = this.divergence() ?? `diverged at step ${this.step}`;
        this.params.set(this.lastGood);
        this.fresh = false;
        return { steps: done, diverged: { step: this.step, reason } };
      }
    }
    this.fresh = false;
    return { steps };
  }

  /** Why the current state is unusable, or null when it is fine. */
  private divergence(): string | null {
    const cause = divergenceCause(this.currentLoss, this.params, this.grad);
    return cause === null ? null : divergenceReason(this.step, cause);
  }
}
