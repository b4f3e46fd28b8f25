// What the page and its parse worker say to each other.
import type { CsvOutcome } from '../../src/core/data/csv';

export interface ParseRequest {
  bytes: Uint8Array;
  x: number;
  y: number;
}

export type WorkerReply = { type: 'progress'; done: number; total: number } | { type: 'done'; outcome: CsvOutcome };
