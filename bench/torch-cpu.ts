// PyTorch CPU on the bench's network case, when a Python with torch is on the machine: the data and
// starting weights go to raw float64 files, bench/torch/mlp_sgd.py times the same SGD. Without
// torch the row says "missing" (never a stale number).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inputColumns } from '../src/core/data/generate';
import { layerSizes } from '../src/core/model/mlp';
import { BenchRow, mlpBenchProblem } from './cases';
import { ROOT } from './browser/chromium';

function torchPython(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
      return python;
    } catch {
      // next
    }
  }
  return null;
}

export function benchTorchMlp(): BenchRow {
  const name = 'mlp-2x64x64x1-100k' as const;
  const python = torchPython();
  if (!python) return { case: name, engine: 'torch:cpu', stepsPerSec: NaN, steps: 0, runs: 0, note: 'missing: no python3 with torch here' };
  const problem = mlpBenchProblem();
  const columns = [...inputColumns(problem.data), problem.data.y];
  const n = problem.data.x.length;
  const rows = new Float64Array(n * columns.length);
  for (let i = 0; i < n; i++) columns.forEach((c, j) => (rows[i * columns.length + j] = c[i]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-bench-torch-'));
  try {
    fs.writeFileSync(path.join(dir, 'data.f64'), Buffer.from(rows.buffer));
    fs.writeFileSync(path.join(dir, 'init.f64'), Buffer.from(Float64Array.from(problem.init).buffer));
    const script = path.join(ROOT, 'bench', 'torch', 'mlp_sgd.py');
    const out = execFileSync(python, [script, dir, layerSizes(problem.network).join('x'), String(problem.config.lr)], { encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!) as {
      stepsPerSec: number;
      steps: number;
      runs: number;
      torch: string;
      threads: number;
    };
    return {
      case: name,
      engine: 'torch:cpu',
      stepsPerSec: result.stepsPerSec,
      steps: result.steps,
      runs: result.runs,
      note: `${python}, torch ${result.torch} CPU float32, ${result.threads} thread(s)`,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
