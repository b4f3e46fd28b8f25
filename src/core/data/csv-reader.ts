// The streaming CSV loader: text goes in chunk by chunk (push), two Float64Arrays come out
// (finish). papaparse splits the records (quotes, escaped quotes, any line end); this file detects
// the delimiter, the header and the columns on the first rows, then keeps only the two chosen
// columns as numbers while the rest of the text streams past. Rows without two finite numbers are
// counted with an example, never turned into NaN; every limit is checked as the text arrives.
import * as Papa from 'papaparse';
import type { Dataset } from './generate';
import { DATA_LIMITS, DataLimits, formatCount } from '../limits';
import { cellValue } from './csv-cells';
import { ok } from '../result';
import { ChosenColumns, chooseColumns, ColumnChoice, CsvError, CsvLayout, detectLayout, PREVIEW_ROWS } from './csv-layout';
import { describeSkips, SkipGroup, SkipTally } from './csv-skips';

export interface CsvReadOptions {
  x?: ColumnChoice;
  y?: ColumnChoice;
  /** A second input column (x1, x2 → y); found by name when the header has x1 and x2. */
  x2?: ColumnChoice;
  limits?: DataLimits;
  /** Stop once the layout is known (a preview of the columns), without reading the whole file. */
  layoutOnly?: boolean;
}

export interface CsvLoaded {
  data: Dataset;
  layout: CsvLayout;
  columns: ChosenColumns;
  /** Data rows read (after the header; blank and comment lines not counted). */
  rows: number;
  skips: SkipGroup[];
  /** "" or "1,204 of 50,000 rows skipped: …". */
  skipped: string;
  blankLines: number;
  commentLines: number;
}

/** The rows read, or why not; a failure once the header is read still carries the columns it found (`layout`). */
export type CsvOutcome = { ok: true; value: CsvLoaded } | { ok: false; error: string; layout?: CsvLayout };

/** Characters looked at before the delimiter is decided. */
const SNIFF_CHARS = 64 * 1024;
const DELIMITERS = [',', '\t', ';', '|'];

/**
 * The candidate that splits the first rows into the same number (> 1) of fields most often; ties
 * go to the earlier one (comma). Decimal commas in a semicolon file split unevenly, so they lose.
 */
function guessDelimiter(sample: string): string {
  let best = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: 40 }).data.filter(
      (r) => r.length > 1 || (r[0].trim() !== '' && !r[0].trimStart().startsWith('#')),
    );
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let score = 0;
    for (const [fields, times] of counts) if (fields > 1) score = Math.max(score, times / rows.length);
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

class GrowingColumn {
  private values = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }
  take(): Float64Array {
    return this.length === this.values.length ? this.values : this.values.slice(0, this.length);
  }
}

export class CsvReader {
  private readonly limits: DataLimits;
  private sniff = '';
  private parser: Papa.Parser | null = null;
  private delimiter = ',';
  private remainder = '';
  private failure: string | null = null;
  private row = 0;
  private pending: { row: number; fields: string[] }[] | null = [];
  private layout: CsvLayout | null = null;
  private chosen: ChosenColumns | null = null;
  private readonly xs = new GrowingColumn();
  private readonly ys = new GrowingColumn();
  private readonly x2s = new GrowingColumn();
  private readonly skips = new SkipTally();
  private dataRows = 0;
  private blankLines = 0;
  private commentLines = 0;
  private sawText = false;
  /** Characters pushed so far. */
  chars = 0;

  constructor(private readonly options: CsvReadOptions = {}) {
    this.limits = options.limits ?? DATA_LIMITS;
  }

  /** True while more text is wanted (false after an error, or once the layout is known in layoutOnly mode). */
  get wantsMore(): boolean {
    return this.failure === null && !(this.options.layoutOnly && this.layout !== null);
  }

  push(chunk: string): boolean {
    if (!this.wantsMore) return false;
    try {
      if (this.chars === 0 && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      this.chars += chunk.length;
      if (!this.sawText && /\S/.test(chunk)) this.sawText = true;
      if (this.parser) this.feed(chunk, true);
      else {
        this.sniff += chunk;
        if (this.sniff.length >= SNIFF_CHARS) this.start();
      }
    } catch (error) {
      this.fail(error);
    }
    return this.wantsMore;
  }

  finish(): CsvOutcome {
    try {
      if (this.failure === null && !(this.options.layoutOnly && this.layout)) {
        if (!this.parser) this.start();
        this.feed('', false);
        if (this.pending) this.settle();
      }
    } catch (error) {
      this.fail(error);
    }
    if (this.failure !== null) return { ok: false, error: this.failure, layout: this.layout ?? undefined };
    return this.result();
  }

  private fail(error: unknown): void {
    if (!(error instanceof CsvError)) throw error;
    this.failure = error.message.charAt(0).toUpperCase() + error.message.slice(1);
  }

  private start(): void {
    const text = this.sniff;
    this.sniff = '';
    const nul = text.indexOf('\u0000');
    if (nul >= 0) throw new CsvError(`this is not a text file: it holds binary data (a NUL byte at character ${formatCount(nul + 1)})`);
    const replaced = (text.match(/\uFFFD/g) ?? []).length;
    if (replaced > 16 && replaced * 20 > text.length) throw new CsvError('this is not a text file: most of its bytes are not UTF-8 text');
    const sample = text.slice(0, SNIFF_CHARS);
    this.delimiter = guessDelimiter(sample);
    const newline = sample.includes('\n') || !sample.includes('\r') ? '\n' : '\r';
    this.parser = new Papa.Parser({ delimiter: this.delimiter, newline });
    this.feed(text, true);
  }

  private feed(text: string, more: boolean): void {
    const input = this.remainder + text;
    this.remainder = '';
    if (input === '') return;
    const result = this.parser!.parse(input, 0, more) as { data: string[][]; meta: { cursor: number } };
    if (more) this.remainder = input.slice(result.meta.cursor);
    for (const fields of result.data) {
      this.take(fields);
      if (!this.wantsMore) return;
    }
    if (this.remainder.length > this.limits.rowChars) {
      throw new CsvError(
        `row ${formatCount(this.row + 1)} is longer than ${formatCount(this.limits.rowChars)} characters, the limit for one row (is a quote never closed?)`,
      );
    }
  }

  private take(fields: string[]): void {
    const row = ++this.row;
    if (fields[0].trim() === '' && fields.every((f) => f.trim() === '')) {
      this.blankLines++;
      return;
    }
    if (fields[0].trimStart().startsWith('#')) {
      this.commentLines++;
      return;
    }
    if (fields.length > this.limits.columns) {
      throw new CsvError(
        `row ${formatCount(row)} has ${formatCount(fields.length)} fields; the limit is ${formatCount(this.limits.columns)} columns`,
      );
    }
    if (this.pending) {
      this.pending.push({ row, fields });
      if (this.pending.length >= PREVIEW_ROWS) this.settle();
      return;
    }
    this.use(row, fields);
  }

  /** Decides the layout and the columns from the rows so far, then uses the buffered data rows. */
  private settle(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    if (pending.length === 0) return;
    this.layout = detectLayout(
      pending.map((p) => p.fields),
      this.delimiter,
    );
    if (this.options.layoutOnly) return;
    this.chosen = chooseColumns(this.layout, this.options);
    for (const p of pending.slice(this.layout.header ? 1 : 0)) this.use(p.row, p.fields);
  }

  private use(row: number, fields: string[]): void {
    if (++this.dataRows > this.limits.rows) {
      throw new CsvError(`the file has more than ${formatCount(this.limits.rows)} data rows, the limit`);
    }
    const { x, y, x2 } = this.chosen!;
    if (fields.length <= Math.max(x.index, y.index, x2?.index ?? 0)) {
      const missing = fields.length <= y.index ? y : fields.length <= x.index ? x : x2!;
      return this.skips.add('missing', missing.name, row, fields.join(this.delimiter));
    }
    const decimalComma = this.layout!.decimalComma;
    const xv = cellValue(fields[x.index], decimalComma);
    if (typeof xv !== 'number') return this.skips.add(xv, x.name, row, fields[x.index].trim());
    const yv = cellValue(fields[y.index], decimalComma);
    if (typeof yv !== 'number') return this.skips.add(yv, y.name, row, fields[y.index].trim());
    if (x2) {
      const x2v = cellValue(fields[x2.index], decimalComma);
      if (typeof x2v !== 'number') return this.skips.add(x2v, x2.name, row, (fields[x2.index] ?? '').trim());
      this.x2s.push(x2v);
    }
    this.xs.push(xv);
    this.ys.push(yv);
  }

  private result(): CsvOutcome {
    const layout = this.layout;
    if (!layout) {
      const error = !this.sawText ? 'The file is empty.' : 'The file has no data rows (only blank or comment lines).';
      return { ok: false, error };
    }
    if (this.options.layoutOnly) return { ok: false, error: 'only the layout was read', layout };
    const { x, y } = this.chosen!;
    const skips = this.skips.list();
    const skipped = describeSkips(skips, this.dataRows);
    if (this.dataRows === 0) {
      const names = layout.columns.map((c) => c.name).join(', ');
      return { ok: false, error: `The file has a header (${names}) but no data rows.`, layout };
    }
    if (this.xs.length < 2) {
      const why = skipped ? `: ${skipped}` : '';
      return {
        ok: false,
        error: `Need at least 2 rows with numbers in columns "${x.name}" and "${y.name}", found ${this.xs.length}${why}.`,
        layout,
      };
    }
    return ok({
      data: this.chosen!.x2 ? { x: this.xs.take(), x2: this.x2s.take(), y: this.ys.take() } : { x: this.xs.take(), y: this.ys.take() },
      layout,
      columns: this.chosen!,
      rows: this.dataRows,
      skips,
      skipped,
      blankLines: this.blankLines,
      commentLines: this.commentLines,
    });
  }
}
