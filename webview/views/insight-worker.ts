// The Web Worker that computes the insight views' heavy parts off the page's main thread: the
// landscape's grids and, on large data sets, the loss slices (see insight-worker-runner.ts).
// Bundled on its own as dist/webview/insight-worker.js (esbuild.js); the page starts it from a
// blob URL (webview/ui/worker-script.ts).
import { InsightRunner } from './insight-worker-runner';
import type { InsightReply, InsightRequest } from './insight-worker-messages';

interface WorkerScope {
  onmessage: ((event: MessageEvent<InsightRequest>) => void) | null;
  postMessage(message: InsightReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const runner = new InsightRunner(
  (reply, transfer) => scope.postMessage(reply, transfer),
  (work) => setTimeout(work, 0),
);
scope.onmessage = (event) => runner.handle(event.data);
