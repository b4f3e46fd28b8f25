// The faint part lines under a ReLU model's curve: they add up to the curve.
import * as assert from 'assert';
import { createEvaluator } from '../../../src/core/eval/create-evaluator';
import { customModel, ModelSetup, presetModel } from '../../../src/core/model/presets';
import { curveGrid, ModelEvaluation } from '../../../webview/app/evaluation';
import { MAX_PARTS, partsOf } from '../../../webview/app/terms';

const grid = Float64Array.from({ length: 41 }, (_, i) => -2 + i / 10);

function assertPartsSum(setup: ModelSetup, params: Float64Array, count: number, constant = 0): void {
  const parts = partsOf(setup.program, grid);
  assert.ok(parts, 'has parts');
  assert.strictEqual(parts.count, count);
  const curves = parts.evaluate(params);
  const whole = createEvaluator(setup.program, grid, { codegen: false }).predict(params);
  for (let i = 0; i < grid.length; i++) {
    const sum = curves.reduce((s, c) => s + c[i], constant);
    assert.ok(Math.abs(sum - whole[i]) < 1e-12, `x=${grid[i]}: ${sum} vs ${whole[i]}`);
  }
}

describe('model parts', () => {
  it('double ReLU: two rectified lines adding up to the curve', () => {
    assertPartsSum(presetModel('doubleRelu'), Float64Array.of(-1.5, -1.5, 1.5, 1.5), 2);
  });

  it('N ReLUs: one line per unit', () => {
    const setup = presetModel('nRelus', { units: 6, seed: 3 });
    assertPartsSum(setup, setup.init, 6);
  });

  it('a ReLU sum plus a constant: the parts leave the constant out', () => {
    const setup = customModel('relu(m1*x + b1) + relu(m2*x + b2) + c', { m1: 1, b1: 0.5, m2: -2, b2: 1, c: 0.7 }) as ModelSetup;
    assertPartsSum(setup, setup.init, 2, 0.7);
  });

  it('no parts for models without kinks, a single ReLU, or too many units to see', () => {
    assert.strictEqual(partsOf(presetModel('quadratic').program, grid), null);
    assert.strictEqual(partsOf(presetModel('relu').program, grid), null);
    assert.strictEqual(partsOf(presetModel('nRelus', { units: MAX_PARTS + 1 }).program, grid), null);
  });

  it('the curve spans the data plus 2.5% each side, as the lesson plots [-2.1, 2.1] for data in [-2, 2]', () => {
    const g = curveGrid({ x: Float64Array.of(-2, 0, 2), y: Float64Array.of(0, 0, 0) });
    assert.ok(Math.abs(g[0] + 2.1) < 1e-12 && Math.abs(g[g.length - 1] - 2.1) < 1e-12);
    const evaluation = new ModelEvaluation(presetModel('quadratic').program, { x: Float64Array.of(-2, 0, 2), y: Float64Array.of(1, 2, 3) });
    assert.deepStrictEqual(evaluation.partsAt(Float64Array.of(0, 0, 2)), []);
    const { loss, grad } = evaluation.lossAndGrad(Float64Array.of(0, 0, 2), 'mae');
    assert.ok(Math.abs(loss - 2 / 3) < 1e-12);
    assert.strictEqual(grad.length, 3);
  });
});
