// The CSV loader on small texts: header and delimiter detection, quotes, decimal commas, column
// choice, and the skipped-row report; toCsv round trips.
import * as assert from 'node:assert/strict';
import { parseCsv, toCsv } from '../../../../src/core/data/csv';
import type { CsvReadOptions } from '../../../../src/core/data/csv';

function ok(text: string, options: CsvReadOptions = {}) {
  const r = parseCsv(text, options);
  if (!r.ok) assert.fail(`expected success, got: ${r.error}`);
  return { x: Array.from(r.data.x), y: Array.from(r.data.y), xColumn: r.columns.x.name, yColumn: r.columns.y.name, skipped: r.skipped, r };
}

function err(text: string, options: CsvReadOptions = {}): string {
  const r = parseCsv(text, options);
  if (r.ok) assert.fail('expected an error');
  return r.error;
}

describe('parseCsv: what it reads', () => {
  it('reads a plain comma file with a header', () => {
    const r = ok('x,y\n1,2\n3,4.5\n');
    assert.deepEqual([r.x, r.y, r.xColumn, r.yColumn, r.skipped], [[1, 3], [2, 4.5], 'x', 'y', '']);
  });

  it('reads a file without a header, naming the columns by number', () => {
    const r = ok('-1.5,2e3\n.5,-7\n');
    assert.deepEqual([r.x, r.y, r.xColumn, r.yColumn, r.r.layout.header], [[-1.5, 0.5], [2000, -7], 'column 1', 'column 2', false]);
  });

  it('uses the first two numeric columns under any other header', () => {
    const r = ok('label,time,temp\nA,0,20.5\nB,1,21\n');
    assert.deepEqual([r.xColumn, r.yColumn, r.x, r.y], ['time', 'temp', [0, 1], [20.5, 21]]);
  });

  it('picks the columns named x and y, in any order and case', () => {
    const r = ok('id,Y,X\n1,10,100\n2,20,200\n');
    assert.deepEqual([r.xColumn, r.yColumn, r.x, r.y], ['X', 'Y', [100, 200], [10, 20]]);
  });

  it('takes the columns the user names, by name or 0-based index', () => {
    const text = 'id,a,b,c\n1,10,100,1000\n2,20,200,2000\n';
    assert.deepEqual(ok(text, { x: 'c', y: 'a' }).x, [1000, 2000]);
    assert.deepEqual(ok(text, { x: 2, y: '0' }).y, [1, 2]);
    assert.deepEqual(ok(text, { x: 'B', y: 'id' }).x, [100, 200]);
  });

  it('detects semicolons (with decimal commas), tabs and bars', () => {
    const r = ok('x;y\n1,5;2\n3;-0,25\n');
    assert.deepEqual(
      [r.x, r.y],
      [
        [1.5, 3],
        [2, -0.25],
      ],
    );
    assert.deepEqual(ok('a\tb\n1\t2\n3\t4\n').x, [1, 3]);
    assert.deepEqual(ok('a|b\n1|2\n3|4\n').y, [2, 4]);
  });

  it('handles quoted fields, escaped quotes, line breaks in quotes and CRLF line ends', () => {
    const r = ok('"the ""x"" value","y, measured",note\r\n"1",  "2" ,"a\r\nb"\r\n3,"4",c\r\n');
    assert.deepEqual([r.xColumn, r.yColumn, r.x, r.y], ['the "x" value', 'y, measured', [1, 3], [2, 4]]);
  });

  it('ignores blank lines, comment lines, a BOM and surrounding spaces, and counts them', () => {
    const r = ok('\uFEFF# measured on Tuesday\nx,y\n\n  1 , 2 \n   \n# mid comment\n3,4\n,\n');
    assert.deepEqual([r.x, r.y, r.r.blankLines, r.r.commentLines, r.skipped], [[1, 3], [2, 4], 3, 2, '']);
  });

  it('accepts old Mac CR line ends and a missing final newline', () => {
    assert.deepEqual(ok('x,y\r1,2\r3,4').y, [2, 4]);
  });

  it('reads text split into chunks anywhere, even inside a quoted field', () => {
    const text = 'x,"y\nunit"\n' + Array.from({ length: 300 }, (_, i) => `${i},"${i * 2}"`).join('\r\n');
    const whole = ok(text);
    assert.equal(whole.x.length, 300);
    assert.deepEqual(whole.y.slice(0, 3), [0, 2, 4]);
  });
});

describe('parseCsv: rows that are not numbers are skipped and counted', () => {
  it('counts text, empty cells and non-finite numbers by column, with the first example', () => {
    const r = ok('x,y\n1,2\n2,n/a\n3,4\n4,\n5,n/a\nfoo,6\n7,8\n');
    assert.deepEqual(r.x, [1, 3, 7]);
    assert.equal(
      r.skipped,
      `4 of 7 rows skipped: 2 with text in column "y", e.g. row 3: 'n/a'; ` +
        `1 with an empty cell in column "y", e.g. row 5: ''; 1 with text in column "x", e.g. row 7: 'foo'`,
    );
  });

  it('says it in one phrase when there is one reason', () => {
    assert.equal(ok('x,y\n1,2\n2,n/a\n3,4\n').skipped, `1 of 3 rows skipped: text in column "y", e.g. row 3: 'n/a'`);
  });

  it('never hands NaN, Infinity or an overflow to training', () => {
    const r = ok('x,y\n1,NaN\n2,3\n-Infinity,3\n2,1e999\n2,inf\n4,5\n1e-400,6\n');
    assert.deepEqual(
      [r.x, r.y],
      [
        [2, 4, 0],
        [3, 5, 6],
      ],
    );
    assert.match(r.skipped, /^4 of 7 rows skipped: /);
    assert.match(r.skipped, /not finite .* column "y", e.g. row 2: 'NaN'/);
    assert.match(r.skipped, /not finite .* column "x", e.g. row 4: '-Infinity'/);
  });

  it('refuses partly numeric text rather than guessing', () => {
    const r = ok('x,y\n1,2px\n0x10,2\n2,3\n3,4\n');
    assert.deepEqual(r.x, [2, 3]);
    assert.match(r.skipped, /^2 of 4 rows skipped/);
  });

  it('counts rows with too few fields (another delimiter) with the whole row as the example', () => {
    const r = ok('x,y\n1,2\n3;4\n5,6\n');
    assert.equal(r.skipped, `1 of 3 rows skipped: too few fields (another delimiter?) for column "y", e.g. row 3: '3;4'`);
  });

  it('counts data rows of a headerless file from row 1', () => {
    assert.equal(ok('1,2\nfoo,4\n5,6\n').skipped, `1 of 3 rows skipped: text in column "column 1", e.g. row 2: 'foo'`);
  });
});

describe('parseCsv: refusals', () => {
  it('names what is missing', () => {
    assert.equal(err(''), 'The file is empty.');
    assert.equal(err(' \n\n'), 'The file is empty.');
    assert.equal(err('# only a comment\n\n'), 'The file has no data rows (only blank or comment lines).');
    assert.equal(err('x,y\n'), 'The file has a header (x, y) but no data rows.');
    assert.equal(err('x,y\n1,2\n'), 'Need at least 2 rows with numbers in columns "x" and "y", found 1.');
    assert.match(err('x,y\n1,a\n2,b\n'), /^Need at least 2 rows with numbers in columns "x" and "y", found 0: 2 of 2 rows skipped: text/);
  });

  it('needs two columns, and two that hold numbers', () => {
    assert.match(err('x\n1\n2\n'), /^Found 1 column, need at least 2/);
    assert.match(err('name,city\nann,paris\nbob,rome\n'), /^No column holds numbers/);
    assert.match(err('name,v\nann,1\nbob,2\n'), /^Only 1 column holds numbers; need two/);
  });

  it('explains a column choice that does not exist or is ambiguous', () => {
    assert.equal(err('a,b\n1,2\n3,4\n', { x: 'q' }), 'There is no x column named "q"; the columns are 0: "a", 1: "b"');
    assert.equal(err('a,b\n1,2\n3,4\n', { y: 5 }), 'There is no y column 5: the file has 2 columns, numbered 0 to 1');
    assert.match(err('x,y,y\n1,2,3\n4,5,6\n'), /^The header names "y" 2 times \(columns 1 and 2\); choose the y column by number/);
    assert.match(err('x,y,y\n1,2,3\n4,5,6\n', { y: 'y' }), /ambiguous: the header has it 2 times/);
    assert.deepEqual(ok('x,y,y\n1,2,3\n4,5,6\n', { y: 2 }).y, [3, 6]);
    assert.match(err('a,b\n1,2\n3,4\n', { x: 'a', y: 0 }), /^X and y are the same column/);
  });

  it('refuses binary data and rows past the limits', () => {
    assert.match(err('x,y\n1,2\u0000\u0001\n'), /^This is not a text file: it holds binary data/);
    const limits = { fileBytes: 1e9, rows: 3, columns: 3, rowChars: 100 };
    assert.equal(err('x,y\n1,2\n3,4\n5,6\n7,8\n', { limits }), 'The file has more than 3 data rows, the limit');
    assert.equal(err('a,b,c,d\n1,2,3,4\n', { limits }), 'Row 1 has 4 fields; the limit is 3 columns');
    assert.match(
      err(`x,y\n1,"${'2'.repeat(70 * 1024)}\n`, { limits }),
      /^Row 2 is longer than 100 characters, the limit for one row \(is a quote never closed\?\)/,
    );
  });
});

describe('toCsv', () => {
  it('writes a header and shortest round-trip numbers', () => {
    const data = { x: new Float64Array([-2, 0.1 + 0.2]), y: new Float64Array([10.403388491025941, -1e-300]) };
    assert.equal(toCsv(data), 'x,y\n-2,10.403388491025941\n0.30000000000000004,-1e-300\n');
  });

  it('round-trips through parseCsv exactly, keeping column names', () => {
    const data = { x: new Float64Array([Math.PI, -0, 5e-324]), y: new Float64Array([1 / 3, 2 ** 60, -7.25]) };
    const r = parseCsv(toCsv(data, { x: 'time, s', y: 'say "hi"' }));
    assert.ok(r.ok);
    assert.deepEqual([r.columns.x.name, r.columns.y.name], ['time, s', 'say "hi"']);
    assert.deepEqual(Array.from(r.data.y), Array.from(data.y));
    assert.deepEqual(Array.from(r.data.x), [Math.PI, 0, 5e-324]);
  });

  it('rejects mismatched lengths', () => {
    assert.throws(() => toCsv({ x: new Float64Array(2), y: new Float64Array(3) }), RangeError);
  });
});
