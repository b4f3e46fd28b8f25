// Runs inside headless Chromium: the wasm suite's training cases on the webgpu backend, the node
// placement check, and the fallbacks (no adapter, a software adapter, a device lost mid-training).
// Results go to window.__webgpuResults for the runner (run.ts).
import { AutoReport, createAutoBackend, createBackend } from '../../../src/core/backends/auto';
import { ChunkResult, Problem } from '../../../src/core/backends/backend';
import { createCpuBackend } from '../../../src/core/backends/cpu';
import { createOrtBackend } from '../../../src/core/backends/ort';
import { customModel, presetModel, sumOfRelus } from '../../../src/core/model/presets';
import type { Ort } from '../../../src/core/onnx/ort-types';
import { acquireWebGpu, GpuLike } from '../../../src/core/onnx/webgpu';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/core/train/sgd';
import {
  assertClose,
  broadcastCases,
  check,
  expectSameTraining,
  kinkCases,
  notebookData,
  presetCases,
  randomCases,
  reluCases,
  RTOL,
  TrainingCase,
} from '../../unit/core/onnx/onnx-compare';
import { expectSameNetworkTraining, networkCases, planeData, spec } from '../../unit/core/onnx/mlp-compare';
import { initMlp } from '../../../src/core/model/mlp';
import { errorMessage } from '../../../src/core/result';

interface Result {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

// Everything onnxruntime logs (verbose placement included) arrives through the console.
const consoleLines: string[] = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    consoleLines.push(args.map(String).join(' '));
    original(...args);
  };
}

const results: Result[] = [];
const log = document.getElementById('log')!;

async function test(name: string, body: () => Promise<void>): Promise<void> {
  const start = performance.now();
  try {
    await body();
    results.push({ name, ok: true, ms: performance.now() - start });
  } catch (error) {
    results.push({
      name,
      ok: false,
      ms: performance.now() - start,
      error: errorMessage(error, { stack: true }),
    });
  }
  const last = results[results.length - 1];
  log.textContent += `${last.ok ? 'ok  ' : 'FAIL'} ${name} (${last.ms.toFixed(0)} ms)\n`;
}

async function main(options: { randomCount: number }): Promise<Result[]> {
  const ort = (await import(/* runtime URL */ `${location.origin}/ort/ort.webgpu.min.mjs`)) as Ort;
  ort.env.wasm.wasmPaths = `${location.origin}/ort/`;
  ort.env.wasm.numThreads = 1; // a webview is not cross-origin isolated
  const data = notebookData();
  const webgpu = (problem: Problem, stepsPerRun: number) =>
    createOrtBackend(ort, 'webgpu', problem, { stepsPerRun, allowFallbackAdapter: true });
  // WGSL lets sin and cos be off by up to 2^-11 (absolute) and builds pow from exp2/log2, so those
  // cases get 1e-3 on the GPU (2× that bound); everything else is held to float32 rounding, 1e-4.
  const tolerance = (c: TrainingCase): number => (/\b(sin|cos)\(|\*\*(?!2\b|3\b)|pow\(/.test(c.model.formula) ? 1e-3 : RTOL);
  const each = async (cases: TrainingCase[]) => {
    for (const c of cases) await expectSameTraining(webgpu, c, tolerance(c));
  };

  await test('the adapter (allowed here even as a software fallback)', async () => {
    const context = await acquireWebGpu({ allowFallbackAdapter: true });
    console.log(`webgpu adapter: ${context.description}`);
  });

  // -- networks (MLPs): the same cases as the wasm suite, then node placement -------------------
  for (const c of networkCases()) {
    await test(`webgpu equals the float64 tensor engine: network ${c.label}`, () =>
      expectSameNetworkTraining((p, k) => createOrtBackend(ort, 'webgpu', p, { stepsPerRun: k, allowFallbackAdapter: true }), c));
  }

  await test('network: every node of the step, single-step and inspect graphs on the WebGPU provider; state stays on the GPU', async () => {
    for (const [text, loss] of [
      ['2x8x8x1:relu', 'mae'],
      ['1x4x4x4x1:tanh,sigmoid,identity', 'mse'],
    ] as const) {
      const network = spec(text);
      const from = consoleLines.length;
      const problem = {
        network,
        data: network.inputs === 2 ? planeData(40) : data,
        init: initMlp(network, 0),
        config: { ...DEFAULT_TRAIN_CONFIG, loss },
      };
      const backend = await createOrtBackend(ort, 'webgpu', problem, { stepsPerRun: 4, allowFallbackAdapter: true, verbose: true });
      await backend.warmUp();
      await backend.run(8);
      check(
        backend.residency.params === 'gpu-buffer' && backend.residency.x === 'gpu-buffer',
        `${text}: ${JSON.stringify(backend.residency)}`,
      );
      backend.dispose();
      ort.env.logLevel = 'warning';
      const lines = consoleLines.slice(from);
      const placements = lines.filter((l) => /placed on \[/.test(l));
      check(placements.length >= 3, `${text}: expected the placement of 3 sessions in the verbose log, found ${placements.length}`);
      const elsewhere = placements.filter((l) => !/All nodes placed on \[WebGpuExecutionProvider\]/.test(l));
      check(elsewhere.length === 0, `${text}: nodes placed off the GPU:\n${elsewhere.join('\n')}`);
    }
  });

  // -- the same cases as the wasm suite ------------------------------------------------------
  for (const c of presetCases(data))
    await test(`webgpu equals the float64 engine: preset ${c.label}`, () => expectSameTraining(webgpu, c, tolerance(c)));
  for (const units of [1, 16, 256])
    await test(`webgpu equals the float64 engine: sum of ${units} ReLUs`, () => each(reluCases(data, units)));
  await test('webgpu equals the float64 engine: 64 ReLUs on 1000 points', () => each(reluCases(notebookData(1000), 64).slice(0, 1)));
  await test('webgpu equals the float64 engine: vector formulas that broadcast every way', () => each(broadcastCases(data)));
  await test(`webgpu equals the float64 engine: ${options.randomCount} random formulas`, () =>
    each(randomCases(data, options.randomCount)));
  await test('webgpu equals the float64 engine: subgradients at exact kinks', () => each(kinkCases(data)));

  await test('parameters, direction and data stay on the GPU between runs', async () => {
    const model = sumOfRelus(16, 2);
    const backend = await createOrtBackend(
      ort,
      'webgpu',
      { program: model.program, data, init: model.init, config: DEFAULT_TRAIN_CONFIG },
      { stepsPerRun: 4, allowFallbackAdapter: true },
    );
    check(backend.residency.x === 'gpu-buffer' && backend.residency.y === 'gpu-buffer', `data: ${JSON.stringify(backend.residency)}`);
    for (let i = 0; i < 3; i++) {
      await backend.run(8);
      check(
        backend.residency.params === 'gpu-buffer' && backend.residency.direction === 'gpu-buffer',
        `after run ${i}: ${JSON.stringify(backend.residency)}`,
      );
    }
    backend.dispose();
  });

  await test('a NaN loss stops training at the same step as the cpu trainer, with its reason and the last good parameters', async () => {
    const model = customModel('c - sqrt(a)*x**2 + b*x', { a: 2, b: 1, c: 1 });
    if ('error' in model) throw new Error(model.error.message);
    const p: Problem = { program: model.program, data, init: model.init, config: { ...DEFAULT_TRAIN_CONFIG, lr: 0.01, loss: 'mse' } };
    const backend = await createOrtBackend(ort, 'webgpu', p, { stepsPerRun: 16, allowFallbackAdapter: true });
    const cpu = await createCpuBackend(p);
    for (let round = 0; round < 2; round++) {
      const [ours, theirs] = [await backend.run(40), await cpu.run(40)];
      check(
        !!theirs.diverged && JSON.stringify(ours.diverged) === JSON.stringify(theirs.diverged),
        `round ${round}: ${JSON.stringify(ours.diverged)} vs ${JSON.stringify(theirs.diverged)}`,
      );
      check(
        ours.step === theirs.step && ours.losses.length === theirs.losses.length,
        `round ${round}: step ${ours.step} vs ${theirs.step}`,
      );
      assertClose(ours.losses, theirs.losses, RTOL, `round ${round}: losses`);
      assertClose(ours.params, theirs.params, RTOL, `round ${round}: parameters`);
    }
    backend.dispose();
  });

  // -- placement -----------------------------------------------------------------------------
  await test('no node of the step, single-step or inspect graph is placed on the CPU provider (every op we emit)', async () => {
    const everyOp = customModel(
      'sin(a*x) + cos(b) * tanh(x) + sigmoid(c*x) + exp(tanh(a)) + log(2 + sin(b*x)) + sqrt(1 + abs(c*x)) + (1 + abs(a))**b' +
        ' + min(a*x, b) + max(c, a) + np.clip(x, a, 2) + torch.clip(b*x, 0.) + x / (2 + cos(c)) - relu(b*x) + (a*x)**2 + (c*x)**3 - a**0.5',
      { a: 0.7, b: 0.4, c: -0.3 },
    );
    const vectorOps = customModel('a * sum(m) + sum(a*x + m) + sum(max(m*x, b)) + sum(relu(m*x + b))', { a: 0.3 }, { m: 6, b: 6 }, 0.2);
    if ('error' in everyOp || 'error' in vectorOps) throw new Error('formula did not compile');
    const cases = [
      { model: presetModel('quadratic'), loss: 'mae' as const },
      { model: sumOfRelus(16, 1), loss: 'mae' as const },
      { model: presetModel('doubleRelu'), loss: 'mse' as const },
      { model: everyOp, loss: 'mae' as const },
      { model: everyOp, loss: 'mse' as const },
      { model: vectorOps, loss: 'mae' as const },
    ];
    for (const { model, loss } of cases) {
      const from = consoleLines.length;
      const problem: Problem = {
        program: model.program,
        data,
        init: model.init,
        config: { ...DEFAULT_TRAIN_CONFIG, loss, accumulateGrad: true },
      };
      const backend = await createOrtBackend(ort, 'webgpu', problem, { stepsPerRun: 8, allowFallbackAdapter: true, verbose: true });
      await backend.warmUp();
      backend.dispose();
      ort.env.logLevel = 'warning';
      const lines = consoleLines.slice(from);
      const placements = lines.filter((l) => /placed on \[/.test(l));
      check(placements.length >= 3, `${model.label}: expected the placement of 3 sessions in the verbose log, found ${placements.length}`);
      const elsewhere = placements.filter((l) => !/All nodes placed on \[WebGpuExecutionProvider\]/.test(l));
      check(elsewhere.length === 0, `${model.label}: nodes placed off the GPU:\n${elsewhere.join('\n')}`);
      check(
        !lines.some((l) => /Node\(s\) placed on \[CPUExecutionProvider\]/.test(l)),
        `${model.label}: some nodes run on the CPU provider`,
      );
    }
  });

  // -- fallbacks ------------------------------------------------------------------------------
  const problem: Problem = {
    program: presetModel('quadratic').program,
    data,
    init: presetModel('quadratic').init,
    config: { ...DEFAULT_TRAIN_CONFIG, accumulateGrad: true },
  };

  await test('auto: no adapter → the next backend, and it says so', async () => {
    const noAdapter: GpuLike = { requestAdapter: async () => null };
    const auto = await createAutoBackend(problem, {
      candidates: [
        { name: 'webgpu', create: (p) => createOrtBackend(ort, 'webgpu', p, { gpu: noAdapter }) },
        { name: 'wasm', create: (p) => createOrtBackend(ort, 'wasm', p) },
      ],
      calibrationMs: 30,
    });
    check(auto.report.chosen === 'wasm', `chose ${auto.report.chosen}`);
    check(auto.report.fallbacks[0] === 'webgpu: no WebGPU adapter was found', auto.report.fallbacks.join('; '));
    auto.dispose();
  });

  await test('auto: the real software fallback adapter (SwiftShader) is refused by default', async () => {
    const context = await acquireWebGpu({ allowFallbackAdapter: true });
    let report: AutoReport | null = null;
    const auto = await createBackend('auto', problem, { ort, calibrationMs: 30, onReport: (r) => (report = r) });
    const fallbacks = (report as AutoReport | null)?.fallbacks ?? [];
    if (context.isFallbackAdapter) {
      check(/^webgpu: the only WebGPU adapter is a software fallback \(/.test(fallbacks[0] ?? ''), fallbacks.join('; '));
      check(auto.name !== 'webgpu', 'trains elsewhere');
    } else {
      check(!fallbacks.some((f) => f.startsWith('webgpu')), `a hardware adapter is not refused: ${fallbacks.join('; ')}`);
    }
    auto.dispose();
  });

  // Last: it destroys the page's device.
  await test('auto: the device lost mid-training → wasm from the same state, no gap in the history', async () => {
    const reports: AutoReport[] = [];
    const relus = sumOfRelus(8, 4);
    const p: Problem = { program: relus.program, data, init: relus.init, config: { ...DEFAULT_TRAIN_CONFIG, accumulateGrad: true } };
    const auto = await createAutoBackend(p, {
      candidates: [
        { name: 'webgpu', create: (q) => createOrtBackend(ort, 'webgpu', q, { stepsPerRun: 4, allowFallbackAdapter: true }) },
        { name: 'wasm', create: (q) => createOrtBackend(ort, 'wasm', q, { stepsPerRun: 4 }) },
      ],
      calibrationMs: 0,
      onReport: (r) => reports.push(r),
    });
    check(auto.name === 'webgpu', `started on ${auto.name}`);
    const reference = await createCpuBackend(p);
    const ours: ChunkResult[] = [];
    const theirs: ChunkResult[] = [];
    for (let i = 0; i < 6; i++) {
      if (i === 3) (await acquireWebGpu({ allowFallbackAdapter: true })).device.destroy();
      ours.push(await auto.run(8));
      theirs.push(await reference.run(8));
    }
    check(ours.map((r) => r.step).join() === '8,16,24,32,40,48', `steps ${ours.map((r) => r.step).join()}`);
    ours.forEach((r, i) => assertClose(r.losses, theirs[i].losses, 1e-4, `chunk ${i}: losses`));
    assertClose(ours[5].params, theirs[5].params, 1e-4, 'parameters at the end');
    check((auto.name as string) === 'wasm', `now on ${auto.name}`);
    const line = reports[reports.length - 1].fallbacks[0] ?? '';
    check(
      /^webgpu failed at step 24 \(the WebGPU device was lost \(destroyed/.test(line) &&
        line.endsWith('continuing on wasm from the same parameters'),
      line,
    );
    await assertRefused(ort, p);
    auto.dispose();
  });

  return results;
}

/** After the loss, webgpu is refused on this page with the reason. */
async function assertRefused(ort: Ort, problem: Problem): Promise<void> {
  try {
    await createOrtBackend(ort, 'webgpu', problem, { allowFallbackAdapter: true });
  } catch (error) {
    check(/WebGPU cannot be used again on this page: the WebGPU device was lost/.test(errorMessage(error)), errorMessage(error));
    return;
  }
  throw new Error('a webgpu backend was created on a lost device');
}

(window as unknown as { runWebGpuTests: typeof main }).runWebGpuTests = main;
document.body.dataset.ready = 'true';
