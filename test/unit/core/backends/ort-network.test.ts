// Networks (MLPs) on onnxruntime-web's wasm backend in Node: the same training as the float64
// tensor engine to float32 rounding, the ONNX graph built only from WebGPU-capable ops, and the
// PyTorch golden trajectories at float32 tolerance.
import * as assert from 'node:assert/strict';
import { createBackend } from '../../../../src/core/backends/auto';
import { createOrtBackend } from '../../../../src/core/backends/ort';
import { initMlp } from '../../../../src/core/model/mlp';
import { buildStepModel, networkGraphModel } from '../../../../src/core/onnx/training-model';
import { goldenData, goldenSpec, mlpGolden } from '../model/mlp-golden';
import { expectSameNetworkTraining, networkCases, spec } from '../onnx/mlp-compare';
import { assertClose, ort } from './ort-helpers';

describe('networks on the wasm backend', function () {
  this.timeout(60_000);

  for (const c of networkCases()) {
    for (const k of [1, c.steps]) {
      it(`equals the float64 tensor engine to float32 rounding: ${c.label}, K = ${k}`, () =>
        expectSameNetworkTraining((p) => createOrtBackend(ort, 'wasm', p, { stepsPerRun: k }), c));
    }
  }

  for (const g of mlpGolden.cases) {
    it(`follows PyTorch's 50 SGD steps at float32 tolerance: ${g.name}`, async () => {
      const backend = await createOrtBackend(ort, 'wasm', {
        network: goldenSpec(g),
        data: goldenData(g),
        init: Float64Array.from(g.init),
        config: { lr: g.lr, loss: g.loss, schedule: { kind: 'constant' }, accumulateGrad: false },
      });
      const chunk = await backend.run(mlpGolden.steps);
      assertClose(chunk.losses, g.losses, 1e-4, `${g.name}: losses`);
      assertClose(chunk.params, g.finalParams, 1e-4, `${g.name}: parameters`);
      backend.dispose();
    });
  }

  it('uses Gemm/MatMul and no Sign, Loop or other control flow; K steps unrolled', () => {
    const text = new TextDecoder('latin1').decode(buildStepModel(networkGraphModel(spec('2x8x8x1:relu')), 'mae', 4));
    assert.ok(text.includes('Gemm') && text.includes('MatMul'));
    for (const op of ['Sign', 'Loop', 'If', 'Scan']) assert.ok(!new RegExp(`\\b${op}\\b`).test(text), `no ${op}`);
    const one = buildStepModel(networkGraphModel(spec('2x8x8x1:relu')), 'mae', 1).length;
    const four = buildStepModel(networkGraphModel(spec('2x8x8x1:relu')), 'mae', 4).length;
    assert.ok(four > 3 * one, `4 unrolled steps (${four} bytes) vs 1 (${one} bytes)`);
  });

  it('auto measures every backend for a network and trains on one of them', async () => {
    const network = spec('2x4x1:tanh');
    const c = networkCases()[2];
    const backend = await createBackend(
      'auto',
      { network, data: c.data, init: initMlp(network, 0), config: c.config },
      { ort, calibrationMs: 20 },
    );
    assert.ok(['cpu', 'wasm'].includes(backend.name));
    const chunk = await backend.run(5);
    assert.equal(chunk.step, 5);
    backend.dispose();
  });

  it('refuses data whose number of inputs differs from the network', async () => {
    const c = networkCases()[0]; // one input
    await assert.rejects(
      createOrtBackend(ort, 'wasm', { network: spec('2x4x1'), data: c.data, init: initMlp(spec('2x4x1'), 0), config: c.config }),
      /takes 2 input\(s\) but the data has 1/,
    );
  });
});
