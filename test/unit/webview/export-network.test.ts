// The PyTorch export of a network: an nn.Sequential holding the exact current weights, and (where
// python3 with torch is installed; pending otherwise) running it continues the panel's training:
// the next losses equal the float64 engine's to 1e-12, mid-run, with schedules and accumulation.
import * as assert from 'node:assert/strict';
import { createCpuBackend } from '../../../src/core/backends/cpu';
import { Dataset } from '../../../src/core/data/generate';
import { initMlp, MlpSpec } from '../../../src/core/model/mlp';
import { Schedule } from '../../../src/core/train/sgd';
import { networkPytorchScript } from '../../../webview/export/pytorch-network';
import { notebookData } from '../core/onnx/onnx-compare';
import { planeData, spec } from '../core/onnx/mlp-compare';
import { runPythonScript, torchPython } from '../../torch-python';

interface Case {
  name: string;
  spec: MlpSpec;
  data: Dataset;
  loss: 'mae' | 'mse';
  lr: number;
  schedule: Schedule;
  accumulateGrad: boolean;
  /** Steps the panel made before exporting. */
  before: number;
}

const CASES: Case[] = [
  {
    name: '2 inputs, mse, step decay',
    spec: spec('2x8x8x1:relu'),
    data: planeData(80),
    loss: 'mse',
    lr: 0.02,
    schedule: { kind: 'step', every: 4, gamma: 0.5 },
    accumulateGrad: false,
    before: 7,
  },
  {
    name: '1 input, mae, accumulating',
    spec: spec('1x6x5x1:tanh,sigmoid'),
    data: notebookData(),
    loss: 'mae',
    lr: 0.01,
    schedule: { kind: 'constant' },
    accumulateGrad: true,
    before: 5,
  },
  {
    name: '4 layers, mse, cosine',
    spec: spec('1x4x5x3x4x1:relu,identity,tanh,sigmoid'),
    data: notebookData(),
    loss: 'mse',
    lr: 0.02,
    schedule: { kind: 'cosine', steps: 30, minLr: 0.001 },
    accumulateGrad: false,
    before: 3,
  },
];

async function exported(c: Case, steps: number) {
  const backend = await createCpuBackend({
    network: c.spec,
    data: c.data,
    init: initMlp(c.spec, 1),
    config: { lr: c.lr, loss: c.loss, schedule: c.schedule, accumulateGrad: c.accumulateGrad },
  });
  await backend.run(c.before);
  const state = await backend.exportState();
  const script = networkPytorchScript({
    spec: c.spec,
    params: state.params,
    direction: state.direction,
    data: c.data,
    train: { lr: c.lr, loss: c.loss, schedule: c.schedule, accumulateGrad: c.accumulateGrad },
    step: state.step,
    steps,
  });
  const next = await backend.run(steps);
  return { script, state, next: next.losses };
}

describe('PyTorch export of a network', () => {
  it('writes an nn.Sequential with the exact current weights, in float64', async () => {
    const { script, state } = await exported(CASES[0], 3);
    assert.match(
      script,
      /model = nn\.Sequential\(\n {4}nn\.Linear\(2, 8\),\n {4}nn\.ReLU\(\),\n {4}nn\.Linear\(8, 8\),\n {4}nn\.ReLU\(\),\n {4}nn\.Linear\(8, 1\),\n\)/,
    );
    assert.match(script, /torch\.set_default_dtype\(torch\.float64\)/);
    assert.match(script, /model\[0\]\.weight\.copy_/);
    assert.match(script, /model\[4\]\.bias\.copy_/);
    for (const value of Array.from(state.params).slice(0, 20))
      assert.ok(script.includes(String(value).replace(/e\+?/, 'e')), `${value} written exactly`);
    assert.match(script, /for step in range\(7, 10\):/);
    assert.match(script, /p\.grad\.zero_\(\)/);
  });

  it("continues the panel's training in real PyTorch (needs python3 with torch)", async function () {
    const python = torchPython();
    if (!python) this.skip(); // pending, not passed, where torch is missing
    this.timeout(120_000);
    for (const c of CASES) {
      const { script, next } = await exported(c, 10);
      const printed = runPythonScript(python!, script);
      assert.equal(printed.length, 10, c.name);
      printed.forEach((line, i) => {
        const match = /^step=(\d+); loss=(.+)$/.exec(line);
        assert.ok(match, line);
        assert.equal(Number(match[1]), c.before + i);
        const loss = Number(match[2]);
        assert.ok(
          Math.abs(loss - next[i]) <= 1e-12 * Math.max(1, Math.abs(next[i])),
          `${c.name} step ${c.before + i}: torch ${loss}, panel ${next[i]}`,
        );
      });
    }
  });
});
