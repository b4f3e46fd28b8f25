// The browser half of the bench, inside headless Chromium under the panel's CSP: the panel's own
// engine (`ours:panel`: the CPU backend opened exactly as the panel opens it, so the run-time
// WebAssembly kernel, the ReLU fast path or the tape, whichever the panel would pick) on the
// formula cases, then onnxruntime-web's wasm and webgpu backends at K = 1 and every candidate K.
// bench.ts starts it through window.runBench and hears of each row as it is measured
// (window.benchRow, exposed by the runner, so every row is stamped with the load at its time).
import { createOrtBackend } from '../../src/core/backends/ort';
import type { TrainingBackend } from '../../src/core/backends/backend';
import type { Ort } from '../../src/core/onnx/ort-types';
import { acquireWebGpu } from '../../src/core/onnx/webgpu';
import { openPageBackend } from '../../webview/training/page-backends';
import {
  benchProblem,
  BenchRow,
  EVERY_ENGINE_CASES,
  FORMULA_CASES,
  KERNEL_CASES,
  formulaBenchProblem,
  HEAVY_CASES,
  K_CANDIDATES,
  type CaseName,
} from '../cases';
import { measure } from '../measure';

interface BrowserBenchOptions {
  adapter: string;
  software: boolean;
  /** Give up on a K (and larger ones) when one warm-up call takes longer than this. */
  slowMs: number;
  /** Only the panel's engine (no onnxruntime-web rows). */
  panelOnly: boolean;
  /** Chromium's version, as playwright reads it (the user agent's is reduced to 1xx.0.0.0). */
  browser: string;
}

type Page = typeof globalThis & { benchRow(row: BenchRow): Promise<void> };
const report = (row: BenchRow): Promise<void> => (globalThis as Page).benchRow(row);

async function timeBackend(name: CaseName, backend: TrainingBackend, k = 1) {
  const heavy = HEAVY_CASES.has(name);
  return measure(
    async (steps) => {
      await backend.run(steps);
    },
    { multipleOf: k, targetMs: heavy ? 1500 : 400, runs: heavy ? 3 : 5 },
  );
}

/** The panel's engine: openPageBackend('cpu'), the call the panel's training session makes. */
async function benchPanel(browser: string): Promise<string[]> {
  const log: string[] = [];
  for (const name of [...FORMULA_CASES, ...KERNEL_CASES]) {
    try {
      const { backend } = await openPageBackend('cpu', formulaBenchProblem(name), (fallback) =>
        log.push(`${name}: fell back from ${fallback.from}`),
      );
      const m = await timeBackend(name, backend);
      await report({ case: name, engine: 'ours:panel', runtime: browser, ...m, note: `${backend.description}, panel CSP` });
      backend.dispose();
    } catch (error) {
      log.push(`${name} ours:panel: ${String(error)}`);
    }
  }
  return log;
}

async function benchOrt(options: BrowserBenchOptions): Promise<string[]> {
  const ort = (await import(/* runtime URL */ `${location.origin}/ort/ort.webgpu.min.mjs`)) as Ort;
  ort.env.wasm.wasmPaths = `${location.origin}/ort/`;
  ort.env.wasm.numThreads = 1; // as in a webview: not cross-origin isolated
  const log: string[] = [];
  let gpuDescription = options.adapter;
  try {
    gpuDescription = (await acquireWebGpu({ allowFallbackAdapter: true })).description;
  } catch (error) {
    log.push(`webgpu: ${String(error)}`);
  }
  const where = (provider: 'wasm' | 'webgpu'): Pick<BenchRow, 'adapter' | 'note'> =>
    provider === 'wasm'
      ? { note: `onnxruntime-web ${ort.env.versions.web} wasm, 1 thread` }
      : { adapter: gpuDescription, note: options.software ? 'SwiftShader, software GPU' : undefined };
  for (const name of EVERY_ENGINE_CASES) {
    const problem = benchProblem(name);
    for (const provider of ['wasm', 'webgpu'] as const) {
      if (provider === 'webgpu' && gpuDescription === 'no WebGPU adapter') continue;
      if (provider === 'webgpu' && options.software && HEAVY_CASES.has(name)) {
        // One step of these on SwiftShader takes about a minute: not a figure worth the bench's time.
        log.push(`${name} webgpu: skipped on a software GPU (SwiftShader)`);
        continue;
      }
      for (const k of K_CANDIDATES[name]) {
        let backend;
        try {
          backend = await createOrtBackend(ort, provider, problem, { stepsPerRun: k, allowFallbackAdapter: true });
          await backend.warmUp();
          const start = performance.now();
          await backend.run(k);
          const first = performance.now() - start;
          const engine = `ours:${provider}` as const;
          if (first > options.slowMs) {
            log.push(`${name} ${provider} K=${k}: one call took ${(first / 1000).toFixed(1)} s; larger K skipped`);
            await report({
              case: name,
              engine,
              runtime: options.browser,
              stepsPerSec: (k / first) * 1000,
              steps: k,
              runs: 1,
              k,
              ...where(provider),
            });
            break;
          }
          const m = await timeBackend(name, backend, k);
          await report({ case: name, engine, runtime: options.browser, ...m, k, ...where(provider) });
        } catch (error) {
          log.push(`${name} ${provider} K=${k}: ${String(error)}`);
        } finally {
          backend?.dispose();
        }
      }
    }
  }
  return log;
}

async function runBench(options: BrowserBenchOptions): Promise<{ log: string[] }> {
  const log = await benchPanel(options.browser);
  if (!options.panelOnly) log.push(...(await benchOrt(options)));
  return { log };
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
document.body.dataset.ready = 'true';
