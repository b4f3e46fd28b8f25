// The parts of a ReLU model (one faint dashed line per unit) drawn straight onto a canvas over the
// fit chart's plot area, on the chart's own scales. Through Vega, 64 parts were 25,600 rows per
// redraw and held training to a few frames a second; a canvas polyline per part costs well under a
// millisecond. The parts follow the curve on every redraw; the saved PNG/SVG still draws them
// through Vega (export.ts's spec), so an export shows what the learner sees.
import { FIT_PADDING, FitFrame } from './specs';
import { isHighContrast } from './theme';

export class PartsOverlay {
  readonly canvas: HTMLCanvasElement;
  private frame: FitFrame | null = null;

  constructor() {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'fit-parts-layer';
    this.canvas.setAttribute('aria-hidden', 'true');
  }

  /** Places the canvas over the plot area of `frame` (after an embed: size, scales or theme changed). */
  place(frame: FitFrame): void {
    this.frame = frame;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.style.left = `${FIT_PADDING.left}px`;
    this.canvas.style.top = `${FIT_PADDING.top}px`;
    this.canvas.style.width = `${frame.width}px`;
    this.canvas.style.height = `${frame.height}px`;
    this.canvas.width = Math.round(frame.width * ratio);
    this.canvas.height = Math.round(frame.height * ratio);
  }

  draw(grid: Float64Array, parts: Float64Array[]): void {
    const frame = this.frame;
    const context = this.canvas.getContext('2d');
    if (!frame || !context) return;
    const ratio = this.canvas.width / frame.width;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, frame.width, frame.height);
    if (parts.length === 0) return;
    const [x0, x1] = frame.xDomain;
    const [y0, y1] = frame.yDomain;
    const sx = frame.width / (x1 - x0);
    const sy = frame.height / (y1 - y0);
    const hc = isHighContrast(frame.theme);
    context.strokeStyle = frame.theme.parts;
    context.globalAlpha = hc ? 0.9 : 0.55;
    context.lineWidth = hc ? 1.5 : 1.25;
    context.setLineDash([5, 3]);
    context.beginPath();
    for (const values of parts) {
      let pen = false;
      for (let i = 0; i < grid.length; i++) {
        const y = values[i];
        if (!Number.isFinite(y)) {
          pen = false;
          continue;
        }
        // Clamped far outside the plot so a steep line keeps its slope where it crosses the edge.
        const px = (grid[i] - x0) * sx;
        const py = Math.max(-1e4, Math.min(1e4, frame.height - (y - y0) * sy));
        if (pen) context.lineTo(px, py);
        else context.moveTo(px, py);
        pen = true;
      }
    }
    context.stroke();
  }
}
