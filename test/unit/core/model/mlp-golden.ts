// The PyTorch golden trajectories (test/fixtures/mlp-golden.json, written by scripts/golden-mlp.py)
// and how a case becomes our network and dataset. Node only (reads the fixture).
import { readFileSync } from 'node:fs';
import { Dataset } from '../../../../src/core/data/generate';
import type { LossName } from '../../../../src/core/eval/loss';
import { MlpSpec } from '../../../../src/core/model/mlp';
import type { Activation } from '../../../../src/core/tensor/ops';
import { fromRoot } from '../../../repo-root';

export interface GoldenCase {
  name: string;
  sizes: number[];
  activations: Activation[];
  loss: LossName;
  lr: number;
  seed: number;
  x: number[][];
  y: number[];
  init: number[];
  grad0: number[];
  losses: number[];
  finalLoss: number;
  finalParams: number[];
}

export const mlpGolden = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'mlp-golden.json'), 'utf8')) as {
  steps: number;
  cases: GoldenCase[];
};

export function goldenSpec(c: GoldenCase): MlpSpec {
  return { inputs: c.sizes[0], hidden: c.sizes.slice(1, -1).map((width, i) => ({ width, activation: c.activations[i] })) };
}

export function goldenData(c: GoldenCase): Dataset {
  const [x, x2] = c.x.map((col) => Float64Array.from(col));
  return { x, y: Float64Array.from(c.y), ...(x2 ? { x2 } : {}) };
}
