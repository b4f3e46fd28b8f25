// The playground's training, wired to its TrainingSession: Train, Step and Pause, the backend
// (re)opened on the current model and data, each chunk taken into the playground's state, and the
// notices a run gives (nothing to train, "stop after" reached, overshooting, why it stopped).
import type { ChunkResult, TrainingCheckpoint } from '../../src/core/backends/backend';
import type { Dataset } from '../../src/core/data/generate';
import type { StepRecord, TrainConfig } from '../../src/core/train/sgd';
import type { PlaygroundState } from '../../src/protocol/state';
import { StopReason, TrainingSession } from '../training/session';
import type { Emitter } from './events';
import type { BuiltModel } from './model';
import type { Evaluation } from './evaluation';
import { trainingProblem } from '../layers/network-evaluation';
import { alreadyStoppedNotice, NO_POINTS, NOTHING_TO_TRAIN, Notice, stoppedNotice } from './notices';
import { OvershootWatch } from './overshoot';
import type { PlaygroundEvents } from './playground-events';
import { loopSteps, nextChunkSteps, stopStep, withChunk } from './run';
import type { BackendStatus } from '../training/session';

/** The part of the playground a run reads and moves on. */
export interface RunHost {
  state: PlaygroundState;
  readonly model: BuiltModel;
  readonly data: Dataset;
  /** The page's evaluation of the model on the data: the cpu backend trains with its evaluator. */
  readonly evaluation: Evaluation;
  params: Float64Array;
  loss: number;
  grad: Float64Array;
  status: BackendStatus;
  readonly events: Emitter<PlaygroundEvents>;
  trainConfig(): TrainConfig;
}

export class TrainingRun {
  private readonly session: TrainingSession;
  private readonly overshoot = new OvershootWatch();

  constructor(
    private readonly host: RunHost,
    /** Saves the host's state, now or soon. */
    private readonly save: (now: boolean) => void,
  ) {
    this.session = new TrainingSession({
      chunk: (result, at, resume) => this.onChunk(result, at, resume),
      status: (status) => {
        host.status = status;
        host.events.emit('status', status);
      },
      stopped: (reason, message) => this.onStopped(reason, message),
    });
  }

  get running(): boolean {
    return this.session.running;
  }

  /** The training settings changed: the next chunk uses them. */
  configure(): void {
    this.session.configure(this.host.trainConfig());
  }

  /** The learner moved a slider: the backend carries on from there. */
  setParams(params: Float64Array): void {
    this.session.setParams(params);
  }

  /** The model or data changed: pause, and forget the loss the overshoot warning compares with. */
  interrupt(): void {
    this.session.pause();
    this.overshoot.forget();
  }

  /** A backend for the current model and data that carries on from the saved step and accumulated gradient. */
  reopen(): void {
    const { state, model, data, evaluation } = this.host;
    const params = Float64Array.from(this.host.params);
    const saved = state.direction;
    const resume = {
      step: state.step,
      params,
      direction: saved && saved.length === params.length ? Float64Array.from(saved) : new Float64Array(params.length),
      lastGood: params,
    };
    void this.session.open(trainingProblem(model, data, params, this.host.trainConfig(), evaluation), state.train.backend, resume);
  }

  toggle(): void {
    if (this.session.running) this.session.pause();
    else this.train();
  }

  train(): void {
    if (this.session.running) return;
    const { events, state } = this.host;
    const cannot = this.cannotTrain();
    if (cannot) {
      events.emit('notice', cannot);
      return;
    }
    const stopAt = stopStep(state);
    if (stopAt !== null && state.step >= stopAt) {
      events.emit('notice', alreadyStoppedNotice(loopSteps(state)));
      return;
    }
    events.emit('notice', null);
    this.overshoot.begin(this.host.loss);
    this.session.start({ next: () => nextChunkSteps(this.host.state) });
    events.emit('running', true);
  }

  pause(): void {
    this.session.pause();
  }

  step(): Promise<void> {
    if (this.session.running) this.session.pause();
    const cannot = this.cannotTrain();
    if (cannot) {
      this.host.events.emit('notice', cannot);
      return Promise.resolve();
    }
    this.host.events.emit('notice', null);
    return this.session.step(1);
  }

  /** Back to `init` (a fresh run): resolves once the backend is there too. */
  reset(init: Float64Array): Promise<void> {
    return this.session.reset(init);
  }

  /** Why there is nothing to train (no parameters, no points), or null. */
  private cannotTrain(): Notice | null {
    if (this.host.data.x.length === 0) return NO_POINTS;
    return this.host.model.names.length === 0 ? NOTHING_TO_TRAIN : null;
  }

  private onChunk(result: ChunkResult, at: StepRecord, resume: TrainingCheckpoint): void {
    const host = this.host;
    const { state, thinned } = withChunk(host.state, host.model.names, result, resume);
    host.state = state;
    host.params = Float64Array.from(result.params);
    host.loss = at.loss;
    host.grad = Float64Array.from(at.grad);
    host.events.emit('params', { source: 'train' });
    host.events.emit('history', { whole: thinned });
    const overshooting = this.overshoot.check(host.loss, state.train.loss, state.step);
    if (overshooting) host.events.emit('notice', overshooting);
    // A chunk that lands after Pause (it was already running) or from Step is the last change for a
    // while: save it now, so a reload right after shows exactly what was on screen.
    this.save(!this.session.running);
  }

  private onStopped(reason: StopReason, message?: string): void {
    this.host.events.emit('running', false);
    this.overshoot.end();
    const notice = stoppedNotice(reason, message, loopSteps(this.host.state));
    if (notice) this.host.events.emit('notice', notice);
    this.save(true);
  }
}
