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
import { curveGrid, Evaluation, ModelEvaluation, Snapshot } from '../app/evaluation';
import type { BuiltModel } from '../app/model';
import { FormulaPlaneEvaluation } from './formula-plane';
import { paddedExtent, planeCells, PlaneGrid, planePoints } from './plane';

/** For two inputs it is also a PlaneEvaluation (plane.ts): `plane` is then set. */
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

  /** The network's prediction at other points of the plane (the chart's sample of the data). */
  predictorOn(points: { x: Float64Array; x2: Float64Array }): (params: Float64Array) => Float64Array {
    const evaluator = new MlpEvaluator(this.spec, points);
    const out = new Float64Array(points.x.length);
    return (params) => evaluator.predict(params, out);
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
  // A formula of x1 and x2 on data of two inputs: its picture is the plane, as a network's.
  if (model.program.inputs === 2 && data.x2) return new FormulaPlaneEvaluation(model.program, data);
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
