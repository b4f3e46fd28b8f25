// Training on onnxruntime-web: the `wasm` and `webgpu` backends. The gradient graph is our own
// (src/core/onnx), compiled once per formula shape; K updates run per session call. The `ort`
// namespace is a parameter: `require('onnxruntime-web')` in Node (wasm), the `ort.webgpu.min.mjs`
// module in the webview (wasm and webgpu).
//
// State lives in two places: the tensors the next run is fed (on the GPU for webgpu: outputs are
// kept there with preferredOutputLocation 'gpu-buffer' and fed back as inputs), and a float32 mirror
// on the host, refreshed from the one small `readback` output of every run (losses and parameters,
// which the UI draws, plus the direction and last good parameters: a few floats that make a lost
// device cost nothing). Float32 throughout: expect agreement with the float64 cpu backend to about
// 1e-6 relative per step, slowly drifting over many steps.
import { learningRate, StepRecord, TrainConfig } from '../train/sgd';
import { inputColumns, inputCount } from '../data/generate';
import { layerSizes, MlpSpec } from '../model/mlp';
import { inputMatrix } from '../model/mlp-evaluator';
import { ChunkResult, NetworkProblem, Problem, TrainingBackend, TrainingCheckpoint } from './backend';
import { Ort, OrtExecutionProvider, OrtFeeds, OrtSession, OrtSessionOptions, OrtTensor } from '../onnx/ort-types';
import { leaseSession, SessionLease } from '../onnx/sessions';
import {
  buildInspectModel,
  buildStepModel,
  formulaGraphModel,
  GraphModel,
  INPUTS,
  modelKey,
  networkGraphModel,
  OUTPUTS,
} from '../onnx/training-model';
import { acquireWebGpu, BUFFER_USAGE, DeviceLostError, GpuLike, WebGpuContext } from '../onnx/webgpu';
import { SerialQueue } from '../serial-queue';
import { divergenceCause, divergenceReason, OUTGREW_FLOAT32 } from '../train/divergence';

export interface OrtBackendOptions {
  /** Updates per session call (K, the unrolled steps). Default: {@link defaultStepsPerRun}. */
  stepsPerRun?: number;
  /** webgpu: train on a software fallback adapter (SwiftShader) instead of refusing it. */
  allowFallbackAdapter?: boolean;
  /** webgpu: what to use as navigator.gpu (tests simulate a machine without an adapter). */
  gpu?: GpuLike | null;
  /** Log each new session's graph optimisation and node placement (onnxruntime verbose logging). */
  verbose?: boolean;
}

/**
 * K for a problem: enough updates per call to hide the call's fixed cost (tens of µs on wasm, a
 * GPU round trip on webgpu), few enough that a call stays short and the graph small.
 */
export function defaultStepsPerRun(problem: Problem | NetworkProblem, provider: OrtExecutionProvider): number {
  const work = problem.data.x.length * ('network' in problem ? networkWidth(problem.network) : problem.program.units);
  if (provider === 'webgpu') return work <= 1_000_000 ? 32 : 8;
  return work <= 20_000 ? 32 : work <= 200_000 ? 8 : 1;
}

/** Multiply-adds per point and step of a network, in units of one ReLU of the formula engine. */
function networkWidth(spec: MlpSpec): number {
  const sizes = layerSizes(spec);
  let total = 0;
  for (let l = 1; l < sizes.length; l++) total += sizes[l] * sizes[l - 1];
  return total;
}

function graphModelOf(problem: Problem | NetworkProblem): GraphModel {
  return 'network' in problem ? networkGraphModel(problem.network) : formulaGraphModel(problem.program);
}

interface DataTensors {
  x: OrtTensor;
  y: OrtTensor;
  invN: OrtTensor;
  release(): void;
}

export class OrtBackend implements TrainingBackend {
  readonly description: string;
  readonly stepsPerRun: number;
  private config: TrainConfig;
  private step = 0;
  private readonly P: number;
  private readonly model: GraphModel;
  // host mirrors (float32 values), always the current state
  private readonly params: Float32Array;
  private readonly direction: Float32Array;
  private readonly lastGood: Float32Array;
  // what the next run is fed; GPU tensors on webgpu after the first run
  private paramsTensor: OrtTensor;
  private directionTensor: OrtTensor;
  private readonly leases = new Map<string, SessionLease>();
  private readonly queue = new SerialQueue();
  private disposed = false;

  private constructor(
    private readonly ort: Ort,
    readonly name: OrtExecutionProvider,
    private readonly problem: Problem | NetworkProblem,
    private readonly data: DataTensors,
    private readonly gpu: WebGpuContext | null,
    private readonly options: OrtBackendOptions,
  ) {
    this.config = { ...problem.config };
    this.model = graphModelOf(problem);
    this.P = this.model.paramCount;
    this.stepsPerRun = options.stepsPerRun ?? defaultStepsPerRun(problem, name);
    if (!Number.isInteger(this.stepsPerRun) || this.stepsPerRun < 1)
      throw new RangeError(`stepsPerRun must be a whole number ≥ 1, got ${this.stepsPerRun}`);
    this.params = Float32Array.from(problem.init);
    this.direction = new Float32Array(this.P);
    this.lastGood = Float32Array.from(problem.init);
    this.paramsTensor = this.tensor(this.params);
    this.directionTensor = this.tensor(this.direction);
    const version = ort.env.versions?.web ?? '';
    this.description = gpu
      ? `onnxruntime-web ${version} WebGPU on ${gpu.description}, float32`
      : `onnxruntime-web ${version} wasm, float32, ${ort.env.wasm.numThreads ? `${ort.env.wasm.numThreads} thread(s)` : 'default threads'}`;
  }

  /** Opens the runtime and uploads the data; the step model itself is compiled on first use. */
  static async create(
    ort: Ort,
    provider: OrtExecutionProvider,
    problem: Problem | NetworkProblem,
    options: OrtBackendOptions = {},
  ): Promise<OrtBackend> {
    const model = graphModelOf(problem);
    if (model.paramCount === 0) throw new Error('The formula has no parameters to train');
    if (problem.init.length !== model.paramCount)
      throw new Error(`Expected ${model.paramCount} starting values, got ${problem.init.length}`);
    if (inputCount(problem.data) !== model.inputs)
      throw new Error(`The model takes ${model.inputs} input(s) but the data has ${inputCount(problem.data)}`);
    let gpu: WebGpuContext | null = null;
    if (provider === 'webgpu') {
      gpu = await acquireWebGpu({ gpu: options.gpu, allowFallbackAdapter: options.allowFallbackAdapter });
    }
    const backend = new OrtBackend(ort, provider, problem, uploadData(ort, problem, gpu), gpu, options);
    try {
      // Fail here, not in the middle of training, if the runtime cannot compile our graphs. The
      // single-step graph is the smallest and always needed; warmUp() compiles the K-step one.
      await backend.session('step', 1);
    } catch (error) {
      backend.dispose();
      throw error;
    }
    return backend;
  }

  private tensor(values: Float32Array, dims = [values.length]): OrtTensor {
    return new this.ort.Tensor('float32', Float32Array.from(values), dims);
  }

  private sessionOptions(): OrtSessionOptions {
    const verbose = !!this.options.verbose;
    const options: OrtSessionOptions = {
      graphOptimizationLevel: 'all',
      logSeverityLevel: verbose ? 0 : 3,
      logVerbosityLevel: 0,
    };
    if (this.gpu) {
      options.executionProviders = [{ name: 'webgpu', device: this.gpu.device } as unknown as 'webgpu'];
      options.preferredOutputLocation = { [OUTPUTS.params]: 'gpu-buffer', [OUTPUTS.direction]: 'gpu-buffer', [OUTPUTS.readback]: 'cpu' };
    } else {
      options.executionProviders = ['wasm'];
    }
    return options;
  }

  private async session(kind: 'step' | 'inspect', steps = 0): Promise<OrtSession> {
    const model = this.model;
    const loss = this.config.loss;
    // The formula is fixed per backend: a short key here, the full one (formula structure) for the shared cache.
    const key = `${kind}|${loss}|${steps}`;
    let lease = this.leases.get(key);
    if (!lease) {
      if (this.options.verbose) this.ort.env.logLevel = 'verbose';
      const build = kind === 'step' ? () => buildStepModel(model, loss, steps) : () => buildInspectModel(model, loss);
      const sharedKey = `${this.name}|${this.options.verbose ? 'verbose' : ''}|${modelKey(model, loss, kind, steps)}`;
      lease = leaseSession(this.ort, sharedKey, build, this.sessionOptions());
      this.leases.set(key, lease);
      lease.session.catch(() => {
        if (this.leases.get(key) === lease) this.leases.delete(key);
        lease!.release();
      });
    }
    return lease.session;
  }

  /** Runs `fn` after every earlier call has finished (the UI may move a slider mid-run). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new Error(`The ${this.name} backend was disposed`));
    return this.queue.run(fn);
  }

  /** session.run, failing fast (and only) with DeviceLostError once the GPU is gone. */
  private async call(session: OrtSession, feeds: OrtFeeds, fetches?: string[]): Promise<Record<string, OrtTensor>> {
    const gpu = this.gpu;
    if (gpu?.lost) throw new DeviceLostError(gpu.lost);
    try {
      const running = (fetches ? session.run(feeds, fetches) : session.run(feeds)) as Promise<Record<string, OrtTensor>>;
      // A run on a lost device may never settle: give up as soon as the loss is reported.
      const outputs = gpu
        ? await new Promise<Record<string, OrtTensor>>((resolve, reject) => {
            const unsubscribe = gpu.onLost((reason) => reject(new DeviceLostError(reason)));
            running.then(resolve, reject).finally(unsubscribe);
          })
        : await running;
      if (gpu?.lost) {
        for (const t of Object.values(outputs)) t.dispose();
        throw new DeviceLostError(gpu.lost);
      }
      return outputs;
    } catch (error) {
      if (gpu?.lost && !(error instanceof DeviceLostError)) throw new DeviceLostError(`${gpu.lost}; ${(error as Error).message ?? error}`);
      throw error;
    }
  }

  private replaceState(params: OrtTensor, direction: OrtTensor): void {
    if (params !== this.paramsTensor) this.paramsTensor.dispose();
    if (direction !== this.directionTensor) this.directionTensor.dispose();
    this.paramsTensor = params;
    this.directionTensor = direction;
  }

  /** The inputs of a k-update call from the current state. */
  private stepFeeds(k: number): OrtFeeds {
    const { config } = this;
    const lrs = new Float32Array(k);
    for (let i = 0; i < k; i++) lrs[i] = learningRate(config.lr, config.schedule, this.step + i);
    return {
      [INPUTS.params]: this.paramsTensor,
      [INPUTS.direction]: this.directionTensor,
      [INPUTS.x]: this.data.x,
      [INPUTS.y]: this.data.y,
      [INPUTS.invN]: this.data.invN,
      [INPUTS.lrs]: new this.ort.Tensor('float32', lrs, [k]),
      [INPUTS.accumulate]: new this.ort.Tensor('float32', Float32Array.of(config.accumulateGrad ? 1 : 0), [1]),
    };
  }

  /**
   * One session call of k updates. All healthy: commits the new state and returns the losses.
   * Otherwise commits nothing and returns the index of the first step that was not finite.
   */
  private async runOnce(k: number): Promise<{ losses: Float32Array; firstBad: number }> {
    const { P } = this;
    const session = await this.session('step', k);
    // On wasm everything is in host memory anyway: fetch the readback only and feed copies of it.
    const out = await this.call(session, this.stepFeeds(k), this.gpu ? undefined : [OUTPUTS.readback]);
    const readback = (await out[OUTPUTS.readback].getData()) as Float32Array;
    out[OUTPUTS.readback].dispose();
    const losses = readback.slice(0, k);
    const firstBad = losses.findIndex((v) => !Number.isFinite(v));
    if (firstBad >= 0) {
      out[OUTPUTS.params]?.dispose();
      out[OUTPUTS.direction]?.dispose();
      return { losses, firstBad };
    }
    this.params.set(readback.subarray(k, k + P));
    this.direction.set(readback.subarray(k + P, k + 2 * P));
    this.lastGood.set(readback.subarray(k + 2 * P, k + 3 * P));
    if (this.gpu) this.replaceState(out[OUTPUTS.params], out[OUTPUTS.direction]);
    else this.replaceState(this.tensor(this.params), this.tensor(this.direction));
    this.step += k;
    return { losses, firstBad: -1 };
  }

  run(updates: number): Promise<ChunkResult> {
    return this.exclusive(async () => {
      const losses = new Float64Array(updates);
      let done = 0;
      while (done < updates) {
        const k = updates - done >= this.stepsPerRun ? this.stepsPerRun : 1;
        const chunk = await this.runOnce(k);
        if (chunk.firstBad < 0) {
          losses.set(chunk.losses, done);
          done += k;
          continue;
        }
        if (k === 1) return this.diverged(losses.slice(0, done));
        // Replay one update at a time up to the bad step, so the state is exactly the last good one.
        for (let j = 0; j <= chunk.firstBad; j++) {
          const single = await this.runOnce(1);
          if (single.firstBad === 0) return this.diverged(losses.slice(0, done));
          losses[done++] = single.losses[0];
        }
      }
      return { losses, step: this.step, params: Float64Array.from(this.params) };
    });
  }

  /** The current step is not finite: name the reason as the cpu trainer does, and go back to the last good parameters. */
  private async diverged(losses: Float64Array): Promise<ChunkResult> {
    const { loss, grad } = await this.lossAndGrad();
    const reason = divergenceReason(this.step, divergenceCause(loss, this.params, grad) ?? OUTGREW_FLOAT32);
    this.params.set(this.lastGood);
    this.replaceState(this.tensor(this.params), this.directionTensor);
    return { losses, step: this.step, params: Float64Array.from(this.params), diverged: { step: this.step, reason } };
  }

  private async lossAndGrad(): Promise<{ loss: number; grad: Float32Array }> {
    const session = await this.session('inspect');
    const out = await this.call(session, {
      [INPUTS.params]: this.paramsTensor,
      [INPUTS.x]: this.data.x,
      [INPUTS.y]: this.data.y,
      [INPUTS.invN]: this.data.invN,
    });
    const values = Float32Array.from((await out[OUTPUTS.inspect].getData()) as Float32Array);
    out[OUTPUTS.inspect].dispose();
    return { loss: values[0], grad: values.subarray(1) };
  }

  currentStep(): Promise<StepRecord> {
    return this.exclusive(async () => {
      const { loss, grad } = await this.lossAndGrad();
      const g = Float64Array.from(grad);
      return {
        step: this.step,
        loss,
        params: Float64Array.from(this.params),
        grad: g,
        direction: this.config.accumulateGrad ? g.map((v, i) => this.direction[i] + v) : Float64Array.from(g),
        lr: learningRate(this.config.lr, this.config.schedule, this.step),
      };
    });
  }

  setParams(params: Float64Array): Promise<void> {
    return this.exclusive(async () => {
      if (params.length !== this.P) throw new Error(`Expected ${this.P} parameters, got ${params.length}`);
      this.params.set(params);
      this.replaceState(this.tensor(this.params), this.directionTensor);
    });
  }

  reset(init: Float64Array): Promise<void> {
    return this.importState({ step: 0, params: init, direction: new Float64Array(this.P), lastGood: init });
  }

  exportState(): Promise<TrainingCheckpoint> {
    return this.exclusive(async () => ({
      step: this.step,
      params: Float64Array.from(this.params),
      direction: Float64Array.from(this.direction),
      lastGood: Float64Array.from(this.lastGood),
    }));
  }

  importState(state: TrainingCheckpoint): Promise<void> {
    return this.exclusive(async () => {
      for (const [name, values] of [
        ['params', state.params],
        ['direction', state.direction],
        ['lastGood', state.lastGood],
      ] as const) {
        if (values.length !== this.P) throw new Error(`Expected ${this.P} values for ${name}, got ${values.length}`);
      }
      this.step = state.step;
      this.params.set(state.params);
      this.direction.set(state.direction);
      this.lastGood.set(state.lastGood);
      this.replaceState(this.tensor(this.params), this.tensor(this.direction));
    });
  }

  configure(config: TrainConfig): void {
    this.config = { ...config };
  }

  /** Compiles the sessions a K-update run and an inspection need, so the first click is fast. */
  warmUp(): Promise<void> {
    return this.exclusive(async () => {
      await Promise.all([this.session('step', this.stepsPerRun), this.session('step', 1), this.session('inspect')]);
    });
  }

  /**
   * Runs the one-update graph and the inspection once on the current state and throws the results
   * away (the state is unchanged): WebGPU compiles a graph's shaders on its first run, which on a
   * software adapter takes seconds; done here, the learner's first Step (and any Train of fewer
   * than stepsPerRun updates a frame, which runs one update at a time) does not wait for it.
   */
  prime(): Promise<void> {
    return this.exclusive(async () => {
      const out = await this.call(await this.session('step', 1), this.stepFeeds(1), this.gpu ? undefined : [OUTPUTS.readback]);
      for (const tensor of Object.values(out)) tensor.dispose();
      await this.lossAndGrad();
    });
  }

  /** Where the state and the data live now ('gpu-buffer' on webgpu after a run; 'cpu' on wasm). */
  get residency(): { params: string; direction: string; x: string; y: string } {
    return {
      params: this.paramsTensor.location,
      direction: this.directionTensor.location,
      x: this.data.x.location,
      y: this.data.y.location,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const lease of this.leases.values()) lease.release();
    this.leases.clear();
    this.paramsTensor.dispose();
    this.directionTensor.dispose();
    this.data.release();
  }
}

function uploadData(ort: Ort, problem: Problem | NetworkProblem, gpu: WebGpuContext | null): DataTensors {
  const { x, y } = problem.data;
  const n = x.length;
  const inputs = inputCount(problem.data);
  if (y.length !== n) throw new Error(`x has ${n} values but y has ${y.length}`);
  if (n === 0) throw new Error('There are no data points to fit');
  const invN = new ort.Tensor('float32', Float32Array.of(1 / n), [1]);
  const xs = Float32Array.from(inputs === 1 ? x : inputMatrix(inputColumns(problem.data)));
  const ys = Float32Array.from(y);
  if (!gpu) {
    return { x: new ort.Tensor('float32', xs, [n, inputs]), y: new ort.Tensor('float32', ys, [n, 1]), invN, release: () => undefined };
  }
  // Uploaded once; every run reads them in place.
  const onGpu = (values: Float32Array, label: string, columns = 1): OrtTensor => {
    const size = Math.ceil(values.byteLength / 16) * 16;
    const buffer = gpu.device.createBuffer({ size, usage: BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_SRC | BUFFER_USAGE.COPY_DST, label });
    gpu.device.queue.writeBuffer(buffer, 0, values);
    return ort.Tensor.fromGpuBuffer(buffer as never, { dataType: 'float32', dims: [n, columns], dispose: () => buffer.destroy() });
  };
  const xt = onGpu(xs, 'x', inputs);
  const yt = onGpu(ys, 'y');
  return {
    x: xt,
    y: yt,
    invN,
    release: () => {
      xt.dispose();
      yt.dispose();
    },
  };
}

/** A `wasm` or `webgpu` backend for `problem`; rejects if that runtime cannot be used here. */
export function createOrtBackend(
  ort: Ort,
  provider: OrtExecutionProvider,
  problem: Problem | NetworkProblem,
  options: OrtBackendOptions = {},
): Promise<OrtBackend> {
  return OrtBackend.create(ort, provider, problem, options);
}
