// The formula parser and compiler: parameters in order, the spellings pasted from Python and
// JavaScript, errors with a position, folding and shared sub-expressions, vector parameters,
// float32 data functions; and the number formatting of titles.
import * as assert from 'node:assert/strict';
import { compileFormula } from '../../../../src/core/formula/compile';
import { parseFormula } from '../../../../src/core/formula/parse';
import { evaluatePointwise, float32Function } from '../../../../src/core/formula/pointwise';
import { flatParamNames, Program } from '../../../../src/core/formula/program';
import { fixed, formatLessonLine, formatLossTitle } from '../../../../src/core/format';

function compile(text: string, vectors: Record<string, number> = {}): Program {
  const result = compileFormula(text, { vectors });
  if (!result.ok) throw new Error(result.error.message);
  return result.program;
}

function evaluate(text: string, params: number[], x: number[]): number[] {
  return Array.from(evaluatePointwise(compile(text), params, x));
}

describe('formula parser and compiler', () => {
  it('finds parameters in order of first appearance, x being the input', () => {
    assert.deepEqual(
      compile('a*x**2 + b*x + c').params.map((p) => p.name),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      compile('torch.clip(m2*x + b1, 0.) + m1').params.map((p) => p.name),
      ['m2', 'b1', 'm1'],
    );
    assert.deepEqual(compile('3*x').params, []);
  });

  it('accepts the spellings people paste from Python and JavaScript', () => {
    const x = [-1.5, -0.2, 0, 0.7, 2];
    const cases: [string, (x: number) => number][] = [
      ['2*x^2+3*x+1', (v) => 2 * v * v + 3 * v + 1],
      ['2*x**2+3*x+1', (v) => 2 * v * v + 3 * v + 1],
      ['max(2*x+1, 0)', (v) => Math.max(2 * v + 1, 0)],
      ['relu(2*x+1)', (v) => Math.max(2 * v + 1, 0)],
      ['F.relu(2*x+1)', (v) => Math.max(2 * v + 1, 0)],
      ['torch.nn.functional.relu(2*x+1)', (v) => Math.max(2 * v + 1, 0)],
      ['torch.clip(2*x+1, 0.)', (v) => Math.max(2 * v + 1, 0)],
      ['torch.clamp(x, min=-1, max=1)', (v) => Math.min(Math.max(v, -1), 1)],
      ['np.clip(x, -0.5, 0.5)', (v) => Math.min(Math.max(v, -0.5), 0.5)],
      ['np.abs(x) + Math.exp(x) - math.sin(x)', (v) => Math.abs(v) + Math.exp(v) - Math.sin(v)],
      ['cos(x) * tanh(x) / sqrt(abs(x) + 1)', (v) => (Math.cos(v) * Math.tanh(v)) / Math.sqrt(Math.abs(v) + 1)],
      ['log(x**2 + 1)', (v) => Math.log(v * v + 1)],
      ['-x**2', (v) => -(v * v)],
      ['2**-x', (v) => 2 ** -v],
      ['x**3**0.5', (v) => v ** (3 ** 0.5)],
      ['min(x, 1) - np.maximum(x, -1)', (v) => Math.min(v, 1) - Math.max(v, -1)],
      ['sigmoid(x) + np.pi + Math.PI', (v) => 1 / (1 + Math.exp(-v)) + 2 * Math.PI],
      ['1e-1*x + .5 - 3.', (v) => 0.1 * v + 0.5 - 3],
      ['square(x - 1)', (v) => (v - 1) ** 2],
      ['(((x)))', (v) => v],
    ];
    for (const [text, reference] of cases) {
      const got = evaluate(text, [], x);
      x.forEach((v, i) =>
        assert.ok(
          Object.is(got[i], reference(v)) || Math.abs(got[i] - reference(v)) < 1e-12,
          `${text} at x=${v}: ${got[i]} vs ${reference(v)}`,
        ),
      );
    }
  });

  it('gives each error a position and what was expected, never throwing', () => {
    const cases: [string, number, RegExp][] = [
      ['a*x**2 + b*', 11, /Expected a number, a name or '\(' at position 12, found the end/],
      ['a*x +* 2', 5, /found '\*'/],
      ['sin(x', 5, /Expected ',' or '\)'/],
      ['foo(x)', 0, /known function/],
      ['x $ 2', 2, /found '\$'/],
      ['', 0, /an empty formula/],
      ['sin(x, x)', 0, /1 argument for sin/],
      ['(a + x))', 7, /an operator or the end/],
      ['clip(x)', 0, /bound/],
      ['clip(x, lo=1)', 8, /min= or max=/],
      ['os.system(x)', 0, /known function/],
      ['a * torch.foo', 4, /x, a parameter name or a known constant/],
    ];
    for (const [text, position, message] of cases) {
      const result = compileFormula(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) {
        assert.equal(result.error.position, position, `${text}: ${result.error.message}`);
        assert.match(result.error.message, message, text);
        assert.ok(result.error.expected.length > 0);
      }
    }
  });

  it('keeps the syntax tree of a valid formula', () => {
    const parsed = parseFormula('a + b*c');
    assert.ok(parsed.ok);
    if (parsed.ok) assert.equal(parsed.ast.kind, 'binary');
  });

  it('folds constants and shares repeated sub-expressions', () => {
    const program = compile('a*(2*3) + a*(2*3)');
    assert.equal(program.nodes.filter((n) => n.op === 'const').length, 1);
    assert.equal(program.nodes.filter((n) => n.op === 'mul').length, 1);
    assert.deepEqual(evaluate('a*(2*3) + a*(2*3)', [0.5], [7]), [6]);
  });

  it('supports vector parameters summed over units', () => {
    const program = compile('sum(relu(m*x + b))', { m: 3, b: 3 });
    assert.equal(program.units, 3);
    assert.equal(program.paramCount, 6);
    assert.deepEqual(flatParamNames(program), ['m[0]', 'm[1]', 'm[2]', 'b[0]', 'b[1]', 'b[2]']);
    const params = [1, -1, 2, 0, 0.5, -1];
    const got = Array.from(evaluatePointwise(program, params, [-1, 0, 1]));
    const expected = [-1, 0, 1].map((x) => [0, 1, 2].reduce((s, j) => s + Math.max(params[j] * x + params[3 + j], 0), 0));
    assert.deepEqual(got, expected);
  });

  it('asks for sum(...) when a vector parameter is left unsummed', () => {
    const result = compileFormula('relu(m*x + b)', { vectors: { m: 4, b: 4 } });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error.message, /sum\(\.\.\.\) around the terms with the vector parameters \(m, b\)/);
  });

  it('evaluates a data function in float32 like a PyTorch float32 tensor', () => {
    const f = float32Function('3*x**2 + 2*x + 1');
    const x = new Float64Array([Math.fround(-1.7894736528396606), 0.1]);
    const got = f(x);
    const expected = Array.from(x, (v) => Math.fround(Math.fround(Math.fround(3 * Math.fround(v * v)) + Math.fround(2 * v)) + 1));
    assert.deepEqual(Array.from(got), expected);
    assert.notEqual(got[1], 3 * 0.01 + 0.2 + 1);
    assert.throws(() => float32Function('a*x'), /may only use x, but it also uses a/);
    assert.throws(() => float32Function('x +'), /Expected/);
  });
});

describe('number formatting', () => {
  it('writes huge values in exponent form instead of hundreds of digits', () => {
    assert.equal(fixed(2.3175), '2.32');
    assert.equal(fixed(1.2609581994898525e293), '1.26e+293');
    assert.equal(formatLossTitle('mse', 1.2609581994898525e293), 'MSE: 1.26e+293');
    assert.equal(formatLossTitle('mae', NaN), 'MAE: NaN');
    assert.equal(formatLessonLine(3, 1.234, [0.5, -1e12]), 'step=3; loss=1.23 and [0.5000, -1.0000e+12]');
  });
});
