// PyTorch CPU on the bench's cases, when a Python with torch is on the machine: the data and
// starting values go to raw float64 files, bench/torch/*.py time the same SGD (formula_sgd.py for
// the quadratic and the ReLU sums, mlp_sgd.py for the network, both through timing.py's loop).
// Without torch (test/torch-python.ts finds it) each row says "missing" (never a stale number).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Dataset, inputColumns } from '../src/core/data/generate';
import { layerSizes } from '../src/core/model/mlp';
import { BenchRow, CaseName, FormulaCase, formulaBenchProblem, mlpBenchProblem } from './cases';
import { ROOT } from './browser/chromium';
import { torchPython } from '../test/torch-python';

interface TorchResult {
  stepsPerSec: number;
  steps: number;
  runs: number;
  torch: string;
  threads: number;
}

/** Points as rows of [inputs…, y], float64. */
function rowsOf(data: Dataset): Float64Array {
  const columns = [...inputColumns(data), data.y];
  const n = data.x.length;
  const rows = new Float64Array(n * columns.length);
  columns.forEach((column, j) => {
    for (let i = 0; i < n; i++) rows[i * columns.length + j] = column[i];
  });
  return rows;
}

function runTorch(name: CaseName, script: string, data: Dataset, init: Float64Array, args: string[]): BenchRow {
  const python = torchPython();
  if (!python)
    return {
      case: name,
      engine: 'torch:cpu',
      runtime: 'missing',
      stepsPerSec: NaN,
      steps: 0,
      runs: 0,
      note: 'missing: no python3 with torch here',
    };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-bench-torch-'));
  try {
    fs.writeFileSync(path.join(dir, 'data.f64'), Buffer.from(rowsOf(data).buffer));
    fs.writeFileSync(path.join(dir, 'init.f64'), Buffer.from(Float64Array.from(init).buffer));
    const out = execFileSync(python, [path.join(ROOT, 'bench', 'torch', script), dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const result = JSON.parse(out.trim().split('\n').pop()!) as TorchResult;
    return {
      case: name,
      engine: 'torch:cpu',
      runtime: `${python}, torch ${result.torch}`,
      stepsPerSec: result.stepsPerSec,
      steps: result.steps,
      runs: result.runs,
      note: `CPU float32, ${result.threads} thread(s)`,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function benchTorchMlp(): BenchRow {
  const problem = mlpBenchProblem();
  return runTorch('mlp-2x64x64x1-100k', 'mlp_sgd.py', problem.data, problem.init, [
    layerSizes(problem.network).join('x'),
    String(problem.config.lr),
  ]);
}

export function benchTorchFormula(name: FormulaCase): BenchRow {
  const problem = formulaBenchProblem(name);
  const kind = name === 'notebook-quadratic' ? 'quadratic' : 'relus';
  return runTorch(name, 'formula_sgd.py', problem.data, problem.init, [kind, String(problem.config.lr)]);
}
