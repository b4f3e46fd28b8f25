// Bringing a data file into the playground: a file arrives (Load Data, the panel's button, a drop,
// or a reload of the saved file); its first rows are previewed with the x and y columns to pick (and
// an optional x2 column for data of two inputs, chosen by itself when the header names x1 and x2);
// Load parses it off the main thread with progress and Cancel; the result replaces the data only
// when it worked. A refused file is reported with the limit and its size; nothing loaded is lost.
import { fileSizeProblem } from '../../src/core/data/csv';
import { chooseColumns, CsvError, CsvLayout } from '../../src/core/data/csv-layout';
import { CsvReader } from '../../src/core/data/csv-reader';
import type { CsvLoaded } from '../../src/core/data/csv-reader';
import { formatBytes, formatCount, SAVED_POINTS_LIMIT } from '../../src/core/limits';
import type { UserData } from '../../src/protocol/state';
import { Emitter } from '../app/events';
import type { Notice, Playground } from '../app/playground';
import { parseData, ParseJob } from './parse-client';
import type { Evaluation } from '../app/evaluation';
import { yieldToPage } from '../ui/yield';

export interface IncomingFile {
  name: string;
  /** Where the host can read it again; null for a file dropped on the panel. */
  path: string | null;
  bytes: Uint8Array;
  mtime: number;
  source: 'file' | 'drop';
}

export type ImportPhase =
  | { kind: 'idle' }
  | { kind: 'preview'; file: IncomingFile; layout: CsvLayout; x: number; y: number; x2: number | null; problem: string | null }
  /** `preparing`: the file is read; the model's evaluation on its points is being made (still cancellable). */
  | { kind: 'loading'; file: IncomingFile; done: number; total: number; started: number; preparing?: boolean };

export interface ImportEvents {
  phase: ImportPhase;
  /** A message for the Data section (errors, cancellations); null clears it. */
  message: Notice | null;
  /** The loaded file changed on disk or was deleted (null: as loaded). */
  fileStatus: FileStatus | null;
}

export interface FileStatus {
  path: string;
  change: 'changed' | 'deleted';
}

/** Bytes decoded for the preview. */
const PREVIEW_BYTES = 64 * 1024;

export class DataImport {
  readonly events = new Emitter<ImportEvents>();
  phase: ImportPhase = { kind: 'idle' };
  private job: ParseJob | null = null;
  /** Where the last parse ran ('worker' or 'main thread'). */
  lastWhere = '';
  fileStatus: FileStatus | null = null;

  constructor(private readonly playground: Playground) {}

  /** The host says a data file changed or vanished; it matters when it is the one in use. */
  fileChanged(status: FileStatus): void {
    const data = this.playground.state.data;
    if (data.kind !== 'csv' || data.path !== status.path) return;
    this.fileStatus = status;
    this.events.emit('fileStatus', status);
  }

  private set(phase: ImportPhase): void {
    this.phase = phase;
    this.events.emit('phase', phase);
  }

  private label(file: { name: string; bytes?: Uint8Array }): string {
    return file.bytes ? `${file.name} (${formatBytes(file.bytes.length)})` : file.name;
  }

  /** A refused file: say why, keep everything as it is. */
  refuse(name: string, error: string): void {
    this.events.emit('message', { kind: 'error', text: `${name}: ${error} The data you had is kept.` });
  }

  /** A new file: check its size, read its first rows, and show the preview. */
  offer(file: IncomingFile): void {
    this.cancel(false);
    const tooBig = fileSizeProblem(file.bytes.length);
    if (tooBig) return this.refuse(file.name, tooBig);
    const reader = new CsvReader({ layoutOnly: true });
    const head = file.bytes.subarray(0, PREVIEW_BYTES);
    reader.push(new TextDecoder('utf-8').decode(head, { stream: head.length < file.bytes.length }));
    const outcome = reader.finish();
    const layout = outcome.ok ? outcome.value.layout : outcome.layout;
    if (!layout) return this.refuse(this.label(file), outcome.ok ? 'no rows found.' : outcome.error);
    let x = 0;
    let y = Math.min(1, layout.columns.length - 1);
    let x2: number | null = null;
    let problem: string | null = null;
    try {
      const chosen = chooseColumns(layout, {});
      x = chosen.x.index;
      y = chosen.y.index;
      x2 = chosen.x2?.index ?? null;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      problem = error.message.charAt(0).toUpperCase() + error.message.slice(1);
    }
    this.events.emit('message', null);
    this.set({ kind: 'preview', file, layout, x, y, x2, problem });
  }

  /** A column picked in the preview; for x2, null is "none" (one input). */
  choose(axis: 'x' | 'y' | 'x2', index: number | null): void {
    if (this.phase.kind !== 'preview') return;
    const next = { ...this.phase, [axis]: index };
    next.problem =
      next.x === next.y
        ? 'x and y are the same column; choose two different columns.'
        : next.x2 !== null && (next.x2 === next.x || next.x2 === next.y)
          ? `x2 is the same column as ${next.x2 === next.x ? 'x1' : 'y'}; choose three different columns, or no x2.`
          : null;
    this.set(next);
  }

  /** Loads the previewed file with the chosen columns. */
  confirm(): void {
    if (this.phase.kind !== 'preview' || this.phase.problem) return;
    const { file, x, y, x2 } = this.phase;
    void this.load(file, x, y, x2);
  }

  /** Reads a file again with the columns it was loaded with (after a reload, or "reload" when it changed), x2 too. */
  reload(file: IncomingFile, columns: { xIndex: number; yIndex: number; x2Index?: number } | undefined): void {
    this.cancel(false);
    const tooBig = fileSizeProblem(file.bytes.length);
    if (tooBig) return this.refuse(file.name, tooBig);
    void this.load(file, columns?.xIndex ?? 0, columns?.yIndex ?? 1, columns?.x2Index ?? null);
  }

  /** Stops a preview or a load; the data shown stays. */
  cancel(say = true): void {
    const wasLoading = this.phase.kind === 'loading';
    this.job?.cancel();
    this.job = null;
    if (this.phase.kind !== 'idle') this.set({ kind: 'idle' });
    if (say && wasLoading) this.events.emit('message', { kind: 'info', text: 'Loading cancelled; the data you had is kept.' });
  }

  private async load(file: IncomingFile, x: number, y: number, x2: number | null): Promise<void> {
    const started = performance.now();
    const label = this.label(file);
    const total = file.bytes.length;
    this.set({ kind: 'loading', file, done: 0, total, started });
    // The bytes go to the worker (transferred); the preview is over, nothing here reads them again.
    const job = parseData({ bytes: file.bytes, x, y, ...(x2 === null ? {} : { x2 }) }, (done, total) => {
      if (this.job === job) this.set({ kind: 'loading', file, done, total, started });
    });
    this.job = job;
    void job.where.then((where) => {
      this.lastWhere = where;
      document.body.dataset.dataParser = where;
    });
    const outcome = await job.done;
    if (this.job !== job) return;
    this.job = null;
    // Parsing ends here; what follows (the model's evaluation on every point, then the loss and the
    // chart) is the playground's work: the evaluation made in steps that yield to the page, still
    // under the progress bar's Cancel.
    performance.mark('nn-data-parsed');
    await yieldToPage();
    const stillLoading = () => this.phase.kind === 'loading' && this.phase.file === file;
    if (!stillLoading()) return;
    if (!outcome.ok) {
      this.set({ kind: 'idle' });
      if (outcome.error !== 'Cancelled.') this.refuse(label, outcome.error);
      return;
    }
    this.set({ kind: 'loading', file, done: total, total, started, preparing: true });
    // Made again at once when used, should it fail here.
    const prepared = await this.playground.prepareData(outcome.value.data).catch(() => null);
    performance.mark('nn-data-prepared');
    await yieldToPage();
    if (!stillLoading()) return;
    this.set({ kind: 'idle' });
    this.apply(file, outcome.value, prepared);
    performance.measure('nn-data-applied', 'nn-data-prepared');
  }

  private apply(file: IncomingFile, loaded: CsvLoaded, prepared: Evaluation | null): void {
    const { x, y, x2 } = loaded.columns;
    const count = loaded.data.x.length;
    const notes = [
      x2 ? `x1 = "${x.name}", x2 = "${x2.name}", y = "${y.name}"` : `x = "${x.name}", y = "${y.name}"`,
      `${formatCount(count)} of ${formatCount(loaded.rows)} rows used`,
      loaded.skipped,
      loaded.blankLines ? `${formatCount(loaded.blankLines)} blank line${loaded.blankLines === 1 ? '' : 's'} ignored` : '',
      loaded.commentLines ? `${formatCount(loaded.commentLines)} comment line${loaded.commentLines === 1 ? '' : 's'} ignored` : '',
    ].filter(Boolean);
    const keep = count <= SAVED_POINTS_LIMIT;
    if (!keep && !file.path) {
      notes.push(`too many points to keep across a reload (${formatCount(SAVED_POINTS_LIMIT)}): drop the file again after one`);
    }
    const state: UserData = {
      kind: 'csv',
      name: file.name,
      x: keep ? Array.from(loaded.data.x) : [],
      y: keep ? Array.from(loaded.data.y) : [],
      ...(keep && loaded.data.x2 ? { x2: Array.from(loaded.data.x2) } : {}),
      source: file.source,
      ...(file.path ? { path: file.path } : {}),
      columns: { x: x.name, y: y.name, xIndex: x.index, yIndex: y.index, ...(x2 ? { x2: x2.name, x2Index: x2.index } : {}) },
      count,
      summary: notes.join('; '),
      mtime: file.mtime,
    };
    this.events.emit('message', null);
    this.fileStatus = null;
    this.events.emit('fileStatus', null);
    const notice: Notice | null = loaded.skipped ? { kind: 'info', text: `Loaded ${file.name}: ${loaded.skipped}.` } : null;
    this.playground.useData(state, loaded.data, notice, prepared);
  }
}
