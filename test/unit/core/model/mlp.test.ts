// The MLP model: layer specs parsed and written, parameters laid out as nn.Sequential's, nn.Linear's
// seeded start, gradients against central differences, and training equal to torch.optim.SGD.
import * as assert from 'node:assert/strict';
import { createCpuBackend } from '../../../../src/core/backends/cpu';
import { Dataset } from '../../../../src/core/data/generate';
import { RandomState } from '../../../../src/core/data/rng';
import { LossName } from '../../../../src/core/eval/loss';
import {
  formatLayers,
  initMlp,
  matrixLayout,
  mlpParamCount,
  mlpParamNames,
  MlpSpec,
  parseLayers,
  unflattenParams,
  validateMlp,
} from '../../../../src/core/model/mlp';
import { MlpEvaluator } from '../../../../src/core/model/mlp-evaluator';
import { ACTIVATIONS } from '../../../../src/core/tensor/ops';
import { goldenData, goldenSpec, mlpGolden } from './mlp-golden';

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * scale, `${what}[${i}]: ${actual[i]} vs PyTorch ${expected[i]}`);
  }
}

describe('MLP model', () => {
  it('parses and writes layer specs', () => {
    const parsed = parseLayers('2x64x64x1:relu');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.spec, {
      inputs: 2,
      hidden: [
        { width: 64, activation: 'relu' },
        { width: 64, activation: 'relu' },
      ],
    });
    assert.equal(formatLayers(parsed.spec), '2x64x64x1:relu');
    const mixed = parseLayers('1X8x4x1:tanh, sigmoid');
    assert.ok(mixed.ok);
    assert.equal(formatLayers(mixed.spec), '1x8x4x1:tanh,sigmoid');
    const plain = parseLayers('1x3x1');
    assert.ok(plain.ok && plain.spec.hidden[0].activation === 'relu');
  });

  for (const [text, message] of [
    ['2x64x64x2:relu', /output size must be 1/],
    ['3x4x1:relu', /1 or 2 inputs/],
    ['2x1:relu', /at least one hidden layer/],
    ['1x2x2x2x2x2x1', /1 to 4 hidden layers/],
    ['1x257x1', /1 to 256 neurons/],
    ['1x0x1', /1 to 256 neurons/],
    ['1x4x1:gelu', /unknown activation "gelu"/],
    ['1x4x4x1:relu,tanh,relu', /one per hidden layer/],
    ['1x4.5x1', /whole numbers/],
    ['1x4x1:relu:x', /too many/],
    ['', /whole numbers/],
  ] as const) {
    it(`rejects "${text}" clearly`, () => {
      const parsed = parseLayers(text);
      assert.ok(!parsed.ok);
      assert.match(parsed.error, message);
    });
  }

  it('lays parameters out as nn.Sequential(...).parameters(): W1 (out × in), b1, W2, b2', () => {
    const spec: MlpSpec = { inputs: 2, hidden: [{ width: 3, activation: 'relu' }] };
    assert.deepEqual(
      matrixLayout(spec).map((m) => [m.name, m.rows, m.cols, m.offset]),
      [
        ['W1', 3, 2, 0],
        ['b1', 1, 3, 6],
        ['W2', 1, 3, 9],
        ['b2', 1, 1, 12],
      ],
    );
    assert.equal(mlpParamCount(spec), 13);
    assert.deepEqual(mlpParamNames(spec).slice(0, 3), ['W1[0,0]', 'W1[0,1]', 'W1[1,0]']);
    const flat = Float64Array.from({ length: 13 }, (_, i) => i);
    assert.deepEqual(unflattenParams(spec, flat), {
      W1: [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      b1: [6, 7, 8],
      W2: [[9, 10, 11]],
      b2: [12],
    });
  });

  it("starts from nn.Linear's default distribution: U(±1/√fan_in), seeded", () => {
    const spec: MlpSpec = {
      inputs: 2,
      hidden: [
        { width: 50, activation: 'relu' },
        { width: 40, activation: 'tanh' },
      ],
    };
    const p = initMlp(spec, 5);
    for (const m of matrixLayout(spec)) {
      const fanIn = m.name.startsWith('W') ? m.cols : matrixLayout(spec).find((w) => w.name === `W${m.name.slice(1)}`)!.cols;
      const values = p.subarray(m.offset, m.offset + m.rows * m.cols);
      const bound = 1 / Math.sqrt(fanIn);
      assert.ok(
        values.every((v) => Math.abs(v) < bound),
        `${m.name} within ±${bound}`,
      );
      if (values.length >= 40)
        assert.ok(Math.max(...values) > 0.8 * bound && Math.min(...values) < -0.8 * bound, `${m.name} fills its range`);
    }
    assert.deepEqual(initMlp(spec, 5), p);
    assert.notDeepEqual(initMlp(spec, 6), p);
  });

  for (const c of mlpGolden.cases) {
    it(`starts from the same weights as NumPy's RandomState under the stated rule: ${c.name}`, () => {
      assert.deepEqual(Array.from(initMlp(goldenSpec(c), c.seed)), c.init);
    });
  }

  it('matches central differences on random networks (1–2 inputs, 1–4 layers, every activation, both losses)', () => {
    const rng = new RandomState(99);
    const pick = (lo: number, hi: number): number => lo + Math.floor(rng.randomDouble() * (hi - lo + 1));
    for (let trial = 0; trial < 12; trial++) {
      const spec: MlpSpec = {
        inputs: pick(1, 2),
        hidden: Array.from({ length: pick(1, 4) }, () => ({ width: pick(1, 6), activation: ACTIVATIONS[pick(0, 3)] })),
      };
      assert.equal(validateMlp(spec), null);
      const n = pick(1, 12);
      const data: Dataset = {
        x: rng.uniform(-2, 2, n),
        y: rng.uniform(-3, 3, n),
        ...(spec.inputs === 2 ? { x2: rng.uniform(-2, 2, n) } : {}),
      };
      const evaluator = new MlpEvaluator(spec, data);
      const params = initMlp(spec, trial);
      const loss: LossName = trial % 2 ? 'mae' : 'mse';
      const grad = new Float64Array(params.length);
      const value = evaluator.lossAndGrad(params, data.y, loss, grad);
      assert.equal(value, evaluator.loss(params, data.y, loss));
      const h = 1e-6;
      for (let i = 0; i < params.length; i++) {
        const p = Float64Array.from(params);
        p[i] += h;
        const up = evaluator.loss(p, data.y, loss);
        p[i] -= 2 * h;
        const down = evaluator.loss(p, data.y, loss);
        const numeric = (up - down) / (2 * h);
        assert.ok(
          Math.abs(numeric - grad[i]) <= 1e-6 * Math.max(1, Math.abs(numeric)),
          `trial ${trial} param ${i}: ${grad[i]} vs ${numeric}`,
        );
      }
    }
  });

  it('refuses data whose number of inputs differs from the network', () => {
    const spec: MlpSpec = { inputs: 2, hidden: [{ width: 2, activation: 'relu' }] };
    assert.throws(() => new MlpEvaluator(spec, { x: new Float64Array(3) }), /takes 2 input\(s\) but the data has 1/);
  });

  for (const c of mlpGolden.cases) {
    it(`trains like torch.optim.SGD for ${mlpGolden.steps} steps to 1e-12: ${c.name}`, async () => {
      const spec = goldenSpec(c);
      const data = goldenData(c);
      const init = Float64Array.from(c.init);
      const backend = await createCpuBackend({
        network: spec,
        data,
        init,
        config: { lr: c.lr, loss: c.loss, schedule: { kind: 'constant' }, accumulateGrad: false },
      });
      const first = await backend.currentStep();
      assertClose(first.grad, c.grad0, 1e-12, 'gradient at step 0');
      const chunk = await backend.run(mlpGolden.steps);
      assert.equal(chunk.diverged, undefined);
      assertClose(chunk.losses, c.losses, 1e-12, 'loss');
      assertClose(chunk.params, c.finalParams, 1e-12, 'parameters after 50 steps');
      assertClose([(await backend.currentStep()).loss], [c.finalLoss], 1e-12, 'final loss');
    });
  }
});
