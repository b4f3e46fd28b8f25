// nn-fit --data on real files: every bad case of test/fixtures/csv/ answered with one line and
// exit code 2, skipped rows reported on stderr, columns chosen by name or index, --print-data,
// and inputs too big to read (a 2 GB sparse file, /dev/zero, an endless pipe) refused by size.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../repo-root';
import { CLI, refused, runProcess as run } from './run-cli';

const fixture = (name: string) => fromRoot('test', 'fixtures', 'csv', name);

describe('nn-fit --data: bad files', () => {
  it('answers each with one line naming the problem', () => {
    refused(['--data', fixture('no-such-file.csv')], /Cannot read it: no such file\./);
    refused(['--data', fixture('empty.csv')], /: The file is empty\.$/m);
    refused(['--data', fixture('header-only.csv')], /has a header \(x, y\) but no data rows/);
    refused(['--data', fixture('one-column.csv')], /Found 1 column, need at least 2/);
    refused(['--data', fixture('no-numeric.csv')], /No column holds numbers \(columns: 0: "name", 1: "city"\)/);
    refused(['--data', fixture('duplicate-headers.csv')], /names "y" 2 times \(columns 1 and 2\); choose the y column by number/);
    refused(['--data', fixture('binary.png')], /not a text file: it holds binary data/);
    refused(['--data', fromRoot('test')], /Cannot read it: it is a folder/);
  });

  it('skips rows that are not numbers and says so on stderr, with the count and a first example', () => {
    const result = run(['--data', fixture('text-in-number.csv'), '--print-data']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'x,y\n1,2.5\n3,6.5\n5,12.5\n');
    assert.match(
      result.stderr,
      /^nn-fit: --data .*text-in-number\.csv \(x = "x", y = "y"\): 3 of 6 rows skipped: 2 with text in column "y", e\.g\. row 3: 'n\/a'; 1 with an empty cell/,
    );
    const finite = run(['--data', fixture('non-finite.csv'), '--print-data']);
    assert.equal(finite.stdout, 'x,y\n2,4\n6,10\n7,14\n');
    assert.match(
      finite.stderr,
      /5 of 8 rows skipped: 4 with a number that is not finite .* in column "y", e\.g\. row 2: 'NaN'; 1 with .* column "x", e\.g\. row 8: '-1e999'/,
    );
    const mixed = run(['--data', fixture('mixed-delimiters.csv'), '--print-data']);
    assert.equal(mixed.stdout, 'x,y\n1,2\n5,6\n9,10\n');
    assert.match(mixed.stderr, /2 of 5 rows skipped: too few fields \(another delimiter\?\) for column "y", e\.g\. row 3: '3;4'/);
  });

  // Rows are records, as a spreadsheet numbers them: the quoted line break above makes row 5 the file's line 6.
  it('reads a messy European file: BOM, semicolons, decimal commas, quotes, CRLF', () => {
    const result = run(['--data', fixture('european.csv'), '--print-data']);
    assert.equal(result.stdout, 'x,y\n0,20.5\n0.5,21.25\n1,22\n2,23.75\n');
    assert.match(
      result.stderr,
      /x = "Zeit \(s\)", y = "Temperatur; °C"\): 1 of 5 rows skipped: text in column "Temperatur; °C", e\.g\. row 5: 'k\.A\.'/,
    );
  });

  it('takes --x-col and --y-col by name or 0-based index', () => {
    assert.equal(run(['--data', fixture('duplicate-headers.csv'), '--y-col', '2', '--print-data']).stdout, 'x,y\n1,20\n2,40\n3,60\n');
    assert.equal(
      run(['--data', fixture('duplicate-headers.csv'), '--x-col', '1', '--y-col', 'x', '--print-data']).stdout,
      'x,y\n2,1\n4,2\n6,3\n',
    );
    refused(['--data', fixture('duplicate-headers.csv'), '--y-col', 'y'], /The y column "y" is ambiguous/);
    refused(
      ['--data', fixture('duplicate-headers.csv'), '--y-col', 'z'],
      /There is no y column named "z"; the columns are 0: "x", 1: "y", 2: "y"/,
    );
    refused(
      ['--data', fixture('duplicate-headers.csv'), '--x-col', '7'],
      /There is no x column 7: the file has 3 columns, numbered 0 to 2/,
    );
    refused(['--x-col', '1'], /--x-col applies to --data <file.csv>/);
  });

  it('trains on the loaded columns', () => {
    const result = run(['--data', fixture('european.csv'), '--model', 'a*x + b', '--steps', '3', '--quiet', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const last = JSON.parse(result.stdout);
    assert.equal(last.step, 3);
    assert.ok(Number.isFinite(last.loss));
  });
});

describe('nn-fit --data: inputs too big to read', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'nn-fit-big-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a 2 GB file by its size, before reading it', () => {
    const file = join(dir, 'huge.csv');
    writeFileSync(file, 'x,y\n');
    truncateSync(file, 2 * 1024 ** 3);
    const started = Date.now();
    refused(['--data', file], /huge\.csv: The file is 2\.0 GB; the limit is 256 MB\.$/m);
    assert.ok(Date.now() - started < 20_000, 'refused without reading 2 GB');
  });

  it('refuses /dev/zero (binary), and an endless pipe of text by the bytes read', () => {
    refused(['--data', '/dev/zero'], /\/dev\/zero: This is not a text file: it holds binary data \(a NUL byte at character 1\)/);
    const line = `1,2${' '.repeat(60_000)}`;
    const result = spawnSync('sh', ['-c', `yes '${line}' | "${process.execPath}" "${CLI}" --data /dev/stdin --print-data`], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^nn-fit: --data \/dev\/stdin: It gave more than 256 MB without ending; the limit is 256 MB\.\n$/);
    assert.equal(result.stdout, '');
  });
});
