// Which training backends this webview can run, and opening one. cpu (the TypeScript engine) always
// works; wasm and webgpu run on onnxruntime-web, loaded at run time from the extension's dist folder;
// "auto" trains on cpu at once, measures what is available once the page is drawn and idle, and
// moves to the fastest (src/core/backends/auto.ts). An explicit choice that cannot start falls back
// to cpu, and says so.
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

/** Resolves once the page is drawn and ready (body[data-ready]; at most 5 s) and then idle: when "auto" may load onnxruntime-web and measure. */
export async function pageIdle(): Promise<void> {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  for (let waited = 0; document.body.dataset.ready !== 'true' && waited < 5000; waited += 50) await sleep(50);
  const idle = (window as { requestIdleCallback?: (callback: () => void, options: { timeout: number }) => number }).requestIdleCallback;
  await new Promise<void>((resolve) => (idle ? idle(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 200)));
}

/** The runtimes as people call them, for the status line. */
const RUNTIME_LABELS: Record<Exclude<BackendChoice, 'cpu' | 'auto'>, string> = { wasm: 'WebAssembly', webgpu: 'WebGPU' };

/**
 * Opens `choice` for `problem`. `onFallback` hears of a later switch (auto moving to another backend
 * when the one training fails, e.g. a lost GPU; not auto's move to a faster one, which the next
 * chunk's status shows); `onPhase` of each slow part of an explicit wasm/webgpu start, as it begins
 * (loading onnxruntime-web, compiling the training graphs, a first run).
 */
export async function openPageBackend(
  choice: BackendChoice,
  problem: TrainingProblem,
  onFallback: (fallback: Fallback) => void,
  onPhase: (text: string) => void = () => undefined,
): Promise<OpenedBackend> {
  if (choice === 'cpu') return { backend: await createCpuBackend(problem) };
  if (choice === 'auto') {
    // Trains on cpu at once; onnxruntime-web loads and every backend is measured once the page is
    // idle, and a faster one takes over between two calls (a move, not a fallback).
    let chosen: BackendName | null = null;
    let failures = 0;
    const onReport = (report: AutoReport) => {
      if (chosen !== null && report.chosen !== chosen && report.fallbacks.length > failures)
        onFallback({ from: chosen, reason: report.fallbacks[report.fallbacks.length - 1] });
      chosen = report.chosen;
      failures = report.fallbacks.length;
    };
    const ort = (): Promise<Ort | null> => loadOrt().catch(() => null);
    return { backend: await createBackend('auto', problem, { ort, onReport, startOn: 'cpu', whenIdle: pageIdle }) };
  }
  onPhase('loading onnxruntime-web');
  const ort = await loadOrt().catch(() => null);
  try {
    const label = RUNTIME_LABELS[choice];
    onPhase(`compiling the training graph for ${label}`);
    // Chosen by name, webgpu may run on a software adapter (SwiftShader); "auto" passes those by.
    const backend = await createBackend(choice, problem, { ort, allowFallbackAdapter: true });
    // The one-update graph and the readouts, run once now (WebGPU compiles its shaders on a
    // graph's first run), so "ready" is ready and the first Step does not wait.
    const warm = backend as { prime?: () => Promise<void> };
    try {
      if (warm.prime) {
        onPhase(choice === 'webgpu' ? 'a first run on WebGPU: compiling its shaders' : `a first run on ${label}`);
        await warm.prime();
      }
    } catch (error) {
      backend.dispose();
      throw error;
    }
    return { backend };
  } catch (error) {
    return { backend: await createCpuBackend(problem), fellBack: { from: choice, reason: errorMessage(error) } };
  }
}
