// A small timing of the float64 tensor engine alone (not a test, not part of `npm run bench`): the
// bench's 2→64→64→1 network on 100,000 points (MSE), loss and gradient per step, on the cpu
// backend, as steps/s of wall time and of this process's CPU time (less sensitive to a shared
// machine's load), with the load average. `node esbuild.js --bench && node out/bench/mlp-cpu.js [steps]`.
import { createCpuBackend } from '../src/core/backends/cpu';
import { mlpBenchProblem } from './cases';
import { loadNow } from './ran-on';

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 6);
  const backend = await createCpuBackend(mlpBenchProblem());
  await backend.run(1); // warm up the JIT
  const cpu = process.cpuUsage();
  const started = performance.now();
  await backend.run(steps);
  const wallS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  backend.dispose();
  console.log(
    JSON.stringify({
      case: 'mlp-2x64x64x1-100k',
      engine: 'ours:cpu (tensor engine)',
      steps,
      stepsPerSecond: Number((steps / wallS).toFixed(3)),
      stepsPerCpuSecond: Number((steps / cpuS).toFixed(3)),
      load: loadNow(),
    }),
  );
}

void main();
