import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { main } from '../../../src/cli/nn-fit';
import { fromRoot } from '../../repo-root';

const cli = fromRoot('out', 'src', 'cli', 'nn-fit.js');
const golden = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'lesson-golden.json'), 'utf8'));

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  assert.equal(code, 0);
  return lines;
}

function runProcess(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

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
      assert.equal(line, `step=${i}; loss=${before.loss.toFixed(2)} and [${after.params.map((v: number) => v.toFixed(2)).join(', ')}]`);
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
      [['--units', '8'], /--units applies to --model relus only/],
    ];
    for (const [args, message] of cases) {
      const result = runProcess(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
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
