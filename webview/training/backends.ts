// Which training backends this webview can run, and opening one. cpu (the TypeScript engine) always
// works; wasm and webgpu run on onnxruntime-web, loaded at run time from the extension's dist folder;
// "auto" measures what is available and trains on the fastest (src/core/backends/auto.ts). An
// explicit choice that cannot start falls back to cpu, and says so.
import { AutoReport, createBackend } from '../../src/core/backends/auto';
import type { Problem, TrainingBackend } from '../../src/core/backends/backend';
import type { BackendChoice, BackendName } from '../../src/core/limits';
import { createCpuBackend } from '../../src/core/backends/cpu';
import type { Ort } from '../../src/core/onnx/ort-types';

export interface BackendOption {
  name: BackendName;
  available: boolean;
  /** Why it is not available, or a caveat (a software GPU adapter). */
  detail: string;
}

export interface Fallback {
  from: BackendChoice;
  reason: string;
}

export interface OpenedBackend {
  backend: TrainingBackend;
  /** Set when the chosen backend could not start and another one runs instead. */
  fellBack?: Fallback;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

let ortLoading: Promise<Ort> | null = null;

/** onnxruntime-web's browser build (wasm + webgpu), from dist/webview/ort/, single-threaded (no cross-origin isolation in a webview). */
export function loadOrt(): Promise<Ort> {
  if (!ortLoading) {
    ortLoading = (async () => {
      const base = document.body.dataset.baseUri;
      if (!base) throw new Error('the page does not say where onnxruntime-web is');
      const folder = new URL('ort/', base).toString();
      const ort = (await import(/* runtime URL */ `${folder}ort.webgpu.min.mjs`)) as Ort;
      ort.env.wasm.wasmPaths = folder;
      ort.env.wasm.numThreads = 1;
      ort.env.logLevel = 'error';
      return ort;
    })();
    ortLoading.catch(() => (ortLoading = null));
  }
  return ortLoading;
}

/** What WebGPU offers here: null when there is no adapter at all. */
async function webgpuAdapter(): Promise<{ software: boolean } | null> {
  const gpu = (
    navigator as unknown as {
      gpu?: { requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean } | null> };
    }
  ).gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  return adapter ? { software: Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) } : null;
}

export async function backendOptions(): Promise<BackendOption[]> {
  const ort = await loadOrt().then(
    () => null,
    (error) => `onnxruntime-web did not load: ${message(error)}`,
  );
  const adapter = ort ? null : await webgpuAdapter().catch(() => null);
  const gpu = ort ?? (adapter === null ? 'no GPU adapter' : adapter.software ? 'software adapter, slow' : '');
  return [
    { name: 'cpu', available: true, detail: '' },
    { name: 'wasm', available: ort === null, detail: ort ?? '' },
    { name: 'webgpu', available: adapter !== null, detail: gpu },
  ];
}

/**
 * Opens `choice` for `problem`. `onFallback` hears of a later switch (auto moving to another backend
 * when the one training fails, e.g. a lost GPU).
 */
export async function openBackend(
  choice: BackendChoice,
  problem: Problem,
  onFallback: (fallback: Fallback) => void,
): Promise<OpenedBackend> {
  if (choice === 'cpu') return { backend: await createCpuBackend(problem) };
  const ort = await loadOrt().catch(() => null);
  if (choice === 'auto') {
    let chosen: BackendName | null = null;
    const onReport = (report: AutoReport) => {
      if (chosen !== null && report.chosen !== chosen)
        onFallback({ from: chosen, reason: report.fallbacks[report.fallbacks.length - 1] ?? 'it failed' });
      chosen = report.chosen;
    };
    return { backend: await createBackend('auto', problem, { ort, onReport }) };
  }
  try {
    // Chosen by name, webgpu may run on a software adapter (SwiftShader); "auto" passes those by.
    return { backend: await createBackend(choice, problem, { ort, allowFallbackAdapter: true }) };
  } catch (error) {
    return { backend: await createCpuBackend(problem), fellBack: { from: choice, reason: message(error) } };
  }
}
