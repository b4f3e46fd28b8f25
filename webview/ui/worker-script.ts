// Starts one of the page's own Web Workers (bundled as dist/webview/<name>.js by esbuild.js) from a
// blob URL: a webview may only start workers from blob: or its own origin, and the panel's CSP
// allows blob: (worker-src). Each script is fetched once; null where no worker can be had, so the
// caller falls back to working on the main thread in slices.
const urls = new Map<string, Promise<string | null>>();

/** The worker script `name` (e.g. 'parse-worker.js') as a blob URL, fetched once (null when it cannot be had). */
function workerScriptUrl(name: string): Promise<string | null> {
  let url = urls.get(name);
  if (!url) {
    url = (async () => {
      try {
        const base = document.body.dataset.baseUri ?? './';
        const response = await fetch(new URL(name, new URL(base, location.href)).toString());
        if (!response.ok) return null;
        return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
      } catch {
        return null;
      }
    })();
    urls.set(name, url);
  }
  return url;
}

/** A new worker running the script `name`, or null (no script, or workers refused). */
export async function startWorkerScript(name: string): Promise<Worker | null> {
  const url = await workerScriptUrl(name);
  if (!url) return null;
  try {
    return new Worker(url);
  } catch {
    return null;
  }
}
