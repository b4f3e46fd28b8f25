// Which training backends this webview can run, and opening one. cpu (the TypeScript engine) always
// works; wasm and webgpu run on onnxruntime-web, loaded at run time from the extension's dist folder;
// "auto" measures what is available and trains on the fastest (src/core/backends/auto.ts). An
// explicit choice that cannot start falls back to cpu, and says so.
import { AutoReport, createBackend } from '../../src/core/backends/auto';
import type { TrainingBackend, TrainingProblem } from '../../src/core/backends/backend';
import type { BackendChoice, BackendName } from '../../src/core/limits';
import { createCpuBackend } from '../../src/core/backends/cpu';
import type { Ort } from '../../src/core/onnx/ort-types';
import { errorMessage } from '../../src/core/result';

export interface BackendAvailability {
  name: BackendName;
  available: boolean;
  /** Why it cannot run here (onnxruntime-web did not load, no GPU adapter); absent when it can. */
  unavailableReason?: string;
  /** What to know when it runs (a software GPU adapter is slow). */
  caveat?: string;
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

/** Which backends can run in this page, and why not or with what caveat. */
export async function pageBackendAvailability(): Promise<BackendAvailability[]> {
  const ortError = await loadOrt().then(
    () => null,
    (error) => `onnxruntime-web did not load: ${errorMessage(error)}`,
  );
  const adapter = ortError ? null : await webgpuAdapter().catch(() => null);
  const wasm: BackendAvailability = ortError
    ? { name: 'wasm', available: false, unavailableReason: ortError }
    : { name: 'wasm', available: true };
  const webgpu: BackendAvailability = ortError
    ? { name: 'webgpu', available: false, unavailableReason: ortError }
    : adapter === null
      ? { name: 'webgpu', available: false, unavailableReason: 'no GPU adapter' }
      : { name: 'webgpu', available: true, caveat: adapter.software ? 'software adapter, slow' : undefined };
  return [{ name: 'cpu', available: true }, wasm, webgpu];
}

/**
 * Opens `choice` for `problem`. `onFallback` hears of a later switch (auto moving to another backend
 * when the one training fails, e.g. a lost GPU).
 */
export async function openPageBackend(
  choice: BackendChoice,
  problem: TrainingProblem,
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
    return { backend: await createCpuBackend(problem), fellBack: { from: choice, reason: errorMessage(error) } };
  }
}
