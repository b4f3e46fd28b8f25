// Drawn over the fit chart while the ledger or the graph is open: each point marked above (▲) or
// below (▼) the curve in its own colour, the point the graph shows ringed; hovering a point says
// what it adds to each gradient, clicking it picks it for the computation graph. With more points
// than the chart draws, only the chart's own sample is marked (the same points, the same seed).
import { drawSample } from '../../src/core/data/sample';
import type { Dataset } from '../../src/core/data/generate';
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import type { ModelEvaluator } from '../../src/core/eval/evaluator';
import { LOSS_LABELS } from '../../src/core/eval/loss';
import type { Program } from '../../src/core/formula/program';
import { CHART_POINTS_LIMIT } from '../../src/core/limits';
import { PointGraph } from '../../src/core/insight/point-graph';
import type { FitChart } from '../charts/fit-chart';
import { FIT_PADDING, FitFrame } from '../charts/specs';
import { el, formatNumber } from '../ui/dom';
import { prepareCanvas } from './canvas';
import type { ViewContext } from './context';

/** Pixels from a point within which the pointer is on it. */
const HIT = 9;
/** Above this many points the marks are 3×3 pixels written directly (a path of triangles is slow). */
const MANY = 2000;

export interface OverlayState {
  /** Parameters to colour the points at (the ledger's step start), or null for no colours. */
  signsAt: Float64Array | null;
  /** The data point the graph shows, or null. */
  selected: number | null;
}

export class FitOverlay {
  private readonly canvas: HTMLCanvasElement;
  private readonly tip: HTMLElement;
  private readonly host: HTMLElement;
  private frame: FitFrame | null = null;
  private hovered: number | null = null;
  private graph: PointGraph | null = null;
  active = false;
  private frameRequested = false;
  private image: ImageData | null = null;
  private sample: { data: Dataset; program: Program; x: Float64Array; y: Float64Array; evaluator: ModelEvaluator } | null = null;

  constructor(
    private readonly context: ViewContext,
    fit: FitChart,
    private readonly state: () => OverlayState,
    private readonly pick: (point: number) => void,
  ) {
    this.host = fit.scatterHost.parentElement!;
    this.canvas = el('canvas', { class: 'fit-overlay', attrs: { 'aria-hidden': 'true' } });
    this.tip = el('div', { id: 'point-tip', class: 'point-tip', attrs: { role: 'status', hidden: true } });
    this.host.append(this.canvas, this.tip);
    fit.onRebuilt = (frame) => {
      this.frame = frame;
      this.host.dataset.plot = JSON.stringify({
        left: FIT_PADDING.left,
        top: FIT_PADDING.top,
        width: frame.width,
        height: frame.height,
        x: frame.xDomain,
        y: frame.yDomain,
      });
      this.draw();
    };
    this.host.addEventListener('pointermove', (event) => this.hover(event));
    this.host.addEventListener('pointerleave', () => this.setHovered(null));
    // A click on a point picks it for the graph (and opens the graph), whatever is open.
    this.host.addEventListener('click', (event) => {
      const k = this.nearest(event);
      if (k !== null) this.pick(k);
    });
  }

  private toPixels(): { X: (x: number) => number; Y: (y: number) => number } | null {
    const f = this.frame;
    if (!f) return null;
    return {
      X: (x) => FIT_PADDING.left + ((x - f.xDomain[0]) / (f.xDomain[1] - f.xDomain[0])) * f.width,
      Y: (y) => FIT_PADDING.top + f.height - ((y - f.yDomain[0]) / (f.yDomain[1] - f.yDomain[0])) * f.height,
    };
  }

  /** Redraws now, or for many points once per animation frame (a drag sends several changes per frame). */
  draw(): void {
    if (this.context.data.x.length <= MANY) return this.drawNow();
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.drawNow();
    });
  }

  private drawNow(): void {
    const f = this.frame;
    const px = this.toPixels();
    if (!f || !px) return;
    const width = f.width + FIT_PADDING.left + FIT_PADDING.right;
    const height = f.height + FIT_PADDING.top + FIT_PADDING.bottom;
    const ctx = prepareCanvas(this.canvas, width, height);
    if (!this.active) return;
    const { signsAt, selected } = this.state();
    const { x, y } = this.context.data;
    const colors = this.context.colors;
    const marked = signsAt ? this.markedPoints() : null;
    ctx.save();
    ctx.beginPath();
    ctx.rect(FIT_PADDING.left, FIT_PADDING.top, f.width, f.height);
    ctx.clip();
    if (signsAt && marked && marked.x.length > MANY) {
      ctx.restore();
      this.drawMany(ctx, marked, marked.evaluator.predict(signsAt), px, f);
      ctx.save();
    } else if (signsAt && marked) {
      const pred = marked.evaluator.predict(signsAt);
      for (const [side, color] of [
        [1, colors.below],
        [-1, colors.above],
      ] as const) {
        ctx.fillStyle = color;
        ctx.strokeStyle = colors.background;
        ctx.lineWidth = 1;
        ctx.beginPath();
        for (let k = 0; k < marked.x.length; k++) {
          const r = pred[k] - marked.y[k];
          if (!(side > 0 ? r > 0 : r < 0)) continue;
          const cx = px.X(marked.x[k]);
          const cy = px.Y(marked.y[k]);
          // ▼ for below the curve, ▲ for above.
          const s = 5.5;
          ctx.moveTo(cx - s, cy - side * s * 0.6);
          ctx.lineTo(cx + s, cy - side * s * 0.6);
          ctx.lineTo(cx, cy + side * s * 0.9);
          ctx.closePath();
        }
        ctx.fill();
        ctx.stroke();
      }
    }
    for (const [k, radius] of [
      [selected, 8],
      [this.hovered, 7],
    ] as const) {
      if (k === null || k >= x.length) continue;
      ctx.strokeStyle = colors.foreground;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(px.X(x[k]), px.Y(y[k]), radius, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.restore();
    if (this.hovered !== null) this.describe(this.hovered);
  }

  /** The points the chart draws: all of them, or its sample of CHART_POINTS_LIMIT (with an evaluator over that sample). */
  private markedPoints(): { x: Float64Array; y: Float64Array; evaluator: ModelEvaluator } {
    const { data, program } = this.context;
    if (data.x.length <= CHART_POINTS_LIMIT) return { x: data.x, y: data.y, evaluator: this.context.evaluator() };
    if (!this.sample || this.sample.data !== data || this.sample.program !== program) {
      const { x, y } = drawSample(data, CHART_POINTS_LIMIT);
      this.sample = { data, program, x, y, evaluator: createEvaluator(program, x, { codegen: false }) };
    }
    return this.sample;
  }

  /** Many points: 3×3 device-pixel marks written straight into the pixels (a path of thousands of triangles is slow). */
  private drawMany(
    ctx: CanvasRenderingContext2D,
    points: { x: Float64Array; y: Float64Array },
    pred: Float64Array,
    px: { X: (x: number) => number; Y: (y: number) => number },
    f: FitFrame,
  ): void {
    const { x, y } = points;
    const ratio = this.canvas.width / (f.width + FIT_PADDING.left + FIT_PADDING.right);
    const w = this.canvas.width;
    if (!this.image || this.image.width !== w || this.image.height !== this.canvas.height)
      this.image = ctx.createImageData(w, this.canvas.height);
    const image = this.image;
    const data = image.data;
    data.fill(0);
    const parse = (color: string): [number, number, number] => {
      ctx.fillStyle = color;
      const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(ctx.fillStyle as string);
      return hex ? [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)] : [128, 128, 128];
    };
    const below = parse(this.context.colors.below);
    const above = parse(this.context.colors.above);
    const left = Math.round(FIT_PADDING.left * ratio);
    const top = Math.round(FIT_PADDING.top * ratio);
    const right = Math.round((FIT_PADDING.left + f.width) * ratio);
    const bottom = Math.round((FIT_PADDING.top + f.height) * ratio);
    for (let k = 0; k < x.length; k++) {
      const r = pred[k] - y[k];
      if (r === 0 || Number.isNaN(r)) continue;
      const color = r > 0 ? below : above;
      const cx = Math.round(px.X(x[k]) * ratio);
      const cy = Math.round(px.Y(y[k]) * ratio);
      for (let dy = -1; dy <= 1; dy++) {
        const row = cy + dy;
        if (row < top || row >= bottom) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const col = cx + dx;
          if (col < left || col >= right) continue;
          const o = (row * w + col) * 4;
          data[o] = color[0];
          data[o + 1] = color[1];
          data[o + 2] = color[2];
          data[o + 3] = 255;
        }
      }
    }
    ctx.putImageData(image, 0, 0);
  }

  /** The data point under the pointer, or null. */
  private nearest(event: MouseEvent): number | null {
    const px = this.toPixels();
    if (!px) return null;
    const rect = this.host.getBoundingClientRect();
    const mx = event.clientX - rect.left;
    const my = event.clientY - rect.top;
    const { x, y } = this.context.data;
    let best: number | null = null;
    let bestDistance = HIT * HIT;
    for (let k = 0; k < x.length; k++) {
      const dx = px.X(x[k]) - mx;
      const dy = px.Y(y[k]) - my;
      const d = dx * dx + dy * dy;
      if (d <= bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  private hover(event: PointerEvent): void {
    if (!this.active) return;
    this.setHovered(this.nearest(event));
    if (this.hovered !== null) {
      const rect = this.host.getBoundingClientRect();
      const left = Math.max(0, Math.min(event.clientX - rect.left - 12, rect.width - 260));
      this.tip.style.left = `${left}px`;
      this.tip.style.top = `${Math.max(0, event.clientY - rect.top - 14)}px`;
      this.tip.style.transform = 'translateY(-100%)';
    }
  }

  private setHovered(k: number | null): void {
    if (k === this.hovered) return;
    this.hovered = k;
    this.tip.hidden = k === null;
    this.draw();
  }

  /** What point k adds to each gradient at the current parameters. */
  private describe(k: number): void {
    const { context } = this;
    const p = context.playground;
    const { x, y } = context.data;
    if (!this.graph || this.graph.program !== context.program || this.graph.loss !== context.loss)
      this.graph = new PointGraph(context.program, context.loss);
    const graph = this.graph;
    graph.run(p.params, x[k], y[k], x.length);
    const prediction = graph.values[graph.prediction][0];
    const r = prediction - y[k];
    const side = r > 0 ? 'below the curve' : r < 0 ? 'above the curve' : 'on the curve';
    const grads = new Float64Array(context.program.paramCount);
    graph.addParamGrads(grads);
    const label = LOSS_LABELS[context.loss];
    const names = context.names;
    const shares = names.slice(0, 8).map((name, i) => `∂${label}/∂${name} ${formatNumber(grads[i])}`);
    if (names.length > 8) shares.push(`… ${names.length - 8} more`);
    this.tip.replaceChildren(
      el('strong', { text: `Point ${k}: x = ${formatNumber(x[k])}, y = ${formatNumber(y[k])}, ŷ = ${formatNumber(prediction)}, ${side}` }),
      el('div', { text: `adds ${shares.join(', ')}` }),
    );
    this.tip.dataset.point = String(k);
  }
}
