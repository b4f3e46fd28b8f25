// NumPy's legacy RandomState (MT19937): raw outputs, doubles, normals (with the cached second one),
// normal() and uniform() bitwise equal to NumPy's for several seeds, reseeding.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { RandomState } from '../../../../src/core/data/rng';
import { fromRoot } from '../../../repo-root';

interface SeedGolden {
  seed: number;
  uint32: number[];
  random_sample: number[];
  standard_normal: number[];
  'normal_3_0.5': number[];
  'uniform_-1_2': number[];
}

const golden = JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'numpy-golden.json'), 'utf8')) as {
  seeds: SeedGolden[];
  lesson: Record<string, number[] | number | string>;
};

/** Bitwise equal (the normals use a correctly rounded log; see rng-normals.test.ts for the rare exceptions). */
function assertClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Object.is(actual[i], expected[i]), `${what}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
}

describe('RandomState (NumPy legacy MT19937)', () => {
  it('matches the public reference values', () => {
    assert.equal(new RandomState(5489).nextUint32(), 3499211612);
    const rs = new RandomState(42);
    assert.equal(rs.randomDouble(), 0.3745401188473625);
    rs.seed(42);
    assert.equal(rs.standardNormal(), 0.4967141530112327);
  });

  for (const g of golden.seeds) {
    describe(`seed ${g.seed} against NumPy`, () => {
      it('raw 32-bit outputs', () => {
        const rs = new RandomState(g.seed);
        assert.deepEqual(
          Array.from({ length: g.uint32.length }, () => rs.nextUint32()),
          g.uint32,
        );
      });
      it('random_sample doubles are bitwise equal', () => {
        const rs = new RandomState(g.seed);
        assert.deepEqual(
          Array.from({ length: g.random_sample.length }, () => rs.randomDouble()),
          g.random_sample,
        );
      });
      it('standard_normal, odd count (uses the cache)', () => {
        const rs = new RandomState(g.seed);
        assertClose(
          Array.from({ length: g.standard_normal.length }, () => rs.standardNormal()),
          g.standard_normal,
          'normal',
        );
      });
      it('normal(3, 0.5, 7)', () => {
        assertClose(new RandomState(g.seed).normal(3, 0.5, 7), g['normal_3_0.5'], 'normal(3,0.5)');
      });
      it('uniform(-1, 2, 5)', () => {
        assertClose(new RandomState(g.seed).uniform(-1, 2, 5), g['uniform_-1_2'], 'uniform(-1,2)');
      });
    });
  }

  it('stays on the MT19937 sequence past the first twist (10000th output for seed 5489)', () => {
    const rs = new RandomState(5489);
    let v = 0;
    for (let i = 0; i < 10000; i++) v = rs.nextUint32();
    assert.equal(v, 4123659995);
  });

  it('returns values in range with the right types', () => {
    const rs = new RandomState(7);
    for (let i = 0; i < 5000; i++) {
      const u = rs.nextUint32();
      assert.ok(Number.isInteger(u) && u >= 0 && u <= 0xffffffff);
      const d = rs.randomDouble();
      assert.ok(d >= 0 && d < 1);
    }
    const n = rs.normal(0, 1, 3);
    assert.ok(n instanceof Float64Array);
    assert.equal(rs.uniform(0, 1, 0).length, 0);
  });

  it('reseeding restarts the sequence and clears the cached normal', () => {
    const rs = new RandomState(42);
    const first = rs.standardNormal();
    rs.seed(42);
    assert.equal(rs.standardNormal(), first);
    // A cached second value is pending now; reseeding must drop it.
    rs.seed(42);
    assert.equal(rs.standardNormal(), first);
  });

  it('the cached second normal consumes no new draws', () => {
    const once = new RandomState(3);
    once.standardNormal();
    const twice = new RandomState(3);
    twice.standardNormal();
    twice.standardNormal();
    assert.equal(twice.nextUint32(), once.nextUint32());
  });

  it('normal is loc + scale * standard normal, in draw order', () => {
    const a = new RandomState(11).normal(-4, 2.5, 9);
    const b = new RandomState(11);
    for (let i = 0; i < 9; i++) assert.equal(a[i], -4 + 2.5 * b.standardNormal());
  });

  it('rejects bad seeds, counts and scales', () => {
    for (const bad of [-1, 2 ** 32, 1.5, NaN, Infinity]) {
      assert.throws(() => new RandomState(bad), RangeError, String(bad));
    }
    assert.doesNotThrow(() => new RandomState(0xffffffff));
    const rs = new RandomState(1);
    assert.throws(() => rs.seed(-5), RangeError);
    assert.throws(() => rs.normal(0, 1, -1), RangeError);
    assert.throws(() => rs.normal(0, 1, 2.5), RangeError);
    assert.throws(() => rs.normal(0, -1, 2), RangeError);
    assert.throws(() => rs.uniform(0, Infinity, 2), RangeError);
  });
});
