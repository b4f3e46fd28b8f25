// Colour contrast as WCAG 2 defines it (relative luminance, contrast ratio), and the colour the page
// draws with when a theme's own is too faint: VS Code themes give some colours as translucent
// overlays (Dark and Light Modern's charts.orange is #EA5C0055, which reads as brown on the dark
// background) or leave them unset, so a colour is first laid over the background, then darkened or
// lightened, keeping its hue, until it reaches the ratio asked for (3:1 graphics, 4.5:1 text).
// Pure functions of CSS colour strings: no DOM.

/** [r, g, b] or [r, g, b, alpha]: channels 0–255, alpha 0–1 (1 when left out). */
export type Color = readonly number[];
export type Rgba = [number, number, number, number];

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(…)` or `rgba(…)` as [r, g, b, alpha] (0–255, alpha 0–1); null for anything else. */
export function parseColor(css: string): Rgba | null {
  const text = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(text);
  if (hex) {
    const digits = hex[1];
    if (digits.length === 3 || digits.length === 4) {
      const [r, g, b, a = 'ff'] = digits.split('').map((d) => d + d);
      return [parseInt(r, 16), parseInt(g, 16), parseInt(b, 16), parseInt(a, 16) / 255];
    }
    if (digits.length === 6 || digits.length === 8) {
      const at = (i: number) => parseInt(digits.slice(i, i + 2), 16);
      return [at(0), at(2), at(4), digits.length === 8 ? at(6) / 255 : 1];
    }
    return null;
  }
  const fn = /^rgba?\(\s*([\d.]+)\s*[, ]\s*([\d.]+)\s*[, ]\s*([\d.]+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)$/.exec(text);
  if (!fn) return null;
  const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? Number.parseFloat(fn[4]) / 100 : Number(fn[4]);
  const rgba: Rgba = [Number(fn[1]), Number(fn[2]), Number(fn[3]), alpha];
  return rgba.every(Number.isFinite) ? rgba : null;
}

/** `color` as seen over an opaque `background` (alpha compositing). */
export function over(color: Color, background: Color): Rgba {
  const a = Math.min(1, Math.max(0, color[3] ?? 1));
  return [0, 1, 2].map((i) => color[i] * a + background[i] * (1 - a)).concat(1) as Rgba;
}

/** WCAG 2 relative luminance of an opaque colour. */
export function luminance([r, g, b]: Color): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio (1 to 21) of `color` laid over `background`; a translucent background is taken as it is over black. */
export function contrastRatio(color: Color, background: Color): number {
  const base = over(background, [0, 0, 0, 1]);
  const seen = over(color, base);
  const [light, dark] = [luminance(seen), luminance(base)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

export function toHex([r, g, b]: Color): string {
  return `#${[r, g, b]
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * `color` as the page draws it on `background`: opaque, and with at least `ratio` contrast. A colour
 * that already has it is kept (made opaque); one that lacks it is mixed with black on a light
 * background or white on a dark one, in steps of 2%, until it has it. An unreadable CSS colour
 * counts as the background's opposite (black or white).
 */
export function readableColor(color: string, background: string, ratio: number): string {
  const base = over(parseColor(background) ?? [255, 255, 255, 1], [0, 0, 0, 1]);
  const lightBase = luminance(base) > 0.5;
  const toward: Rgba = lightBase ? [0, 0, 0, 1] : [255, 255, 255, 1];
  const start = over(parseColor(color) ?? toward, base);
  for (let t = 0; t <= 1; t += 0.02) {
    const mixed = [0, 1, 2].map((i) => start[i] + (toward[i] - start[i]) * t).concat(1) as Rgba;
    // Rounded first, so the ratio checked is the colour's as written.
    const written = parseColor(toHex(mixed))!;
    if (contrastRatio(written, base) >= ratio) return toHex(written);
  }
  return toHex(toward);
}
