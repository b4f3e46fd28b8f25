// The ONNX training graph (forward, our reverse-mode gradient, K unrolled SGD updates) run by
// onnxruntime-web's wasm build, against the float64 TypeScript engine on the same problem.
// (test/browser/webgpu runs the same cases on WebGPU in Chromium.)
//
// Tolerance: relative 1e-4, per component, measured against max(|expected component|, largest
// |component| of the same vector, and for gradients the size of the per-point terms they are summed
// from). float32 rounds every intermediate (2^-24 ≈ 6e-8), and a gradient component is a sum over
// points whose terms can cancel, so its absolute error scales with those terms, not with itself.
// Observed errors are 1e-8 to 1e-5 (the larger ones with 1000 points and 64 units), so a wrong
// derivative, a dropped broadcast sum or a misplaced subgradient (all O(1) relative) cannot pass.
// K = 10 updates keep the float32/float64 drift well inside the bound.
import { Problem } from '../../../../src/core/backends/backend';
import { createOrtBackend } from '../../../../src/core/backends/ort';
import {
  broadcastCases,
  expectSameTraining,
  kinkCases,
  notebookData,
  ort,
  presetCases,
  randomCases,
  reluCases,
  TrainingCase,
} from '../backends/ort-helpers';

const wasm = (problem: Problem, stepsPerRun: number) => createOrtBackend(ort, 'wasm', problem, { stepsPerRun });

async function all(cases: TrainingCase[]): Promise<void> {
  for (const c of cases) await expectSameTraining(wasm, c);
}

describe('onnx: training graph on wasm equals the float64 engine', function () {
  this.timeout(120_000);
  const data = notebookData();

  for (const c of presetCases(data)) it(`preset ${c.label}`, () => expectSameTraining(wasm, c));
  for (const units of [1, 16, 256]) it(`sum of ${units} ReLUs with vector parameters`, () => all(reluCases(data, units)));
  it('sum of 64 ReLUs on 1000 points', () => all(reluCases(notebookData(1000), 64).slice(0, 1)));
  it('vector formulas that broadcast every way (points × units, units × scalar)', () => all(broadcastCases(data)));
  it('40 random formulas of x, a, b, c', () => all(randomCases(data, 40)));
  it('subgradients at exact kinks: relu, clip, abs, max/min ties, clamp bounds, pow at 0, sign(0) in MAE', () => all(kinkCases(data)));
});
