// Picks the fastest evaluator that handles a program: the fused sum-of-ReLUs kernel where the
// formula has that shape, the WebAssembly kernel for every other formula, of x or of x1 and x2,
// scalar or vector parameters (the same module in Node, so the CLI, and in the webview), the generated-
// JavaScript kernel where code generation is allowed (Node, if WebAssembly is not wanted), and the
// tape (the reference, and the fallback where WebAssembly is refused or cannot schedule a program).
// The WebAssembly kernel computes the inputs' static values (x, x2, x**2, …) block by block
// (static-points.ts): the tape, with a full-length array per node, is only made when it is the one that runs.
import { CompiledEvaluator, codegenAllowed, generateKernelSource } from './codegen';
import type { EvaluatorOptions, ModelEvaluator } from './evaluator';
import { matchSumOfRelus, SumOfRelusEvaluator } from './relu-sum';
import { TapeEvaluator } from './tape';
import { wasmSupports } from './wasm/kernel';
import { WasmEvaluator } from './wasm/wasm-evaluator';
import { readsSecondInput, type Program } from '../formula/program';

function withoutWasm(program: Program, x: Float64Array, options: EvaluatorOptions): ModelEvaluator {
  const tape = new TapeEvaluator(program, x, options.x2);
  if (options.codegen ?? codegenAllowed()) {
    const source = generateKernelSource(program);
    if (source !== null) return new CompiledEvaluator(x, source, tape.staticPointValues());
  }
  return tape;
}

/** The ReLU fast path where the formula has its shape (one input only). */
function reluPath(program: Program, x: Float64Array): SumOfRelusEvaluator | null {
  const relus = readsSecondInput(program) ? null : matchSumOfRelus(program);
  return relus ? new SumOfRelusEvaluator(program, relus, x) : null;
}

const wantsWasm = (program: Program, options: EvaluatorOptions) => (options.wasm ?? true) && wasmSupports(program);

export function createEvaluator(program: Program, x: Float64Array, options: EvaluatorOptions = {}): ModelEvaluator {
  const relus = reluPath(program, x);
  if (relus) return relus;
  const kernel = wantsWasm(program, options) ? WasmEvaluator.create(program, x, { x2: options.x2 }) : null;
  return kernel ?? withoutWasm(program, x, options);
}

/**
 * As createEvaluator, but compiles WebAssembly in the background (a browser compiles large modules
 * only this way) and awaits `pause` between blocks of the kernel's static point values.
 */
export async function createEvaluatorAsync(
  program: Program,
  x: Float64Array,
  options: EvaluatorOptions = {},
  pause?: () => Promise<void>,
): Promise<ModelEvaluator> {
  const relus = reluPath(program, x);
  if (relus) return relus;
  const kernel = wantsWasm(program, options) ? await WasmEvaluator.compile(program, x, { x2: options.x2 }, pause) : null;
  return kernel ?? withoutWasm(program, x, options);
}
