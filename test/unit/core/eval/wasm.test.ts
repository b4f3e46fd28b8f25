// The WebAssembly kernel (src/core/eval/wasm) against the tape in Node: every preset (the N-unit
// ones included), 200 random scalar formulas and 100 random vector ones from seeded generators,
// fixed vector formulas that broadcast every way, formulas of x1 and x2, and the kink cases, 10 fused updates each
// (wasm-compare.ts); plus predictions, divergence, fused chunks longer than one call, and the
// factory's choice (the kernel for every formula the ReLU fast path does not take).
import * as assert from 'node:assert/strict';
import { createEvaluator, createEvaluatorAsync } from '../../../../src/core/eval/create-evaluator';
import { SumOfRelusEvaluator } from '../../../../src/core/eval/relu-sum';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { MAX_FUSED_STEPS, wasmSupports } from '../../../../src/core/eval/wasm/kernel';
import { WasmEvaluator } from '../../../../src/core/eval/wasm/wasm-evaluator';
import { compileOrThrow } from '../../../../src/core/model/presets';
import { DEFAULT_TRAIN_CONFIG, Trainer } from '../../../../src/core/train/sgd';
import { kinkCases, notebookData, presetCases, randomCases, TrainingCase } from '../onnx/onnx-compare';
import { expectKernelMatchesTape, randomVectorCases, twoInputCases, vectorPresetCases } from './wasm-compare';

function kernelFor(c: TrainingCase): WasmEvaluator {
  const tape = new TapeEvaluator(c.model.program, c.data.x, c.data.x2);
  const kernel = WasmEvaluator.create(c.model.program, c.data.x, tape.staticPointValues());
  assert.ok(kernel, `${c.label}: no WebAssembly kernel`);
  return kernel;
}

describe('WebAssembly kernel equals the tape (1e-12 relative, 10 fused steps)', function () {
  this.timeout(60_000);
  const data = notebookData();

  it('every preset with a scalar formula, MAE/MSE, plain/accumulated, constant/decaying rates', () => {
    for (const c of presetCases(data)) expectKernelMatchesTape(c, kernelFor(c));
  });
  it('the N-unit presets and vector formulas that broadcast every way (points × units, units × scalar)', () => {
    for (const c of vectorPresetCases(data)) expectKernelMatchesTape(c, kernelFor(c));
  });
  it('200 random formulas (seeded)', () => {
    for (const c of randomCases(data, 200, 77)) expectKernelMatchesTape(c, kernelFor(c));
  });
  it('100 random formulas with vector parameters (seeded), some with a sum inside another', () => {
    for (const c of randomVectorCases(data, 100, 13)) expectKernelMatchesTape(c, kernelFor(c));
  });
  it('formulas of x1 and x2, with scalar and vector parameters; the factory gives them the kernel too', () => {
    for (const c of twoInputCases()) {
      expectKernelMatchesTape(c, kernelFor(c));
      assert.ok(createEvaluator(c.model.program, c.data.x, { x2: c.data.x2 }) instanceof WasmEvaluator, c.label);
    }
  });
  it('kinks and ties: relu, clip, abs, max/min, clamp bounds, pow at 0, sign(0) in MAE', () => {
    for (const c of kinkCases(data)) expectKernelMatchesTape(c, kernelFor(c));
  });
  it('on 10,000 points too, and when compiled in the background', async () => {
    const big = notebookData(10_000);
    for (const c of presetCases(big).slice(0, 4)) {
      const tape = new TapeEvaluator(c.model.program, c.data.x);
      const kernel = await WasmEvaluator.compile(c.model.program, c.data.x, tape.staticPointValues());
      assert.ok(kernel);
      expectKernelMatchesTape(c, kernel);
    }
  });

  it('predicts what the tape predicts', () => {
    const program = compileOrThrow('a*sin(x) + relu(b*x - c)');
    const params = new Float64Array([0.7, -1.2, 0.3]);
    const tape = new TapeEvaluator(program, data.x);
    const kernel = WasmEvaluator.create(program, data.x, tape.staticPointValues())!;
    assert.deepEqual(Array.from(kernel.predict(params)), Array.from(tape.predict(params)));
  });

  it('runs more updates than one call makes, with the same result as the tape', () => {
    const program = compileOrThrow('a*x**2 + b*x + c');
    const init = new Float64Array([1.1, 1.1, 1.1]);
    const steps = MAX_FUSED_STEPS * 2 + 17;
    const tape = new Trainer(program, data, init, DEFAULT_TRAIN_CONFIG, new TapeEvaluator(program, data.x));
    const ours = new Trainer(program, data, init, DEFAULT_TRAIN_CONFIG);
    assert.ok(ours.evaluator instanceof WasmEvaluator);
    const [a, b] = [new Float64Array(steps), new Float64Array(steps)];
    ours.run(steps, undefined, a);
    tape.run(steps, undefined, b);
    assert.equal(ours.step, steps);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-12 * Math.abs(b[i]), `loss ${i}: ${v} vs ${b[i]}`));
    ours.params.forEach((v, i) => assert.ok(Math.abs(v - tape.params[i]) <= 1e-12 * Math.abs(tape.params[i])));
  });

  it('stops on divergence exactly where the tape does, back at the last good parameters', () => {
    const program = compileOrThrow('exp(a*x)*b');
    const config = { ...DEFAULT_TRAIN_CONFIG, loss: 'mse' as const, lr: 50 };
    const init = new Float64Array([1, 1]);
    const tape = new Trainer(program, data, init, config, new TapeEvaluator(program, data.x));
    const ours = new Trainer(program, data, init, config);
    const [a, b] = [ours.run(100), tape.run(100)];
    assert.ok(b.diverged, 'the reference diverges');
    assert.deepEqual(a, b);
    assert.deepEqual(Array.from(ours.params), Array.from(tape.params));
  });

  it('is what the factory picks for every formula the ReLU fast path does not take, in Node and in the background', async () => {
    const units = { m: 16, w: 16, b: 16 };
    for (const [formula, vectors] of [
      ['a*x**2 + b*x + c', {}],
      ['sum(w*tanh(m*x + b)) + c', units],
      ['sum(w*sigmoid(m*x + b)) * sum(relu(m*x))', units],
      ['sum(w*relu(m*x + b)) + c*x', units],
    ] as const) {
      const program = compileOrThrow(formula, vectors);
      assert.ok(createEvaluator(program, data.x) instanceof WasmEvaluator, formula);
      assert.ok((await createEvaluatorAsync(program, data.x)) instanceof WasmEvaluator, formula);
      assert.ok(createEvaluator(program, data.x, { wasm: false, codegen: false }) instanceof TapeEvaluator, formula);
    }
    assert.ok(createEvaluator(compileOrThrow('sum(relu(m*x + b))', { m: 4, b: 4 }), data.x) instanceof SumOfRelusEvaluator);
  });

  it("leaves to the tape a sum whose terms read another sum's terms (m*x below in both), and the tape gives its gradient", () => {
    const program = compileOrThrow('sum(w*tanh(m*x + sum(relu(m*x))/4))', { m: 3, w: 3 });
    assert.equal(wasmSupports(program), false);
    assert.ok(createEvaluator(program, data.x) instanceof TapeEvaluator);
    assert.equal(WasmEvaluator.create(program, data.x, new TapeEvaluator(program, data.x).staticPointValues()), null);
  });
});
