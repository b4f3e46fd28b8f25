// The evaluators' reverse-mode gradients (tape and compiled kernel) against finite differences,
// the point-by-point evaluator and each other; the lesson's MAE gradient, PyTorch's subgradients
// at kinks, vector parameters, the fused ReLU path, NaN passed on.
import * as assert from 'node:assert/strict';
import type { LossName } from '../../../../src/core/eval/loss';
import type { ModelEvaluator } from '../../../../src/core/eval/evaluator';
import { createEvaluator as createEvaluatorWith } from '../../../../src/core/eval/create-evaluator';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { WasmEvaluator } from '../../../../src/core/eval/wasm/wasm-evaluator';
import { matchSumOfRelus, SumOfRelusEvaluator } from '../../../../src/core/eval/relu-sum';
import { CompiledEvaluator, generateKernelSource } from '../../../../src/core/eval/codegen';
import { compileFormula } from '../../../../src/core/formula/compile';
import { evaluatePointwise } from '../../../../src/core/formula/pointwise';
import { Program } from '../../../../src/core/formula/program';
import { RandomState } from '../../../../src/core/data/rng';

function compile(text: string, vectors: Record<string, number> = {}): Program {
  const result = compileFormula(text, { vectors });
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.program;
}

/** Random smooth formulas over a, b, c and x, built from the grammar's pieces. */
function randomFormula(rng: RandomState, depth: number): string {
  const leaves = ['x', 'a', 'b', 'c', '0.5', '2', 'x'];
  const pick = <T>(list: T[]): T => list[Math.floor(rng.randomDouble() * list.length)];
  if (depth === 0) return pick(leaves);
  const inner = () => randomFormula(rng, depth - 1);
  return pick([
    () => `(${inner()} + ${inner()})`,
    () => `(${inner()} - ${inner()})`,
    () => `(${inner()} * ${inner()})`,
    () => `(${inner()} / (1 + ${inner()}**2))`,
    () => `sin(${inner()})`,
    () => `cos(${inner()})`,
    () => `tanh(${inner()})`,
    () => `sigmoid(${inner()})`,
    () => `exp(-(${inner()})**2)`,
    () => `sqrt(1 + ${inner()}**2)`,
    () => `log(2 + sin(${inner()}))`,
    () => `${inner()}**3`,
    () => `-${inner()}`,
  ])();
}

function finiteDifference(program: Program, x: Float64Array, y: Float64Array, params: Float64Array, loss: LossName): Float64Array {
  const evaluator = createEvaluatorWith(program, x, { codegen: false });
  const grad = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(params[i]));
    const plus = Float64Array.from(params);
    const minus = Float64Array.from(params);
    plus[i] += h;
    minus[i] -= h;
    grad[i] = (evaluator.loss(plus, y, loss) - evaluator.loss(minus, y, loss)) / (2 * h);
  }
  return grad;
}

for (const codegen of [false, true])
  describe(`reverse-mode autodiff (${codegen ? 'compiled kernel' : 'tape'})`, () => {
    const createEvaluator = (program: Program, x: Float64Array): ModelEvaluator => {
      const evaluator = createEvaluatorWith(program, x, { codegen, wasm: false });
      if (!(evaluator instanceof SumOfRelusEvaluator))
        assert.equal(evaluator instanceof CompiledEvaluator, codegen && generateKernelSource(program) !== null);
      return evaluator;
    };
    const rng = new RandomState(7);
    const x = rng.uniform(-2, 2, 25);
    const y = rng.normal(0, 2, 25);

    it('matches central finite differences on 100 random formulas (MSE)', () => {
      const formulas = new RandomState(3);
      let checked = 0;
      for (let trial = 0; trial < 100; trial++) {
        const text = randomFormula(formulas, 3);
        const program = compile(text);
        if (program.paramCount === 0) continue;
        const params = formulas.uniform(-1.5, 1.5, program.paramCount);
        const grad = new Float64Array(program.paramCount);
        createEvaluator(program, x).lossAndGrad(params, y, 'mse', grad);
        const numeric = finiteDifference(program, x, y, params, 'mse');
        for (let i = 0; i < grad.length; i++) {
          const scale = Math.max(1, Math.abs(numeric[i]));
          assert.ok(Math.abs(grad[i] - numeric[i]) / scale < 1e-6, `${text} d/d${program.params[i].name}: ${grad[i]} vs ${numeric[i]}`);
        }
        checked++;
      }
      assert.ok(checked > 40, `only ${checked} formulas had parameters`);
    });

    it('agrees with the point-by-point evaluator on predictions, and with the other engine on MAE gradients', () => {
      const formulas = new RandomState(11);
      for (let trial = 0; trial < 40; trial++) {
        const program = compile(randomFormula(formulas, 3));
        const params = formulas.uniform(-1, 1, program.paramCount);
        const batched = createEvaluator(program, x).predict(params);
        const other = createEvaluatorWith(program, x, { codegen: !codegen, wasm: false });
        const tapeGrad = new Float64Array(program.paramCount);
        const grad = new Float64Array(program.paramCount);
        const l1 = createEvaluator(program, x).lossAndGrad(params, y, 'mae', grad);
        const l2 = other.lossAndGrad(params, y, 'mae', tapeGrad);
        assert.ok(Math.abs(l1 - l2) <= 1e-12 * Math.max(1, Math.abs(l1)) || (Number.isNaN(l1) && Number.isNaN(l2)));
        grad.forEach((g, i) =>
          assert.ok(Math.abs(g - tapeGrad[i]) <= 1e-10 * Math.max(1, Math.abs(g)) || (Number.isNaN(g) && Number.isNaN(tapeGrad[i]))),
        );
        const pointwise = evaluatePointwise(program, params, x);
        batched.forEach((v, i) => assert.ok(Object.is(v, pointwise[i]) || Math.abs(v - pointwise[i]) <= 1e-12 * Math.max(1, Math.abs(v))));
      }
    });

    it("gives the lesson's MAE gradient for the quadratic at a = b = c = 1.1 (signs, not sizes, of the errors)", () => {
      const program = compile('a*x**2 + b*x + c');
      const params = new Float64Array([1.1, 1.1, 1.1]);
      const grad = new Float64Array(3);
      const loss = createEvaluator(program, x).lossAndGrad(params, y, 'mae', grad);
      let expectedLoss = 0;
      const expected = [0, 0, 0];
      for (let i = 0; i < x.length; i++) {
        const d = 1.1 * x[i] ** 2 + 1.1 * x[i] + 1.1 - y[i];
        expectedLoss += Math.abs(d) / x.length;
        const s = Math.sign(d) / x.length;
        expected[0] += s * x[i] ** 2;
        expected[1] += s * x[i];
        expected[2] += s;
      }
      assert.ok(Math.abs(loss - expectedLoss) < 1e-12);
      grad.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-12));
    });

    it("takes PyTorch's subgradients at kinks", () => {
      const at = (text: string, params: number[], xs: number[], ys: number[], loss: LossName = 'mse'): number[] => {
        const program = compile(text);
        const grad = new Float64Array(program.paramCount);
        createEvaluator(program, Float64Array.from(xs)).lossAndGrad(Float64Array.from(params), Float64Array.from(ys), loss, grad);
        return Array.from(grad);
      };
      // d loss/d pred = 2 (pred - y) = -2 with pred = 0, y = 1
      assert.deepEqual(at('relu(m*x + b)', [1, 0], [0], [1]), [0, 0]); // relu'(0) = 0
      assert.deepEqual(at('abs(m*x + b)', [1, 0], [0], [1]), [0, 0]); // |0|' = 0
      assert.deepEqual(at('torch.clip(m*x + b, 0.)', [1, 0], [0], [1]), [0, -2]); // clamp passes at the bound
      assert.deepEqual(at('max(m*x + b, 0)', [1, 0], [0], [1]), [0, -1]); // torch.maximum splits a tie
      assert.deepEqual(at('min(m*x + b, 0)', [1, 0], [0], [1]), [0, -1]);
      assert.deepEqual(at('torch.clamp(b, max=0)', [0], [0], [1]), [-2]);
      assert.deepEqual(at('b*x', [2], [1], [2], 'mae'), [0]); // sign(0) = 0 in MAE
      assert.deepEqual(at('x**b', [0], [2], [0]), [2 * 1 * Math.log(2)]);
      assert.deepEqual(at('b**0 + 0*b', [0], [1], [0]), [0]);
    });

    it('sends gradients through vector parameters and shared nodes', () => {
      const program = compile('sum(m*x*m) + c*c', { m: 3 });
      const params = new Float64Array([0.3, -0.2, 0.9, 1.5]);
      const grad = new Float64Array(4);
      createEvaluator(program, x).lossAndGrad(params, y, 'mse', grad);
      const numeric = finiteDifference(program, x, y, params, 'mse');
      grad.forEach((g, i) => assert.ok(Math.abs(g - numeric[i]) < 1e-6 * Math.max(1, Math.abs(numeric[i])), `${i}: ${g} vs ${numeric[i]}`));
    });

    it('uses the fused kernel for a sum of ReLUs, equal to the general tape', () => {
      for (const units of [2, 16, 64]) {
        const program = compile('sum(relu(m*x + b))', { m: units, b: units });
        assert.ok(createEvaluator(program, x) instanceof SumOfRelusEvaluator);
        const params = new RandomState(units).normal(0, 1, 2 * units);
        for (const loss of ['mae', 'mse'] as const) {
          const fused = new Float64Array(2 * units);
          const tape = new Float64Array(2 * units);
          const lf = new SumOfRelusEvaluator(program, matchSumOfRelus(program)!, x).lossAndGrad(params, y, loss, fused);
          const lt = new TapeEvaluator(program, x).lossAndGrad(params, y, loss, tape);
          // The fast path sums in another order (sorted points, slopes and intercepts first): float rounding of the terms.
          const scale = 1 + units;
          assert.ok(Math.abs(lf - lt) < 1e-12 * scale * Math.max(1, lt), `${units} ${loss}: ${lf} vs ${lt}`);
          fused.forEach((g, i) => assert.ok(Math.abs(g - tape[i]) < 1e-12 * scale, `${units} ${loss} ${i}: ${g} vs ${tape[i]}`));
        }
      }
      assert.ok(
        createEvaluatorWith(compile('sum(relu(m*x + b))', { m: 1, b: 1 }), x, { codegen: false, wasm: false }) instanceof TapeEvaluator,
      );
      assert.ok(createEvaluatorWith(compile('sum(relu(m*x + b))', { m: 1, b: 1 }), x, { wasm: false }) instanceof CompiledEvaluator);
      assert.ok(createEvaluatorWith(compile('sum(relu(m*x + b)) + c', { m: 4, b: 4 }), x) instanceof SumOfRelusEvaluator);
      // Not the ReLU shape: the WebAssembly kernel (vector parameters included); without it the tape (no generated JS for vectors).
      assert.ok(createEvaluatorWith(compile('sum(relu(m*x + b)) * c', { m: 4, b: 4 }), x) instanceof WasmEvaluator);
      assert.ok(createEvaluatorWith(compile('sum(relu(m*x + b)) * c', { m: 4, b: 4 }), x, { wasm: false }) instanceof TapeEvaluator);
    });

    it('propagates NaN instead of hiding it', () => {
      const program = compile('relu(a*x)');
      const pred = createEvaluator(program, x).predict(new Float64Array([NaN]));
      assert.ok(pred.every(Number.isNaN));
    });
  });
