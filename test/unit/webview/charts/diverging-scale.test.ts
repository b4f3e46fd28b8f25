// The heat maps' diverging colour scale (webview/charts/diverging-scale.ts): the centre is the
// neutral colour, the ends are the palette's, it is monotone and clamped, the lookup table agrees
// with the direct colour, and each theme's ends stand out from its neutral (WCAG contrast).
import * as assert from 'assert';
import {
  colorOf,
  colorTable,
  contrastRatio,
  paletteFor,
  scalePosition,
  spanning,
  tableIndex,
  zeroCentred,
} from '../../../../webview/charts/diverging-scale';

const KINDS = ['light', 'dark', 'high-contrast', 'high-contrast-light'] as const;

describe('diverging colour scale', () => {
  it('is centred at 0 and reaches the largest magnitude, ignoring NaN and infinities', () => {
    assert.deepStrictEqual(zeroCentred([0.5, -2, 1, NaN, Infinity]), { center: 0, halfWidth: 2 });
    assert.deepStrictEqual(zeroCentred([0, 0]), { center: 0, halfWidth: 1 });
    assert.deepStrictEqual(spanning([3, 7, 5, NaN]), { center: 5, halfWidth: 2 });
    const flat = spanning([4, 4]);
    assert.strictEqual(flat.center, 4);
    assert.ok(flat.halfWidth > 0);
  });

  it('maps the centre to the neutral colour, the ends to the palette’s ends, and clamps beyond', () => {
    for (const kind of KINDS) {
      const p = paletteFor(kind);
      const scale = { center: 1, halfWidth: 3 };
      assert.deepStrictEqual(colorOf(1, scale, p), p.zero, kind);
      assert.deepStrictEqual(colorOf(-2, scale, p), p.negative, kind);
      assert.deepStrictEqual(colorOf(4, scale, p), p.positive, kind);
      assert.deepStrictEqual(colorOf(100, scale, p), p.positive, `${kind}: clamped`);
      assert.deepStrictEqual(colorOf(NaN, scale, p), p.zero, `${kind}: NaN is neutral`);
    }
  });

  it('moves monotonically from the centre towards each end', () => {
    const p = paletteFor('light');
    const scale = { center: 0, halfWidth: 1 };
    const distance = (v: number, end: readonly number[]) => colorOf(v, scale, p).reduce((s, c, i) => s + Math.abs(c - end[i]), 0);
    let last = Infinity;
    for (let v = 0; v <= 1.0001; v += 0.1) {
      const d = distance(v, p.positive);
      assert.ok(d <= last, `towards positive at ${v}`);
      last = d;
    }
    last = Infinity;
    for (let v = 0; v >= -1.0001; v -= 0.1) {
      const d = distance(v, p.negative);
      assert.ok(d <= last, `towards negative at ${v}`);
      last = d;
    }
    assert.strictEqual(scalePosition(-5, scale), -1);
    assert.strictEqual(scalePosition(0.25, scale), 0.25);
  });

  it('the lookup table gives the direct colour within one step of its 256', () => {
    for (const kind of KINDS) {
      const p = paletteFor(kind);
      const table = colorTable(p);
      const scale = { center: 0, halfWidth: 2 };
      for (const v of [-2, -1.3, -0.01, 0, 0.4, 1.99, 2]) {
        const i = tableIndex(v, scale);
        const direct = colorOf(v, scale, p);
        for (let c = 0; c < 3; c++) assert.ok(Math.abs(table[4 * i + c] - direct[c]) <= 2, `${kind} ${v} channel ${c}`);
        assert.strictEqual(table[4 * i + 3], 255);
      }
      assert.strictEqual(tableIndex(-2, scale), 0);
      assert.strictEqual(tableIndex(2, scale), 255);
    }
  });

  it('each theme’s ends stand out from its neutral colour and from each other', () => {
    for (const kind of KINDS) {
      const p = paletteFor(kind);
      const minimum = kind.startsWith('high-contrast') ? 4.5 : 3;
      assert.ok(contrastRatio(p.negative, p.zero) >= minimum, `${kind}: negative vs neutral ${contrastRatio(p.negative, p.zero)}`);
      assert.ok(contrastRatio(p.positive, p.zero) >= minimum, `${kind}: positive vs neutral ${contrastRatio(p.positive, p.zero)}`);
      const hueGap = p.negative.reduce((s, c, i) => s + Math.abs(c - p.positive[i]), 0);
      assert.ok(hueGap > 200, `${kind}: the two ends differ`);
    }
  });
});
