// 10^6 normal draws against NumPy's (scripts/golden-numpy-normals.py): equal bit for bit except
// where glibc's log, which NumPy calls, is not correctly rounded; and the correct log itself.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { correctLog } from '../../../../src/core/data/correct-log';
import { RandomState } from '../../../../src/core/data/rng';
import { fromRoot } from '../../../repo-root';

interface SeedNormals {
  seed: number;
  count: number;
  sha256_numpy: string;
  sha256_correct_log: string;
  first: number[];
  differ: { index: number; numpy: number; correct_log: number }[];
}
const golden = JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'numpy-normals.json'), 'utf8')) as { seeds: SeedNormals[] };

const sha256 = (values: Float64Array) => createHash('sha256').update(new Uint8Array(values.buffer)).digest('hex');

/** Distance in ulps between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe('RandomState normals: 10^6 draws against NumPy', function () {
  this.timeout(20000);
  for (const g of golden.seeds) {
    it(`seed ${g.seed}: ${g.count - g.differ.length} of ${g.count} draws are NumPy's bit for bit, the rest within 2 ulp`, () => {
      const draws = new RandomState(g.seed).normal(0, 1, g.count);
      assert.deepEqual(Array.from(draws.subarray(0, g.first.length)), g.first);
      assert.equal(sha256(draws), g.sha256_correct_log, 'the sequence a correctly rounded log gives');
      for (const d of g.differ) {
        assert.equal(draws[d.index], d.correct_log);
        assert.ok(ulps(d.numpy, d.correct_log) <= 2, `draw ${d.index}: ${d.numpy} vs ${d.correct_log}`);
        draws[d.index] = d.numpy;
      }
      assert.equal(sha256(draws), g.sha256_numpy, "with those draws put back, NumPy's whole sequence");
      assert.ok(g.differ.length < g.count / 1000, `${g.differ.length} differ`);
    });
  }
});

describe('correctLog', () => {
  it('is exact where the answer is known, and IEEE at the edges', () => {
    assert.equal(correctLog(1), 0);
    assert.equal(correctLog(Math.E), 1);
    assert.equal(correctLog(2), Math.LN2);
    assert.equal(correctLog(10), Math.LN10);
    assert.equal(correctLog(0), -Infinity);
    assert.ok(Number.isNaN(correctLog(-1)));
    assert.ok(Number.isNaN(correctLog(NaN)));
    assert.equal(correctLog(Infinity), Infinity);
    assert.equal(correctLog(5e-324), -744.4400719213812);
    assert.equal(correctLog(Number.MAX_VALUE), 709.782712893384);
  });

  it('differs from Math.log by at most one ulp', () => {
    const rs = new RandomState(3);
    for (let i = 0; i < 20000; i++) {
      const v = rs.randomDouble() * 2 ** (rs.nextUint32() % 80) * 2 ** -40;
      if (v > 0) assert.ok(ulps(correctLog(v), Math.log(v)) <= 1, `${v}`);
    }
  });
});
