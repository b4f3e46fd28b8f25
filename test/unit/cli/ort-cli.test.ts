// nn-fit --backend wasm: the same training as --backend cpu, through onnxruntime-web in Node.
import * as assert from 'node:assert/strict';
import { assertClose } from '../core/backends/ort-helpers';
import { runInProcess as run } from './run-cli';

describe('nn-fit --backend wasm', function () {
  this.timeout(60_000);

  it('prints the same losses, parameters and gradients as the cpu backend, within float32 rounding', async () => {
    const args = [
      '--model',
      'quadratic',
      '--data',
      'notebook',
      '--init',
      'a=1.1,b=1.1,c=1.1',
      '--lr',
      '0.01',
      '--steps',
      '12',
      '--accumulate-grad',
      '--json',
    ];
    const [wasm, cpu] = [await run([...args, '--backend', 'wasm']), await run([...args, '--backend', 'cpu'])];
    assert.equal(wasm.length, cpu.length);
    wasm.forEach((line, i) => {
      const [a, b] = [JSON.parse(line), JSON.parse(cpu[i])];
      assert.equal(a.step, b.step);
      assertClose([a.loss], [b.loss], 1e-4, `line ${i}: loss`);
      assertClose(Object.values(a.params) as number[], Object.values(b.params) as number[], 1e-4, `line ${i}: params`);
      assertClose(Object.values(a.grad) as number[], Object.values(b.grad) as number[], 1e-4, `line ${i}: grad`);
    });
  });

  it('trains 64 ReLUs quietly to the same loss', async () => {
    const args = ['--model', 'relus', '--units', '64', '--data', 'notebook', '--steps', '300', '--quiet', '--json'];
    const [wasm, cpu] = [await run([...args, '--backend', 'wasm']), await run([...args, '--backend', 'cpu'])];
    const [a, b] = [JSON.parse(wasm[0]), JSON.parse(cpu[0])];
    assert.equal(a.step, 300);
    assertClose([a.loss], [b.loss], 1e-3, 'loss after 300 steps (float32 drift over 300 MAE steps)');
  });
});
