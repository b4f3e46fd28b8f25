// The formula limits (length, nesting depth, parameter values), literals that overflow, constants
// shared exactly (-0, NaN, ±Infinity kept apart) and keyword arguments given twice or unknown.
import * as assert from 'node:assert/strict';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { compileFormula } from '../../../../src/core/formula/compile';
import { parseFormula } from '../../../../src/core/formula/parse';
import { evaluatePointwise } from '../../../../src/core/formula/pointwise';
import { LIMITS } from '../../../../src/core/limits';

const { formulaChars: FORMULA_MAX_CHARS, formulaDepth: FORMULA_MAX_DEPTH, params: PARAMS_MAX } = LIMITS;

function errorOf(text: string, vectors: Record<string, number> = {}) {
  const result = compileFormula(text, { vectors });
  assert.ok(!result.ok, `${text.slice(0, 60)} should be refused`);
  return result.error;
}

/** The value at each x from the pointwise evaluator, the tape and the compiled kernel (all must agree). */
function values(text: string, x: number[]): number[] {
  const compiled = compileFormula(text);
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.error.message);
  const pointwise = Array.from(evaluatePointwise(compiled.value, [], x));
  for (const codegen of [false, true]) {
    const got = Array.from(createEvaluator(compiled.value, new Float64Array(x), { codegen }).predict(new Float64Array(0)));
    got.forEach((v, i) => assert.ok(Object.is(v, pointwise[i]), `${text} (codegen ${codegen}) at x=${x[i]}: ${v} vs ${pointwise[i]}`));
  }
  return pointwise;
}

describe('formula limits', () => {
  it(`refuses nesting deeper than ${FORMULA_MAX_DEPTH} with the position, never a RangeError`, () => {
    for (const [open, close] of [
      ['(', ')'],
      ['sin(', ')'],
      ['-', ''],
      ['x**', ''],
      ['max(x, ', ')'],
    ]) {
      const depth = Math.floor((FORMULA_MAX_CHARS - 1) / (open.length + close.length));
      const text = open.repeat(depth) + 'x' + close.repeat(depth);
      const error = errorOf(text);
      assert.match(error.message, new RegExp(`at most ${FORMULA_MAX_DEPTH} levels of nesting at position ${error.position + 1}`));
      // The level past the limit: the 201st '(' / 'sin' / '-' / 'max', or the 201st '**'.
      assert.equal(error.position, FORMULA_MAX_DEPTH * open.length + (open === 'x**' ? 1 : 0), text.slice(0, 30));
      const ok = open.repeat(FORMULA_MAX_DEPTH - 1) + 'x' + close.repeat(FORMULA_MAX_DEPTH - 1);
      if (ok.length <= FORMULA_MAX_CHARS) assert.ok(compileFormula(ok).ok, `${open} nested ${FORMULA_MAX_DEPTH - 1} deep is fine`);
    }
    const deep = '('.repeat(FORMULA_MAX_DEPTH + 1) + 'x' + ')'.repeat(FORMULA_MAX_DEPTH + 1);
    assert.equal(errorOf(deep).position, FORMULA_MAX_DEPTH);
  });

  it(`accepts ${FORMULA_MAX_CHARS} characters and refuses one more, saying so`, () => {
    const terms = Array.from({ length: 400 }, (_, i) => `p${i}*x`).join(' + ');
    const fit = terms.slice(0, terms.lastIndexOf(' + ', FORMULA_MAX_CHARS));
    const padded = fit + ' '.repeat(FORMULA_MAX_CHARS - fit.length);
    assert.equal(padded.length, FORMULA_MAX_CHARS);
    assert.ok(compileFormula(padded).ok);
    const error = errorOf(padded + ' ');
    assert.equal(error.position, FORMULA_MAX_CHARS);
    assert.match(error.message, new RegExp(`${FORMULA_MAX_CHARS + 1} characters long; at most ${FORMULA_MAX_CHARS}`));
    assert.ok(!parseFormula('x'.repeat(100_000)).ok);
  });

  it(`refuses more than ${PARAMS_MAX} parameter values at the name that crosses the limit`, () => {
    const names = Array.from({ length: 17 }, (_, i) => `w${i}`);
    const vectors = Object.fromEntries(names.map((n) => [n, 256]));
    const text = `sum(${names.join(' + ')})*x`;
    assert.ok(compileFormula(`sum(${names.slice(0, 16).join(' + ')})*x`, { vectors }).ok, '16 × 256 = 4096 values');
    const error = errorOf(text, vectors);
    assert.equal(error.position, text.indexOf('w16'));
    assert.match(error.message, new RegExp(`at most ${PARAMS_MAX} parameter values`));
  });

  it('vector parameters of different lengths are an error result, not an exception', () => {
    assert.match(errorOf('sum(m*x + b)', { m: 2, b: 3 }).message, /same length/);
  });
});

describe('number literals and shared constants', () => {
  it('refuses literals that overflow to Infinity, naming the position', () => {
    for (const text of ['x*(-1e999)', 'x + cos(1e999)', `${'9'.repeat(400)}*x`, 'x + 1.8e308', 'a*x + 2e308']) {
      const error = errorOf(text);
      const literal = /\d[\d.e]*\d{3}|\d+e\d+|\d\.\de\d+/.exec(text)!;
      assert.equal(error.position, text.indexOf(literal[0][0], literal.index), text);
      assert.match(error.message, /a number below 1\.8e308/);
    }
    assert.ok(compileFormula('x + 1.7976931348623157e308').ok, 'the largest double is fine');
    assert.ok(compileFormula('x + 1e-999').ok, 'underflow to 0 is fine, as in Python');
  });

  it('keeps -0, NaN, +Infinity and -Infinity apart when sharing constants', () => {
    assert.deepEqual(values('x/(-0)', [1, -1]), [-Infinity, Infinity]);
    assert.deepEqual(values('x/0 + x/(-0)', [1]), [NaN]);
    assert.deepEqual(values('x/(-0) - x/0', [1]), [-Infinity]);
    assert.deepEqual(values('x*(-1e308*10)', [1]), [-Infinity]);
    assert.deepEqual(values('x*(1e308*10) + x*(-1e308*10)', [1]), [NaN]);
    assert.deepEqual(values('x + cos(1e308*10)', [1]), [NaN]);
    assert.deepEqual(values('x + 1e308*10', [1]), [Infinity]);
    assert.deepEqual(values('x*(0*(-1)) + 1/(0*(-1))', [2]), [-Infinity]);
    assert.deepEqual(values('1/(x*0) + 1/(x*(-0))', [1]), [NaN]);
  });
});

describe('keyword arguments', () => {
  const cases: [string, string, RegExp][] = [
    ['sin(x, __proto__=5)', '__proto__=', /sin\(\) without keyword arguments.*found '__proto__='/],
    ['clip(x, 0, min=1)', 'min=', /lower bound of clip\(\) once \(the second argument is already it\)/],
    ['clip(x, min=1, min=2)', 'min=2', /each keyword argument once \(min= is given twice\)/],
    ['clip(x, a_min=1, min=2)', 'min=2', /lower bound of clip\(\) once \(a_min= is already it\)/],
    ['clip(x, 0, 1, max=2)', 'max=', /upper bound of clip\(\) once/],
    ['torch.clamp(x, mn=0)', 'mn=', /min= or max= in clamp\(\).*found 'mn='/],
    ['clip(x, min=0, constructor=1)', 'constructor=', /found 'constructor='/],
    ['max(x, 0, toString=1)', 'toString=', /max\(\) without keyword arguments/],
  ];
  for (const [text, at, message] of cases) {
    it(`${text}: an error at '${at}'`, () => {
      const error = errorOf(text);
      assert.equal(error.position, text.indexOf(at), error.message);
      assert.match(error.message, message);
    });
  }
  it('still accepts each bound once, by position or keyword', () => {
    assert.deepEqual(values('clip(x, min=0, max=1)', [-1, 0.5, 2]), [0, 0.5, 1]);
    assert.deepEqual(values('np.clip(x, a_min=0, a_max=1)', [-1, 2]), [0, 1]);
    assert.deepEqual(values('torch.clip(x, 0, max=1)', [-1, 2]), [0, 1]);
  });
});
