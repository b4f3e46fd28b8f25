// The layer editor's model (src/core/model/mlp-edit.ts): every edit gives a valid network or
// refuses with a reason at MLP_LIMITS' bounds, leaves its input untouched, and the shape reads
// from input to output.
import * as assert from 'assert';
import { MLP_LIMITS } from '../../../../src/core/limits';
import { mlpParamCount, MlpSpec, validateMlp } from '../../../../src/core/model/mlp';
import {
  addLayer,
  defaultNetwork,
  removeLayer,
  sameNetwork,
  setActivation,
  setWidth,
  shapeText,
  widen,
  withInputs,
} from '../../../../src/core/model/mlp-edit';

function ok(result: ReturnType<typeof addLayer>): MlpSpec {
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.strictEqual(validateMlp(result.value), null);
  return result.value;
}

describe('layer editor model', () => {
  it('starts as 1 → 8 → 8 → 1 (or 2 → …) with ReLUs', () => {
    assert.strictEqual(shapeText(defaultNetwork()), '1 → 8 → 8 → 1');
    assert.strictEqual(shapeText(defaultNetwork(2)), '2 → 8 → 8 → 1');
    assert.strictEqual(mlpParamCount(defaultNetwork()), 8 * 2 + 8 * 9 + 9);
  });

  it('adds a copy of a layer after it, up to the limit, then refuses', () => {
    let spec: MlpSpec = { inputs: 2, hidden: [{ width: 3, activation: 'tanh' }] };
    const before = JSON.stringify(spec);
    spec = ok(addLayer(spec));
    assert.strictEqual(before, JSON.stringify({ inputs: 2, hidden: [{ width: 3, activation: 'tanh' }] }), 'the input is not changed');
    assert.deepStrictEqual(spec.hidden, [
      { width: 3, activation: 'tanh' },
      { width: 3, activation: 'tanh' },
    ]);
    spec = ok(setWidth(spec, 0, 5));
    spec = ok(addLayer(spec, 0));
    assert.strictEqual(shapeText(spec), '2 → 5 → 5 → 3 → 1', 'inserted after layer 1');
    while (spec.hidden.length < MLP_LIMITS.maxHidden) spec = ok(addLayer(spec));
    const refused = addLayer(spec);
    assert.ok(!refused.ok && /at most 4 hidden layers/.test(refused.error));
    assert.ok(!addLayer({ inputs: 1, hidden: [{ width: 1, activation: 'relu' }] }, 3).ok, 'no layer 4 to copy');
  });

  it('removes any layer but the last one left', () => {
    const spec = ok(
      removeLayer(
        {
          inputs: 1,
          hidden: [
            { width: 2, activation: 'relu' },
            { width: 7, activation: 'sigmoid' },
          ],
        },
        0,
      ),
    );
    assert.deepStrictEqual(spec.hidden, [{ width: 7, activation: 'sigmoid' }]);
    const refused = removeLayer(spec, 0);
    assert.ok(!refused.ok && /at least one hidden layer/.test(refused.error));
    assert.ok(!removeLayer(spec, -1).ok && !removeLayer(spec, 1).ok && !removeLayer(spec, 0.5).ok);
  });

  it('widens and narrows within 1 … maxWidth; a typed width outside (or not whole) is refused', () => {
    const one: MlpSpec = { inputs: 1, hidden: [{ width: 1, activation: 'relu' }] };
    assert.strictEqual(ok(widen(one, 0, -1)).hidden[0].width, 1, 'clamped at 1');
    assert.strictEqual(ok(widen(one, 0, 1)).hidden[0].width, 2);
    const wide = ok(setWidth(one, 0, MLP_LIMITS.maxWidth));
    assert.strictEqual(ok(widen(wide, 0, 10)).hidden[0].width, MLP_LIMITS.maxWidth, 'clamped at the limit');
    for (const bad of [0, -3, MLP_LIMITS.maxWidth + 1, 2.5, NaN, Infinity]) {
      const refused = setWidth(one, 0, bad);
      assert.ok(!refused.ok && /1 to 256 neurons/.test(refused.error), String(bad));
    }
  });

  it('sets one layer’s activation, and refuses an unknown one', () => {
    const spec = ok(setActivation(defaultNetwork(), 1, 'sigmoid'));
    assert.deepStrictEqual(
      spec.hidden.map((l) => l.activation),
      ['relu', 'sigmoid'],
    );
    assert.ok(!setActivation(spec, 0, 'gelu' as never).ok);
  });

  it('changes the inputs within 1 … 2 and compares networks', () => {
    const two = ok(withInputs(defaultNetwork(), 2));
    assert.strictEqual(two.inputs, 2);
    assert.ok(!withInputs(two, 3).ok && !withInputs(two, 0).ok);
    assert.ok(sameNetwork(two, defaultNetwork(2)));
    assert.ok(!sameNetwork(two, defaultNetwork(1)));
    assert.ok(!sameNetwork(two, ok(setActivation(two, 0, 'tanh'))));
  });
});
