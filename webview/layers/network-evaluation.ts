// What the panel computes on the spot for a network ("Layers"): the loss and gradient on the data,
// the prediction at the data points (for residuals), and, for one input, the curve and each
// first-layer neuron's output on the fit chart's grid; for two inputs, the prediction and each
// first-layer neuron's output on a square grid over the input plane (the heat maps). All through
// the same tensor engine (MlpEvaluator) that the cpu backend trains with.
import type { Dataset } from '../../src/core/data/generate';
import type { LossName } from '../../src/core/eval/loss';
import { MlpEvaluator } from '../../src/core/model/mlp-evaluator';
import { mlpParamCount, MlpSpec } from '../../src/core/model/mlp';
import type { TrainingProblem } from '../../src/core/backends/backend';
import type { TrainConfig } from '../../src/core/train/sgd';
import { curveGrid, dataExtent, Evaluation, ModelEvaluation, Snapshot } from '../app/evaluation';
import type { BuiltModel } from '../app/model';

/** Multiply-adds one plane redraw may cost (cells × parameters): a 64 × 64 plane up to ~700 parameters, coarser beyond. */
const PLANE_BUDGET = 3e6;
export const PLANE_MAX_CELLS = 64;
export const PLANE_MIN_CELLS = 16;

/** Cells per side of the plane grid for a network of `paramCount` parameters. */
export function planeCells(paramCount: number): number {
  return Math.max(PLANE_MIN_CELLS, Math.min(PLANE_MAX_CELLS, Math.floor(Math.sqrt(PLANE_BUDGET / Math.max(1, paramCount)))));
}

export interface PlaneGrid {
  /** Cells per side. */
  cells: number;
  x1: [number, number];
  x2: [number, number];
}

/** The extent of `values`, widened by 5% each side so points on the edge are not cut. */
function paddedExtent(values: ArrayLike<number>): [number, number] {
  const [min, max] = dataExtent(values);
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}

/** Cell centres, row-major, row 0 at the top (the largest x2), as the canvas draws them. */
export function planePoints(grid: PlaneGrid): { x: Float64Array; x2: Float64Array } {
  const n = grid.cells;
  const x = new Float64Array(n * n);
  const x2 = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const v = grid.x2[1] - ((r + 0.5) / n) * (grid.x2[1] - grid.x2[0]);
    for (let c = 0; c < n; c++) {
      x[r * n + c] = grid.x1[0] + ((c + 0.5) / n) * (grid.x1[1] - grid.x1[0]);
      x2[r * n + c] = v;
    }
  }
  return { x, x2 };
}

export class NetworkEvaluation implements Evaluation {
  /** The fit chart's x grid (for two inputs the fit chart is replaced by the plane: its curve is empty). */
  readonly grid: Float64Array;
  readonly plane: PlaneGrid | null;
  private readonly onData: MlpEvaluator;
  /** The curve's grid (one input) or the plane's cells (two inputs). */
  private readonly onGrid: MlpEvaluator;
  private readonly grad: Float64Array;
  private readonly curve: Float64Array<ArrayBuffer>;
  private readonly atData: Float64Array<ArrayBuffer>;
  private parts: Float64Array[] = [];

  constructor(
    readonly spec: MlpSpec,
    readonly data: Dataset,
  ) {
    this.onData = new MlpEvaluator(spec, data);
    this.grad = new Float64Array(mlpParamCount(spec));
    this.atData = new Float64Array(data.y.length);
    if (spec.inputs === 2 && data.x2) {
      this.plane = { cells: planeCells(mlpParamCount(spec)), x1: paddedExtent(data.x), x2: paddedExtent(data.x2) };
      this.grid = curveGrid(data);
      this.onGrid = new MlpEvaluator(spec, planePoints(this.plane) as Dataset);
    } else {
      this.plane = null;
      this.grid = curveGrid(data);
      this.onGrid = new MlpEvaluator(spec, { x: this.grid });
    }
    this.curve = new Float64Array(this.onGrid.pointCount);
  }

  lossAndGrad(params: Float64Array, loss: LossName): Snapshot {
    return { loss: this.onData.lossAndGrad(params, this.data.y, loss, this.grad), grad: this.grad };
  }

  /** The fit chart's curve (reused array); NaN (nothing drawn) for two inputs, whose picture is planeAt. */
  curveAt(params: Float64Array): Float64Array {
    if (this.plane) return new Float64Array(this.grid.length).fill(NaN);
    return this.onGrid.predict(params, this.curve);
  }

  /** The prediction on the plane's cells, row-major, row 0 at the top (reused array); two inputs only. */
  planeAt(params: Float64Array): Float64Array {
    if (!this.plane) throw new Error('The plane is for two inputs');
    return this.onGrid.predict(params, this.curve);
  }

  /** The prediction at every data point (reused array). */
  predictData(params: Float64Array): Float64Array {
    return this.onData.predict(params, this.atData);
  }

  /** Each first-layer neuron's output on the fit chart's grid, the faint curves (none for two inputs: see neuronPlanesAt). */
  partsAt(params: Float64Array): Float64Array[] {
    return this.plane ? [] : this.firstLayer(params);
  }

  /** Each first-layer neuron's output on the plane's cells, one array per neuron (reused); two inputs only. */
  neuronPlanesAt(params: Float64Array): Float64Array[] {
    if (!this.plane) throw new Error('The plane is for two inputs');
    return this.firstLayer(params);
  }

  private firstLayer(params: Float64Array): Float64Array[] {
    const width = this.spec.hidden[0].width;
    const n = this.onGrid.pointCount;
    const all = this.onGrid.hiddenOutputs(params, 0);
    if (this.parts.length !== width) this.parts = Array.from({ length: width }, () => new Float64Array(n));
    for (let j = 0; j < width; j++) {
      const part = this.parts[j];
      for (let i = 0; i < n; i++) part[i] = all[i * width + j];
    }
    return this.parts;
  }
}

/** The evaluation of whichever model the playground holds. */
export function evaluationOf(model: BuiltModel, data: Dataset): Evaluation {
  if (model.network) return new NetworkEvaluation(model.network, data);
  if (!model.program) throw new Error('A model is a formula or a network');
  return new ModelEvaluation(model.program, data);
}

/**
 * What a backend trains for `model`: its formula or its network, on `data` from `init`. `evaluation`,
 * the page's own for the same model and data, lends its evaluator to the cpu backend (one kernel, not two).
 */
export function trainingProblem(
  model: BuiltModel,
  data: Dataset,
  init: Float64Array,
  config: TrainConfig,
  evaluation?: Evaluation,
): TrainingProblem {
  if (model.network) return { network: model.network, data, init, config };
  if (!model.program) throw new Error('A model is a formula or a network');
  const shared = evaluation instanceof ModelEvaluation && evaluation.program === model.program && evaluation.data === data;
  return { program: model.program, data, init, config, ...(shared ? { evaluator: evaluation.evaluator } : {}) };
}
