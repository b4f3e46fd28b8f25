// The diverging colour scale of the heat maps (weights, the two-input prediction plane, neuron
// thumbnails): one colour for values below the centre, another above, fading to a neutral colour
// at the centre (0 for weights and residuals), so a sign reads at a glance. One palette per VS Code
// theme kind: red/blue on a light or dark neutral, and pure saturated ends for high contrast.
// Pure (no DOM), so it is unit tested; the canvases in heatmap.ts use it.

export type Rgb = readonly [number, number, number];

/** The VS Code theme kinds (as charts/theme.ts reads them from the page). */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface DivergingPalette {
  /** At the low end (−max, or the minimum). */
  negative: Rgb;
  /** At the centre. */
  zero: Rgb;
  /** At the high end. */
  positive: Rgb;
}

const PALETTES: Record<ThemeKind, DivergingPalette> = {
  // ColorBrewer RdBu's ends on near-white: readable on a light page, safe for red-green colour blindness.
  light: { negative: [33, 102, 172], zero: [247, 247, 247], positive: [178, 24, 43] },
  dark: { negative: [90, 160, 230], zero: [40, 40, 40], positive: [235, 110, 80] },
  'high-contrast': { negative: [0, 200, 255], zero: [0, 0, 0], positive: [255, 150, 0] },
  'high-contrast-light': { negative: [0, 0, 205], zero: [255, 255, 255], positive: [176, 0, 0] },
};

export function paletteFor(kind: ThemeKind): DivergingPalette {
  return PALETTES[kind];
}

/** A scale: values at `center` take the neutral colour, `center ± halfWidth` and beyond the full ends. */
export interface DivergingScale {
  center: number;
  halfWidth: number;
}

/** A scale centred at 0 that reaches the largest magnitude among `values` (finite ones); 1 when all are 0. */
export function zeroCentred(values: ArrayLike<number>): DivergingScale {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (Number.isFinite(v) && v > max) max = v;
  }
  return { center: 0, halfWidth: max > 0 ? max : 1 };
}

/** A scale over the range of `values` (finite ones): the minimum at the low end, the maximum at the high end. */
export function spanning(values: ArrayLike<number>): DivergingScale {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) return { center: 0, halfWidth: 1 };
  if (min === max) return { center: min, halfWidth: Math.max(1e-12, Math.abs(min) * 1e-6) || 1 };
  return { center: (min + max) / 2, halfWidth: (max - min) / 2 };
}

/** The position of `value` on the scale, from −1 (low end) through 0 (centre) to 1, clamped; 0 for NaN. */
export function scalePosition(value: number, scale: DivergingScale): number {
  const t = (value - scale.center) / scale.halfWidth;
  if (Number.isNaN(t)) return 0;
  return Math.max(-1, Math.min(1, t));
}

/** The colour of `value`: linear from the centre's neutral to the end of its side. */
export function colorOf(value: number, scale: DivergingScale, palette: DivergingPalette): Rgb {
  const t = scalePosition(value, scale);
  const end = t < 0 ? palette.negative : palette.positive;
  const a = Math.abs(t);
  const z = palette.zero;
  return [Math.round(z[0] + (end[0] - z[0]) * a), Math.round(z[1] + (end[1] - z[1]) * a), Math.round(z[2] + (end[2] - z[2]) * a)];
}

export function cssColor(rgb: Rgb): string {
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}

/**
 * A 256-entry lookup table from −1 to 1 (RGBA bytes), so filling thousands of cells per frame is
 * an index and four byte copies each.
 */
export function colorTable(palette: DivergingPalette): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = colorOf(-1 + (2 * i) / 255, { center: 0, halfWidth: 1 }, palette);
    table.set([r, g, b, 255], 4 * i);
  }
  return table;
}

/** The table index of `value` on `scale` (0 … 255). */
export function tableIndex(value: number, scale: DivergingScale): number {
  return Math.round(((scalePosition(value, scale) + 1) / 2) * 255);
}

/** WCAG luminance and contrast, for choosing text or outlines that stay readable on a colour (one implementation: ui/contrast.ts). */
export { contrastRatio, luminance } from '../ui/contrast';
