// The nn-fit CLI run as a user runs it: the lesson's loop line for line, JSON per step, --quiet,
// CSV data with a schedule, vector parameters, and bad flags or files answered with one line and
// exit code 2 (a warning for overshooting, exit code 1 for a diverging run).
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../repo-root';
import { refused, runInProcess as run, runProcess } from './run-cli';

const golden = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'lesson-golden.json'), 'utf8'));

describe('nn-fit CLI', () => {
  it("prints the lesson's loop: loss before each update, parameters after it", async () => {
    const lines = await run([
      '--model',
      'quadratic',
      '--data',
      'notebook',
      '--init',
      'a=1.1,b=1.1,c=1.1',
      '--lr',
      '0.01',
      '--steps',
      '10',
      '--accumulate-grad',
    ]);
    assert.equal(lines.length, 10);
    lines.forEach((line, i) => {
      const before = golden.mae_accumulate[i];
      const after = golden.mae_accumulate[i + 1];
      assert.equal(line, `step=${i}; loss=${before.loss.toFixed(2)} and [${after.params.map((v: number) => v.toFixed(4)).join(', ')}]`);
    });
  });

  it('writes one JSON object per step, step 0 being the start', async () => {
    const lines = await run(['--json', '--steps', '30']);
    assert.equal(lines.length, 31);
    lines.forEach((line, k) => {
      const row = JSON.parse(line);
      const expected = golden.mae_plain[k];
      assert.equal(row.step, k);
      assert.ok(Math.abs(row.loss - expected.loss) < 1e-12);
      assert.deepEqual(Object.keys(row.params), ['a', 'b', 'c']);
      assert.ok(Math.abs(row.params.a - expected.params[0]) < 1e-12);
      assert.ok(Math.abs(row.grad.c - expected.grad[2]) < 1e-12);
    });
  });

  it('prints only the final state with --quiet, and vectors as arrays', async () => {
    const [line] = await run(['--model', 'relus', '--units', '3', '--steps', '5', '--json', '--quiet']);
    const row = JSON.parse(line);
    assert.equal(row.step, 5);
    assert.equal(row.params.m.length, 3);
    assert.equal(row.grad.b.length, 3);
    const [human] = await run(['--steps', '30', '--loss', 'mse', '--quiet']);
    assert.match(human, /^step=30; loss=\d+\.\d\d and \[/);
  });

  it('fits a formula to a CSV file with a schedule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-fit-'));
    const file = join(dir, 'line.csv');
    writeFileSync(file, 'x,y\n' + [0, 1, 2, 3, 4].map((x) => `${x},${2 * x + 1}`).join('\n'));
    const [line] = await run([
      '--model',
      'w*x + v',
      '--data',
      file,
      '--lr',
      '0.05',
      '--steps',
      '3000',
      '--loss',
      'mse',
      '--schedule',
      'cosine',
      '--json',
      '--quiet',
    ]);
    const row = JSON.parse(line);
    assert.ok(Math.abs(row.params.w - 2) < 0.05 && Math.abs(row.params.v - 1) < 0.1, line);
  });

  it('fits a formula with vector parameters: --units, per-unit --init lists, vectors as JSON arrays', async () => {
    const formula = 'sum(w*relu(m*x + b)) + c';
    const lines = await run(['--model', formula, '--units', '3', '--init', 'm=[0.5,-1,2],b=[0,0,1],c=0.5', '--steps', '2', '--json']);
    const start = JSON.parse(lines[0]);
    assert.deepEqual(start.params.m, [0.5, -1, 2]);
    assert.deepEqual(start.params.b, [0, 0, 1]);
    assert.equal(start.params.c, 0.5);
    assert.equal(start.params.w.length, 3);
    assert.equal(new Set(start.params.w).size, 3, 'the output weights start apart (seeded), not all equal');
    assert.equal(start.grad.w.length, 3);
    const end = JSON.parse(lines[2]);
    assert.equal(end.step, 2);
    assert.ok(end.loss < start.loss);
    // The same units from the preset and from the formula typed by hand.
    const preset = JSON.parse((await run(['--model', 'relus', '--units', '4', '--model-seed', '7', '--steps', '0', '--json']))[0]);
    const typed = JSON.parse((await run(['--model', formula, '--units', '4', '--model-seed', '7', '--steps', '0', '--json']))[0]);
    assert.deepEqual(typed.params.m, preset.params.m);
    assert.deepEqual(typed.params.b, preset.params.b);
    assert.deepEqual(typed.params.w, preset.params.w);
  });

  it('answers bad flags and files with one line and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['--bogus'], /unknown option "--bogus"/],
      [['--lr'], /--lr needs a value/],
      [['--lr', 'fast'], /--lr expects a number above 0, got "fast"/],
      [['--steps', '1.5'], /--steps expects a whole number/],
      [['--loss', 'huber'], /--loss expects mae or mse/],
      [['--model', 'a*x +'], /position 6/],
      [['--init', 'q=1'], /no parameter "q" \(its parameters: a, b, c\)/],
      [['--data', '/no/such.csv'], /^nn-fit: --data \/no\/such.csv: Cannot read it: no such file\.$/m],
      [['--schedule', 'step:0:0.5'], /every/],
      [['--backend', 'tpu'], /--backend expects/],
      [['--model', 'quadratc'], /"quadratc" is neither a preset \(quadratic, relu, double-relu, relus\) nor a formula of x/],
      [['--model', '3*x'], /has no parameters to fit/],
      [['--units', '8'], /--units applies to --model relus or a formula with vector parameters/],
      [['--model', 'relu', '--units', '8'], /--units applies to --model relus or a formula with vector parameters/],
      [['--model', 'a*x', '--units', '3'], /need vector parameters, and "a\*x" has none/],
      [['--model', 'relus', '--units', '3', '--init', 'm=[1,2]'], /--init: m has 3 values \(--units 3\), got a list of 2/],
      [['--model', 'relus', '--init', 'c=[1,2]'], /--init: c has 1 value \(a scalar\), got a list of 2/],
      [['--model', 'relus', '--init', 'm=[1,,2]'], /--init: m=\[\.\.\.\] expects numbers separated by commas/],
      [['--model', 'relus', '--init', 'm=[1,x]'], /--init expects a finite number, got "x"/],
    ];
    for (const [args, message] of cases) refused(args, message);
    const dir = mkdtempSync(join(tmpdir(), 'nn-fit-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'x,y\n1,2\n2,abc\n');
    const result = runProcess(['--data', file]);
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /Need at least 2 rows with numbers in columns "x" and "y", found 1: 1 of 2 rows skipped: text in column "y", e\.g\. row 3: 'abc'/,
    );
  });

  it('warns on stderr when the loss grew (overshooting), still exiting 0', () => {
    const result = runProcess(['--lr', '50', '--steps', '100', '--quiet']);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /warning: the loss grew from 2\.32 to \d+\.\d\d: the steps overshoot/);
    assert.equal(runProcess(['--steps', '100', '--quiet']).stderr, '');
  });

  it('reports a diverging run on stderr with exit code 1', () => {
    const result = runProcess(['--lr', '100', '--loss', 'mse', '--steps', '1000']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /diverged at step \d+/);
  });
});
