// The lesson's model presets (start values, N ReLUs and their seeded kinks) and models from formulas.
import * as assert from 'node:assert/strict';
import { LIMITS } from '../../../../src/core/limits';
import { customModel, formulaModel, presetModel, sumOfRelus } from '../../../../src/core/model/presets';

describe('model presets', () => {
  it('start where the lesson starts', () => {
    const quad = presetModel('quadratic');
    assert.deepEqual(
      quad.program.params.map((p) => p.name),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(Array.from(quad.init), [1.1, 1.1, 1.1]);
    assert.deepEqual(Array.from(presetModel('relu').init), [1.5, 1.5]);
    assert.deepEqual(presetModel('relu').yRange, [-1, 4]);
    const double = presetModel('doubleRelu');
    assert.deepEqual(
      double.program.params.map((p) => p.name),
      ['m1', 'b1', 'm2', 'b2'],
    );
    assert.deepEqual(Array.from(double.init), [-1.5, -1.5, 1.5, 1.5]);
    assert.deepEqual(double.yRange, [-1, 6]);
  });

  it('makes N ReLUs with kinks inside the data range, reproducibly from a seed', () => {
    for (const units of [1, 16, LIMITS.units]) {
      const model = sumOfRelus(units, 5);
      assert.equal(model.program.paramCount, 2 * units);
      for (let j = 0; j < units; j++) {
        const kink = -model.init[units + j] / model.init[j];
        assert.ok(kink >= -2 && kink <= 2, `unit ${j} kink at ${kink}`);
      }
      assert.deepEqual(sumOfRelus(units, 5).init, model.init);
    }
    assert.notDeepEqual(sumOfRelus(8, 1).init, sumOfRelus(8, 2).init);
    assert.throws(() => sumOfRelus(0), /from 1 to 256/);
    assert.throws(() => sumOfRelus(257), /from 1 to 256/);
  });

  it('makes N ReLUs a network with output weights and a bias, its units started apart', () => {
    const model = presetModel('nRelus', { units: 8, seed: 2 });
    assert.equal(model.formula, 'sum(w*relu(m*x + b)) + c');
    assert.deepEqual(
      model.program.params.map((p) => [p.name, p.size]),
      [
        ['w', 8],
        ['m', 8],
        ['b', 8],
        ['c', 1],
      ],
    );
    for (const name of ['w', 'm', 'b']) {
      const spec = model.program.params.find((p) => p.name === name)!;
      assert.equal(new Set(model.init.subarray(spec.offset, spec.offset + 8)).size, 8, `${name} differs from unit to unit`);
    }
    assert.throws(() => presetModel('nRelus', { units: 0 }), /from 1 to 256/);
  });

  it('infers vector parameters in a formula typed by hand', () => {
    const model = formulaModel('sum(w*relu(m*x + b)) + c', { units: 5, start: { c: 2, m: [1, 2, 3, 4, 5] } });
    assert.ok(!('error' in model));
    if ('error' in model) return;
    assert.deepEqual(model.vectors, { w: 5, m: 5, b: 5 });
    assert.deepEqual(Array.from(model.init.subarray(5, 10)), [1, 2, 3, 4, 5]);
    assert.equal(model.init[15], 2);
  });

  it('makes a model from a formula, or says what is wrong with it', () => {
    const model = customModel('w*x + v', { v: 2 });
    assert.ok(!('error' in model));
    if (!('error' in model)) assert.deepEqual(Array.from(model.init), [1, 2]);
    const broken = customModel('w*x +');
    assert.ok('error' in broken);
  });
});
