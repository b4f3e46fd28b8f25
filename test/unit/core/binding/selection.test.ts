// "Plot Selection": any selected formula or function becomes a formula of x with sliders for its
// free names: expressions, calls of the file's model functions, and whole definitions with several
// parameters (the input is the one named x, else the last), in Python and JS/TS; anything else
// gets a message that quotes the selection and says why.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { compileFormula } from '../../../../src/core/formula/compile';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { selectionFormula } from '../../../../src/core/binding/scan';
import { fromRoot } from '../../../repo-root';

const LESSON = fs.readFileSync(fromRoot('sandbox-workspace/lesson.py'), 'utf8');

function plotted(selected: string, language = 'python', context = LESSON): { formula: string; names: string[] } {
  const found = selectionFormula(selected, language, context);
  assert.ok(found.ok, `${selected}: ${found.ok ? '' : found.error}`);
  return { formula: found.value.formula, names: found.value.names };
}

/** The formula's value at x for the given parameter values, through the real compiler. */
function valueAt(formula: string, x: number, params: Record<string, number>): number {
  const compiled = compileFormula(formula);
  assert.ok(compiled.ok, formula);
  const program = compiled.value;
  const values = program.params.map((p) => params[p.name]);
  assert.ok(
    values.every((v) => v !== undefined),
    `${formula} has parameters ${program.params.map((p) => p.name).join(', ')}`,
  );
  return createEvaluator(program, new Float64Array([x])).predict(new Float64Array(values))[0];
}

describe('binding: Plot Selection', () => {
  it('plots a multi-parameter def with a slider for every parameter but x', () => {
    const quad = plotted('def quad(a, b, c, x): return a*x**2 + b*x + c');
    assert.deepEqual(quad.names, ['a', 'b', 'c']);
    assert.equal(valueAt(quad.formula, 1.5, { a: 3, b: 2, c: 1 }), 3 * 1.5 ** 2 + 2 * 1.5 + 1);
  });

  it('takes x as the input wherever it stands, else the last parameter', () => {
    const first = plotted('def g(x, w, k):\n    return w*x + k');
    assert.deepEqual(first.names.sort(), ['k', 'w']);
    assert.equal(valueAt(first.formula, 2, { w: 3, k: -1 }), 5);
    const last = plotted('def lin(m, c, t): return m*t + c');
    assert.deepEqual(last.names.sort(), ['c', 'm']);
    assert.equal(valueAt(last.formula, 4, { m: 0.5, c: 1 }), 3);
  });

  it('inlines multi-line bodies and the functions they call', () => {
    const relu = plotted(LESSON.slice(LESSON.indexOf('def rectified_linear'), LESSON.indexOf('plot_function(partial(rectified')));
    assert.deepEqual(relu.names, ['m', 'b']);
    assert.equal(valueAt(relu.formula, -3, { m: 1, b: 1 }), 0);
    assert.equal(valueAt(relu.formula, 2, { m: 1, b: 1 }), 3);
    const start = LESSON.indexOf('def double_relu');
    const double = plotted(LESSON.slice(start, LESSON.indexOf('\n\n', start)));
    assert.deepEqual(double.names, ['m1', 'b1', 'm2', 'b2']);
    assert.equal(valueAt(double.formula, 1, { m1: -1.5, b1: -1.5, m2: 1.5, b2: 1.5 }), 3);
  });

  it('plots a def that returns a model (mk_quad), a lambda and an expression', () => {
    assert.deepEqual(plotted('def mk_quad(a, b, c): return partial(quad, a, b, c)').names, ['a', 'b', 'c']);
    assert.equal(valueAt(plotted('lambda a, x: a*x').formula, 3, { a: 2 }), 6);
    assert.deepEqual(plotted('a*x**2 + b*x + c').names, ['a', 'b', 'c']);
    assert.deepEqual(plotted('quad(3, 2, 1, x)').names, []);
    assert.deepEqual(plotted('def f(x): return 3*x**2 + 2*x + 1').names, []);
  });

  it('plots JavaScript and TypeScript functions', () => {
    const arrow = plotted('const quad = (a: number, b: number, c: number, x: number) => a*x**2 + b*x + c;', 'typescript', '');
    assert.deepEqual(arrow.names, ['a', 'b', 'c']);
    const fn = plotted('function q(a, x) { return a*x*x; }', 'javascript', '');
    assert.equal(valueAt(fn.formula, 3, { a: 2 }), 18);
  });

  it('says why a selection is not a formula, quoting it', () => {
    for (const selected of ['def mse(preds, acts): return ((preds-acts)**2).mean()', 'plt.scatter(x, y);', 'print("hi")', '']) {
      const found = selectionFormula(selected, 'python', LESSON);
      assert.equal(found.ok, false, selected);
      if (!found.ok) assert.ok(found.error.startsWith(`"${selected.trim().slice(0, 20)}`), found.error);
    }
  });
});
