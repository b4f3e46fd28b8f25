// Parses a data file without blocking the page: in a Web Worker started from a blob URL (a
// webview may only start workers from blob: or its own origin; the panel's CSP allows blob:), or,
// where no worker can start, on the main thread in chunks that yield between them. Either way it
// reports progress and can be cancelled; cancelling a worker ends it at once.
import { CHUNK_CHARS, CsvOutcome } from '../../src/core/data/csv';
import { CsvReader } from '../../src/core/data/csv-reader';
import type { ParseRequest, WorkerReply } from './parse-messages';
import { startWorkerScript } from '../ui/worker-script';

export interface ParseJob {
  done: Promise<CsvOutcome>;
  cancel(): void;
  /** 'worker' or 'main thread', for the log and the tests. */
  where: Promise<string>;
}

/** Parses `request.bytes`, which are handed to the worker: the caller must not use them afterwards. */
export function parseData(request: ParseRequest, progress: (done: number, total: number) => void): ParseJob {
  let cancelled = false;
  let stop: () => void = () => undefined;
  let settle: (outcome: CsvOutcome) => void = () => undefined;
  let where: (name: string) => void = () => undefined;
  const wherePromise = new Promise<string>((resolve) => (where = resolve));
  const done = new Promise<CsvOutcome>((resolve) => {
    settle = resolve;
    void (async () => {
      const worker = await startWorkerScript('parse-worker.js');
      if (cancelled) {
        worker?.terminate();
        return;
      }
      if (!worker) {
        where('main thread');
        stop = () => (cancelled = true);
        resolve(await parseOnMainThread(request, progress, () => cancelled));
        return;
      }
      where('worker');
      stop = () => worker.terminate();
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.type === 'progress') progress(reply.done, reply.total);
        else {
          worker.terminate();
          resolve(reply.outcome);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        worker.terminate();
        resolve({ ok: false, error: `The file could not be read: ${event.message || 'the parser stopped'}` });
      };
      // Handed over, not copied (a copy of a large file is a long task): the caller gives up the bytes.
      const whole = request.bytes.byteOffset === 0 && request.bytes.byteLength === request.bytes.buffer.byteLength;
      const bytes = whole ? request.bytes : request.bytes.slice();
      worker.postMessage({ ...request, bytes }, [bytes.buffer]);
    })();
  });
  return {
    done,
    where: wherePromise,
    cancel: () => {
      cancelled = true;
      stop();
      settle({ ok: false, error: 'Cancelled.' });
    },
  };
}

/** The fallback: one chunk per task, so the page stays responsive between chunks. */
async function parseOnMainThread(
  request: ParseRequest,
  progress: (done: number, total: number) => void,
  cancelled: () => boolean,
): Promise<CsvOutcome> {
  const reader = new CsvReader({ x: request.x, y: request.y, ...(request.x2 === undefined ? {} : { x2: request.x2 }) });
  const decoder = new TextDecoder('utf-8');
  const { bytes } = request;
  const step = CHUNK_CHARS / 4;
  for (let at = 0; at < bytes.length && reader.wantsMore; at += step) {
    const end = Math.min(bytes.length, at + step);
    reader.push(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }));
    progress(end, bytes.length);
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (cancelled()) return { ok: false, error: 'Cancelled.' };
  }
  return reader.finish();
}
