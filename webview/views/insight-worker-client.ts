// The page's side of the insight worker (insight-worker.ts): it starts the worker once, sends it
// the model and the data when they change, and hands out its answers. A landscape map is computed
// there so a drag over a large data set never waits for a grid; where no worker can start (or it
// fails) the map is computed on the main thread in time slices of a few ms, coarse level first.
// Only the latest map counts: a newer one drops the older at once, wherever it runs.
import type { ModelEvaluator } from '../../src/core/eval/evaluator';
import type { Program } from '../../src/core/formula/program';
import { LandscapeGrid, LandscapeJob } from '../../src/core/insight/landscape';
import type { LossSlice } from '../../src/core/insight/slice';
import { startWorkerScript } from '../ui/worker-script';
import { SlicedWork } from './canvas';
import type { GridJob, InsightReply, InsightRequest, SliceJob } from './insight-worker-messages';

/** The model and the data a job is about, and an evaluator of them for work on the main thread. */
export interface JobSubject {
  program: Program;
  x: Float64Array;
  y: Float64Array;
  evaluator: () => ModelEvaluator;
}

export type GridHandler = (grid: LandscapeGrid, done: boolean) => void;
export type ComputeSite = 'worker' | 'main thread';

export class InsightWorker {
  private worker: Promise<Worker | null> | null = null;
  private broken = false;
  private sent: { program: Program; x: Float64Array; y: Float64Array; dataId: number } | null = null;
  private ids = 0;
  private latestGrid = 0;
  private gridHandler: { id: number; subject: JobSubject; job: GridJob; onGrid: GridHandler } | null = null;
  private readonly slices = new Map<number, (slice: LossSlice | null) => void>();
  private readonly fallback = new SlicedWork(6);
  /** Where the latest grid was computed (for the tests and the chart's data attribute). */
  gridSite: ComputeSite | null = null;

  /** Computes a landscape map, level by level; a later call (or cancelGrid) drops this one. */
  grid(subject: JobSubject, job: GridJob, onGrid: GridHandler): void {
    const id = (this.latestGrid = ++this.ids);
    this.gridHandler = null;
    this.fallback.cancel();
    void this.ready().then((worker) => {
      if (id !== this.latestGrid) return;
      if (!worker) {
        this.gridOnMainThread(subject, job, onGrid);
        return;
      }
      this.gridHandler = { id, subject, job, onGrid };
      this.send(worker, subject, { type: 'grid', id, dataId: 0, ...job, params: Float64Array.from(job.params) });
    });
  }

  cancelGrid(): void {
    this.latestGrid = ++this.ids;
    this.gridHandler = null;
    this.fallback.cancel();
    void this.worker?.then((worker) => worker?.postMessage({ type: 'cancelGrid' } satisfies InsightRequest));
  }

  /** A loss slice computed in the worker; null when there is no worker (the caller computes it itself). */
  async slice(subject: JobSubject, job: SliceJob): Promise<LossSlice | null> {
    const worker = await this.ready();
    if (!worker) return null;
    const id = ++this.ids;
    return new Promise((resolve) => {
      this.slices.set(id, resolve);
      this.send(worker, subject, { type: 'slice', id, dataId: 0, ...job, params: Float64Array.from(job.params) });
    });
  }

  private ready(): Promise<Worker | null> {
    if (this.broken) return Promise.resolve(null);
    this.worker ??= this.start();
    return this.worker;
  }

  private async start(): Promise<Worker | null> {
    const worker = await startWorkerScript('insight-worker.js');
    if (!worker) return null;
    worker.onmessage = (event: MessageEvent<InsightReply>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.giveUp();
    };
    return worker;
  }

  /** Sends the job, after the model and the data if the worker does not have them yet. */
  private send(worker: Worker, subject: JobSubject, request: InsightRequest & { dataId: number }): void {
    const sent = this.sent;
    if (!sent || sent.program !== subject.program || sent.x !== subject.x || sent.y !== subject.y) {
      const dataId = (sent?.dataId ?? 0) + 1;
      this.sent = { program: subject.program, x: subject.x, y: subject.y, dataId };
      // Copied, not handed over: the page keeps drawing with its data.
      worker.postMessage({ type: 'data', dataId, program: subject.program, x: subject.x, y: subject.y } satisfies InsightRequest);
    }
    request.dataId = this.sent!.dataId;
    worker.postMessage(request);
  }

  private receive(reply: InsightReply): void {
    if (reply.type === 'error') {
      this.giveUp();
      return;
    }
    if (reply.type === 'slice') {
      this.slices.get(reply.id)?.(reply.slice);
      this.slices.delete(reply.id);
      return;
    }
    const handler = this.gridHandler;
    if (!handler || handler.id !== reply.id) return;
    if (reply.done) this.gridHandler = null;
    this.gridSite = 'worker';
    handler.onGrid({ size: reply.size, values: reply.values, rangeI: reply.rangeI, rangeJ: reply.rangeJ }, reply.done);
  }

  /** The worker failed: end it; the pending map and every later job are done on the main thread. */
  private giveUp(): void {
    this.broken = true;
    void this.worker?.then((worker) => worker?.terminate());
    this.worker = null;
    this.sent = null;
    for (const resolve of this.slices.values()) resolve(null);
    this.slices.clear();
    const pending = this.gridHandler;
    this.gridHandler = null;
    if (pending) this.gridOnMainThread(pending.subject, pending.job, pending.onGrid);
  }

  private gridOnMainThread(subject: JobSubject, order: GridJob, onGrid: GridHandler): void {
    const { loss, params, i, j, rangeI, rangeJ, levels } = order;
    const job = new LandscapeJob({ evaluator: subject.evaluator(), y: subject.y, loss, params, i, j, rangeI, rangeJ }, levels);
    let shownSize = 0;
    this.fallback.start((stop) => {
      const done = job.work(stop);
      const grid = job.grid;
      if (grid && (grid.size !== shownSize || done)) {
        shownSize = grid.size;
        this.gridSite = 'main thread';
        onGrid(grid, done);
      }
      return done;
    });
  }
}
