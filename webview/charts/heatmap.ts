// A grid of values drawn as coloured cells on a canvas: one pixel per cell into a small buffer
// (an ImageData through the diverging colour table), then scaled onto the visible canvas in one
// drawImage. A 64 × 64 plane or a 256 × 256 weight matrix costs well under a millisecond, so the
// heat maps follow every training frame. Also the legend: a colour bar with its three values.
import { formatNumber } from '../ui/dom';
import { colorTable, cssColor, DivergingPalette, DivergingScale, tableIndex } from './diverging-scale';

export class HeatmapCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly buffer: HTMLCanvasElement;
  private image: ImageData | null = null;
  private table: Uint8ClampedArray | null = null;
  private palette: DivergingPalette | null = null;

  /** `smooth`: interpolate between cells (a plane sampled on a grid); off for matrices (one cell per weight). */
  constructor(
    className: string,
    private readonly smooth: boolean,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = className;
    this.buffer = document.createElement('canvas');
  }

  /** Sets the drawn size in CSS pixels (the backing store follows the device pixel ratio). */
  resize(width: number, height: number): void {
    const ratio = window.devicePixelRatio || 1;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const w = Math.max(1, Math.round(width * ratio));
    const h = Math.max(1, Math.round(height * ratio));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
  }

  /** Draws `values` (row-major, rows × cols) on `scale`; row 0 at the top. */
  draw(values: ArrayLike<number>, rows: number, cols: number, scale: DivergingScale, palette: DivergingPalette): void {
    if (this.palette !== palette || !this.table) {
      this.palette = palette;
      this.table = colorTable(palette);
    }
    if (!this.image || this.image.width !== cols || this.image.height !== rows) {
      this.buffer.width = cols;
      this.buffer.height = rows;
      this.image = new ImageData(cols, rows);
    }
    const pixels = this.image.data;
    const table = this.table;
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const t = 4 * tableIndex(values[i], scale);
      const p = 4 * i;
      pixels[p] = table[t];
      pixels[p + 1] = table[t + 1];
      pixels[p + 2] = table[t + 2];
      pixels[p + 3] = 255;
    }
    this.buffer.getContext('2d')?.putImageData(this.image, 0, 0);
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.imageSmoothingEnabled = this.smooth;
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    context.drawImage(this.buffer, 0, 0, this.canvas.width, this.canvas.height);
  }
}

/** A horizontal colour bar from the low end to the high end, labelled with the ends and the centre. */
export function legendElement(scale: DivergingScale, palette: DivergingPalette, label: string): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'heat-legend-bar';
  bar.style.background = `linear-gradient(to right, ${cssColor(palette.negative)}, ${cssColor(palette.zero)}, ${cssColor(palette.positive)})`;
  const values = document.createElement('div');
  values.className = 'heat-legend-values';
  for (const v of [scale.center - scale.halfWidth, scale.center, scale.center + scale.halfWidth]) {
    const span = document.createElement('span');
    span.textContent = formatNumber(v);
    values.append(span);
  }
  const root = document.createElement('div');
  root.className = 'heat-legend';
  root.setAttribute('role', 'img');
  root.setAttribute(
    'aria-label',
    `${label}: from ${formatNumber(scale.center - scale.halfWidth)} to ` +
      `${formatNumber(scale.center + scale.halfWidth)}, ${formatNumber(scale.center)} in the middle`,
  );
  const caption = document.createElement('div');
  caption.className = 'heat-legend-label';
  caption.textContent = label;
  root.append(caption, bar, values);
  return root;
}
