// What every evaluator of a compiled formula offers (the tape, the generated-JavaScript kernel,
// the fused sum-of-ReLUs kernel): predictions, the loss and its gradient at given parameters.
import type { LossName } from './loss';

export interface ModelEvaluator {
  readonly pointCount: number;
  predict(params: Float64Array, out?: Float64Array): Float64Array;
  loss(params: Float64Array, y: Float64Array, loss: LossName): number;
  /** Returns the loss and writes d loss / d params into `grad` (length program.paramCount). */
  lossAndGrad(params: Float64Array, y: Float64Array, loss: LossName, grad: Float64Array): number;
}

export interface EvaluatorOptions {
  /** Compile the program to a JavaScript function (default: where allowed, i.e. in Node; never in a webview). */
  codegen?: boolean;
  /** The second input (x2), for a formula of x1 and x2. */
  x2?: Float64Array;
}
