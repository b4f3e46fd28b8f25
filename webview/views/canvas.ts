// What the insight views share for drawing: a crisp canvas at the device's pixel ratio, the
// colours taken from the chart theme (light, dark, high contrast), a perceptual colour ramp for
// the landscape, and time-sliced work that never holds the page for more than a few ms.
import { ChartTheme, isHighContrast } from '../charts/theme';

/** Sizes the canvas for `width` × `height` CSS pixels and returns its context, scaled to them. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = Math.min(2, window.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

export interface ViewColors {
  foreground: string;
  muted: string;
  lines: string;
  loss: string;
  curve: string;
  /** Points above the curve (ŷ < y) and below it (ŷ > y). */
  above: string;
  below: string;
  background: string;
  font: string;
  small: number;
  strong: boolean;
}

export function viewColors(theme: ChartTheme): ViewColors {
  return {
    foreground: theme.foreground,
    muted: theme.muted,
    lines: theme.lines,
    loss: theme.loss,
    curve: theme.curve,
    above: theme.points,
    below: theme.red,
    background: theme.background,
    font: theme.font,
    small: Math.max(10, theme.fontSize - 2),
    strong: isHighContrast(theme),
  };
}

// Viridis, 9 stops: dark for low loss, bright for high; readable on light and dark backgrounds.
const RAMP: [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [253, 231, 37],
];

/** The ramp's colour at `t` in [0, 1]. */
export function rampColor(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i];
  const b = RAMP[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

export const rampCss = (t: number) => {
  const [r, g, b] = rampColor(t);
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
};

/** An arrow from (x0, y0) to (x1, y1) with a filled head. */
export function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, head = 7): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1 - Math.cos(angle) * head * 0.6, y1 - Math.sin(angle) * head * 0.6);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
  ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}

/**
 * Runs `work` in slices of at most `budgetMs` (it gets a `stop()` to poll) until it returns true;
 * a newer `start` cancels the older work. Slices run from a zero-delay timer, so input and
 * rendering get their turn between them.
 */
export class SlicedWork {
  private generation = 0;

  constructor(private readonly budgetMs = 6) {}

  start(work: (stop: () => boolean) => boolean, firstSliceNow = true): void {
    const generation = ++this.generation;
    const slice = () => {
      if (generation !== this.generation) return;
      const until = performance.now() + this.budgetMs;
      const finished = work(() => performance.now() >= until);
      if (!finished && generation === this.generation) setTimeout(slice, 0);
    };
    if (firstSliceNow) slice();
    else setTimeout(slice, 0);
  }

  cancel(): void {
    this.generation++;
  }
}
