// The WebAssembly kernel as a ModelEvaluator with fused gradient descent: instantiates the module
// of kernel.ts over one memory, fills the static point values once, and copies parameters, data
// and results in and out. Compiling needs WebAssembly (a webview's CSP must allow
// 'wasm-unsafe-eval'); where it fails, the factory falls back to the tape.
import type { DescentState, FusedDescent, ModelEvaluator } from '../evaluator';
import type { LossName } from '../loss';
import { MATH_FUNCTIONS } from '../../formula/algebra';
import type { Program } from '../../formula/program';
import { StaticBlock, staticBlocks } from '../static-points';
import { buildKernel, KernelLayout, MAX_FUSED_STEPS } from './kernel';
import { runImportName, RUN_FUNCTIONS } from './wasm-algebra';

// The slice of the WebAssembly JS API used here, typed locally: src/core builds without the DOM
// library, and Node's types do not declare these globals.
interface WasmModule {
  readonly kind?: 'module';
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}
const wasmApi = (): WasmApi | null => (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;

interface Exports {
  evaluate(lossKind: number, withGrad: number, withPred: number): number;
  train(steps: number, lossKind: number, accumulateGrad: number): number;
}

/** Chrome refuses to compile modules larger than this synchronously on a page's main thread. */
const SYNC_COMPILE_LIMIT = 4096;

function imports(memory: WasmMemory): Record<string, Record<string, unknown>> {
  const m: Record<string, unknown> = { memory };
  for (const fn of MATH_FUNCTIONS) m[fn] = Math[fn];
  // The same over a run of slots (byte offsets): one call from the kernel for all of a grid node's units.
  const f64 = new Float64Array(memory.buffer);
  for (const fn of RUN_FUNCTIONS) {
    const math = Math[fn];
    m[runImportName(fn)] = (from: number, to: number, count: number) => {
      const [a, b] = [from >> 3, to >> 3];
      for (let k = 0; k < count; k++) f64[b + k] = math(f64[a + k]);
    };
  }
  return { m };
}

export class WasmEvaluator implements ModelEvaluator, FusedDescent {
  readonly pointCount: number;
  private readonly exports: Exports;
  private readonly f64: Float64Array;
  readonly paramCount: number;

  private constructor(
    api: WasmApi,
    module: WasmModule,
    private readonly layout: KernelLayout,
    program: Program,
    statics: Float64Array[] | null,
    n: number,
  ) {
    this.pointCount = n;
    this.paramCount = program.paramCount;
    const memory = new api.Memory({ initial: Math.max(1, Math.ceil(layout.bytes / 65536)) });
    const instance = new api.Instance(module, imports(memory));
    this.exports = instance.exports as unknown as Exports;
    this.f64 = new Float64Array(memory.buffer);
    if (statics) this.writeStatics({ start: 0, values: statics });
  }

  /** Copies a block of static point values into the kernel's memory. */
  private writeStatics(block: StaticBlock): void {
    const base = this.layout.statics / 8 + block.start;
    block.values.forEach((values, k) => this.f64.set(values, base + k * this.pointCount));
  }

  /**
   * Compiles on the spot; null where WebAssembly is missing, refused (CSP) or the module too large
   * to compile synchronously. `statics`: the static point values when already at hand (a tape's);
   * else they are computed block by block straight into the kernel's memory (static-points.ts),
   * from x and, for a formula of x1 and x2, the `x2` given instead.
   */
  static create(program: Program, x: Float64Array, statics?: Float64Array[] | SecondInput): WasmEvaluator | null {
    const api = wasmApi();
    if (!api) return null;
    let evaluator: WasmEvaluator;
    try {
      const kernel = buildKernel(program, x.length);
      if (kernel.module.length > SYNC_COMPILE_LIMIT && !isNode()) return null;
      evaluator = new WasmEvaluator(api, new api.Module(kernel.module), kernel.layout, program, given(statics), x.length);
    } catch {
      return null;
    }
    if (!given(statics)) for (const block of staticBlocks(program, x, secondInput(statics))) evaluator.writeStatics(block);
    return evaluator;
  }

  /**
   * Compiles in the background (no size limit in a browser); null where WebAssembly is refused.
   * Without `statics` they are computed block by block, awaiting `pause` after each block (a page
   * passes one that yields to its event loop, so a million points never make one long task).
   */
  static async compile(
    program: Program,
    x: Float64Array,
    statics?: Float64Array[] | SecondInput,
    pause: () => Promise<void> = async () => undefined,
  ): Promise<WasmEvaluator | null> {
    const api = wasmApi();
    if (!api) return null;
    let evaluator: WasmEvaluator;
    try {
      const kernel = buildKernel(program, x.length);
      const module = await api.compile(kernel.module);
      evaluator = new WasmEvaluator(api, module, kernel.layout, program, given(statics), x.length);
    } catch {
      return null;
    }
    if (!given(statics))
      for (const block of staticBlocks(program, x, secondInput(statics))) {
        evaluator.writeStatics(block);
        await pause();
      }
    return evaluator;
  }

  /** The targets last copied into the kernel's memory: a data set's y never changes, so each array is copied once (8 MB per call for 1,000,000 points). */
  private loadedY: Float64Array | null = null;

  private load(params: Float64Array, y: Float64Array | null): void {
    this.f64.set(params.subarray(0, this.paramCount), this.layout.params / 8);
    if (y && y !== this.loadedY) {
      this.f64.set(y, this.layout.y / 8);
      this.loadedY = y;
    }
  }

  predict(params: Float64Array, out: Float64Array = new Float64Array(this.pointCount)): Float64Array {
    this.load(params, null);
    this.exports.evaluate(1, 0, 1);
    out.set(this.f64.subarray(this.layout.pred / 8, this.layout.pred / 8 + this.pointCount));
    return out;
  }

  loss(params: Float64Array, y: Float64Array, loss: LossName): number {
    this.load(params, y);
    return this.exports.evaluate(loss === 'mae' ? 0 : 1, 0, 0);
  }

  lossAndGrad(params: Float64Array, y: Float64Array, loss: LossName, grad: Float64Array): number {
    this.load(params, y);
    const value = this.exports.evaluate(loss === 'mae' ? 0 : 1, 1, 0);
    grad.set(this.f64.subarray(this.layout.grad / 8, this.layout.grad / 8 + this.paramCount));
    return value;
  }

  descend(
    state: DescentState,
    y: Float64Array,
    loss: LossName,
    accumulateGrad: boolean,
    rates: Float64Array,
    losses: Float64Array,
  ): { steps: number; loss: number } {
    const { f64, layout, paramCount: P } = this;
    if (rates.length > MAX_FUSED_STEPS) throw new Error(`at most ${MAX_FUSED_STEPS} fused steps per call`);
    this.load(state.params, y);
    f64.set(state.direction, layout.direction / 8);
    f64.set(state.lastGood, layout.lastGood / 8);
    f64.set(rates, layout.rates / 8);
    const steps = this.exports.train(rates.length, loss === 'mae' ? 0 : 1, accumulateGrad ? 1 : 0);
    const read = (offset: number, into: Float64Array) => into.set(f64.subarray(offset / 8, offset / 8 + P));
    read(layout.params, state.params);
    read(layout.grad, state.grad);
    read(layout.direction, state.direction);
    read(layout.lastGood, state.lastGood);
    losses.set(f64.subarray(layout.losses / 8, layout.losses / 8 + steps));
    return { steps, loss: f64[layout.loss / 8] };
  }
}

/** For a kernel that makes its own static values: the second input of a formula of x1 and x2. */
export interface SecondInput {
  x2?: Float64Array;
}

const given = (statics: Float64Array[] | SecondInput | undefined): Float64Array[] | null => (Array.isArray(statics) ? statics : null);
const secondInput = (statics: Float64Array[] | SecondInput | undefined): Float64Array | undefined =>
  statics && !Array.isArray(statics) ? statics.x2 : undefined;

function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';
}
