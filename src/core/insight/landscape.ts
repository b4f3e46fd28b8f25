// The loss over two parameters (the others held): a square grid over their slider ranges,
// computed progressively (9×9, then 17×17, 33×33, 65×65, each level reusing the one before) in
// pieces the caller schedules, so a page can show a coarse map at once and refine it while idle.
import type { LossName } from '../eval/loss';
import type { ModelEvaluator } from '../eval/evaluator';
import { PointGraph } from './point-graph';
import type { Program } from '../formula/program';

export const LANDSCAPE_LEVELS = [9, 17, 33, 65] as const;

/**
 * The levels worth computing for a model that costs `pointCost` per loss evaluation (points ×
 * units): each finer one while its grid stays under `budget` terms, at least the coarsest.
 */
export function affordableLevels(pointCost: number, budget = 2e8): number[] {
  const levels = LANDSCAPE_LEVELS.filter((size) => size * size * pointCost <= budget);
  return levels.length ? levels : [LANDSCAPE_LEVELS[0]];
}

export interface LandscapeInputs {
  evaluator: ModelEvaluator;
  y: Float64Array;
  loss: LossName;
  params: Float64Array;
  /** The parameter along the columns (x axis) and along the rows (y axis), flat indices. */
  i: number;
  j: number;
  rangeI: [number, number];
  rangeJ: [number, number];
}

export interface LandscapeGrid {
  /** Points per side. */
  size: number;
  /** size × size losses, row r (parameter j) major: values[r * size + c]. */
  values: Float64Array;
  rangeI: [number, number];
  rangeJ: [number, number];
}

/** Parameter value of grid line `k` of `size` over `range` (the ends are exact). */
export function gridValue(range: [number, number], size: number, k: number): number {
  return k === size - 1 ? range[1] : range[0] + ((range[1] - range[0]) * k) / (size - 1);
}

export class LandscapeJob {
  private level = 0;
  private current: Float64Array;
  private previous: Float64Array | null = null;
  /** Next cell to compute in the current level. */
  private cursor = 0;
  private readonly probe: Float64Array;
  private readonly sizes: readonly number[];
  /** The finest level finished so far. */
  private finished: LandscapeGrid | null = null;
  /** Loss evaluations made (cells reused from a coarser level are not counted). */
  evaluations = 0;

  constructor(
    private readonly inputs: LandscapeInputs,
    sizes: readonly number[] = LANDSCAPE_LEVELS,
  ) {
    if (inputs.i === inputs.j) throw new Error('The landscape needs two different parameters');
    this.sizes = sizes;
    this.probe = Float64Array.from(inputs.params);
    this.current = new Float64Array(sizes[0] * sizes[0]);
  }

  get done(): boolean {
    return this.level >= this.sizes.length;
  }

  /** The finest finished grid, or null before the first level is done. */
  get grid(): LandscapeGrid | null {
    return this.finished;
  }

  /** Computes cells until `stop()` says so (checked after every cell) or all levels are done; true when done. */
  work(stop: () => boolean): boolean {
    const { inputs, probe } = this;
    while (!this.done) {
      const size = this.sizes[this.level];
      const total = size * size;
      const prev = this.previous;
      const prevSize = this.level > 0 ? this.sizes[this.level - 1] : 0;
      const nested = prev !== null && (size - 1) % (prevSize - 1) === 0;
      const ratio = nested ? (size - 1) / (prevSize - 1) : 0;
      while (this.cursor < total) {
        const cell = this.cursor++;
        const r = (cell / size) | 0;
        const c = cell - r * size;
        if (nested && r % ratio === 0 && c % ratio === 0) {
          this.current[cell] = prev[(r / ratio) * prevSize + c / ratio];
          continue;
        }
        probe[inputs.i] = gridValue(inputs.rangeI, size, c);
        probe[inputs.j] = gridValue(inputs.rangeJ, size, r);
        this.current[cell] = inputs.evaluator.loss(probe, inputs.y, inputs.loss);
        this.evaluations++;
        if (this.cursor < total && stop()) return false;
      }
      this.finished = { size, values: this.current, rangeI: inputs.rangeI, rangeJ: inputs.rangeJ };
      this.previous = this.current;
      this.level++;
      this.cursor = 0;
      if (!this.done) this.current = new Float64Array(this.sizes[this.level] ** 2);
      if (stop()) return this.done;
    }
    return true;
  }
}

/**
 * The two parameters the predictions are most sensitive to: the largest root-mean-square of the
 * model output's gradient ∂ŷ/∂p over the data (a·x² + b·x + c: a, then b). Uses up to `sample`
 * evenly spaced points. Ties keep the formula's order.
 */
export function mostSensitivePair(
  program: Program,
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  sample = 1000,
): [number, number] | null {
  const count = program.paramCount;
  if (count < 2) return null;
  const graph = new PointGraph(program, 'mae');
  const totals = new Float64Array(count);
  const row = new Float64Array(count);
  const n = x.length;
  const stride = Math.max(1, Math.floor(n / sample));
  for (let k = 0; k < n; k += stride) {
    graph.run(params, x[k], 0, n, 'prediction');
    row.fill(0);
    graph.addParamGrads(row);
    for (let p = 0; p < count; p++) if (Number.isFinite(row[p])) totals[p] += row[p] * row[p];
  }
  const order = Array.from({ length: count }, (_, p) => p).sort((p, q) => totals[q] - totals[p] || p - q);
  return [order[0], order[1]];
}
