// What the page and its parse worker say to each other.
import type { CsvOutcome } from '../../src/core/data/csv';

export interface ParseRequest {
  bytes: Uint8Array;
  x: number;
  y: number;
  /** The second input's column, for data of two inputs (x1, x2 → y). */
  x2?: number;
}

export type WorkerReply = { type: 'progress'; done: number; total: number } | { type: 'done'; outcome: CsvOutcome };
