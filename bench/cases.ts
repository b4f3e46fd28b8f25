// The problems the bench times, identical for every engine: the lesson's fit (quadratic, the
// notebook's 20 points, MAE, SGD lr 0.01), 64 ReLUs on 100,000 points and 256 ReLUs on 1,000,000
// points from the same generator, and a 2→64→64→1 ReLU network on 100,000 points of two inputs
// (MSE, SGD lr 0.01); for our engines alone, 16 weighted tanh units on 20,000 points, a formula no
// fast path takes (the WebAssembly kernel, in Node as the CLI runs it and in the panel). Also the
// row type every engine's figures come back as.
import { NetworkProblem, Problem, TrainingProblem } from '../src/core/backends/backend';
import { generateData, NOTEBOOK_SETTINGS } from '../src/core/data/generate';
import { generatePlaneData } from '../src/core/data/generate-plane';
import { float32Function, float32Function2 } from '../src/core/formula/pointwise';
import { initMlp, parseLayers } from '../src/core/model/mlp';
import { compileOrThrow, presetModel, sumOfRelus, weightedRelus } from '../src/core/model/presets';
import { DEFAULT_TRAIN_CONFIG } from '../src/core/train/sgd';
import type { RanOn } from './ran-on';

export type CaseName = 'notebook-quadratic' | 'relu64-100k' | 'relu256-1m' | 'mlp-2x64x64x1-100k' | 'tanh16-20k';
export const CASE_NAMES: readonly CaseName[] = ['notebook-quadratic', 'relu64-100k', 'relu256-1m', 'mlp-2x64x64x1-100k', 'tanh16-20k'];
export type FormulaCase = Exclude<CaseName, 'mlp-2x64x64x1-100k' | 'tanh16-20k'>;
export const FORMULA_CASES: readonly FormulaCase[] = ['notebook-quadratic', 'relu64-100k', 'relu256-1m'];
/** Cases for our engines only (ours:cpu, ours:panel): the WebAssembly kernel on vector parameters. */
export type KernelCase = 'tanh16-20k';
export const KERNEL_CASES: readonly KernelCase[] = ['tanh16-20k'];
export const TANH_FORMULA = 'sum(w*tanh(m*x + b)) + c';

/**
 * The cases every engine runs. 256 ReLUs × 1M points is for the engines that can hold it: ours and
 * torch. TensorFlow.js and the ONNX graph materialise the 256 × 1M grid per op (1 GiB in float32
 * each, several at once), which neither fits this machine's memory next to six other jobs nor a
 * bench of a few minutes.
 */
export const EVERY_ENGINE_CASES: readonly CaseName[] = CASE_NAMES.filter((name) => name !== 'relu256-1m' && name !== 'tanh16-20k');

/** Cases heavy enough that one timed run takes longer and fewer runs are made. */
export const HEAVY_CASES: ReadonlySet<CaseName> = new Set(['relu64-100k', 'relu256-1m', 'mlp-2x64x64x1-100k']);

/** ReLU count and point count of the ReLU cases. */
export const RELU_CASES: Record<Exclude<FormulaCase, 'notebook-quadratic'>, { units: number; n: number }> = {
  'relu64-100k': { units: 64, n: 100_000 },
  'relu256-1m': { units: 256, n: 1_000_000 },
};

export const MLP_LAYERS = '2x64x64x1:relu';

/** The network case: 100k points on [-2, 2]², y = 3·x1² + 2·x2 + 1 with the lesson's noise; torch's nn.Linear start. */
export function mlpBenchProblem(): NetworkProblem {
  const parsed = parseLayers(MLP_LAYERS);
  if (!parsed.ok) throw new Error(parsed.error);
  const fn = '3*x1**2 + 2*x2 + 1';
  const data = generatePlaneData({ ...NOTEBOOK_SETTINGS, fn, n: 100_000, min2: -2, max2: 2 }, float32Function2(fn));
  return { network: parsed.spec, data, init: initMlp(parsed.spec, 0), config: { ...BENCH_CONFIG, loss: 'mse' } };
}

export const BENCH_CONFIG = { ...DEFAULT_TRAIN_CONFIG, lr: 0.01, loss: 'mae' as const, accumulateGrad: false };

export function benchProblem(name: CaseName): TrainingProblem {
  if (name === 'mlp-2x64x64x1-100k') return mlpBenchProblem();
  return formulaBenchProblem(name);
}

export function formulaBenchProblem(name: FormulaCase | KernelCase): Problem {
  if (name === 'tanh16-20k') {
    const settings = { ...NOTEBOOK_SETTINGS, n: 20_000 };
    const model = weightedRelus(16, 0);
    // The N-ReLU preset's start (slopes, kinks, weights, c at the mean), with tanh for relu.
    const program = compileOrThrow(TANH_FORMULA, model.vectors);
    if (program.paramCount !== model.init.length) throw new Error('tanh16-20k: the tanh model does not match the preset');
    return { program, data: generateData(settings, float32Function(settings.fn)), init: model.init, config: BENCH_CONFIG };
  }
  if (name === 'notebook-quadratic') {
    const model = presetModel('quadratic');
    const data = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
    return { program: model.program, data, init: model.init, config: BENCH_CONFIG };
  }
  const { units, n } = RELU_CASES[name];
  const settings = { ...NOTEBOOK_SETTINGS, n };
  const model = sumOfRelus(units, 0);
  return { program: model.program, data: generateData(settings, float32Function(settings.fn)), init: model.init, config: BENCH_CONFIG };
}

/** K values tried per case ("best K" is the fastest of them). */
export const K_CANDIDATES: Record<CaseName, number[]> = {
  'notebook-quadratic': [1, 8, 32, 128],
  'relu64-100k': [1, 4],
  'relu256-1m': [1],
  'mlp-2x64x64x1-100k': [1, 4],
  'tanh16-20k': [],
};

export type EngineName = 'ours:cpu' | 'ours:panel' | 'ours:wasm' | 'ours:webgpu' | 'tfjs:cpu' | 'tfjs:wasm' | 'torch:cpu';

export interface BenchRow {
  case: CaseName;
  /** ours:cpu is our engine in Node; ours:panel the same engine in headless Chromium under the panel's CSP, opened as the panel opens it. */
  engine: EngineName;
  /** What computed it: `Node v…`, `Chromium …`, `/usr/bin/python3, torch …`. */
  runtime: string;
  stepsPerSec: number;
  /** Updates per timed run. */
  steps: number;
  /** Timed runs (the rate is their median). */
  runs: number;
  k?: number;
  adapter?: string;
  note?: string;
}

/** A row as the bench records it: with the machine and the load average when it came in. */
export type StampedRow = BenchRow & { ranOn: RanOn };
