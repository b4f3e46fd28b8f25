// Learners' own (x, y) data from CSV/TSV text or bytes, and the way back (toCsv). Loading streams
// through CsvReader in chunks, so a large file never exists as rows of strings; sizes are checked
// against DATA_LIMITS first, and every refusal names the limit and the file's size.
import type { Dataset } from './generate';
import { DATA_LIMITS, DataLimits, formatBytes } from '../limits';
import { CsvOutcome, CsvReader, CsvReadOptions } from './csv-reader';

export type { CsvLoaded, CsvOutcome, CsvReadOptions } from './csv-reader';
export type { ColumnChoice, CsvColumnInfo, CsvLayout } from './csv-layout';

/** Text handed to the reader at a time. */
export const CHUNK_CHARS = 1 << 20;

/** The refusal for a file of `bytes` bytes, or null when its size is within the limit. */
export function fileSizeProblem(bytes: number, limits: DataLimits = DATA_LIMITS): string | null {
  if (bytes <= limits.fileBytes) return null;
  return `The file is ${formatBytes(bytes)}; the limit is ${formatBytes(limits.fileBytes)}.`;
}

/** Loads CSV text (already in memory), in chunks. */
export function parseCsv(text: string, options: CsvReadOptions = {}): CsvOutcome {
  const reader = new CsvReader(options);
  for (let i = 0; i < text.length && reader.wantsMore; i += CHUNK_CHARS) reader.push(text.slice(i, i + CHUNK_CHARS));
  return reader.finish();
}

export interface ByteProgress {
  /** Called after each chunk with the bytes read so far; return false to stop (the result is then "cancelled"). */
  (done: number, total: number): boolean | void;
}

/** Loads CSV bytes (UTF-8, a BOM is dropped), decoding one chunk at a time. */
export function loadCsvBytes(bytes: Uint8Array, options: CsvReadOptions = {}, progress?: ByteProgress): CsvOutcome {
  const limits = options.limits ?? DATA_LIMITS;
  const tooBig = fileSizeProblem(bytes.length, limits);
  if (tooBig) return { ok: false, error: tooBig };
  const reader = new CsvReader(options);
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < bytes.length && reader.wantsMore; at += CHUNK_CHARS) {
    const end = Math.min(bytes.length, at + CHUNK_CHARS);
    reader.push(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }));
    if (progress && progress(end, bytes.length) === false) return { ok: false, error: 'Cancelled.' };
  }
  return reader.finish();
}

function quote(name: string): string {
  return /[",;\t\r\n|#]/.test(name) || name !== name.trim() ? `"${name.replace(/"/g, '""')}"` : name;
}

/** Comma-separated with a header; numbers written in shortest round-trip form, so parseCsv(toCsv(d)) == d. */
export function toCsv(data: Dataset, columns: { x: string; y: string } = { x: 'x', y: 'y' }): string {
  if (data.x.length !== data.y.length) throw new RangeError(`x has ${data.x.length} values but y has ${data.y.length}`);
  const { x2 } = data;
  if (x2) {
    // two inputs: x1,x2,y (parseCsv finds them by those names)
    if (x2.length !== data.x.length) throw new RangeError(`x1 has ${data.x.length} values but x2 has ${x2.length}`);
    const lines = ['x1,x2,y'];
    for (let i = 0; i < data.x.length; i++) lines.push(`${data.x[i]},${x2[i]},${data.y[i]}`);
    return lines.join('\n') + '\n';
  }
  const lines = [`${quote(columns.x)},${quote(columns.y)}`];
  for (let i = 0; i < data.x.length; i++) lines.push(`${data.x[i]},${data.y[i]}`);
  return lines.join('\n') + '\n';
}
