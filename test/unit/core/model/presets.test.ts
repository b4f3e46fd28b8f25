import * as assert from 'node:assert/strict';
import { LIMITS } from '../../../../src/core/limits';
import { customModel, presetModel, sumOfRelus } from '../../../../src/core/model/presets';

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

  it('makes a model from a formula, or says what is wrong with it', () => {
    const model = customModel('w*x + v', { v: 2 });
    assert.ok(!('error' in model));
    if (!('error' in model)) assert.deepEqual(Array.from(model.init), [1, 2]);
    const broken = customModel('w*x +');
    assert.ok('error' in broken);
  });
});
