// Runs inside headless Chromium under the panel's CSP (script-src 'self' 'wasm-unsafe-eval', no
// 'unsafe-eval'): the WebAssembly kernel against the tape on every preset (the N-unit ones too),
// 200 random scalar and 100 random vector formulas and the kink cases, compiled as the panel's CPU
// backend compiles it. Results for wasm-kernel.test.ts.
import { createCpuBackend } from '../../../src/core/backends/cpu';
import { TapeEvaluator } from '../../../src/core/eval/tape';
import { WasmEvaluator } from '../../../src/core/eval/wasm/wasm-evaluator';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/core/train/sgd';
import { kinkCases, notebookData, presetCases, randomCases, TrainingCase } from '../../unit/core/onnx/onnx-compare';
import { expectKernelMatchesTape, randomVectorCases, twoInputCases, vectorPresetCases } from '../../unit/core/eval/wasm-compare';
import { errorMessage } from '../../../src/core/result';

interface Result {
  name: string;
  ok: boolean;
  error?: string;
}

async function all(cases: TrainingCase[]): Promise<void> {
  for (const c of cases) {
    const tape = new TapeEvaluator(c.model.program, c.data.x, c.data.x2);
    const kernel = await WasmEvaluator.compile(c.model.program, c.data.x, tape.staticPointValues());
    if (!kernel) throw new Error(`${c.label}: WebAssembly refused`);
    expectKernelMatchesTape(c, kernel);
  }
}

async function runWasmKernelTests(): Promise<Result[]> {
  const data = notebookData();
  const tests: [string, () => Promise<void>][] = [
    [
      "the page's CSP refuses eval (so what passes here passes in the panel)",
      async () => {
        let refused = false;
        try {
          new Function('return 1')();
        } catch {
          refused = true;
        }
        if (!refused) throw new Error('new Function ran: the CSP is not applied');
      },
    ],
    [
      'the CPU backend runs the WebAssembly kernel (a vector formula too)',
      async () => {
        const { customModel, presetModel } = await import('../../../src/core/model/presets');
        const model = presetModel('quadratic');
        const units = customModel('sum(w*tanh(m*x + b)) + c', {}, { w: 16, m: 16, b: 16 }, 0.5);
        if ('error' in units) throw new Error(units.error.message);
        for (const { program, init } of [model, units]) {
          const backend = await createCpuBackend({ program, data, init, config: DEFAULT_TRAIN_CONFIG });
          if (!/WebAssembly/.test(backend.description)) throw new Error(`the CPU backend runs "${backend.description}"`);
        }
      },
    ],
    ['every preset', () => all(presetCases(data))],
    ['the N-unit presets and vector formulas', () => all(vectorPresetCases(data))],
    ['200 random formulas', () => all(randomCases(data, 200, 77))],
    ['100 random vector formulas', () => all(randomVectorCases(data, 100, 13))],
    ['formulas of x1 and x2', () => all(twoInputCases())],
    ['kinks and ties', () => all(kinkCases(data))],
  ];
  const results: Result[] = [];
  for (const [name, run] of tests) {
    try {
      await run();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: errorMessage(error, { stack: true }) });
    }
  }
  return results;
}

// Run by the page itself, not from a DevTools evaluate (which Chromium exempts from the CSP's eval rule).
void runWasmKernelTests().then((results) => {
  (window as unknown as { wasmKernelResults: Result[] }).wasmKernelResults = results;
  document.body.dataset.ready = 'true';
});
