// The per-point values that do not depend on the parameters, made a block at a time
// (src/core/eval/static-points.ts), are the full tape's bit for bit; the WebAssembly kernel filled
// from them (no full-length tape) gives the loss, gradient and predictions of one filled from the
// whole tape, across block boundaries, compiled on the spot or in the background with pauses; and
// the cpu backend trains with an evaluator it is lent instead of making its own (not a tape).
import * as assert from 'node:assert/strict';
import { createCpuBackend } from '../../../../src/core/backends/cpu';
import { createEvaluatorAsync } from '../../../../src/core/eval/create-evaluator';
import type { ModelEvaluator } from '../../../../src/core/eval/evaluator';
import { STATIC_BLOCK_POINTS, staticBlocks } from '../../../../src/core/eval/static-points';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { WasmEvaluator } from '../../../../src/core/eval/wasm/wasm-evaluator';
import type { Program } from '../../../../src/core/formula/program';
import { compileOrThrow } from '../../../../src/core/model/presets';
import { DEFAULT_TRAIN_CONFIG, Trainer } from '../../../../src/core/train/sgd';
import { notebookData, randomCases } from '../onnx/onnx-compare';
import { randomVectorCases, twoInputCases } from './wasm-compare';

/** Formulas with several static per-point nodes (x**2, sin(x), exp(-x**2), …) besides x itself. */
const WITH_STATICS = [
  'a*x**2 + b*x + c',
  'a*sin(x)*x**2 + b*exp(-x**2) + c*sqrt(abs(x))',
  'relu(a*x + b) + c*tanh(x)**3 - cos(2*x)*b',
  'a*log(1 + x**2) / (1 + abs(x)) + b*sigmoid(x)*x + c',
];

function joined(program: Program, x: Float64Array, x2: Float64Array | undefined, block: number): Float64Array[] {
  const parts: Float64Array[] = [];
  for (const { start, values } of staticBlocks(program, x, x2, block)) {
    values.forEach((v, k) => {
      parts[k] ??= new Float64Array(x.length);
      parts[k].set(v, start);
    });
  }
  return parts;
}

function sameEverywhere(ours: ModelEvaluator, reference: ModelEvaluator, y: Float64Array, params: Float64Array, what: string): void {
  for (const loss of ['mae', 'mse'] as const) {
    const [g1, g2] = [new Float64Array(params.length), new Float64Array(params.length)];
    assert.equal(ours.lossAndGrad(params, y, loss, g1), reference.lossAndGrad(params, y, loss, g2), `${what}: ${loss}`);
    assert.deepEqual(Array.from(g1), Array.from(g2), `${what}: ∂${loss}`);
  }
  assert.deepEqual(Array.from(ours.predict(params)), Array.from(reference.predict(params)), `${what}: predictions`);
}

describe('static point values made a block at a time', function () {
  this.timeout(60_000);

  it('are the whole tape’s bit for bit, for any block size (formulas with statics, random ones, vector ones, of x1 and x2)', () => {
    const data = notebookData(1001);
    const cases = [
      ...WITH_STATICS.map((f) => ({ program: compileOrThrow(f), data })),
      ...[...randomCases(data, 100, 5), ...randomVectorCases(data, 30, 3), ...twoInputCases()].map((c) => ({
        program: c.model.program,
        data: c.data,
      })),
    ];
    let nodes = 0;
    for (const { program, data } of cases) {
      const whole = new TapeEvaluator(program, data.x, data.x2).staticPointValues();
      nodes += whole.length;
      for (const block of [1, 7, 64, 1000, 1001, 5000]) {
        const parts = joined(program, data.x, data.x2, block);
        assert.equal(parts.length, whole.length);
        parts.forEach((v, k) => assert.deepEqual(Array.from(v), Array.from(whole[k]), `block ${block}, static node ${k}`));
      }
    }
    assert.ok(nodes > cases.length, `the formulas have static nodes besides x (${nodes} in ${cases.length})`);
  });

  it('of x1 and x2 fill the kernel as the whole tape does', () => {
    for (const c of twoInputCases()) {
      const { program } = c.model;
      const reference = WasmEvaluator.create(program, c.data.x, new TapeEvaluator(program, c.data.x, c.data.x2).staticPointValues())!;
      const blocks = WasmEvaluator.create(program, c.data.x, { x2: c.data.x2 });
      assert.ok(blocks instanceof WasmEvaluator, c.label);
      sameEverywhere(blocks, reference, c.data.y, c.model.init, c.label);
    }
  });

  it('fill the WebAssembly kernel as the whole tape does, across block boundaries, at once or with pauses', async () => {
    const n = 2 * STATIC_BLOCK_POINTS + 12_345;
    const data = notebookData(n);
    const params = Float64Array.from([0.9, -0.6, 1.3]);
    for (const formula of WITH_STATICS) {
      const program = compileOrThrow(formula);
      const reference = WasmEvaluator.create(program, data.x, new TapeEvaluator(program, data.x).staticPointValues())!;
      const blocks = WasmEvaluator.create(program, data.x);
      assert.ok(blocks instanceof WasmEvaluator);
      sameEverywhere(blocks, reference, data.y, params.subarray(0, program.paramCount), `${formula} (at once)`);
      let pauses = 0;
      const background = await createEvaluatorAsync(program, data.x, {}, async () => void pauses++);
      assert.ok(background instanceof WasmEvaluator);
      assert.equal(pauses, Math.ceil(n / STATIC_BLOCK_POINTS), 'one pause after each block');
      sameEverywhere(background, reference, data.y, params.subarray(0, program.paramCount), `${formula} (with pauses)`);
    }
  });
});

describe('the cpu backend and an evaluator it is lent', () => {
  const data = notebookData(500);
  const program = compileOrThrow('a*x**2 + b*x + c');
  const init = Float64Array.from([1.1, 1.1, 1.1]);
  const trainerOf = (backend: unknown) => (backend as { trainer: Trainer }).trainer;

  it('trains with the lent kernel (no second one), exactly as with its own', async () => {
    const lent = WasmEvaluator.create(program, data.x)!;
    const shared = await createCpuBackend({ program, data, init, config: DEFAULT_TRAIN_CONFIG, evaluator: lent });
    const own = await createCpuBackend({ program, data, init, config: DEFAULT_TRAIN_CONFIG });
    assert.equal(trainerOf(shared).evaluator, lent);
    assert.notEqual(trainerOf(own).evaluator, lent);
    // The page evaluates on the same kernel between chunks (a slider, the title): training is unchanged.
    const page = new Float64Array(3);
    const [a, b] = [await shared.run(7), await own.run(7)];
    lent.lossAndGrad(Float64Array.from([5, -3, 2]), data.y, 'mse', page);
    const [c, d] = [await shared.run(7), await own.run(7)];
    assert.deepEqual([Array.from(a.losses), Array.from(c.losses)], [Array.from(b.losses), Array.from(d.losses)]);
    assert.deepEqual(Array.from(c.params), Array.from(d.params));
  });

  it('makes its own kernel rather than train on a lent tape', async () => {
    const tape = new TapeEvaluator(program, data.x);
    const backend = await createCpuBackend({ program, data, init, config: DEFAULT_TRAIN_CONFIG, evaluator: tape });
    assert.ok(trainerOf(backend).evaluator instanceof WasmEvaluator);
  });
});
