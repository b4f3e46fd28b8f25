// WCAG contrast and the readable colours the page draws with (webview/ui/contrast.ts): CSS colour
// parsing, compositing a translucent theme colour over the background, the contrast ratio against
// WCAG's own reference values, and readableColor reaching the ratio asked for without changing a
// colour that already has it.
import * as assert from 'assert';
import { contrastRatio, over, parseColor, readableColor } from '../../../../webview/ui/contrast';

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);

describe('WCAG contrast and readable colours', () => {
  it('reads the CSS colours VS Code and getComputedStyle write', () => {
    assert.deepStrictEqual(parseColor('#1f1f1f'), [31, 31, 31, 1]);
    assert.deepStrictEqual(parseColor('#EA5C0055'), [234, 92, 0, 0x55 / 255]);
    assert.deepStrictEqual(parseColor('#fff'), [255, 255, 255, 1]);
    assert.deepStrictEqual(parseColor('#0008'), [0, 0, 0, 0x88 / 255]);
    assert.deepStrictEqual(parseColor('rgb(89, 164, 249)'), [89, 164, 249, 1]);
    assert.deepStrictEqual(parseColor('rgba(234, 92, 0, 0.33)'), [234, 92, 0, 0.33]);
    assert.deepStrictEqual(parseColor('rgb(10 20 30 / 50%)'), [10, 20, 30, 0.5]);
    for (const bad of ['', 'orange', '#12345', 'rgb(1, 2)', 'var(--x)']) assert.strictEqual(parseColor(bad), null, bad);
  });

  it("gives WCAG's reference ratios: 21:1 black on white, 1:1 for a colour on itself, #767676 on white just over 4.5:1", () => {
    near(contrastRatio([0, 0, 0], [255, 255, 255]), 21, 1e-9, 'black on white');
    near(contrastRatio([255, 255, 255], [0, 0, 0]), 21, 1e-9, 'white on black');
    near(contrastRatio([120, 30, 200], [120, 30, 200]), 1, 1e-12, 'itself');
    // #767676 is the lightest grey that passes 4.5:1 on white; #777777 fails it (4.48:1).
    assert.ok(contrastRatio(parseColor('#767676')!, [255, 255, 255]) >= 4.5);
    assert.ok(contrastRatio(parseColor('#777777')!, [255, 255, 255]) < 4.5);
  });

  it("lays a translucent colour over the background: Dark Modern's charts.orange is a dark brown there", () => {
    const seen = over(parseColor('rgba(234, 92, 0, 0.33)')!, parseColor('#1f1f1f')!);
    near(seen[0], 234 * 0.33 + 31 * 0.67, 1e-9, 'red');
    near(seen[1], 92 * 0.33 + 31 * 0.67, 1e-9, 'green');
    near(seen[2], 31 * 0.67, 1e-9, 'blue');
    assert.ok(contrastRatio(parseColor('rgba(234, 92, 0, 0.33)')!, parseColor('#1f1f1f')!) < 2, 'the brown arrows of issue 9');
  });

  it('readableColor keeps a colour that already has the ratio, and darkens or lightens one that has not until it has', () => {
    assert.strictEqual(readableColor('#ea5c00', '#1f1f1f', 3), '#ea5c00');
    for (const [color, background, ratio] of [
      ['#d18616', '#ffffff', 3],
      ['#d18616', '#ffffff', 4.5],
      ['rgba(234, 92, 0, 0.33)', '#1f1f1f', 3],
      ['#388a34', '#ffffff', 4.5],
      ['#bf8803', '#ffffff', 4.5],
      ['#202020', '#000000', 4.5],
      ['not a colour', '#ffffff', 4.5],
    ] as const) {
      const made = readableColor(color, background, ratio);
      assert.match(made, /^#[0-9a-f]{6}$/);
      const got = contrastRatio(parseColor(made)!, parseColor(background)!);
      assert.ok(got >= ratio, `${color} on ${background} became ${made} at ${got.toFixed(2)}:1`);
      // As little change as needed: one step less would not have the ratio (unless it was kept as it is).
      if (parseColor(color) && contrastRatio(parseColor(color)!, parseColor(background)!) < ratio)
        assert.ok(got < ratio + 1, `${made} overshoots (${got})`);
    }
  });
});
