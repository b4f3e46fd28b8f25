// The insight worker's work, without the worker (so Node tests run it as it is): it keeps the
// model's evaluator for the data it was sent; a loss slice is computed at once; a landscape map
// runs level by level (9×9, 17×17, …) in slices of a few tens of ms, yielding between them so a
// newer map, a slice or a cancel is read at once (a newer map drops the older). Each finished
// level is posted as soon as it is done.
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import type { ModelEvaluator } from '../../src/core/eval/evaluator';
import { LandscapeJob } from '../../src/core/insight/landscape';
import { lossSlice } from '../../src/core/insight/slice';
import { errorMessage } from '../../src/core/result';
import type { InsightReply, InsightRequest } from './insight-worker-messages';

type Post = (reply: InsightReply, transfer: Transferable[]) => void;

export class InsightRunner {
  private data: { dataId: number; y: Float64Array; evaluator: ModelEvaluator } | null = null;
  private current: { id: number; job: LandscapeJob; shownSize: number } | null = null;
  private scheduled = false;

  constructor(
    private readonly post: Post,
    /** Runs `work` after the messages already queued (setTimeout in the worker). */
    private readonly later: (work: () => void) => void,
    private readonly sliceMs = 25,
  ) {}

  handle(message: InsightRequest): void {
    if (message.type === 'data') {
      this.current = null;
      try {
        // In a worker WebAssembly compiles synchronously at any size; no generated JavaScript (the CSP).
        const evaluator = createEvaluator(message.program, message.x, { codegen: false });
        this.data = { dataId: message.dataId, y: message.y, evaluator };
      } catch (error) {
        this.data = null;
        this.post({ type: 'error', id: -1, message: errorMessage(error) }, []);
      }
      return;
    }
    if (message.type === 'cancelGrid') {
      this.current = null;
      return;
    }
    const data = this.data;
    if (!data || data.dataId !== message.dataId) {
      this.post({ type: 'error', id: message.id, message: 'The insight worker has not been sent this data set.' }, []);
      return;
    }
    try {
      if (message.type === 'slice') {
        const { loss, params, index, range, affine, costPerPoint } = message;
        const slice = lossSlice({ evaluator: data.evaluator, y: data.y, loss, params, index, range }, { affine, costPerPoint });
        this.post({ type: 'slice', id: message.id, slice }, [slice.t.buffer, slice.loss.buffer, slice.kinks.buffer]);
        return;
      }
      const { loss, params, i, j, rangeI, rangeJ, levels } = message;
      const job = new LandscapeJob({ evaluator: data.evaluator, y: data.y, loss, params, i, j, rangeI, rangeJ }, levels);
      this.current = { id: message.id, job, shownSize: 0 };
    } catch (error) {
      this.post({ type: 'error', id: message.id, message: errorMessage(error) }, []);
      return;
    }
    this.schedule();
  }

  /** Whether a map is still being computed. */
  get busy(): boolean {
    return this.current !== null;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.later(() => {
      this.scheduled = false;
      this.work();
    });
  }

  private work(): void {
    const current = this.current;
    if (!current) return;
    const until = performance.now() + this.sliceMs;
    let done: boolean;
    try {
      // Stops at the end of every level too, so each is posted as soon as it is done.
      done = current.job.work(() => performance.now() >= until || (current.job.grid?.size ?? 0) !== current.shownSize);
    } catch (error) {
      this.current = null;
      this.post({ type: 'error', id: current.id, message: errorMessage(error) }, []);
      return;
    }
    const grid = current.job.grid;
    if (grid && grid.size !== current.shownSize) {
      current.shownSize = grid.size;
      const values = Float64Array.from(grid.values);
      this.post({ type: 'grid', id: current.id, size: grid.size, values, rangeI: grid.rangeI, rangeJ: grid.rangeJ, done }, [values.buffer]);
    }
    if (done) {
      if (this.current === current) this.current = null;
    } else this.schedule();
  }
}
