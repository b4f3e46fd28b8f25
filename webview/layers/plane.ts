// The plane of two inputs (x1 across, x2 up) that the fit view becomes for data of two inputs: its
// grid of cells over the data's extent, and what a model's evaluation offers to draw it (a
// network's, network-evaluation.ts, or a formula of x1 and x2's, formula-plane.ts).
import type { Dataset } from '../../src/core/data/generate';
import { dataExtent, Evaluation } from '../app/evaluation';

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
export function paddedExtent(values: ArrayLike<number>): [number, number] {
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

/** What the plane chart reads of an evaluation of two inputs. */
export interface PlaneEvaluation extends Evaluation {
  readonly plane: PlaneGrid;
  readonly data: Dataset;
  /** The prediction on the plane's cells, row-major, row 0 at the top (reused array). */
  planeAt(params: Float64Array): Float64Array;
  /** The model's prediction at other points (the chart's sample of the data); the returned array is reused. */
  predictorOn(points: { x: Float64Array; x2: Float64Array }): (params: Float64Array) => Float64Array;
}

/** The evaluation as a plane of two inputs, or null when its fit view is the curve. */
export function planeOf(evaluation: Evaluation): PlaneEvaluation | null {
  const e = evaluation as Partial<PlaneEvaluation>;
  return e.plane && typeof e.planeAt === 'function' && typeof e.predictorOn === 'function' ? (evaluation as PlaneEvaluation) : null;
}
