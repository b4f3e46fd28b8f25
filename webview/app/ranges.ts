// Slider ranges: the notebook's @interact rule for a starting value, and growing a range when
// training carries a parameter past its end.

/** ipywidgets' default FloatSlider range for a value v, as the lesson's @interact(a=1.1) gets it. */
export function defaultRange(value: number): [number, number] {
  if (!Number.isFinite(value) || value === 0) return [-1, 1];
  return value > 0 ? [-value, 3 * value] : [3 * value, -value];
}

/** The range, widened by a quarter of its span past `value` when the value lies outside it. */
export function rangeToInclude(range: [number, number], value: number): [number, number] {
  if (!Number.isFinite(value)) return range;
  const [min, max] = range;
  if (value >= min && value <= max) return range;
  const margin = Math.max((max - min) / 4, Math.abs(value) * 0.05, 1e-6);
  return value < min ? [value - margin, max] : [min, value + margin];
}

/** A slider step that gives about 1000 positions over the range, rounded to 1, 2 or 5 × 10^k. */
export function sliderStep(range: [number, number]): number {
  return niceStep(range, 1000);
}

/**
 * How far one arrow key press moves a parameter: about 1/50 of its range (4.4 / 50 ≈ 0.1 for the
 * lesson's a), a visible change; Shift makes it ×10 and Alt ÷10, as number scrubbers do.
 */
export function arrowStep(range: [number, number], modifiers: { shiftKey: boolean; altKey: boolean }): number {
  const base = niceStep(range, 50);
  return modifiers.shiftKey ? base * 10 : modifiers.altKey ? base / 10 : base;
}

function niceStep(range: [number, number], positions: number): number {
  const raw = (range[1] - range[0]) / positions;
  if (!(raw > 0) || !Number.isFinite(raw)) return 0.001;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const mantissa = raw / power;
  return (mantissa < 1.5 ? 1 : mantissa < 3.5 ? 2 : mantissa < 7.5 ? 5 : 10) * power;
}
