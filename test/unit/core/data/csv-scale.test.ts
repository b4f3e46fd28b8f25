// The loader at scale and under attack: a generated 1,000,000-row file loads through
// loadCsvBytes with every value exact; random bytes and random mutations of a valid CSV never
// throw out of the loader and never hand a NaN or an Infinity to training (fixed seed, bounded).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCsvBytes, parseCsv } from '../../../../src/core/data/csv';
import type { CsvOutcome } from '../../../../src/core/data/csv';
import { xorshift32 } from '../../../../src/core/data/rng';
import { fromRoot } from '../../../repo-root';

function assertTrainable(outcome: CsvOutcome, what: string): void {
  if (!outcome.ok) {
    assert.equal(typeof outcome.error, 'string', what);
    assert.ok(outcome.error.length > 0 && outcome.error.length < 2000, `${what}: ${outcome.error}`);
    return;
  }
  const { x, y } = outcome.data;
  assert.equal(x.length, y.length, what);
  assert.ok(x.length >= 2, what);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) assert.fail(`${what}: row value ${i} is ${x[i]}, ${y[i]}`);
  }
}

describe('CSV loader at scale', function () {
  this.timeout(120_000);

  it('loads a generated 1,000,000-row file, every value exact', () => {
    const rows = 1_000_000;
    const value = (i: number) => (i * 0.37) % 101;
    const parts: string[] = ['x,y,label\r\n'];
    for (let i = 0; i < rows; i++) parts.push(`${i / 1000},${value(i)},p${i % 7}\r\n`);
    const bytes = new TextEncoder().encode(parts.join(''));
    parts.length = 0;
    let calls = 0;
    const loaded = loadCsvBytes(bytes, {}, () => void calls++);
    if (!loaded.ok) assert.fail(loaded.error);
    assert.equal(loaded.data.x.length, rows);
    assert.equal(loaded.rows, rows);
    assert.equal(loaded.skipped, '');
    assert.ok(calls >= Math.floor(bytes.length / (1 << 20)), 'progress after every chunk');
    for (let i = 0; i < rows; i += 9973) {
      assert.equal(loaded.data.x[i], i / 1000);
      assert.equal(loaded.data.y[i], value(i));
    }
    assert.equal(loaded.data.y[rows - 1], value(rows - 1));
  });

  it('stops when the progress callback says so', () => {
    const bytes = new TextEncoder().encode('x,y\n' + '1,2\n'.repeat(600_000));
    assert.deepEqual(
      loadCsvBytes(bytes, {}, () => false),
      { ok: false, error: 'Cancelled.' },
    );
  });

  it('refuses bytes over the size limit before decoding them', () => {
    const limits = { fileBytes: 10, rows: 100, columns: 10, rowChars: 100 };
    assert.deepEqual(loadCsvBytes(new Uint8Array(11), { limits }), { ok: false, error: 'The file is 11 bytes; the limit is 10 bytes.' });
  });
});

describe('CSV loader fuzz', function () {
  this.timeout(60_000);
  const valid = readFileSync(fromRoot('test', 'fixtures', 'csv', 'european.csv'));
  const plain = new TextEncoder().encode('x,y,z\n1,2,3\n-4.5e3,"6",7\n8,9,"a,b"\n10,11,12\n13,,14\n');
  const pieces = [
    '',
    ',',
    ';',
    '\t',
    '"',
    '""',
    '\n',
    '\r\n',
    '\r',
    'NaN',
    'Infinity',
    '-inf',
    '1e999',
    '1e-999',
    ' ',
    '#',
    '\uFEFF',
    'x',
    'y',
    '0',
    '-',
    '.',
    'e',
    '\u0000',
    '\uFFFD',
  ];

  it('random bytes never throw and never yield a non-finite value', () => {
    const next = xorshift32(12345);
    const started = Date.now();
    for (let k = 0; k < 400 && Date.now() - started < 15_000; k++) {
      const bytes = new Uint8Array(Math.floor(next() * 400));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
      // Mostly printable bytes half the time, so the parser gets past the binary check.
      if (k % 2)
        for (let i = 0; i < bytes.length; i++)
          bytes[i] = bytes[i] % 2 ? 32 + (bytes[i] % 95) : '0123456789,.;\n-e"'.charCodeAt(bytes[i] % 17);
      assertTrainable(loadCsvBytes(bytes), `random case ${k}`);
    }
  });

  it('mutations of valid files never throw and never yield a non-finite value', () => {
    const next = xorshift32(777);
    const started = Date.now();
    const decoder = new TextDecoder();
    const sources = [decoder.decode(valid), decoder.decode(plain)];
    for (let k = 0; k < 1500 && Date.now() - started < 20_000; k++) {
      let text = sources[k % 2];
      const edits = 1 + Math.floor(next() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (text.length + 1));
        const kind = next();
        const piece = pieces[Math.floor(next() * pieces.length)];
        if (kind < 0.4) text = text.slice(0, at) + piece + text.slice(at);
        else if (kind < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 5));
        else text = text.slice(0, at) + piece + text.slice(at + piece.length);
      }
      assertTrainable(parseCsv(text), `mutation ${k}: ${JSON.stringify(text.slice(0, 200))}`);
      assertTrainable(loadCsvBytes(new TextEncoder().encode(text), { x: k % 3, y: (k + 1) % 3 }), `mutation ${k} with columns`);
    }
  });
});
