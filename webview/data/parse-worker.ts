// The Web Worker that parses a data file off the page's main thread: bytes and the chosen columns
// in, progress messages while it reads, and the two Float64Arrays out (transferred, not copied).
// Bundled on its own as dist/webview/parse-worker.js (see esbuild.js); the page starts it from a blob URL.
import { loadCsvBytes } from '../../src/core/data/csv';
import type { ParseRequest, WorkerReply } from './parse-messages';
import { errorMessage } from '../../src/core/result';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ParseRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let lastProgress = 0;

scope.onmessage = (event) => {
  const { bytes, x, y, x2 } = event.data;
  try {
    const outcome = loadCsvBytes(bytes, { x, y, ...(x2 === undefined ? {} : { x2 }) }, (done, total) => {
      const now = performance.now();
      if (now - lastProgress > 50 || done === total) {
        lastProgress = now;
        scope.postMessage({ type: 'progress', done, total });
      }
    });
    const transfer = outcome.ok ? [outcome.data.x.buffer, outcome.data.y.buffer, ...(outcome.data.x2 ? [outcome.data.x2.buffer] : [])] : [];
    scope.postMessage({ type: 'done', outcome }, transfer);
  } catch (error) {
    scope.postMessage({ type: 'done', outcome: { ok: false, error: `The file could not be read: ${errorMessage(error)}` } });
  }
};
