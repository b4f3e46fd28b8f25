// The browser half of the bench, inside headless Chromium: our wasm and webgpu backends on both
// cases at K = 1 and every candidate K. bench.ts collects the rows through window.runBench.
import { createOrtBackend } from '../../src/core/backends/ort';
import type { Ort } from '../../src/core/onnx/ort-types';
import { acquireWebGpu } from '../../src/core/onnx/webgpu';
import { benchProblem, BenchRow, CASE_NAMES, HEAVY_CASES, K_CANDIDATES } from '../cases';
import { measure } from '../measure';

interface BrowserBenchOptions {
  adapter: string;
  software: boolean;
  /** Give up on a K (and larger ones) when one warm-up call takes longer than this. */
  slowMs: number;
}

async function runBench(options: BrowserBenchOptions): Promise<{ rows: BenchRow[]; log: string[] }> {
  const ort = (await import(/* runtime URL */ `${location.origin}/ort/ort.webgpu.min.mjs`)) as Ort;
  ort.env.wasm.wasmPaths = `${location.origin}/ort/`;
  ort.env.wasm.numThreads = 1; // as in a webview: not cross-origin isolated
  const browser = /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? '';
  const rows: BenchRow[] = [];
  const log: string[] = [];
  let gpuDescription = options.adapter;
  try {
    gpuDescription = (await acquireWebGpu({ allowFallbackAdapter: true })).description;
  } catch (error) {
    log.push(`webgpu: ${String(error)}`);
  }
  for (const name of CASE_NAMES) {
    const problem = benchProblem(name);
    for (const provider of ['wasm', 'webgpu'] as const) {
      if (provider === 'webgpu' && gpuDescription === 'no WebGPU adapter') continue;
      for (const k of K_CANDIDATES[name]) {
        let backend;
        try {
          backend = await createOrtBackend(ort, provider, problem, { stepsPerRun: k, allowFallbackAdapter: true });
          await backend.warmUp();
          const start = performance.now();
          await backend.run(k);
          const first = performance.now() - start;
          if (first > options.slowMs) {
            log.push(`${name} ${provider} K=${k}: one call took ${(first / 1000).toFixed(1)} s; larger K skipped`);
            rows.push({
              case: name,
              engine: `ours:${provider}`,
              stepsPerSec: (k / first) * 1000,
              steps: k,
              runs: 1,
              k,
              ...where(provider),
            });
            break;
          }
          const heavy = HEAVY_CASES.has(name);
          const m = await measure(
            async (steps) => {
              await backend!.run(steps);
            },
            { multipleOf: k, targetMs: heavy ? 1500 : 400, runs: heavy ? 3 : 5 },
          );
          rows.push({ case: name, engine: `ours:${provider}`, ...m, k, ...where(provider) });
        } catch (error) {
          log.push(`${name} ${provider} K=${k}: ${String(error)}`);
        } finally {
          backend?.dispose();
        }
      }
    }
  }
  return { rows, log };

  function where(provider: 'wasm' | 'webgpu'): Pick<BenchRow, 'adapter' | 'note'> {
    if (provider === 'wasm') return { note: `Chromium ${browser}, onnxruntime-web ${ort.env.versions.web} wasm, 1 thread` };
    return { adapter: gpuDescription, note: `Chromium ${browser}${options.software ? ', SwiftShader, software GPU' : ''}` };
  }
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
document.body.dataset.ready = 'true';
