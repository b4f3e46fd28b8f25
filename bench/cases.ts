// The two problems the bench times, identical for every engine: the lesson's fit (quadratic, the
// notebook's 20 points, MAE, SGD lr 0.01) and 64 ReLUs on 100,000 points from the same generator.
import { Problem } from '../src/core/backends/backend';
import { generateData, NOTEBOOK_SETTINGS } from '../src/core/data/generate';
import { float32Function } from '../src/core/formula/pointwise';
import { presetModel, sumOfRelus } from '../src/core/model/presets';
import { DEFAULT_TRAIN_CONFIG } from '../src/core/train/sgd';

export type CaseName = 'notebook-quadratic' | 'relu64-100k';
export const CASE_NAMES: readonly CaseName[] = ['notebook-quadratic', 'relu64-100k'];

export const BENCH_CONFIG = { ...DEFAULT_TRAIN_CONFIG, lr: 0.01, loss: 'mae' as const, accumulateGrad: false };

export function benchProblem(name: CaseName): Problem {
  if (name === 'notebook-quadratic') {
    const model = presetModel('quadratic');
    const data = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
    return { program: model.program, data, init: model.init, config: BENCH_CONFIG };
  }
  const settings = { ...NOTEBOOK_SETTINGS, n: 100_000 };
  const model = sumOfRelus(64, 0);
  return { program: model.program, data: generateData(settings, float32Function(settings.fn)), init: model.init, config: BENCH_CONFIG };
}

/** K values tried per case ("best K" is the fastest of them). */
export const K_CANDIDATES: Record<CaseName, number[]> = {
  'notebook-quadratic': [1, 8, 32, 128],
  'relu64-100k': [1, 4],
};

export interface BenchRow {
  case: CaseName;
  engine: 'ours:cpu' | 'ours:wasm' | 'ours:webgpu' | 'tfjs:cpu' | 'tfjs:wasm';
  stepsPerSec: number;
  /** Updates per timed run. */
  steps: number;
  /** Timed runs (the rate is their median). */
  runs: number;
  k?: number;
  adapter?: string;
  note?: string;
}
