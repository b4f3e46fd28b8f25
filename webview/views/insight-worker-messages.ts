// What the page and the insight worker say to each other: the model and the data once per model
// and data set, then jobs: a landscape map (the held parameters, the pair, their ranges, the
// levels), answered level by level, coarse to fine; or a loss slice along one parameter. Arrays
// coming back are copies handed over (transferred).
import type { LossName } from '../../src/core/eval/loss';
import type { Program } from '../../src/core/formula/program';
import type { LandscapeInputs } from '../../src/core/insight/landscape';
import type { LossSlice } from '../../src/core/insight/slice';

/** A landscape map: what LandscapeJob takes, less what the worker already has (the evaluator, y). */
export type GridJob = Omit<LandscapeInputs, 'evaluator' | 'y'> & { levels: number[] };

export interface SliceJob {
  loss: LossName;
  params: Float64Array;
  index: number;
  range: [number, number];
  affine: boolean;
  costPerPoint: number;
}

export type InsightRequest =
  | { type: 'data'; dataId: number; program: Program; x: Float64Array; y: Float64Array }
  | ({ type: 'grid'; id: number; dataId: number } & GridJob)
  | ({ type: 'slice'; id: number; dataId: number } & SliceJob)
  | { type: 'cancelGrid' };

export type InsightReply =
  | { type: 'grid'; id: number; size: number; values: Float64Array; rangeI: [number, number]; rangeJ: [number, number]; done: boolean }
  | { type: 'slice'; id: number; slice: LossSlice }
  | { type: 'error'; id: number; message: string };
