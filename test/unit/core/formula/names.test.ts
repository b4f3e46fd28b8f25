// Names that are members of Object.prototype, Function.prototype or Math (`constructor`,
// `__proto__`, `toString`, `valueOf`, `hasOwnProperty`, …) are ordinary names everywhere: as
// parameters they compile and evaluate like `a`; as functions, constants (`Math.constructor`) and
// keywords they are positioned errors, never a built-in object's member.
import * as assert from 'node:assert/strict';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { compileFormula } from '../../../../src/core/formula/compile';
import { evaluatePointwise } from '../../../../src/core/formula/pointwise';
import { namedParams } from '../../../../src/core/format';
import { customModel } from '../../../../src/core/model/presets';

/** Every property name of the objects a careless lookup would reach, plus the classic traps. */
export const BUILT_IN_NAMES = [
  ...new Set([
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(Function.prototype),
    ...Object.getOwnPropertyNames(Math),
    ...Object.getOwnPropertyNames(Array.prototype),
    '__proto__',
    'constructor',
    'prototype',
  ]),
].filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));

const KNOWN_FUNCTIONS = new Set(['sin', 'cos', 'tanh', 'exp', 'log', 'sqrt', 'abs', 'max', 'min', 'pow', 'clip', 'clamp', 'sum']);
const KNOWN_CONSTANTS = new Map([
  ['PI', Math.PI],
  ['E', Math.E],
]);

describe('built-in object property names', () => {
  it(`covers Object.prototype, Function.prototype and Math (${BUILT_IN_NAMES.length} names)`, () => {
    for (const name of [
      'constructor',
      '__proto__',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'isPrototypeOf',
      'call',
      'apply',
      'bind',
      'PI',
      'random',
    ])
      assert.ok(BUILT_IN_NAMES.includes(name), name);
  });

  for (const name of BUILT_IN_NAMES) {
    if (name === 'x' || name === 'pi') continue;
    it(`${name}: a parameter like any other, with the right value and gradient`, () => {
      const formula = `${name}*x + b`;
      const compiled = compileFormula(formula);
      assert.ok(compiled.ok, compiled.ok ? '' : compiled.error.message);
      const program = compiled.value;
      assert.deepEqual(
        program.params.map((p) => p.name),
        [name, 'b'],
      );
      const x = new Float64Array([-1, 0.5, 3]);
      const params = new Float64Array([2, 1]);
      assert.deepEqual(Array.from(evaluatePointwise(program, params, x)), [-1, 2, 7]);
      for (const codegen of [false, true]) {
        const evaluator = createEvaluator(program, x, { codegen });
        assert.deepEqual(Array.from(evaluator.predict(params)), [-1, 2, 7]);
        const grad = new Float64Array(2);
        const loss = evaluator.lossAndGrad(params, new Float64Array([0, 0, 0]), 'mse', grad);
        assert.equal(loss, (1 + 4 + 49) / 3);
        const expected = [(2 * (-1 * -1 + 2 * 0.5 + 7 * 3)) / 3, (2 * (-1 + 2 + 7)) / 3];
        grad.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-12, `grad ${i}: ${g} vs ${expected[i]}`));
      }
      const named = namedParams(program, params);
      assert.ok(Object.hasOwn(named, name), 'an own key');
      assert.equal(JSON.parse(JSON.stringify(named))[name], 2);
      assert.equal(Object.getPrototypeOf(named), Object.prototype, 'the prototype is untouched');
      const custom = customModel(formula);
      assert.ok(!('error' in custom));
      if (!('error' in custom)) assert.deepEqual(Array.from(custom.init), [1, 1], 'the fallback start, not a built-in member');
    });

    it(`${name}: as a function, a constant and a keyword it is a known one or a positioned error`, () => {
      const call = compileFormula(`2 + ${name}(x)`);
      if (KNOWN_FUNCTIONS.has(name)) assert.ok(call.ok || /argument|bound/.test(call.error.message), name);
      else {
        assert.ok(!call.ok);
        assert.equal(call.error.position, 4);
        assert.match(call.error.message, new RegExp(`known function .* found '${name}'`));
      }
      for (const prefix of ['Math.', 'np.', 'torch.']) {
        const constant = compileFormula(`x + ${prefix}${name}`);
        if (KNOWN_CONSTANTS.has(name) && prefix === 'Math.') {
          assert.ok(constant.ok);
          assert.deepEqual(Array.from(evaluatePointwise(constant.value, [], [1])), [1 + KNOWN_CONSTANTS.get(name)!]);
        } else if (!KNOWN_CONSTANTS.has(name)) {
          assert.ok(!constant.ok, `${prefix}${name}`);
          assert.equal(constant.error.position, 4);
          assert.match(constant.error.message, /x, a parameter name or a known constant/);
        }
      }
      for (const fn of ['sin', 'clip', 'max']) {
        if (fn === 'clip' && (name === 'min' || name === 'max')) continue; // clip's own keywords
        const text = `${fn}(x, 0, ${name}=5)`;
        const keyword = compileFormula(text);
        assert.ok(!keyword.ok, text);
        assert.equal(keyword.error.position, text.indexOf(`${name}=`), text);
        assert.ok(keyword.error.message.includes(`'${name}='`), keyword.error.message);
      }
    });
  }

  it('the compiled kernel does not read Object.prototype: polluting it changes nothing', () => {
    const program = compileFormula('constructor*x**2 + __proto__*abs(x) + toString/(1 + x**2) + valueOf');
    assert.ok(program.ok);
    const x = new Float64Array([-2, -0.5, 0, 1.5]);
    const y = new Float64Array([1, 2, 3, 4]);
    const params = new Float64Array([0.5, -1, 2, 0.25]);
    const run = () => {
      const evaluator = createEvaluator(program.value, x, { codegen: true });
      const grad = new Float64Array(4);
      return { pred: Array.from(evaluator.predict(params)), loss: evaluator.lossAndGrad(params, y, 'mae', grad), grad: Array.from(grad) };
    };
    const clean = run();
    const proto = Object.prototype as unknown as Record<string, unknown>;
    const polluted = ['v0', 'v1', 'g0', 'g1', 'n', 'd', 't', 'total', 'invN', 'params', 'y', 'grad', 'pred', 'statics', 'Math', 'NaN'];
    try {
      for (const key of polluted) proto[key] = 1e6;
      assert.deepEqual(run(), clean);
    } finally {
      for (const key of polluted) delete proto[key];
    }
  });
});
