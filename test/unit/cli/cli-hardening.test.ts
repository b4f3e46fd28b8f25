// nn-fit on runs that diverge (also on the very last step), names that are built-in object
// properties in --init, and --print-data (every digit; the lesson's data from real NumPy/PyTorch).
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvaluator } from '../../../src/core/eval/create-evaluator';
import { generateData, NOTEBOOK_SETTINGS } from '../../../src/core/data/generate';
import { float32Function } from '../../../src/core/formula/pointwise';
import { presetModel } from '../../../src/core/model/presets';
import { fromRoot } from '../../repo-root';
import { runProcess as run } from './run-cli';

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/** Plain gradient descent on the lesson's quadratic, independent of the CLI: the first step whose state is not finite. */
function firstNonFiniteStep(lr: number, maxSteps: number): number {
  const data = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
  const setup = presetModel('quadratic');
  const evaluator = createEvaluator(setup.program, data.x, { codegen: false });
  const params = Float64Array.from(setup.init);
  const grad = new Float64Array(params.length);
  for (let step = 0; step <= maxSteps; step++) {
    const loss = evaluator.lossAndGrad(params, data.y, 'mse', grad);
    if (!Number.isFinite(loss) || !params.every(Number.isFinite) || !grad.every(Number.isFinite)) return step;
    params.forEach((p, i) => (params[i] = p - lr * grad[i]));
  }
  return -1;
}

describe('nn-fit: divergence, --init names and --print-data', function () {
  this.timeout(60000);
  const diverges = firstNonFiniteStep(1, 1000);

  it(`detects divergence on the last step (--lr 1 --loss mse diverges at step ${diverges}) in every output mode`, () => {
    assert.ok(diverges > 1);
    const steps = String(diverges);
    const json = run(['--loss', 'mse', '--lr', '1', '--steps', steps, '--json']);
    assert.equal(json.status, 1);
    assert.equal(lines(json.stderr).length, 1);
    assert.match(
      json.stderr,
      new RegExp(`^nn-fit: diverged at step ${diverges}: the loss became infinite; kept step ${diverges - 1} \\(loss `),
    );
    const records = lines(json.stdout).map((l) => JSON.parse(l));
    assert.equal(records.length, diverges + 1, `steps 0..${diverges - 1}, then the kept one`);
    const kept = records.at(-1);
    assert.equal(kept.kept, true);
    assert.equal(kept.step, diverges - 1);
    assert.deepEqual({ ...kept, kept: undefined }, { ...records.at(-2), kept: undefined }, 'the kept state is the last finite one');
    assert.ok(Number.isFinite(kept.loss) && Object.values(kept.params).every((v) => Number.isFinite(v)));

    const quiet = run(['--loss', 'mse', '--lr', '1', '--steps', steps, '--quiet', '--json']);
    assert.equal(quiet.status, 1);
    assert.deepEqual(
      lines(quiet.stdout).map((l) => JSON.parse(l)),
      [kept],
      '--quiet --json prints the kept parameters with their own step',
    );
    const quietHuman = run(['--loss', 'mse', '--lr', '1', '--steps', steps, '--quiet']);
    assert.equal(quietHuman.status, 1);
    assert.match(quietHuman.stdout, new RegExp(`^step=${diverges - 1}; .*\\(kept: step ${diverges - 1}, the last finite state\\)\\n$`));
    const human = run(['--loss', 'mse', '--lr', '1', '--steps', steps]);
    assert.equal(human.status, 1);
    assert.equal(human.stderr, json.stderr);
    assert.match(
      lines(human.stdout).at(-1)!,
      new RegExp(`^step=${diverges - 1}; loss=.* \\(kept: step ${diverges - 1}, the last finite state\\)$`),
    );
  });

  it('detects divergence in the middle of a run too, with the same report in --quiet', () => {
    const quiet = run(['--loss', 'mse', '--lr', '1', '--steps', String(diverges + 50), '--quiet', '--json']);
    assert.equal(quiet.status, 1);
    assert.match(quiet.stderr, new RegExp(`diverged at step ${diverges}:.*kept step ${diverges - 1}`));
    assert.equal(JSON.parse(lines(quiet.stdout)[0]).step, diverges - 1);
    const ok = run(['--loss', 'mse', '--lr', '1', '--steps', String(diverges - 1), '--quiet']);
    assert.equal(ok.status, 0, 'one step fewer is still finite');
  });

  it('-log(a) + b*x with a = 0.1, lr 1, MSE: NaN after one step is a divergence, exit 1', () => {
    const result = run(['--model', '-log(a) + b*x', '--init', 'a=0.1,b=1', '--lr', '1', '--loss', 'mse', '--steps', '1', '--json']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /diverged at step 1: the loss became NaN; kept step 0/);
    const records = lines(result.stdout).map((l) => JSON.parse(l));
    assert.equal(records.at(-1).kept, true);
    assert.deepEqual(records.at(-1).params, { a: 0.1, b: 1 });
  });

  it('--init with built-in property names: unknown parameters exit 2 with one line; real ones work', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const result = run(['--init', `${name}=5`]);
      assert.equal(result.status, 2, name);
      assert.equal(result.stderr, `nn-fit: --init: the model has no parameter "${name}" (its parameters: a, b, c)\n`);
    }
    const own = run(['--model', 'constructor*x + __proto__', '--init', 'constructor=2,__proto__=0.5', '--steps', '1', '--json']);
    assert.equal(own.status, 0, own.stderr);
    assert.deepEqual(JSON.parse(lines(own.stdout)[0]).params, JSON.parse('{"constructor": 2, "__proto__": 0.5}'));
    assert.equal(run(['--init', 'a=1,a=2']).status, 2);
  });

  it('--print-data prints the generated data with every digit: reading it back gives the same doubles', () => {
    const result = run(['--print-data']);
    assert.equal(result.status, 0);
    const rows = lines(result.stdout);
    assert.equal(rows[0], 'x,y');
    const data = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
    const parsed = rows.slice(1).map((r) => r.split(',').map(Number));
    assert.deepEqual(
      parsed.map((r) => r[0]),
      Array.from(data.x),
    );
    assert.deepEqual(
      parsed.map((r) => r[1]),
      Array.from(data.y),
    );
    const golden = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'numpy-golden.json'), 'utf8')).lesson;
    assert.deepEqual(
      parsed.map((r) => r[1]),
      golden.y,
      "the lesson's data, as real NumPy/PyTorch make it",
    );
    const exact = lines(run(['--print-data', '--linspace', 'exact']).stdout);
    assert.notEqual(exact[10], rows[10], 'the plain formula moves x[9]');
    const other = lines(run(['--print-data', '--n', '7', '--range', '0,1', '--seed', '3', '--fn', 'sin(x)']).stdout);
    assert.equal(other.length, 8);
  });

  it('--print-data prints a loaded CSV as it was read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-fit-print-'));
    const file = join(dir, 'd.csv');
    writeFileSync(file, 'x,y\n0.1,0.30000000000000004\n1e-7,-2.5\n3,1e300\n');
    const result = run(['--print-data', '--data', file]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, 'x,y\n0.1,0.30000000000000004\n1e-7,-2.5\n3,1e+300\n');
  });
});
