// The onnxruntime-web backend's bookkeeping, in Node (wasm): chunks of K, sliders mid-training,
// reset, reconfiguring, divergence, state hand-over, shared sessions, and refusing what it cannot do.
import * as assert from 'node:assert/strict';
import { ChunkResult, Problem, TrainingBackend } from '../../../../src/core/backends/backend';
import { createCpuBackend } from '../../../../src/core/backends/cpu';
import { createOrtBackend, OrtBackend } from '../../../../src/core/backends/ort';
import { customModel, ModelSetup, presetModel, sumOfRelus } from '../../../../src/core/model/presets';
import { releaseIdleSessions, sessionCount } from '../../../../src/core/onnx/sessions';
import { GpuAdapterLike, GpuLike } from '../../../../src/core/onnx/webgpu';
import { DEFAULT_TRAIN_CONFIG, TrainConfig } from '../../../../src/core/train/sgd';
import { assertClose, notebookData, ort } from './ort-helpers';

const RTOL = 1e-4;
const data = notebookData();

function problemOf(model: ModelSetup, config: Partial<TrainConfig> = {}): Problem {
  return { program: model.program, data, init: model.init, config: { ...DEFAULT_TRAIN_CONFIG, ...config } };
}

function assertSameChunk(actual: ChunkResult, expected: ChunkResult, what: string): void {
  assert.equal(actual.step, expected.step, `${what}: step`);
  assert.equal(actual.losses.length, expected.losses.length, `${what}: number of losses`);
  assertClose(actual.losses, expected.losses, RTOL, `${what}: losses`);
  assertClose(actual.params, expected.params, RTOL, `${what}: parameters`);
  assert.deepEqual(actual.diverged, expected.diverged, `${what}: divergence`);
}

/** Applies the same calls to both backends and compares every result. */
async function lockstep(
  ours: TrainingBackend,
  reference: TrainingBackend,
  script: ((b: TrainingBackend) => Promise<ChunkResult | void>)[],
): Promise<void> {
  for (const [i, step] of script.entries()) {
    const [a, b] = [await step(ours), await step(reference)];
    if (a && b) assertSameChunk(a, b, `call ${i}`);
  }
  const [a, b] = [await ours.currentStep(), await reference.currentStep()];
  assert.equal(a.step, b.step);
  assertClose(a.direction, b.direction, RTOL, 'direction at the end');
}

describe('ort backend (wasm, in Node)', function () {
  this.timeout(60_000);

  it('runs any number of updates in chunks of K and single steps', async () => {
    const problem = problemOf(presetModel('quadratic'), { accumulateGrad: true });
    const wasm = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 8 });
    assert.equal(wasm.stepsPerRun, 8);
    assert.deepEqual(wasm.residency, { params: 'cpu', direction: 'cpu', x: 'cpu', y: 'cpu' });
    await lockstep(wasm, await createCpuBackend(problem), [(b) => b.run(21), (b) => b.run(3), (b) => b.run(0), (b) => b.run(8)]);
    wasm.dispose();
  });

  it('keeps the step count and accumulated gradient when a slider moves, and reset clears them', async () => {
    const problem = problemOf(presetModel('doubleRelu'), { accumulateGrad: true });
    const wasm = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 4 });
    await lockstep(wasm, await createCpuBackend(problem), [
      (b) => b.run(6),
      (b) => b.setParams(Float64Array.of(-1, -1, 1.2, 1.4)),
      (b) => b.run(5),
      (b) => b.reset(problem.init),
      (b) => b.run(4),
    ]);
    const fresh = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 4 });
    const [again, first] = [await wasm.currentStep(), await fresh.currentStep()];
    assert.equal(again.step, 4);
    assert.notDeepEqual(Array.from(again.params), Array.from(first.params));
    wasm.dispose();
    fresh.dispose();
  });

  it('follows a new loss, learning rate, schedule and mode between chunks', async () => {
    const problem = problemOf(sumOfRelus(16, 1));
    const wasm = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 5 });
    await lockstep(wasm, await createCpuBackend(problem), [
      (b) => b.run(10),
      async (b) => b.configure({ ...DEFAULT_TRAIN_CONFIG, loss: 'mse', lr: 0.003, accumulateGrad: true }),
      (b) => b.run(10),
      async (b) => b.configure({ ...DEFAULT_TRAIN_CONFIG, lr: 0.05, schedule: { kind: 'step', every: 4, gamma: 0.5 } }),
      (b) => b.run(12),
    ]);
    wasm.dispose();
  });

  it('stops at the same step as the cpu trainer when the loss turns NaN, inside a chunk, and goes back to the last good parameters', async () => {
    // The fit pulls sqrt(a) towards -3: a overshoots below 0 and the loss becomes NaN at step 15
    // (a NaN, not an overflow: float32 and float64 would overflow at different steps).
    const model = customModel('c - sqrt(a)*x**2 + b*x', { a: 2, b: 1, c: 1 }) as ModelSetup;
    const problem = problemOf(model, { lr: 0.01, loss: 'mse' });
    const wasm = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 16 });
    const cpu = await createCpuBackend(problem);
    const [ours, theirs] = [await wasm.run(40), await cpu.run(40)];
    assert.ok(theirs.diverged, 'the reference diverges');
    assert.ok(theirs.losses.length > 1 && theirs.losses.length < 16, 'inside the first chunk');
    assertSameChunk(ours, theirs, 'diverging run');
    assert.match(ours.diverged!.reason, /^diverged at step \d+: the loss became NaN; try a smaller learning rate$/);
    // and again from the restored parameters: one good update, then the same bad one
    assertSameChunk(await wasm.run(40), await cpu.run(40), 'run after the divergence');
    wasm.dispose();
  });

  it('names a parameter that is not finite as the cpu trainer does', async () => {
    const model = customModel('max(a, 0)*x + b', { a: 1, b: 0 }) as ModelSetup;
    const problem = problemOf(model);
    const wasm = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 4 });
    const cpu = await createCpuBackend(problem);
    await lockstep(wasm, cpu, [(b) => b.run(5)]);
    const good = (await cpu.currentStep()).params; // the last good parameters: before the last update
    await lockstep(wasm, cpu, [(b) => b.run(1)]);
    for (const b of [wasm, cpu]) await b.setParams(Float64Array.of(-Infinity, 0.5)); // the loss stays finite: max(-inf, 0) = 0
    const [ours, theirs] = [await wasm.run(6), await cpu.run(6)];
    assertSameChunk(ours, theirs, 'run from a parameter of -infinity');
    assert.equal(ours.diverged?.reason, 'diverged at step 6: a parameter became NaN or infinite; try a smaller learning rate');
    assertClose(ours.params, good, RTOL, 'back to the last good parameters');
    wasm.dispose();
  });

  it('hands its state to another backend and continues exactly', async () => {
    const problem = problemOf(sumOfRelus(8, 2), { accumulateGrad: true, schedule: { kind: 'exponential', gamma: 0.95 } });
    const a = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 4 });
    const b = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 4 });
    await a.run(12);
    const state = await a.exportState();
    assert.equal(state.step, 12);
    await b.importState(state);
    const [ra, rb] = [await a.run(8), await b.run(8)];
    assert.deepEqual(Array.from(rb.losses), Array.from(ra.losses));
    assert.deepEqual(Array.from(rb.params), Array.from(ra.params));
    assert.equal(rb.step, 20);
    a.dispose();
    b.dispose();
  });

  it('serialises calls: a slider moved during a run applies after it', async () => {
    const problem = problemOf(presetModel('quadratic'));
    const wasm = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 8 });
    const running = wasm.run(64);
    const moved = wasm.setParams(Float64Array.of(3, 2, 1));
    const result = await running;
    await moved;
    assert.equal(result.step, 64);
    assert.deepEqual(Array.from((await wasm.currentStep()).params), [3, 2, 1]);
    wasm.dispose();
  });

  it('shares sessions between backends of the same formula, whatever the data', async () => {
    await releaseIdleSessions(ort);
    const before = sessionCount(ort);
    const model = presetModel('relu');
    const first = await createOrtBackend(ort, 'wasm', problemOf(model), { stepsPerRun: 6 });
    await first.run(6);
    const count = sessionCount(ort);
    const other = await createOrtBackend(ort, 'wasm', { ...problemOf(model), data: notebookData(57) }, { stepsPerRun: 6 });
    await other.run(6);
    assert.equal(sessionCount(ort), count, 'no new session for new data');
    first.dispose();
    other.dispose();
    await releaseIdleSessions(ort);
    assert.equal(sessionCount(ort), before, 'released once nobody uses them');
  });

  it('refuses what it cannot train, with a reason', async () => {
    const constant = customModel('3*x + 1') as ModelSetup;
    await assert.rejects(createOrtBackend(ort, 'wasm', problemOf(constant)), /no parameters to train/);
    const disposed = await createOrtBackend(ort, 'wasm', problemOf(presetModel('quadratic')));
    disposed.dispose();
    await assert.rejects(disposed.run(1), /disposed/);
  });

  describe('webgpu where there is none', () => {
    const quadratic = problemOf(presetModel('quadratic'));
    it('no navigator.gpu (Node)', async () => {
      await assert.rejects(createOrtBackend(ort, 'webgpu', quadratic), /WebGPU is not available here/);
    });
    it('no adapter', async () => {
      const gpu: GpuLike = { requestAdapter: async () => null };
      await assert.rejects(createOrtBackend(ort, 'webgpu', quadratic, { gpu }), /no WebGPU adapter was found/);
    });
    it('only a software fallback adapter', async () => {
      let devices = 0;
      const adapter: GpuAdapterLike = {
        info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
        limits: {},
        features: new Set<string>(),
        requestDevice: async () => {
          devices++;
          throw new Error('not reached');
        },
      };
      const gpu: GpuLike = { requestAdapter: async () => adapter };
      await assert.rejects(
        createOrtBackend(ort, 'webgpu', quadratic, { gpu }),
        /only WebGPU adapter is a software fallback \(google swiftshader\)/,
      );
      assert.equal(devices, 0, 'refused before opening a device');
    });
  });
});

export type { OrtBackend };
