// Browser-safe: the WebAssembly kernel against the tape on the same training case, in Node
// (wasm.test.ts) and in Chromium under the panel's CSP (test/browser/wasm-kernel.test.ts): the
// loss and gradient at the start, the losses and parameters of 10 fused updates, then the loss,
// gradient and direction again, equal to 1e-12 relative (against the largest component of the
// same vector: a component that is a sum of cancelling terms keeps an absolute error of order
// 1e-16 of those terms, whatever the kernel).
import type { ModelEvaluator } from '../../../../src/core/eval/evaluator';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { Trainer } from '../../../../src/core/train/sgd';
import { assertClose, check, maxAbs, TrainingCase } from '../onnx/onnx-compare';

export const WASM_RTOL = 1e-12;
export const WASM_STEPS = 10;

export function expectKernelMatchesTape(c: TrainingCase, kernel: ModelEvaluator): void {
  const { model, data, config, label } = c;
  const tape = new Trainer(model.program, data, model.init, config, new TapeEvaluator(model.program, data.x));
  const ours = new Trainer(model.program, data, model.init, config, kernel);
  const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) =>
    assertClose(a, b, WASM_RTOL, `${label}: ${what}`, Math.max(maxAbs(b), Number.MIN_VALUE));
  const [start, expectedStart] = [ours.currentStep(), tape.currentStep()];
  close([start.loss], [expectedStart.loss], 'loss at the start');
  close(start.grad, expectedStart.grad, 'gradient at the start');
  const losses = new Float64Array(WASM_STEPS);
  const expectedLosses = new Float64Array(WASM_STEPS);
  const run = ours.run(WASM_STEPS, undefined, losses);
  const expectedRun = tape.run(WASM_STEPS, undefined, expectedLosses);
  check(run.steps === expectedRun.steps, `${label}: ${run.steps} steps ≠ ${expectedRun.steps}`);
  check(!run.diverged === !expectedRun.diverged, `${label}: divergence ${run.diverged?.reason} vs ${expectedRun.diverged?.reason}`);
  if (run.diverged) check(run.diverged.reason === expectedRun.diverged!.reason, `${label}: ${run.diverged.reason}`);
  close(losses.subarray(0, run.steps), expectedLosses.subarray(0, run.steps), `losses of ${WASM_STEPS} steps`);
  close(ours.params, tape.params, `parameters after ${WASM_STEPS} steps`);
  const [end, expectedEnd] = [ours.currentStep(), tape.currentStep()];
  close([end.loss], [expectedEnd.loss], 'loss at the end');
  close(end.grad, expectedEnd.grad, 'gradient at the end');
  close(end.direction, expectedEnd.direction, 'direction at the end');
}
