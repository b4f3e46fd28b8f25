// "auto": calibration on the real backends (cpu and wasm in Node; webgpu has no adapter here), the
// panel's start (train on one at once, measure in the background, move to the fastest), and
// fallbacks from a runtime that breaks: a session that will not compile, a device lost mid-training.
// The breakage is simulated by wrapping the real onnxruntime-web; everything else is the real thing.
import * as assert from 'node:assert/strict';
import { AutoReport, createAutoBackend, createBackend, standardCandidates } from '../../../../src/core/backends/auto';
import { ChunkResult, Problem, TrainingProblem } from '../../../../src/core/backends/backend';
import { createCpuBackend } from '../../../../src/core/backends/cpu';
import { createOrtBackend } from '../../../../src/core/backends/ort';
import { Ort } from '../../../../src/core/onnx/ort-types';
import { DeviceLostError } from '../../../../src/core/onnx/webgpu';
import { presetModel, sumOfRelus } from '../../../../src/core/model/presets';
import { DEFAULT_TRAIN_CONFIG } from '../../../../src/core/train/sgd';
import { assertClose, notebookData, ort } from './ort-helpers';

const data = notebookData();

function problemOf(model = presetModel('quadratic'), accumulateGrad = true): Problem {
  return { program: model.program, data, init: model.init, config: { ...DEFAULT_TRAIN_CONFIG, accumulateGrad } };
}

/** onnxruntime-web whose sessions fail to be created, or fail every run after the first `runs`. */
function brokenOrt(how: { create?: boolean; runs?: number }): Ort {
  let runs = 0;
  const InferenceSession = {
    create: async (...args: Parameters<Ort['InferenceSession']['create']>) => {
      if (how.create) throw new Error('simulated: the session could not be created');
      const session = await (ort.InferenceSession.create as (...a: unknown[]) => Promise<object>)(...args);
      return new Proxy(session, {
        get(target, property) {
          const value = Reflect.get(target, property, target);
          if (property === 'run') {
            return async (...a: unknown[]) => {
              if (how.runs !== undefined && ++runs > how.runs) throw new DeviceLostError('the WebGPU device was lost (simulated)');
              return (value as (...b: unknown[]) => unknown).apply(target, a);
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
  return { ...ort, InferenceSession } as unknown as Ort;
}

async function runs(backend: { run(n: number): Promise<ChunkResult> }, count: number, size: number): Promise<ChunkResult[]> {
  const out: ChunkResult[] = [];
  for (let i = 0; i < count; i++) out.push(await backend.run(size));
  return out;
}

describe('auto backend', function () {
  this.timeout(60_000);

  it('measures every backend that starts, picks the fastest, reports why the others were skipped, and starts from the beginning', async () => {
    const reports: AutoReport[] = [];
    const problem = problemOf();
    const auto = await createBackend('auto', problem, { ort, calibrationMs: 60, onReport: (r) => reports.push(r) });
    assert.equal(reports.length, 1);
    const [report] = reports;
    assert.deepEqual(report.fallbacks, ['webgpu: WebGPU is not available here (no navigator.gpu)']);
    assert.deepEqual(report.measured.map((m) => m.name).sort(), ['cpu', 'wasm']);
    assert.ok(
      report.measured.every((m) => m.stepsPerSec > 0),
      'both measured',
    );
    assert.ok(report.measured[0].stepsPerSec >= report.measured[1].stepsPerSec, 'fastest first');
    assert.equal(report.chosen, report.measured[0].name);
    assert.equal(report.stepsPerSec, report.measured[0].stepsPerSec);
    assert.equal(auto.name, report.chosen);
    const record = await auto.currentStep();
    assert.equal(record.step, 0, 'calibration leaves no trace');
    assertClose(record.params, problem.init, 1e-7, 'starting parameters');
    const fresh = report.chosen === 'cpu' ? await createCpuBackend(problem) : await createOrtBackend(ort, 'wasm', problem);
    const [a, b] = [await auto.run(50), await fresh.run(50)];
    assert.deepEqual(Array.from(a.losses), Array.from(b.losses));
    auto.dispose();
    fresh.dispose();
  });

  it('skips a backend whose session cannot be created', async () => {
    const broken = brokenOrt({ create: true });
    const auto = await createAutoBackend(problemOf(), {
      candidates: [{ name: 'wasm', create: (p) => createOrtBackend(broken, 'wasm', p) }, ...standardCandidates({ ort: null })],
      calibrationMs: 20,
    });
    assert.equal(auto.report.chosen, 'cpu');
    assert.deepEqual(auto.report.fallbacks, ['wasm: simulated: the session could not be created']);
    auto.dispose();
  });

  it('continues on the next backend from the same state when the device is lost mid-training, without a gap in the history', async () => {
    const reports: AutoReport[] = [];
    const problem = problemOf(sumOfRelus(8, 4));
    // 11 good calls of K = 4: the 6th chunk of 8 breaks after its first half was computed
    const auto = await createAutoBackend(problem, {
      candidates: [
        { name: 'wasm', create: (p) => createOrtBackend(brokenOrt({ runs: 11 }), 'wasm', p, { stepsPerRun: 4 }) },
        { name: 'wasm', create: (p) => createOrtBackend(ort, 'wasm', p, { stepsPerRun: 4 }) },
      ],
      calibrationMs: 0,
      onReport: (r) => reports.push(r),
    });
    const reference = await createOrtBackend(ort, 'wasm', problem, { stepsPerRun: 4 });
    const [ours, theirs] = [await runs(auto, 8, 8), await runs(reference, 8, 8)];
    // Same float32 kernels on both sides: the hand-over is exact, step for step.
    assert.deepEqual(
      ours.map((r) => r.step),
      [8, 16, 24, 32, 40, 48, 56, 64],
    );
    assert.deepEqual(
      ours.map((r) => Array.from(r.losses)),
      theirs.map((r) => Array.from(r.losses)),
    );
    assert.deepEqual(Array.from(ours[7].params), Array.from(theirs[7].params));
    assert.deepEqual(Array.from((await auto.currentStep()).direction), Array.from((await reference.currentStep()).direction));
    assert.equal(auto.name, 'wasm');
    assert.equal(reports.length, 2);
    assert.deepEqual(reports[1].fallbacks, [
      'wasm failed at step 40 (the WebGPU device was lost (simulated)); continuing on wasm from the same parameters',
    ]);
    assert.equal(reports[1].chosen, 'wasm');
    auto.dispose();
    reference.dispose();
  });

  it('falls back to cpu with the same parameters, step count and accumulated gradient', async () => {
    const problem = problemOf(presetModel('quadratic'), true);
    const auto = await createAutoBackend(problem, {
      candidates: [
        { name: 'wasm', create: (p) => createOrtBackend(brokenOrt({ runs: 6 }), 'wasm', p, { stepsPerRun: 5 }) },
        ...standardCandidates(),
      ],
      calibrationMs: 0,
    });
    const reference = await createCpuBackend(problem);
    const [ours, theirs] = [await runs(auto, 6, 10), await runs(reference, 6, 10)];
    assert.deepEqual(
      ours.map((r) => r.step),
      theirs.map((r) => r.step),
    );
    ours.forEach((r, i) => assertClose(r.losses, theirs[i].losses, 1e-4, `chunk ${i} losses`));
    assertClose(ours[5].params, theirs[5].params, 1e-4, 'parameters');
    assert.equal(auto.name, 'cpu');
    assert.match(auto.report.fallbacks[0], /^wasm failed at step 30 \(.*simulated\)\); continuing on cpu from the same parameters$/);
    const [mine, expected] = [await auto.currentStep(), await reference.currentStep()];
    assert.equal(mine.step, 60);
    assertClose(mine.direction, expected.direction, 1e-4, 'accumulated gradient');
    auto.dispose();
  });

  it(
    'startOn: trains on the first at once, measures every candidate in the background, ' +
      'then moves to the fastest between two calls from the same state (a move, not a fallback)',
    async () => {
      const reports: AutoReport[] = [];
      const problem = problemOf();
      let letMeasure = () => {};
      const idle = new Promise<void>((resolve) => (letMeasure = resolve));
      // Started on onnxruntime-web's wasm: on the lesson's 20 points the float64 cpu kernel is far faster, so auto must move.
      const auto = await createAutoBackend(problem, {
        candidates: [{ name: 'wasm', create: (p) => createOrtBackend(ort, 'wasm', p, { stepsPerRun: 4 }) }, ...standardCandidates()],
        calibrationMs: 40,
        startOn: 'wasm',
        whenIdle: () => idle,
        onReport: (r) => reports.push(r),
      });
      assert.equal(auto.name, 'wasm');
      assert.equal(reports.length, 1);
      assert.equal(reports[0].measuring, true);
      const first = await auto.run(8);
      assert.equal(first.step, 8);
      assert.equal(auto.name, 'wasm', 'nothing measured before the page is idle');
      letMeasure();
      await auto.whenMeasured();
      assert.equal(reports.length, 2);
      assert.equal(reports[1].measuring, false);
      assert.deepEqual(
        reports[1].measured.map((m) => m.name),
        ['cpu', 'wasm'],
      );
      assert.deepEqual(reports[1].fallbacks, [], 'measuring is no failure');
      const state = await auto.exportState();
      assert.equal(state.step, 8, 'measuring leaves the training where it was');
      const reference = await createCpuBackend(problem);
      await reference.importState(state);
      const [ours, theirs] = [await auto.run(50), await reference.run(50)];
      assert.equal(auto.name, 'cpu');
      assert.equal(reports[reports.length - 1].chosen, 'cpu');
      assert.deepEqual(reports[reports.length - 1].fallbacks, []);
      assert.equal(ours.step, 58);
      assert.deepEqual(Array.from(ours.losses), Array.from(theirs.losses));
      assert.deepEqual(Array.from(ours.params), Array.from(theirs.params));
      auto.dispose();
      reference.dispose();
    },
  );

  it('startOn: disposed before measuring ends, it opens nothing more and keeps nothing', async () => {
    let opened = 0;
    const counted = standardCandidates().map((c) => ({
      ...c,
      create: (p: TrainingProblem) => {
        opened++;
        return c.create(p);
      },
    }));
    const auto = await createAutoBackend(problemOf(), {
      candidates: counted,
      calibrationMs: 20,
      startOn: 'cpu',
      whenIdle: () => new Promise((resolve) => setTimeout(resolve, 10)),
    });
    auto.dispose();
    await auto.whenMeasured();
    assert.equal(opened, 1, 'only the backend it started on');
  });

  it('gives every reason when nothing can train', async () => {
    const broken = brokenOrt({ create: true });
    await assert.rejects(
      createAutoBackend(problemOf(), { candidates: [{ name: 'wasm', create: (p) => createOrtBackend(broken, 'wasm', p) }] }),
      /No backend could train this model: wasm: simulated: the session could not be created/,
    );
  });
});
