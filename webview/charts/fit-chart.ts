// The fit chart: the data as a scatter (Vega: axes, grid, points, tooltips), and over it the model's
// curve over a slightly wider x range, each part of a ReLU model as a faint dashed line, and the loss
// in the title (model-layer.ts: a canvas and a line of text). A slider move or a training frame only
// redraws that layer; new data or a new y range move the scatter's domain signals and hand Vega the
// sample a slice at a time (scatter-points.ts); only a resize or a theme change re-embeds it.
import embed, { Result } from 'vega-embed';
import { changeset } from 'vega';
import type { Dataset } from '../../src/core/data/generate';
import { drawSample } from '../../src/core/data/sample';
import { CHART_POINTS_LIMIT, formatCount } from '../../src/core/limits';
import { dataExtent } from '../app/evaluation';
import { ModelLayer } from './model-layer';
import { DOMAIN_SIGNALS, exportSpec, FIT_DATA, FIT_PADDING, FitFrame, plotWidth, PointEdge, scatterSpec } from './specs';
import { replaceRowsInSlices } from './scatter-points';
import type { ChartTheme } from './theme';
import { FIT_DRAWN_MARK } from './timing-marks';

export interface FitSource {
  data: Dataset;
  grid: Float64Array;
  curve(): Float64Array;
  parts(): Float64Array[];
  title(): string;
  /** The fixed y range, or null for automatic (from the data). */
  yDomain(): [number, number] | null;
}

/** `ast: true` runs Vega's expressions without `eval` (the page's CSP has no 'unsafe-eval'); log level 1 keeps errors only. */
export const EMBED_OPTIONS = { actions: false, ast: true, renderer: 'canvas' as const, tooltip: { theme: 'custom' }, logLevel: 1 };

export function autoYDomain(y: ArrayLike<number>): [number, number] {
  const [min, max] = dataExtent(y);
  const margin = (max - min) * 0.08;
  return [min - margin, max + margin];
}

/** The data's points as the chart's rows: all of them, or a stratified random sample of CHART_POINTS_LIMIT. */
function pointRows(data: Dataset): { rows: { x: number; y: number }[]; note: string; index: Uint32Array | null } {
  const sample = drawSample(data, CHART_POINTS_LIMIT);
  const rows = Array.from(sample.x, (x, i) => ({ x, y: sample.y[i] }));
  const note = sample.sampled
    ? `Showing ${formatCount(rows.length)} of ${formatCount(sample.total)} points (a random sample); the loss and training use all of them.`
    : '';
  return { rows, note, index: sample.index };
}

/** The points as drawn: the data set they come from, each row's index in it (null: row k is point k), and the rows as plotted. */
interface ShownPoints {
  data: Dataset;
  index: Uint32Array | null;
  rows: { x: number; y: number }[];
}

/** Rows as plotted: a point outside the y range sits on its edge, marked as clipped, its own value kept for the tooltip. */
export function clipRows(
  points: { x: number; y: number }[],
  yDomain: [number, number],
): { rows: { x: number; y: number; value: number; edge: PointEdge }[]; above: number; below: number } {
  let above = 0;
  let below = 0;
  const rows = points.map(({ x, y: value }) => {
    const edge: PointEdge = value > yDomain[1] ? 'above' : value < yDomain[0] ? 'below' : 'inside';
    if (edge === 'above') above++;
    else if (edge === 'below') below++;
    return { x, y: edge === 'above' ? yDomain[1] : edge === 'below' ? yDomain[0] : value, value, edge };
  });
  return { rows, above, below };
}

function curveRows(grid: Float64Array, values: Float64Array): { x: number; y: number }[] {
  return Array.from(grid, (x, i) => ({ x, y: values[i] }));
}

function partRows(grid: Float64Array, parts: Float64Array[]): { x: number; y: number; part: number }[] {
  const rows: { x: number; y: number; part: number }[] = [];
  parts.forEach((values, part) => {
    for (let i = 0; i < grid.length; i++) rows.push({ x: grid[i], y: values[i], part });
  });
  return rows;
}

export class FitChart {
  private scatter: Result | null = null;
  private frame: FitFrame | null = null;
  private embeds = 0;
  private shown: ShownPoints | null = null;
  readonly scatterHost: HTMLElement;
  private readonly model = new ModelLayer();
  /** Data points outside the y range (drawn on its edge). */
  clipped = { above: 0, below: 0 };
  /** Says so on the chart when it draws a sample of the data. */
  readonly sampleNote: HTMLElement;
  /** Called after every re-embed with the new frame (the insight views draw over the plot). */
  onRebuilt: ((frame: FitFrame) => void) | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly source: () => FitSource,
    private readonly rendered: (title: string) => void,
  ) {
    host.classList.add('fit-stack');
    this.scatterHost = host.appendChild(document.createElement('div'));
    host.append(this.model.canvas, this.model.title);
    this.sampleNote = host.appendChild(document.createElement('div'));
    this.sampleNote.className = 'fit-sample-note';
    this.sampleNote.id = 'fit-sample-note';
    this.sampleNote.hidden = true;
  }

  private frameFor(width: number, theme: ChartTheme): FitFrame {
    const src = this.source();
    const plotArea = plotWidth(width, FIT_PADDING);
    return {
      width: plotArea,
      height: Math.round(Math.min(460, Math.max(160, plotArea * 0.5))),
      xDomain: [src.grid[0], src.grid[src.grid.length - 1]],
      yDomain: src.yDomain() ?? autoYDomain(src.data.y),
      theme,
    };
  }

  /**
   * Shows new data, a new y range, size or theme, with the model layer placed on the scatter's
   * scales: the scatter is re-embedded only for a new size or theme; otherwise its domain signals move.
   */
  async rebuild(width: number, theme: ChartTheme): Promise<void> {
    const token = ++this.embeds;
    const frame = this.frameFor(width, theme);
    const shown = this.frame;
    if (this.scatter && shown && shown.width === frame.width && shown.height === frame.height && shown.theme === theme) {
      this.scatter.view.signal(DOMAIN_SIGNALS.x, frame.xDomain).signal(DOMAIN_SIGNALS.y, frame.yDomain);
      return this.show(token, frame, this.source().data);
    }
    const src = this.source();
    const scatter = await embed(this.scatterHost, scatterSpec(frame), EMBED_OPTIONS);
    if (token !== this.embeds) {
      scatter.finalize();
      return;
    }
    this.scatter?.finalize();
    this.scatter = scatter;
    await this.show(token, frame, src.data);
  }

  /** Puts `data`'s points (a sample of a large set) on the scatter of `frame` a slice at a time, then the model over it. */
  private async show(token: number, frame: FitFrame, data: Dataset): Promise<void> {
    this.frame = frame;
    this.model.place(frame);
    const note = await this.drawPoints(this.scatter!.view, frame, data, () => token === this.embeds);
    if (token !== this.embeds) return;
    this.sampleNote.textContent = note;
    this.sampleNote.hidden = !note;
    // Room under the x axis for the sample note (two lines at the narrowest).
    this.host.style.height = `${frame.height + 78 + (note ? 30 : 0)}px`;
    this.drawModel();
    this.onRebuilt?.(frame);
  }

  /**
   * Replaces the scatter's points with `data`'s (its sample), clipped to the y range; returns the
   * sample note. `wanted`: in slices that let the page run between them, while it says so (new data);
   * without it at once (a drag).
   */
  private async drawPoints(view: Result['view'], frame: FitFrame, data: Dataset, wanted?: () => boolean): Promise<string> {
    const sampled = pointRows(data);
    const points = clipRows(sampled.rows, frame.yDomain);
    this.clipped = { above: points.above, below: points.below };
    this.shown = { data, index: sampled.index, rows: points.rows };
    if (wanted) await replaceRowsInSlices(view, FIT_DATA.points, points.rows, wanted);
    else
      await view
        .change(
          FIT_DATA.points,
          changeset()
            .remove(() => true)
            .insert(points.rows),
        )
        .runAsync();
    return sampled.note;
  }

  /**
   * Redraws the points of the current data on the scales as embedded (a point dragged by hand):
   * no re-embed, so the axes stay where the pointer is measured against.
   */
  async redrawPoints(): Promise<void> {
    const view = this.scatter?.view;
    const frame = this.frame;
    if (!view || !frame) return;
    await this.drawPoints(view, frame, this.source().data);
  }

  /**
   * The index in `data` of the drawn point nearest to (px, py), in pixels from the plot area's top
   * left, within `radius` pixels; null when none is, or when the chart does not show `data` (yet).
   * A sampled chart maps its point back to the row it was drawn from.
   */
  pointAt(data: Dataset, px: number, py: number, radius: number): number | null {
    const shown = this.shown;
    const f = this.frame;
    if (!shown || !f || shown.data !== data) return null;
    const sx = f.width / (f.xDomain[1] - f.xDomain[0]);
    const sy = f.height / (f.yDomain[1] - f.yDomain[0]);
    let best = -1;
    let bestDistance = radius * radius;
    shown.rows.forEach((row, k) => {
      const dx = (row.x - f.xDomain[0]) * sx - px;
      const dy = f.height - (row.y - f.yDomain[0]) * sy - py;
      const d = dx * dx + dy * dy;
      if (d <= bestDistance) {
        bestDistance = d;
        best = k;
      }
    });
    if (best < 0) return null;
    return shown.index ? shown.index[best] : best;
  }

  /** The plot's size, domains and theme as last embedded (null before the first). */
  get plotFrame(): FitFrame | null {
    return this.frame;
  }

  /**
   * Redraws the curve, its parts and the title, now (a canvas: well under a millisecond);
   * `inputTime` (event.timeStamp of the slider input) is measured to the end of the drawing.
   */
  requestModel(inputTime?: number): void {
    this.drawModel(inputTime);
  }

  private drawModel(inputTime?: number): void {
    if (!this.frame) return;
    const src = this.source();
    const title = src.title();
    this.model.draw(src.grid, src.curve(), src.parts(), title);
    if (inputTime !== undefined) performance.measure('nn-redraw', { start: inputTime, end: performance.now() });
    // One mark per drawn frame, for a PerformanceObserver (the redraw-rate test); cleared at once so none pile up.
    performance.mark(FIT_DRAWN_MARK);
    performance.clearMarks(FIT_DRAWN_MARK);
    this.rendered(title);
  }

  /** The chart as one image, with the theme's background: PNG as base64 or SVG as text. */
  async exportImage(format: 'png' | 'svg'): Promise<string> {
    if (!this.frame) throw new Error('The chart is not drawn yet.');
    const src = this.source();
    const spec = exportSpec(this.frame, src.title(), {
      points: clipRows(pointRows(src.data).rows, this.frame.yDomain).rows,
      curve: curveRows(src.grid, src.curve()),
      parts: partRows(src.grid, src.parts()),
    });
    const holder = document.createElement('div');
    const result = await embed(holder, spec, { ...EMBED_OPTIONS, renderer: format === 'svg' ? 'svg' : 'canvas' });
    try {
      if (format === 'svg') return await result.view.toSVG();
      const url = await result.view.toImageURL('png', 2);
      return url.slice(url.indexOf(',') + 1);
    } finally {
      result.finalize();
    }
  }

  dispose(): void {
    this.embeds++;
    this.scatter?.finalize();
  }
}
