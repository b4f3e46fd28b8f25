import * as assert from 'node:assert/strict';
import { parseCsv, toCsv } from '../../../../src/core/data/csv';

function ok(text: string) {
  const r = parseCsv(text);
  if (!r.ok) assert.fail(`expected success, got: ${r.error}`);
  return { x: Array.from(r.data.x), y: Array.from(r.data.y), xColumn: r.xColumn, yColumn: r.yColumn, skipped: r.skipped };
}

function err(text: string): string {
  const r = parseCsv(text);
  if (r.ok) assert.fail('expected an error');
  return r.error;
}

describe('parseCsv: happy paths', () => {
  it('reads a plain comma file with a header', () => {
    assert.deepEqual(ok('x,y\n1,2\n3,4.5\n'), { x: [1, 3], y: [2, 4.5], xColumn: 'x', yColumn: 'y', skipped: 0 });
  });

  it('reads a file without a header, naming the columns x and y', () => {
    assert.deepEqual(ok('-1.5,2e3\n.5,-7\n'), { x: [-1.5, 0.5], y: [2000, -7], xColumn: 'x', yColumn: 'y', skipped: 0 });
  });

  it('uses the first two columns under any other header', () => {
    const r = ok('time,temp,unit\n0,20.5,C\n1,21,C\n');
    assert.deepEqual([r.xColumn, r.yColumn, r.x, r.y], ['time', 'temp', [0, 1], [20.5, 21]]);
  });

  it('picks the columns named x and y, in any order and case', () => {
    const r = ok('id,Y,X\n1,10,100\n2,20,200\n');
    assert.deepEqual([r.xColumn, r.yColumn, r.x, r.y], ['X', 'Y', [100, 200], [10, 20]]);
  });

  it('detects semicolons (with decimal commas) and tabs', () => {
    assert.deepEqual(ok('x;y\n1,5;2\n3;-0,25\n').y, [2, -0.25]);
    assert.deepEqual(ok('x;y\n1,5;2\n3;-0,25\n').x, [1.5, 3]);
    assert.deepEqual(ok('a\tb\n1\t2\n3\t4\n').x, [1, 3]);
  });

  it('handles quoted fields, escaped quotes and CRLF line ends', () => {
    const r = ok('"the ""x"" value","y, measured"\r\n"1",  "2" \r\n3,"4"\r\n');
    assert.deepEqual([r.xColumn, r.yColumn, r.x, r.y], ['the "x" value', 'y, measured', [1, 3], [2, 4]]);
  });

  it('counts a line break inside quotes when reporting line numbers', () => {
    assert.match(err('"x\nvalue",y\n1,2\n3,zz\n'), /^line 4, column "y"/);
  });

  it('ignores blank lines, comment lines, a BOM and surrounding spaces', () => {
    const r = ok('\uFEFF# measured on Tuesday\nx,y\n\n  1 , 2 \n   \n# mid comment\n3,4\n,\n');
    assert.deepEqual([r.x, r.y, r.skipped], [[1, 3], [2, 4], 5]);
  });

  it('accepts old Mac CR line ends and a missing final newline', () => {
    assert.deepEqual(ok('x,y\r1,2\r3,4').y, [2, 4]);
  });
});

describe('parseCsv: errors', () => {
  it('names the line and column of text in a number column', () => {
    assert.equal(err('x,y\n1,2\n3,4\n\n# note\n5,6\n7,abc\n'), 'line 7, column "y": "abc" is not a number');
    assert.equal(err('1,2\nfoo,4\n'), 'line 2, column 1: "foo" is not a number');
  });

  it('rejects NaN, Infinity and overflowing numbers', () => {
    assert.equal(err('x,y\n1,NaN\n2,3\n'), 'line 2, column "y": "NaN" is not a finite number');
    assert.equal(err('x,y\n1,2\n-Infinity,3\n'), 'line 3, column "x": "-Infinity" is not a finite number');
    assert.equal(err('x,y\n1,2\n2,1e999\n'), 'line 3, column "y": "1e999" is not a finite number');
    assert.equal(err('x,y\n1,2\n2,inf\n'), 'line 3, column "y": "inf" is not a finite number');
  });

  it('rejects empty cells and partly numeric text', () => {
    assert.equal(err('x,y\n1,\n2,3\n'), 'line 2, column "y": "" is not a number');
    assert.equal(err('x,y\n1,2px\n2,3\n'), 'line 2, column "y": "2px" is not a number');
    assert.equal(err('x,y\n0x10,2\n2,3\n'), 'line 2, column "x": "0x10" is not a number');
  });

  it('needs at least 2 data rows', () => {
    assert.equal(err(''), 'The file has no data rows.');
    assert.equal(err('# only a comment\n\n'), 'The file has no data rows.');
    assert.equal(err('x,y\n'), 'Need at least 2 data rows, found 0.');
    assert.equal(err('x,y\n1,2\n'), 'Need at least 2 data rows, found 1.');
    assert.equal(err('1,2\n'), 'Need at least 2 data rows, found 1.');
  });

  it('needs two columns', () => {
    assert.match(err('x\n1\n2\n'), /^line 1: found 1 column, need at least 2/);
    assert.match(err('1\n2\n'), /^line 1: found 1 column/);
    assert.equal(err('x,y\n1,2\n3\n'), 'line 3: found 1 column(s), need at least 2');
    assert.equal(err('a,y,x\n1,2,3\n4,5\n'), 'line 3: found 2 column(s), need at least 3');
  });

  it('reports broken quoting', () => {
    assert.equal(err('x,y\n1,"2\n3,4\n'), 'line 2: a quoted field is never closed');
    assert.equal(err('x,y\n1,"2"3\n3,4\n'), 'line 2: unexpected text after a closing quote');
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
    assert.deepEqual([r.xColumn, r.yColumn], ['time, s', 'say "hi"']);
    assert.deepEqual(Array.from(r.data.y), Array.from(data.y));
    assert.deepEqual(Array.from(r.data.x), [Math.PI, 0, 5e-324]);
  });

  it('rejects mismatched lengths', () => {
    assert.throws(() => toCsv({ x: new Float64Array(2), y: new Float64Array(3) }), RangeError);
  });
});
