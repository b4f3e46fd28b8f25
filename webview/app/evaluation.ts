// Everything the panel computes on the spot when a slider moves: the loss and its gradient on the
// data (for the title and the arrows) and the curve, with its parts, on a grid over the chart.
import type { LossName } from '../../src/core/eval/loss';
import type { ModelEvaluator } from '../../src/core/eval/evaluator';
import { createEvaluator, createEvaluatorAsync } from '../../src/core/eval/create-evaluator';
import type { Dataset } from '../../src/core/data/generate';
import { Program } from '../../src/core/formula/program';
import { PartCurves, partsOf } from './terms';

export const CURVE_POINTS = 400;
/** The curve reaches this fraction of the data's x span beyond each end (the lesson: data in [-2, 2], plot in [-2.1, 2.1]). */
export const CURVE_MARGIN = 0.025;

export interface Snapshot {
  loss: number;
  grad: Float64Array;
}

export function dataExtent(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) return [-1, 1];
  if (min === max) return [min - 1, max + 1];
  return [min, max];
}

export function curveGrid(data: Dataset): Float64Array {
  const [min, max] = dataExtent(data.x);
  const margin = (max - min) * CURVE_MARGIN;
  const lo = min - margin;
  const step = (max - min + 2 * margin) / (CURVE_POINTS - 1);
  return Float64Array.from({ length: CURVE_POINTS }, (_, i) => lo + i * step);
}

/** What the charts read of the current model, a formula (ModelEvaluation) or a network (webview/layers/network-evaluation.ts). */
export interface Evaluation {
  readonly grid: Float64Array;
  lossAndGrad(params: Float64Array, loss: LossName): Snapshot;
  curveAt(params: Float64Array): Float64Array;
  partsAt(params: Float64Array): Float64Array[];
}

export class ModelEvaluation implements Evaluation {
  readonly grid: Float64Array;
  /** The evaluator on every data point (lent to the cpu backend, which trains with it). */
  readonly evaluator: ModelEvaluator;
  private readonly onGrid: ModelEvaluator;
  private readonly parts: PartCurves | null;
  private readonly grad: Float64Array;
  private readonly curve: Float64Array;

  /** `onData`: an evaluator already made for `program` on `data.x` (see prepareEvaluation). */
  constructor(
    readonly program: Program,
    readonly data: Dataset,
    onData?: ModelEvaluator,
  ) {
    this.grid = curveGrid(data);
    this.evaluator = onData ?? createEvaluator(program, data.x, { codegen: false, x2: data.x2 });
    this.onGrid = createEvaluator(program, this.grid, { codegen: false });
    this.parts = partsOf(program, this.grid);
    this.grad = new Float64Array(program.paramCount);
    this.curve = new Float64Array(this.grid.length);
  }

  /** Loss and gradient at `params` (the gradient array is reused: copy it to keep it). */
  lossAndGrad(params: Float64Array, loss: LossName): Snapshot {
    return { loss: this.evaluator.lossAndGrad(params, this.data.y, loss, this.grad), grad: this.grad };
  }

  /** The model on the chart's grid (reused array). */
  curveAt(params: Float64Array): Float64Array {
    return this.onGrid.predict(params, this.curve);
  }

  partsAt(params: Float64Array): Float64Array[] {
    return this.parts ? this.parts.evaluate(params) : [];
  }
}

/**
 * The evaluation of `program` on `data` made without blocking the page: the WebAssembly kernel
 * compiled in the background and its static point values filled a block at a time, `pause`
 * (yieldToPage) between blocks. For data sets large enough that doing it at once is a long task.
 */
export async function prepareEvaluation(program: Program, data: Dataset, pause: () => Promise<void>): Promise<ModelEvaluation> {
  const onData = await createEvaluatorAsync(program, data.x, { codegen: false, x2: data.x2 }, pause);
  // One loss now, in a step of its own: a kernel copies the targets in on its first call (8 MB for a million points).
  onData.loss(new Float64Array(program.paramCount), data.y, 'mae');
  await pause();
  const evaluation = new ModelEvaluation(program, data, onData);
  await pause();
  return evaluation;
}
