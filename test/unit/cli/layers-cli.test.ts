// nn-fit --model layers:…: networks on one and two inputs, two-input data from --fn/--range or a
// CSV with x1,x2,y columns, W1/b1/… in --json shaped as nn.Linear, and a replay of a run in real
// PyTorch from its step 0 (pending where torch is missing).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/nn-fit';
import { generatePlaneData } from '../../../src/core/data/generate-plane';
import { float32Function2 } from '../../../src/core/formula/pointwise';
import { compileFormula } from '../../../src/core/formula/compile';
import { createEvaluator } from '../../../src/core/eval/create-evaluator';
import { initMlp, unflattenParams } from '../../../src/core/model/mlp';
import { spec } from '../core/onnx/mlp-compare';
import { assertClose } from '../core/backends/ort-helpers';
import { fromRoot } from '../../repo-root';
import { torchPython } from '../../torch-python';

const cli = fromRoot('out', 'src', 'cli', 'nn-fit.js');

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  assert.equal(await main(args, (line) => lines.push(line)), 0);
  return lines;
}

function fails(args: string[], message: RegExp): void {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  assert.equal(result.status, 2, `exit code for ${args.join(' ')}: ${result.stderr}`);
  assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  assert.match(result.stderr, message);
}

interface JsonStep {
  step: number;
  loss: number;
  params: Record<string, number[] | number[][]>;
  grad: Record<string, number[] | number[][]>;
}

const flat = (p: JsonStep['params']): number[] => Object.values(p).flatMap((v) => (v as (number | number[])[]).flat());

describe('nn-fit --model layers', function () {
  this.timeout(60_000);
  const plane = ['--fn', '3*x1**2 + 2*x2 + 1', '--range', '-2,2', '--range', '-1,1', '--n', '50'];

  it('trains a two-input network on generated x1, x2 data; --json names W1, b1, … shaped as nn.Linear', async () => {
    const lines = await run(['--model', 'layers:2x8x4x1:relu', ...plane, '--steps', '5', '--loss', 'mse', '--lr', '0.01', '--json']);
    assert.equal(lines.length, 6);
    const steps = lines.map((l) => JSON.parse(l) as JsonStep);
    const first = steps[0];
    assert.deepEqual(Object.keys(first.params), ['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    assert.deepEqual(first.params, unflattenParams(spec('2x8x4x1:relu'), initMlp(spec('2x8x4x1:relu'), 0)));
    const W1 = first.params.W1 as number[][];
    assert.equal(W1.length, 8);
    assert.ok(W1.every((row) => row.length === 2));
    assert.equal((first.params.W3 as number[][])[0].length, 4);
    assert.deepEqual(Object.keys(first.grad), Object.keys(first.params));
    // each step is the previous one moved against its gradient by lr
    for (let k = 1; k < steps.length; k++) {
      const [before, g, after] = [flat(steps[k - 1].params), flat(steps[k - 1].grad), flat(steps[k].params)];
      after.forEach((v, i) => assert.ok(Math.abs(v - (before[i] - 0.01 * g[i])) < 1e-15, `step ${k} param ${i}`));
    }
    assert.ok(steps[5].loss < steps[0].loss);
  });

  it('generates two-input data as stated: uniform float32 points, then the noise, from one RandomState', async () => {
    const [a] = await run(['--model', 'layers:2x3x1:tanh', ...plane, '--steps', '0', '--json', '--seed', '7']);
    const fn = '3*x1**2 + 2*x2 + 1';
    const data = generatePlaneData({ fn, n: 50, min: -2, max: 2, min2: -1, max2: 1, mult: 0.15, add: 0.5, seed: 7 }, float32Function2(fn));
    assert.ok(data.x.every((v) => v >= -2 && v < 2 && Math.fround(v) === v));
    assert.ok(data.x2!.every((v) => v >= -1 && v < 1));
    const csv = ['x1,x2,y', ...Array.from(data.x, (v, i) => `${v},${data.x2![i]},${data.y[i]}`)].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'nn-layers-'));
    writeFileSync(join(dir, 'plane.csv'), csv);
    const [b] = await run(['--model', 'layers:2x3x1:tanh', '--data', join(dir, 'plane.csv'), '--steps', '0', '--json']);
    assert.equal((JSON.parse(a) as JsonStep).loss, (JSON.parse(b) as JsonStep).loss);
  });

  it('takes an --fn of x1 and x2 as two-input data by itself (400 points on [-2, 2]² unless given)', async () => {
    const fn = 'x1*x2 + 1';
    const [line] = await run(['--model', 'a*x1*x2 + b', '--fn', fn, '--steps', '0', '--json']);
    const data = generatePlaneData(
      { fn, n: 400, min: -2, max: 2, min2: -2, max2: 2, mult: 0.15, add: 0.5, seed: 42 },
      float32Function2(fn),
    );
    const program = compileFormula('a*x1*x2 + b', { inputs: 2 });
    assert.ok(program.ok);
    const loss = createEvaluator(program.program, data.x, { x2: data.x2 }).loss(Float64Array.of(1, 1), data.y, 'mae');
    assert.equal((JSON.parse(line) as JsonStep).loss, loss);
  });

  it('reads a CSV with x1, x2, y columns in any order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-layers-'));
    writeFileSync(join(dir, 'a.csv'), 'y,x2,x1\n1,0,0\n2,1,0\n3,0,1\n5,1,1\n');
    writeFileSync(join(dir, 'b.csv'), 'x1,x2,y\n0,0,1\n0,1,2\n1,0,3\n1,1,5\n');
    const args = ['--model', 'layers:2x4x1:sigmoid', '--steps', '3', '--json', '--quiet'];
    const [a, b] = [await run([...args, '--data', join(dir, 'a.csv')]), await run([...args, '--data', join(dir, 'b.csv')])];
    assert.equal(a[0], b[0]);
  });

  it('fits a formula with free parameters on two inputs: loss and gradient at the start as computed by hand, then the fit', async () => {
    const fn = '3*x1**2 + 2*x2 + 1';
    const data = generatePlaneData({ fn, n: 50, min: -2, max: 2, min2: -1, max2: 1, mult: 0.15, add: 0.5, seed: 42 }, float32Function2(fn));
    const [start] = await run(['--model', 'a*x1**2 + b*x2 + c', ...plane, '--steps', '0', '--json']);
    const first = JSON.parse(start) as { loss: number; grad: Record<string, number> };
    let loss = 0;
    const grad = [0, 0, 0];
    for (let i = 0; i < 50; i++) {
      const d = data.x[i] ** 2 + data.x2![i] + 1 - data.y[i]; // a = b = c = 1
      loss += Math.abs(d) / 50;
      const s = Math.sign(d) / 50;
      grad[0] += s * data.x[i] ** 2;
      grad[1] += s * data.x2![i];
      grad[2] += s;
    }
    assertClose([first.loss], [loss], 1e-12, 'loss');
    assertClose([first.grad.a, first.grad.b, first.grad.c], grad, 1e-12, 'gradient');
    const fitted = await run([
      '--model',
      'a*x1**2 + b*x2 + c',
      ...plane,
      '--steps',
      '400',
      '--lr',
      '0.05',
      '--loss',
      'mse',
      '--json',
      '--quiet',
    ]);
    const fit = JSON.parse(fitted[0]) as { params: Record<string, number> };
    assert.ok(Math.abs(fit.params.a - 3) < 0.5 && Math.abs(fit.params.b - 2) < 0.5, JSON.stringify(fit.params));
  });

  it('trains the same network on wasm as on cpu, within float32 rounding', async () => {
    const args = ['--model', 'layers:2x6x6x1:relu', ...plane, '--steps', '8', '--loss', 'mae', '--lr', '0.05', '--json'];
    const [cpu, wasm] = [await run(args), await run([...args, '--backend', 'wasm'])];
    const [c, w] = [cpu.map((l) => JSON.parse(l) as JsonStep), wasm.map((l) => JSON.parse(l) as JsonStep)];
    assertClose(
      w.map((s) => s.loss),
      c.map((s) => s.loss),
      1e-4,
      'losses',
    );
    assertClose(flat(w[8].params), flat(c[8].params), 1e-4, 'parameters');
  });

  for (const [args, message] of [
    [['--model', 'layers:2x8x2'], /output size must be 1/],
    [['--model', 'layers:1x300x1'], /1 to 256 neurons/],
    [['--model', 'layers:2x4x1:swish'], /unknown activation "swish"/],
    [['--model', 'layers:1x4x1', '--init', 'a=1'], /--init applies to formula models/],
    [['--model', 'layers:1x4x1', '--range', '-2,2', '--range', '-1,1'], /takes 1 input\(s\) but the data has 2/],
    [['--model', 'layers:2x4x1', '--range', '-2,2', '--range', '-1,1', '--range', '0,1'], /given 3 times/],
    [['--model', 'layers:2x4x1', '--fn', 'x**2'], /x1 or x2/],
    [['--model', 'layers:2x4x1', '--range', '-2,2', '--range', '1,0'], /min must be below max/],
    [['--model', 'quadratic', '--range', '-2,2', '--range', '-2,2'], /the presets are functions of x/],
    [['--model', 'layers:1x4x1', '--units', '3'], /--units applies to --model relus or a formula with vector parameters/],
  ] as const) {
    it(`refuses ${args.join(' ')} with one line and exit code 2`, () => fails([...args], message));
  }

  it('a run replays in PyTorch from its step 0 (needs python3 with torch)', async function () {
    const python = torchPython();
    if (!python) this.skip(); // pending, not passed, where torch is missing
    const dir = mkdtempSync(join(tmpdir(), 'nn-layers-'));
    const fn = '3*x1**2 + 2*x2 + 1';
    const data = generatePlaneData({ fn, n: 64, min: -2, max: 2, min2: -2, max2: 2, mult: 0.15, add: 0.5, seed: 3 }, float32Function2(fn));
    const csv = ['x1,x2,y', ...Array.from(data.x, (v, i) => `${v},${data.x2![i]},${data.y[i]}`)].join('\n');
    writeFileSync(join(dir, 'data.csv'), csv);
    const lines = await run([
      ...['--model', 'layers:2x16x16x1:tanh', '--data', join(dir, 'data.csv'), '--steps', '20', '--lr', '0.05', '--loss', 'mse'],
      ...['--json', '--model-seed', '5'],
    ]);
    writeFileSync(join(dir, 'run.jsonl'), lines.join('\n'));
    const script = `
import json, sys, numpy as np, torch
torch.set_default_dtype(torch.float64)
steps = [json.loads(l) for l in open(sys.argv[1])]
d = np.loadtxt(sys.argv[2], delimiter=',', skiprows=1)
x, y = torch.from_numpy(d[:, :2]), torch.from_numpy(d[:, 2:3])
p = steps[0]['params']
layers = []
for i in range(1, 4):
    W = torch.tensor(p[f'W{i}']); lin = torch.nn.Linear(W.shape[1], W.shape[0])
    with torch.no_grad(): lin.weight.copy_(W); lin.bias.copy_(torch.tensor(p[f'b{i}']))
    layers += [lin] + ([torch.nn.Tanh()] if i < 3 else [])
model = torch.nn.Sequential(*layers)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
worst = 0
for s in steps:
    opt.zero_grad(); loss = torch.nn.functional.mse_loss(model(x), y); loss.backward()
    worst = max(worst, abs(loss.item() - s['loss']) / max(1, abs(s['loss'])))
    opt.step()
print(worst)
`;
    writeFileSync(join(dir, 'replay.py'), script);
    const worst = Number(
      execFileSync(python!, [join(dir, 'replay.py'), join(dir, 'run.jsonl'), join(dir, 'data.csv')], { encoding: 'utf8' }),
    );
    assert.ok(worst < 1e-12, `largest relative loss difference over 21 steps: ${worst}`);
  });
});
