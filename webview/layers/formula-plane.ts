// What the panel computes on the spot for a formula of x1 and x2 (`a*x1**2 + b*x2 + c`) on data of
// two inputs: the loss and gradient on the data (the sliders' arrows), and the prediction on the
// plane's cells and at the chart's sample of points (the heat map). The same evaluator the cpu
// backend trains with (createEvaluator: the tape for a formula that reads x2).
import type { Dataset } from '../../src/core/data/generate';
import type { LossName } from '../../src/core/eval/loss';
import type { ModelEvaluator } from '../../src/core/eval/evaluator';
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import type { Program } from '../../src/core/formula/program';
import { curveGrid, Snapshot } from '../app/evaluation';
import { paddedExtent, PLANE_MAX_CELLS, PlaneEvaluation, PlaneGrid, planePoints } from './plane';

export class FormulaPlaneEvaluation implements PlaneEvaluation {
  /** The fit chart's x grid; the curve is empty (the plane is the picture). */
  readonly grid: Float64Array;
  readonly plane: PlaneGrid;
  private readonly onData: ModelEvaluator;
  private readonly onPlane: ModelEvaluator;
  private readonly grad: Float64Array;
  private readonly cells: Float64Array;

  constructor(
    readonly program: Program,
    readonly data: Dataset,
  ) {
    if (!data.x2) throw new Error('A formula of x1 and x2 needs data of two inputs');
    this.grid = curveGrid(data);
    this.plane = { cells: PLANE_MAX_CELLS, x1: paddedExtent(data.x), x2: paddedExtent(data.x2) };
    this.onData = createEvaluator(program, data.x, { x2: data.x2, codegen: false });
    const points = planePoints(this.plane);
    this.onPlane = createEvaluator(program, points.x, { x2: points.x2, codegen: false });
    this.grad = new Float64Array(program.paramCount);
    this.cells = new Float64Array(points.x.length);
  }

  /** Loss and gradient at `params` (the gradient array is reused: copy it to keep it). */
  lossAndGrad(params: Float64Array, loss: LossName): Snapshot {
    return { loss: this.onData.lossAndGrad(params, this.data.y, loss, this.grad), grad: this.grad };
  }

  /** Nothing on the curve chart (NaN): two inputs are drawn as the plane. */
  curveAt(): Float64Array {
    return new Float64Array(this.grid.length).fill(NaN);
  }

  partsAt(): Float64Array[] {
    return [];
  }

  planeAt(params: Float64Array): Float64Array {
    return this.onPlane.predict(params, this.cells);
  }

  predictorOn(points: { x: Float64Array; x2: Float64Array }): (params: Float64Array) => Float64Array {
    const evaluator = createEvaluator(this.program, points.x, { x2: points.x2, codegen: false });
    const out = new Float64Array(points.x.length);
    return (params) => evaluator.predict(params, out);
  }
}
