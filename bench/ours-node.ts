// Our engines in Node: the cpu backend (the same engine the panel runs: WebAssembly kernel, ReLU
// fast path or tape) and onnxruntime-web's wasm build at several K.
import { createCpuBackend } from '../src/core/backends/cpu';
import { createOrtBackend } from '../src/core/backends/ort';
import type { Ort } from '../src/core/onnx/ort-types';
import { benchProblem, BenchRow, CaseName, HEAVY_CASES, K_CANDIDATES } from './cases';
import { measure } from './measure';
import { nodeRuntime } from './ran-on';

export async function benchCpu(name: CaseName): Promise<BenchRow> {
  const problem = benchProblem(name);
  const backend = await createCpuBackend(problem);
  const m = await measure(
    async (steps) => {
      await backend.run(steps);
    },
    { targetMs: HEAVY_CASES.has(name) ? 1500 : 400, runs: HEAVY_CASES.has(name) ? 3 : 5 },
  );
  backend.dispose();
  return { case: name, engine: 'ours:cpu', runtime: nodeRuntime(), ...m, note: backend.description };
}

export async function benchOrtNode(ort: Ort, name: CaseName): Promise<BenchRow[]> {
  const problem = benchProblem(name);
  const rows: BenchRow[] = [];
  for (const k of K_CANDIDATES[name]) {
    const backend = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: k });
    await backend.warmUp();
    const m = await measure(
      async (steps) => {
        await backend.run(steps);
      },
      { multipleOf: k, targetMs: HEAVY_CASES.has(name) ? 1500 : 400, runs: HEAVY_CASES.has(name) ? 3 : 5 },
    );
    rows.push({ case: name, engine: 'ours:wasm', runtime: nodeRuntime(), ...m, k, note: backend.description });
    backend.dispose();
  }
  return rows;
}
