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
  /** Compile the program to WebAssembly where it can be (default: yes; the tape where it fails). */
  wasm?: boolean;
  /** The second input (x2), for a formula of x1 and x2. */
  x2?: Float64Array;
}

/** The arrays a gradient-descent run carries from step to step (Trainer's state). */
export interface DescentState {
  params: Float64Array;
  grad: Float64Array;
  direction: Float64Array;
  lastGood: Float64Array;
}

/**
 * Evaluators that can also run updates fused (the WebAssembly kernel): `rates.length` updates,
 * each exactly as Trainer.run makes it (evaluate; stop if the loss, a parameter or a gradient is
 * not finite; keep the last good parameters; record the loss; update). Stops early on divergence
 * with `state` at the failing parameters. Returns the updates made and the last loss evaluated.
 */
export interface FusedDescent {
  descend(
    state: DescentState,
    y: Float64Array,
    loss: LossName,
    accumulateGrad: boolean,
    rates: Float64Array,
    losses: Float64Array,
  ): { steps: number; loss: number };
}

export function canDescend(evaluator: ModelEvaluator): evaluator is ModelEvaluator & FusedDescent {
  return typeof (evaluator as Partial<FusedDescent>).descend === 'function';
}
