// The lesson's data: float32 linspace, the noise drawn in NumPy's order, and x and y equal to the
// NumPy/PyTorch computation bit for bit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  addNoise,
  DataError,
  generateData,
  GeneratorSettings,
  linspaceF32,
  noise,
  NOTEBOOK_SETTINGS,
} from '../../../../src/core/data/generate';
import { RandomState } from '../../../../src/core/data/rng';
import { fromRoot } from '../../../repo-root';

const golden = JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'numpy-golden.json'), 'utf8')) as {
  linspace_f32: { start: number; end: number; steps: number; values: number[] }[];
  lesson: { x: number[]; fx: number[]; y: number[] };
};

const f = Math.fround;
/** 3x² + 2x + 1 in float32, as PyTorch evaluates it on a float32 tensor. */
function quadF32(x: Float64Array): Float64Array {
  return x.map((v) => f(f(f(3 * f(v * v)) + f(2 * v)) + 1));
}

describe('linspaceF32 (torch.linspace, float32)', () => {
  for (const c of golden.linspace_f32) {
    it(`linspace(${c.start}, ${c.end}, ${c.steps}) matches the float32 reference bitwise`, () => {
      assert.deepEqual(Array.from(linspaceF32(c.start, c.end, c.steps)), c.values);
    });
  }

  it('hits both endpoints exactly (as float32) and returns float32 values', () => {
    const xs = linspaceF32(-2.1, 2.1, 100);
    assert.equal(xs[0], f(-2.1));
    assert.equal(xs[99], f(2.1));
    for (const v of xs) assert.equal(f(v), v);
  });

  it("fills the second half counting down from the end (the 'exact' formula; torch's kernel is in linspace.test.ts)", () => {
    const xs = linspaceF32(-2, 2, 20, 'exact');
    for (let i = 0; i < 10; i++) assert.equal(xs[i], -xs[19 - i]);
  });

  it('handles 1 and 0 steps and rejects bad counts', () => {
    assert.deepEqual(Array.from(linspaceF32(-2.1, 5, 1)), [f(-2.1)]);
    assert.equal(linspaceF32(0, 1, 0).length, 0);
    assert.throws(() => linspaceF32(0, 1, -1), RangeError);
    assert.throws(() => linspaceF32(0, 1, 2.5), RangeError);
  });
});

describe('noise and addNoise', () => {
  it('noise is normal(0, scale)', () => {
    assert.deepEqual(noise(new RandomState(5), 6, 0.3), new RandomState(5).normal(0, 0.3, 6));
  });

  it('draws all multiplicative noise, then all additive noise', () => {
    const values = new Float64Array([1, -2, 3.5, 0, 10]);
    const got = addNoise(new RandomState(9), values, 0.2, 0.7);
    const rs = new RandomState(9);
    const m = rs.normal(0, 0.2, 5);
    const a = rs.normal(0, 0.7, 5);
    assert.deepEqual(
      Array.from(got),
      Array.from(values, (v, i) => v * (1 + m[i]) + a[i]),
    );
  });

  it('with zero noise returns the values unchanged', () => {
    const values = new Float64Array([1.25, -3, 7]);
    assert.deepEqual(addNoise(new RandomState(1), values, 0, 0), values);
  });
});

describe('generateData: the lesson data', () => {
  const data = generateData(NOTEBOOK_SETTINGS, quadF32);

  it('the float32 target matches NumPy float32 arithmetic', () => {
    assert.deepEqual(Array.from(quadF32(new Float64Array(golden.lesson.x))), golden.lesson.fx);
  });

  it('x and y equal the NumPy/PyTorch computation bit for bit (x is torch.linspace)', () => {
    assert.deepEqual(Array.from(data.x), golden.lesson.x);
    assert.deepEqual(Array.from(data.y), golden.lesson.y);
  });

  it("spaces x with the plain formula when asked ('exact'), which moves x[9] and x[10] by an ulp", () => {
    const exact = generateData({ ...NOTEBOOK_SETTINGS, linspace: 'exact' }, quadF32);
    assert.equal(exact.x[9], -0.1052631139755249);
    assert.notEqual(exact.x[9], data.x[9]);
    assert.deepEqual(Array.from(exact.x).filter((v, i) => v !== data.x[i]).length, 2);
  });

  it('matches the course numbers to 4 decimals', () => {
    const r4 = (a: ArrayLike<number>) => Array.from(a, (v) => v.toFixed(4));
    assert.deepEqual(r4(data.x.subarray(0, 3)), ['-2.0000', '-1.7895', '-1.5789']);
    assert.deepEqual(r4(data.y.subarray(0, 3)), ['10.4034', '6.7691', '5.8721']);
  });

  it('is reproducible and depends on the seed', () => {
    assert.deepEqual(generateData(NOTEBOOK_SETTINGS, quadF32), data);
    const other = generateData({ ...NOTEBOOK_SETTINGS, seed: 43 }, quadF32);
    assert.deepEqual(other.x, data.x);
    assert.notDeepEqual(other.y, data.y);
  });
});

describe('generateData: validation', () => {
  const bad: [Partial<GeneratorSettings>, RegExp][] = [
    [{ fn: '  ' }, /function must not be empty/],
    [{ n: 0 }, /Number of points/],
    [{ n: 2.5 }, /Number of points/],
    [{ n: 1_000_001 }, /Number of points.*1,000,000/],
    [{ min: NaN }, /min must be a finite/],
    [{ max: Infinity }, /max must be a finite/],
    [{ max: 1e39 }, /max must be a finite float32/],
    [{ min: 2, max: 2 }, /min must be less than max/],
    [{ min: 3, max: 2 }, /min must be less than max/],
    [{ mult: -0.1 }, /mult noise must be/],
    [{ add: NaN }, /add noise must be/],
    [{ seed: -1 }, /Seed must be/],
    [{ seed: 2 ** 32 }, /Seed must be/],
    [{ seed: 4.2 }, /Seed must be/],
    [{ linspace: 'numpy' as never }, /spacing of x must be torch or exact/],
  ];
  for (const [patch, message] of bad) {
    it(`rejects ${JSON.stringify(patch, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`, () => {
      assert.throws(
        () => generateData({ ...NOTEBOOK_SETTINGS, ...patch }, quadF32),
        (e: unknown) => {
          assert.ok(e instanceof DataError);
          assert.equal(e.name, 'DataError');
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }

  it('accepts the edges of the ranges', () => {
    assert.equal(generateData({ ...NOTEBOOK_SETTINGS, n: 1, seed: 0, mult: 0, add: 0 }, quadF32).x.length, 1);
    assert.equal(generateData({ ...NOTEBOOK_SETTINGS, seed: 2 ** 32 - 1 }, quadF32).y.length, 20);
  });

  it('rejects a target function that returns the wrong length or non-finite values', () => {
    assert.throws(() => generateData(NOTEBOOK_SETTINGS, () => new Float64Array(3)), /returned 3 values for 20 points/);
    assert.throws(
      () => generateData(NOTEBOOK_SETTINGS, (x) => x.map((v) => 1 / (v - x[4]))),
      (e: unknown) => e instanceof DataError && /not finite at x = /.test(e.message),
    );
  });
});
