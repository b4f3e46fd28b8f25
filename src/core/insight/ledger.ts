// "Explain this step": one row per parameter of a gradient-descent update, value before, gradient,
// the accumulated gradient (the notebook's loop never zeroes it), learning rate × that, value after,
// computed with the very arithmetic of Trainer.run. For MAE, where the gradient comes from: every
// point above the curve pulls ŷ up, every point below pushes it down, each weighted by ∂ŷ/∂p.
import type { LossName } from '../eval/loss';
import type { ModelEvaluator } from '../eval/evaluator';
import type { Program } from '../formula/program';
import type { StepRecord } from '../train/sgd';
import { PointGraph } from './point-graph';

export interface LedgerRow {
  before: number;
  grad: number;
  /** The gradient the update uses: `grad`, or the running sum with it when accumulating. */
  direction: number;
  /** lr × direction: what is subtracted. */
  change: number;
  after: number;
}

export interface StepLedger {
  /** The step number of the update (0 for the first). */
  step: number;
  loss: number;
  lr: number;
  accumulateGrad: boolean;
  rows: LedgerRow[];
}

/** The update Trainer.run makes from the state `record` describes (record = Trainer.currentStep()). */
export function stepLedger(record: StepRecord, accumulateGrad: boolean): StepLedger {
  const rows = Array.from(record.params, (before, i) => {
    const direction = record.direction[i];
    const change = record.lr * direction;
    return { before, grad: record.grad[i], direction, change, after: before - change };
  });
  return { step: record.step, loss: record.loss, lr: record.lr, accumulateGrad, rows };
}

/**
 * The StepRecord of the next update from the parts a page keeps: the parameters, the gradient at
 * them, the accumulated gradient through the last update (accumulate mode) and the rate.
 */
export function nextStepRecord(
  step: number,
  loss: number,
  params: ArrayLike<number>,
  grad: ArrayLike<number>,
  accumulated: ArrayLike<number> | null,
  accumulateGrad: boolean,
  lr: number,
): StepRecord {
  const g = Float64Array.from(grad);
  const direction =
    accumulateGrad && accumulated && accumulated.length === g.length ? g.map((v, i) => accumulated[i] + v) : Float64Array.from(g);
  return { step, loss, params: Float64Array.from(params), grad: g, direction, lr };
}

export interface MaeSide {
  /** Points with y above the curve (ŷ < y): |ŷ − y| falls as ŷ rises. */
  above: number;
  /** Points with y below the curve (ŷ > y). */
  below: number;
  /** Points exactly on it (they add nothing: |0|' = 0). */
  on: number;
}

export interface MaeParamBreakdown {
  /** Σ of the weight ∂ŷ/∂p over the points below and above the curve. */
  sumBelow: number;
  sumAbove: number;
  /** (sumBelow − sumAbove) / N: the gradient. */
  grad: number;
}

export interface MaeBreakdown extends MaeSide {
  n: number;
  /** Per point: +1 below the curve (ŷ > y), −1 above, 0 on it (the sign of the residual). */
  signs: Int8Array;
  params: MaeParamBreakdown[];
}

/**
 * For MAE, ∂MAE/∂p = (1/N) Σ_k sign(ŷ_k − y_k) · ∂ŷ_k/∂p = (Σ_below w − Σ_above w) / N with
 * w = ∂ŷ/∂p: for a·x² + b·x + c the weights are x², x and 1, so ∂MAE/∂c = (below − above)/N.
 * Point by point, each weight from the per-point graph, so sums of whole numbers stay exact.
 */
export function maeBreakdown(program: Program, params: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>): MaeBreakdown {
  const n = x.length;
  const count = program.paramCount;
  const graph = new PointGraph(program, 'mae');
  const signs = new Int8Array(n);
  const sumBelow = new Float64Array(count);
  const sumAbove = new Float64Array(count);
  const weights = new Float64Array(count);
  let above = 0;
  let below = 0;
  for (let k = 0; k < n; k++) {
    graph.run(params, x[k], y[k], n, 'prediction');
    const r = graph.values[graph.residual][0];
    // On the curve (or NaN): no contribution.
    if (r === 0 || Number.isNaN(r)) continue;
    weights.fill(0);
    graph.addParamGrads(weights);
    const target = r > 0 ? sumBelow : sumAbove;
    for (let p = 0; p < count; p++) target[p] += weights[p];
    if (r > 0) {
      below++;
      signs[k] = 1;
    } else {
      above++;
      signs[k] = -1;
    }
  }
  return {
    n,
    above,
    below,
    on: n - above - below,
    signs,
    params: Array.from(sumBelow, (b, p) => ({ sumBelow: b, sumAbove: sumAbove[p], grad: (b - sumAbove[p]) / n })),
  };
}

/**
 * The same from a batched evaluator, for large data sets: with targets y' = ŷ − 1 on the points
 * below the curve and y' = ŷ elsewhere, MAE's gradient is (1/N) Σ_below ∂ŷ/∂p (a zero residual
 * adds nothing), and likewise for the points above: three passes over the data, no per-point graph.
 */
export function batchedMaeBreakdown(evaluator: ModelEvaluator, params: Float64Array, y: Float64Array): MaeBreakdown {
  const n = y.length;
  const count = params.length;
  const pred = evaluator.predict(params);
  const signs = new Int8Array(n);
  let above = 0;
  let below = 0;
  const belowTargets = new Float64Array(n);
  const aboveTargets = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = pred[k] - y[k];
    belowTargets[k] = pred[k];
    aboveTargets[k] = pred[k];
    if (r > 0) {
      below++;
      signs[k] = 1;
      belowTargets[k] = pred[k] - 1;
    } else if (r < 0) {
      above++;
      signs[k] = -1;
      aboveTargets[k] = pred[k] - 1;
    }
  }
  const sumBelow = new Float64Array(count);
  const sumAbove = new Float64Array(count);
  evaluator.lossAndGrad(params, belowTargets, 'mae', sumBelow);
  evaluator.lossAndGrad(params, aboveTargets, 'mae', sumAbove);
  return {
    n,
    above,
    below,
    on: n - above - below,
    signs,
    params: Array.from(sumBelow, (b, p) => {
      const sb = b * n;
      const sa = sumAbove[p] * n;
      return { sumBelow: sb, sumAbove: sa, grad: (sb - sa) / n };
    }),
  };
}

/** The loss name's label for a ledger's formula line. */
export function gradientSymbol(loss: LossName, name: string): string {
  return `∂${loss.toUpperCase()}/∂${name}`;
}
