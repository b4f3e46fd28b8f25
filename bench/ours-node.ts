// Our engines in Node: the TypeScript cpu backend and onnxruntime-web's wasm build at several K.
import { createCpuBackend } from '../src/core/backends/cpu';
import { createOrtBackend } from '../src/core/backends/ort';
import type { Ort } from '../src/core/onnx/ort-types';
import { benchProblem, BenchRow, CaseName, HEAVY_CASES, K_CANDIDATES } from './cases';
import { measure } from './measure';

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
  return { case: name, engine: 'ours:cpu', ...m, note: `Node ${process.version}, ${backend.description}` };
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
    rows.push({ case: name, engine: 'ours:wasm', ...m, k, note: `Node, ${backend.description}` });
    backend.dispose();
  }
  return rows;
}
