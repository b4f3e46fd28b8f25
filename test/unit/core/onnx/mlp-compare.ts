// Browser-safe network cases shared by the Node (wasm) and Chromium (webgpu) suites: small MLPs on
// one and two inputs, every activation, both losses, plain and accumulated gradients, a schedule;
// each trained on a backend and compared with the float64 tensor engine (itself checked against
// real PyTorch in test/unit/core/model/mlp.test.ts) at float32 tolerance.
import { NetworkProblem, TrainingBackend } from '../../../../src/core/backends/backend';
import { createCpuBackend } from '../../../../src/core/backends/cpu';
import { Dataset } from '../../../../src/core/data/generate';
import { generatePlaneData } from '../../../../src/core/data/generate-plane';
import { float32Function2 } from '../../../../src/core/formula/pointwise';
import { initMlp, MlpSpec, parseLayers } from '../../../../src/core/model/mlp';
import { DEFAULT_TRAIN_CONFIG, TrainConfig } from '../../../../src/core/train/sgd';
import { assertClose, check, maxAbs, notebookData, RTOL } from './onnx-compare';

export interface NetworkCase {
  label: string;
  spec: MlpSpec;
  data: Dataset;
  init: Float64Array;
  config: TrainConfig;
  steps: number;
}

export function spec(text: string): MlpSpec {
  const parsed = parseLayers(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

export function planeData(n: number, seed = 42): Dataset {
  const fn = '3*x1**2 + 2*x2 + 1';
  return generatePlaneData({ fn, n, min: -2, max: 2, min2: -2, max2: 2, mult: 0.15, add: 0.5, seed }, float32Function2(fn));
}

export function networkCases(): NetworkCase[] {
  const one = notebookData();
  const two = planeData(60);
  const c = (label: string, text: string, data: Dataset, config: Partial<TrainConfig>, seed = 0, steps = 10): NetworkCase => ({
    label: `${text} ${label}`,
    spec: spec(text),
    data,
    init: initMlp(spec(text), seed),
    config: { ...DEFAULT_TRAIN_CONFIG, ...config },
    steps,
  });
  return [
    c('mse', '1x8x8x1:relu', one, { loss: 'mse', lr: 0.01 }),
    c('mae accumulate', '1x6x5x1:tanh,sigmoid', one, { loss: 'mae', lr: 0.05, accumulateGrad: true }, 1),
    c('mse step decay', '2x16x8x1:relu', two, { loss: 'mse', lr: 0.02, schedule: { kind: 'step', every: 3, gamma: 0.5 } }, 2),
    c('mae', '2x8x8x8x1:sigmoid,relu,tanh', two, { loss: 'mae', lr: 0.05 }, 3),
    c('mse four layers', '1x4x5x3x4x1:relu,identity,tanh,sigmoid', one, { loss: 'mse', lr: 0.02 }, 4),
  ];
}

/** The case trained on `create`'s backend and on the float64 cpu engine: losses, parameters, gradients alike. */
export async function expectSameNetworkTraining(
  create: (problem: NetworkProblem, stepsPerRun: number) => Promise<TrainingBackend>,
  c: NetworkCase,
  rtol = RTOL,
): Promise<void> {
  const problem: NetworkProblem = { network: c.spec, data: c.data, init: c.init, config: c.config };
  const ours = await create(problem, c.steps);
  const cpu = await createCpuBackend(problem);
  try {
    const [start, expectedStart] = [await ours.currentStep(), await cpu.currentStep()];
    assertClose([start.loss], [expectedStart.loss], rtol, `${c.label}: loss at the start`);
    assertClose(start.grad, expectedStart.grad, rtol, `${c.label}: gradient at the start`);
    const [run, expectedRun] = [await ours.run(c.steps), await cpu.run(c.steps)];
    check(!expectedRun.diverged && !run.diverged, `${c.label}: diverged (${run.diverged?.reason ?? expectedRun.diverged?.reason})`);
    check(run.step === expectedRun.step, `${c.label}: step ${run.step} ≠ ${expectedRun.step}`);
    assertClose(run.losses, expectedRun.losses, rtol, `${c.label}: losses of ${c.steps} steps`);
    assertClose(run.params, expectedRun.params, rtol, `${c.label}: parameters after ${c.steps} steps`);
    const [end, expectedEnd] = [await ours.currentStep(), await cpu.currentStep()];
    assertClose(end.grad, expectedEnd.grad, rtol, `${c.label}: gradient after ${c.steps} steps`);
    assertClose(
      end.direction,
      expectedEnd.direction,
      rtol,
      `${c.label}: direction`,
      Math.max(maxAbs(expectedEnd.direction), maxAbs(expectedEnd.grad)),
    );
  } finally {
    ours.dispose();
    cpu.dispose();
  }
}
