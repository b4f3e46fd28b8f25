// Picks the fastest evaluator that handles a program: the fused sum-of-ReLUs kernel where the
// formula has that shape, the WebAssembly kernel (the same in Node and in the webview), the
// generated-JavaScript kernel where code generation is allowed (Node, if WebAssembly is not
// wanted), and the tape (the reference, and the fallback where WebAssembly is refused). The
// WebAssembly kernel computes its static point values block by block (static-points.ts): the
// tape, with a full-length array per node, is only made when it is the one that runs.
import { CompiledEvaluator, codegenAllowed, generateKernelSource } from './codegen';
import type { EvaluatorOptions, ModelEvaluator } from './evaluator';
import { matchSumOfRelus, SumOfRelusEvaluator } from './relu-sum';
import { TapeEvaluator } from './tape';
import { wasmSupports } from './wasm/kernel';
import { WasmEvaluator } from './wasm/wasm-evaluator';
import { readsSecondInput, type Program } from '../formula/program';

function withoutWasm(program: Program, x: Float64Array, options: EvaluatorOptions): ModelEvaluator {
  const tape = new TapeEvaluator(program, x);
  if (options.codegen ?? codegenAllowed()) {
    const source = generateKernelSource(program);
    if (source !== null) return new CompiledEvaluator(x, source, tape.staticPointValues());
  }
  return tape;
}

/** The evaluator for a program that needs neither WebAssembly nor a compile step, or null when the kernel should be tried. */
function direct(program: Program, x: Float64Array, options: EvaluatorOptions): ModelEvaluator | null {
  // Two inputs: the tape (the fast paths read one input).
  if (readsSecondInput(program)) return new TapeEvaluator(program, x, options.x2);
  const relus = matchSumOfRelus(program);
  if (relus) return new SumOfRelusEvaluator(program, relus, x);
  return null;
}

const wantsWasm = (program: Program, options: EvaluatorOptions) => (options.wasm ?? true) && wasmSupports(program);

export function createEvaluator(program: Program, x: Float64Array, options: EvaluatorOptions = {}): ModelEvaluator {
  const chosen = direct(program, x, options);
  if (chosen) return chosen;
  const kernel = wantsWasm(program, options) ? WasmEvaluator.create(program, x) : null;
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
  const chosen = direct(program, x, options);
  if (chosen) return chosen;
  const kernel = wantsWasm(program, options) ? await WasmEvaluator.compile(program, x, undefined, pause) : null;
  return kernel ?? withoutWasm(program, x, options);
}
