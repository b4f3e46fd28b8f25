// Picks the fastest evaluator that handles a program: the fused sum-of-ReLUs kernel where the
// formula has that shape, the generated-JavaScript kernel where code generation is allowed,
// and the tape (the reference) otherwise.
import { CompiledEvaluator, codegenAllowed, generateKernelSource } from './codegen';
import type { EvaluatorOptions, ModelEvaluator } from './evaluator';
import { matchSumOfRelus, SumOfRelusEvaluator } from './relu-sum';
import { TapeEvaluator } from './tape';
import { readsSecondInput, type Program } from '../formula/program';

export function createEvaluator(program: Program, x: Float64Array, options: EvaluatorOptions = {}): ModelEvaluator {
  // Two inputs: the tape (the fast paths read one input).
  if (readsSecondInput(program)) return new TapeEvaluator(program, x, options.x2);
  const relus = matchSumOfRelus(program);
  if (relus) return new SumOfRelusEvaluator(program, relus, x);
  const tape = new TapeEvaluator(program, x);
  if (options.codegen ?? codegenAllowed()) {
    const source = generateKernelSource(program);
    if (source !== null) return new CompiledEvaluator(x, source, tape.staticPointValues());
  }
  return tape;
}
