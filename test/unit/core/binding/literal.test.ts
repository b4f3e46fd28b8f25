// Writing slider values back in the form of the literal they replace.
import * as assert from 'node:assert/strict';
import { formatLiteral, stepDecimals } from '../../../../src/core/binding/literal';
import { literalValue } from '../../../../src/core/binding/scan';

describe('literal write-back format', () => {
  it('keeps 1.1 short and uses the decimals the slider step needs', () => {
    assert.equal(formatLiteral(1.1000000000000001, '1.1', 0.005), '1.1');
    assert.equal(formatLiteral(1.1 + 0.005 * 3, '1.1', 0.005), '1.115');
    assert.equal(formatLiteral(3.25, '3', 0.01), '3.25');
    assert.equal(formatLiteral(3, '3', 0.01), '3');
    assert.equal(formatLiteral(0.1 + 0.2, '1', 0.01), '0.3');
  });

  it("keeps the literal's own form: decimals, leading dot, trailing dot, plus sign, exponent", () => {
    assert.equal(formatLiteral(2, '1.0', 0.01), '2.0');
    assert.equal(formatLiteral(2, '+1.', 0.01), '+2.');
    assert.equal(formatLiteral(0.25, '.5', 0.01), '.25');
    assert.equal(formatLiteral(0.0015, '1e-3', 0.0001), '1.5e-3');
    assert.equal(formatLiteral(1500, '1E3', 10), '1.5E3');
    assert.equal(formatLiteral(-1.25, '-1.5', 0.005), '-1.25');
    assert.equal(formatLiteral(1.25, '-1.5', 0.005), '1.25');
  });

  it('never writes -0 and leaves a non-finite value as the original', () => {
    assert.equal(formatLiteral(-0.0001, '1.1', 0.01), '0.0');
    assert.equal(formatLiteral(-0, '2', 1), '0');
    assert.equal(formatLiteral(NaN, '1.1', 0.01), '1.1');
  });

  it('reads back what it writes', () => {
    for (const [value, original, step] of [
      [1.115, '1.1', 0.005],
      [-0.3, '.5', 0.01],
      [0.00123, '1e-3', 0.00001],
      [42, '+1.', 1],
    ] as const) {
      const text = formatLiteral(value, original, step);
      assert.ok(Math.abs((literalValue(text) ?? NaN) - value) <= step / 2 + 1e-12, `${text} ≈ ${value}`);
    }
    assert.equal(stepDecimals(0.005), 3);
    assert.equal(stepDecimals(1), 0);
  });
});
