// The model as drawn on screen: its curve (solid) and, for a ReLU model, each part (one faint
// dashed line per unit), straight onto one canvas over the fit chart's plot area, on the chart's
// own scales; and the title with the loss as a line of text above the plot. Through Vega, the
// curve and title cost a quarter of a training frame's main-thread time with 64 ReLUs (and 64 parts
// were 25,600 rows a redraw); a canvas polyline costs well under a millisecond, and the title's
// text is written only when it changes. The saved PNG/SVG still draws them through Vega
// (specs.ts's exportSpec), so an export shows what the learner sees, with axes.
import { FIT_PADDING, FitFrame } from './specs';
import { isHighContrast } from './theme';

/** Pixels above or below the plot a line may run before it is cut (a steep line keeps its slope at the edge). */
const FAR = 1e4;

export class ModelLayer {
  readonly canvas: HTMLCanvasElement;
  readonly title: HTMLElement;
  private frame: FitFrame | null = null;
  private shownTitle: string | null = null;

  constructor() {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'fit-model-layer';
    this.canvas.setAttribute('aria-hidden', 'true');
    this.title = document.createElement('div');
    this.title.className = 'fit-title';
    this.title.id = 'fit-title';
  }

  /** Places the canvas over the plot area of `frame` and the title above it (after an embed: size, scales or theme changed). */
  place(frame: FitFrame): void {
    this.frame = frame;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.style.left = `${FIT_PADDING.left}px`;
    this.canvas.style.top = `${FIT_PADDING.top}px`;
    this.canvas.style.width = `${frame.width}px`;
    this.canvas.style.height = `${frame.height}px`;
    this.canvas.width = Math.round(frame.width * ratio);
    this.canvas.height = Math.round(frame.height * ratio);
    this.title.style.left = `${FIT_PADDING.left}px`;
    this.title.style.maxWidth = `${frame.width}px`;
    this.title.style.color = frame.theme.foreground;
    this.title.style.fontFamily = frame.theme.font;
    this.title.style.fontSize = `${frame.theme.fontSize + 1}px`;
  }

  /** Draws the curve and its parts at `grid`, and shows `title` (the DOM is touched only when the text changes). */
  draw(grid: Float64Array, curve: Float64Array, parts: Float64Array[], title: string): void {
    if (title !== this.shownTitle) {
      this.title.textContent = title;
      this.shownTitle = title;
    }
    const frame = this.frame;
    const context = this.canvas.getContext('2d');
    if (!frame || !context) return;
    const ratio = this.canvas.width / frame.width;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, frame.width, frame.height);
    const hc = isHighContrast(frame.theme);
    context.lineJoin = 'round';
    if (parts.length > 0) {
      context.strokeStyle = frame.theme.parts;
      context.globalAlpha = hc ? 0.9 : 0.55;
      context.lineWidth = hc ? 1.5 : 1.25;
      context.setLineDash([5, 3]);
      context.beginPath();
      for (const values of parts) this.trace(context, frame, grid, values);
      context.stroke();
    }
    context.strokeStyle = frame.theme.curve;
    context.globalAlpha = 1;
    context.lineWidth = hc ? 3 : 2.5;
    context.setLineDash([]);
    context.beginPath();
    this.trace(context, frame, grid, curve);
    context.stroke();
  }

  /** Adds the line through (grid[i], values[i]) to the path; a value that is not finite lifts the pen. */
  private trace(context: CanvasRenderingContext2D, frame: FitFrame, grid: Float64Array, values: Float64Array): void {
    const [x0, x1] = frame.xDomain;
    const [y0, y1] = frame.yDomain;
    const sx = frame.width / (x1 - x0);
    const sy = frame.height / (y1 - y0);
    let pen = false;
    for (let i = 0; i < grid.length; i++) {
      const y = values[i];
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      const px = (grid[i] - x0) * sx;
      const py = Math.max(-FAR, Math.min(FAR, frame.height - (y - y0) * sy));
      if (pen) context.lineTo(px, py);
      else context.moveTo(px, py);
      pen = true;
    }
  }
}
