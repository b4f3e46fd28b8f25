// The exact ReLU-sum fast path (sorted points, a sweep, prefix sums) against the direct O(n·N)
// computation: random N (1–256; one unit compiles to a scalar formula, which the WebAssembly
// kernel takes, checked against the direct computation too) and n (1–100,000), points exactly on
// kinks (counted, so the data really has them) and one ulp beside them, zero slopes, duplicate x,
// MAE and MSE, the plain and the weighted model, plus training with and without accumulation, NaN
// propagation, and that the factory picks it by structure.
import * as assert from 'node:assert/strict';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { matchSumOfRelus, SumOfRelusEvaluator } from '../../../../src/core/eval/relu-sum';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { WasmEvaluator } from '../../../../src/core/eval/wasm/wasm-evaluator';
import type { Program } from '../../../../src/core/formula/program';
import type { Dataset } from '../../../../src/core/data/generate';
import { RandomState } from '../../../../src/core/data/rng';
import { compileOrThrow } from '../../../../src/core/model/presets';
import { DEFAULT_TRAIN_CONFIG, Trainer } from '../../../../src/core/train/sgd';

const PLAIN = 'sum(relu(m*x + b))';
const WEIGHTED = 'sum(w*relu(m*x + b)) + c';

function model(formula: string, units: number) {
  const vectors: Record<string, number> = { m: units, b: units };
  if (formula.includes('w')) vectors.w = units;
  const program = compileOrThrow(formula, vectors);
  const match = matchSumOfRelus(program);
  assert.ok(match, `${formula} is recognised`);
  return { program, match };
}

function offsetOf(program: Program, name: string): number {
  const spec = program.params.find((p) => p.name === name);
  assert.ok(spec, `the formula has ${name}`);
  return spec.offset;
}

/** x with duplicates and points exactly on (and one ulp beside) some units' kinks. */
function awkwardData(rng: RandomState, n: number, program: Program, params: Float64Array, units: number): Dataset {
  const [mAt, bAt] = [offsetOf(program, 'm'), offsetOf(program, 'b')];
  const x = rng.uniform(-2, 2, n);
  for (let i = 0; i < n; i += 7) x[i] = x[Math.floor(rng.randomDouble() * n)]; // duplicates
  for (let i = 3; i < n; i += 11) {
    const j = Math.floor(rng.randomDouble() * units);
    const m = params[mAt + j];
    const b = params[bAt + j];
    if (m === 0) continue;
    let kink = -b / m;
    // Walk to a value where m*x + b is exactly 0 in floating point where one exists nearby.
    for (let t = 0; t < 4 && m * kink + b !== 0; t++) kink = kink - (m * kink + b) / m;
    const side = i % 3;
    x[i] = side === 0 ? kink : side === 1 ? kink + Math.abs(kink) * Number.EPSILON : kink - Math.abs(kink) * Number.EPSILON;
  }
  return { x, y: rng.normal(0, 1, n) };
}

/** Points where some unit is exactly at its kink (m·x + b === 0 in float64). */
function pointsOnKinks(x: Float64Array, program: Program, params: Float64Array, units: number): number {
  const [mAt, bAt] = [offsetOf(program, 'm'), offsetOf(program, 'b')];
  let count = 0;
  for (const xi of x) {
    for (let j = 0; j < units; j++)
      if (params[mAt + j] !== 0 && params[mAt + j] * xi + params[bAt + j] === 0) {
        count++;
        break;
      }
  }
  return count;
}

/** Slopes (every fifth 0), kinks on [-2, 2], and for the weighted model output weights and a bias, each where the program keeps it. */
function randomParams(rng: RandomState, program: Program, units: number): Float64Array {
  const m = rng.normal(0, 1.5, units);
  for (let j = 0; j < units; j += 5) m[j] = 0; // zero slopes
  const kinks = rng.uniform(-2, 2, units);
  const b = Float64Array.from(m, (s, j) => (s === 0 ? (j % 2 ? 0.5 : -0.5) : -s * kinks[j]));
  const out = new Float64Array(program.paramCount);
  out.set(m, offsetOf(program, 'm'));
  out.set(b, offsetOf(program, 'b'));
  if (program.params.some((p) => p.name === 'w')) {
    out.set(rng.normal(0, 1, units), offsetOf(program, 'w'));
    out[offsetOf(program, 'c')] = rng.normal(0, 1, 1)[0];
  }
  return out;
}

/** The size of the terms the predictions and gradients are sums of: their float rounding is relative to it. */
function termScaleOf(program: Program, params: Float64Array, units: number): number {
  const [mAt, bAt] = [offsetOf(program, 'm'), offsetOf(program, 'b')];
  const wAt = program.params.some((p) => p.name === 'w') ? offsetOf(program, 'w') : -1;
  let scale = 1;
  for (let j = 0; j < units; j++)
    scale += Math.abs(wAt >= 0 ? params[wAt + j] : 1) * (2 * Math.abs(params[mAt + j]) + Math.abs(params[bAt + j]));
  return scale;
}

/** |a - b| within float rounding of the terms summed: 1e-12 of their magnitude. */
function close(a: ArrayLike<number>, b: ArrayLike<number>, scale: number, what: string): void {
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i] - b[i]) <= 1e-12 * scale, `${what} [${i}]: ${a[i]} vs ${b[i]} (scale ${scale})`);
}

describe('ReLU-sum fast path equals the direct computation', function () {
  this.timeout(120_000);

  for (const formula of [PLAIN, WEIGHTED])
    it(`${formula}: random N and n, kinks, zero slopes, duplicates, MAE and MSE`, () => {
      const rng = new RandomState(formula.length);
      const sizes: [number, number][] = [
        [2, 1],
        [2, 5],
        [256, 1],
        [3, 100_000],
        [64, 20_000],
        [256, 3000],
      ];
      for (let t = 0; t < 12; t++)
        sizes.push([1 + Math.floor(rng.randomDouble() * 256), 1 + Math.floor(rng.randomDouble() ** 3 * 100_000)]);
      let kinked = 0;
      for (const [units, n] of sizes) {
        const { program, match } = model(formula, units);
        const params = randomParams(rng, program, units);
        const data = awkwardData(rng, n, program, params, units);
        kinked += pointsOnKinks(data.x, program, params, units);
        const fast = new SumOfRelusEvaluator(program, match, data.x);
        const direct = new SumOfRelusEvaluator(program, match, data.x, { direct: true });
        const termScale = termScaleOf(program, params, units);
        close(fast.predict(params), direct.predict(params), termScale, `N=${units} n=${n} predictions`);
        for (const loss of ['mae', 'mse'] as const) {
          const [g1, g2] = [new Float64Array(program.paramCount), new Float64Array(program.paramCount)];
          const [l1, l2] = [fast.lossAndGrad(params, data.y, loss, g1), direct.lossAndGrad(params, data.y, loss, g2)];
          close([l1], [l2], termScale, `N=${units} n=${n} ${loss} loss`);
          close(g1, g2, termScale * 4, `N=${units} n=${n} ${loss} gradient`);
          close([fast.loss(params, data.y, loss)], [l2], termScale, `N=${units} n=${n} ${loss} loss()`);
        }
      }
      assert.ok(kinked > 1000, `only ${kinked} points lie exactly on a kink`);
    });

  for (const formula of [PLAIN, WEIGHTED])
    it(`${formula} with one unit: a scalar formula, which the WebAssembly kernel takes, equals the direct computation`, () => {
      const rng = new RandomState(formula.length + 1);
      let kinked = 0;
      for (const n of [1, 2, 7, 1000, 100_000]) {
        const program = compileOrThrow(formula);
        assert.equal(program.units, 1);
        const params = randomParams(rng, program, 1);
        if (params[offsetOf(program, 'm')] === 0) params[offsetOf(program, 'm')] = 0.75;
        const data = awkwardData(rng, n, program, params, 1);
        kinked += pointsOnKinks(data.x, program, params, 1);
        const kernel = createEvaluator(program, data.x);
        assert.ok(kernel instanceof WasmEvaluator, 'the WebAssembly kernel');
        const direct = new TapeEvaluator(program, data.x);
        const termScale = termScaleOf(program, params, 1);
        close(kernel.predict(params), direct.predict(params), termScale, `n=${n} predictions`);
        for (const loss of ['mae', 'mse'] as const) {
          const [g1, g2] = [new Float64Array(program.paramCount), new Float64Array(program.paramCount)];
          close(
            [kernel.lossAndGrad(params, data.y, loss, g1)],
            [direct.lossAndGrad(params, data.y, loss, g2)],
            termScale,
            `n=${n} ${loss} loss`,
          );
          close(g1, g2, termScale * 4, `n=${n} ${loss} gradient`);
        }
      }
      assert.ok(kinked > 100, `only ${kinked} points lie exactly on the kink`);
    });

  it("a point exactly on a kink is off (relu'(0) = 0), as in the tape", () => {
    const { program, match } = model(PLAIN, 2);
    const x = Float64Array.of(-1, 0, 0, 1, 2);
    const params = Float64Array.of(1, -1, 0, 0); // m = [1, -1], b = [0, 0]: kinks at 0
    const y = Float64Array.of(1, 1, 1, 1, 1);
    const [fast, tape] = [new Float64Array(4), new Float64Array(4)];
    new SumOfRelusEvaluator(program, match, x).lossAndGrad(params, y, 'mse', fast);
    new TapeEvaluator(program, x).lossAndGrad(params, y, 'mse', tape);
    assert.deepEqual(Array.from(fast), Array.from(tape));
  });

  it('trains like the tape, with and without accumulation', () => {
    for (const formula of [PLAIN, WEIGHTED])
      for (const accumulateGrad of [false, true]) {
        const rng = new RandomState(5);
        const { program, match } = model(formula, 32);
        const init = randomParams(rng, program, 32);
        const data = awkwardData(rng, 500, program, init, 32);
        const config = { ...DEFAULT_TRAIN_CONFIG, loss: 'mse' as const, lr: 0.001, accumulateGrad };
        const fast = new Trainer(program, data, init, config, new SumOfRelusEvaluator(program, match, data.x));
        const tape = new Trainer(program, data, init, config, new TapeEvaluator(program, data.x));
        fast.run(10);
        tape.run(10);
        close(fast.params, tape.params, 10, `${formula} accumulate=${accumulateGrad} parameters after 10 steps`);
      }
  });

  it('lets NaN through as the tape does', () => {
    const { program, match } = model(WEIGHTED, 3);
    const x = Float64Array.of(-1, 0.5, 2);
    const params = Float64Array.of(1, NaN, 1, 0, 0, 0, 1, 1, 1, 0);
    const fast = new SumOfRelusEvaluator(program, match, x).predict(params);
    const tape = new TapeEvaluator(program, x).predict(params);
    assert.deepEqual(Array.from(fast, Number.isNaN), Array.from(tape, Number.isNaN));
    assert.ok(fast.every(Number.isNaN));
  });

  it('is recognised by structure, in any order of the operands, and not for other shapes', () => {
    for (const formula of [PLAIN, WEIGHTED, 'sum(relu(b + x*m))', 'c + sum(relu(m*x + b)*w)'])
      assert.ok(
        createEvaluator(compileOrThrow(formula, { m: 4, b: 4, w: 4 }), Float64Array.of(1, 2)) instanceof SumOfRelusEvaluator,
        formula,
      );
    for (const formula of ['sum(relu(m*x + b)) * c', 'sum(torch.clip(m*x + b, 0.))', 'sum(w*relu(m*x + b)) + c*x', 'sum(relu(m*x*x + b))'])
      assert.ok(
        !(createEvaluator(compileOrThrow(formula, { m: 4, b: 4, w: 4 }), Float64Array.of(1, 2)) instanceof SumOfRelusEvaluator),
        formula,
      );
  });
});
