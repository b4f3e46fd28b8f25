// The fit view for data of two inputs: the model's prediction (a network's, or a formula of x1 and
// x2's) over the input plane (x1 across, x2 up) as a heat map, with the data points drawn on it, coloured by their value on the same
// scale (a good fit: the points melt into the background) or by their residual (prediction − y) on
// a scale centred at 0. One canvas, redrawn at most once per animation frame when the parameters
// change (training, a slider): the plane's cells through the model's evaluator, then ImageData,
// then the points. A legend and the loss in the title.
import { drawSample } from '../../src/core/data/sample';
import { CHART_POINTS_LIMIT, formatCount } from '../../src/core/limits';
import type { Playground } from '../app/playground';
import {
  colorOf,
  cssColor,
  DivergingPalette,
  DivergingScale,
  luminance,
  paletteFor,
  spanning,
  zeroCentred,
} from '../charts/diverging-scale';
import { HeatmapCanvas, legendElement } from '../charts/heatmap';
import { ChartTheme, themeKind } from '../charts/theme';
import { el, formatNumber } from '../ui/dom';
import { withLayerViews } from './network-state';
import { PlaneEvaluation, planeOf } from './plane';

export type PointColouring = 'value' | 'residual';

/** Room for the axes' labels around the plot. */
const AXIS = { left: 40, bottom: 30, top: 6, right: 8 };

/** An axis end as 3 significant digits (the ends are the data's extent plus a margin: -2.1768 reads as -2.18). */
function axisLabel(value: number): string {
  return String(Number(value.toPrecision(3)));
}

export class PlaneChart {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly stack: HTMLElement;
  private readonly heat = new HeatmapCanvas('plane-heat', true);
  private readonly overlay: HTMLCanvasElement;
  private readonly legends: HTMLElement;
  private readonly colouring: HTMLSelectElement;
  private readonly note: HTMLElement;
  private sample: {
    predict: (params: Float64Array) => Float64Array;
    x: Float64Array;
    x2: Float64Array;
    y: Float64Array;
    of: PlaneEvaluation;
  } | null = null;
  private frame: number | null = null;
  /** The earliest slider input the next frame's redraw answers. */
  private inputTime: number | null = null;
  private size = 0;
  private legendKey = '';

  constructor(
    private readonly playground: Playground,
    private readonly theme: () => ChartTheme,
  ) {
    this.title = el('p', { id: 'plane-title', class: 'plane-title' });
    this.overlay = el('canvas', { class: 'plane-points', attrs: { 'aria-hidden': 'true' } });
    this.stack = el('div', { id: 'plane-chart', class: 'plane-stack', attrs: { role: 'img' } }, [this.heat.canvas, this.overlay]);
    this.colouring = el('select', { id: 'plane-colouring', attrs: { 'aria-label': 'Colour the data points by' } }, [
      el('option', { text: 'points: value', attrs: { value: 'value' } }),
      el('option', { text: 'points: residual', attrs: { value: 'residual' } }),
    ]);
    this.colouring.addEventListener('change', () => {
      playground.setViews(withLayerViews(playground.state, { points: this.pointColouring }));
      this.draw();
    });
    this.legends = el('div', { class: 'plane-legends' });
    this.note = el('p', { class: 'hint', attrs: { hidden: true } });
    this.element = el('div', { class: 'plane-chart', attrs: { hidden: true } }, [this.title, this.stack, this.legends, this.note]);
    playground.events.on('params', (change) => this.drawSoon(change.inputTime));
    playground.events.on('structure', () => this.draw());
    playground.events.on('data', () => this.draw());
  }

  /**
   * Redraws at the next animation frame (once, however many changes come before it). After a
   * slider's input, the time from that input to the plane drawn is measured as `nn-plane-redraw`.
   */
  drawSoon(inputTime?: number): void {
    if (inputTime !== undefined && this.inputTime === null) this.inputTime = inputTime;
    if (this.frame !== null || !this.active) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.draw();
      if (this.inputTime !== null) performance.measure('nn-plane-redraw', { start: this.inputTime, end: performance.now() });
      this.inputTime = null;
    });
  }

  get pointColouring(): PointColouring {
    return this.colouring.value as PointColouring;
  }

  /** The control beside the chart's heading. */
  get control(): HTMLElement {
    return this.colouring;
  }

  setColouring(colouring: PointColouring): void {
    this.colouring.value = colouring;
  }

  private get evaluation(): PlaneEvaluation | null {
    return planeOf(this.playground.evaluation);
  }

  /** Whether the plane is the fit view now (a network or a formula of x1 and x2 on data of two inputs). */
  get active(): boolean {
    return this.evaluation !== null;
  }

  /** Sizes the plot to `width` CSS px of the panel (a square, at most 480 px). */
  resize(width: number): void {
    const size = Math.max(120, Math.min(480, Math.floor(width) - AXIS.left - AXIS.right));
    if (size === this.size) return;
    this.size = size;
    this.heat.resize(size, size);
    const ratio = window.devicePixelRatio || 1;
    const w = size + AXIS.left + AXIS.right;
    const h = size + AXIS.top + AXIS.bottom;
    this.overlay.width = Math.round(w * ratio);
    this.overlay.height = Math.round(h * ratio);
    this.overlay.style.width = `${w}px`;
    this.overlay.style.height = `${h}px`;
    this.heat.canvas.style.left = `${AXIS.left}px`;
    this.heat.canvas.style.top = `${AXIS.top}px`;
    this.stack.style.width = `${w}px`;
    this.stack.style.height = `${h}px`;
  }

  /** Redraws the plane and the points at the current parameters (timed as `nn-plane`). */
  draw(): void {
    const started = performance.now();
    const evaluation = this.evaluation;
    this.element.hidden = !evaluation;
    if (!evaluation || this.size === 0) return;
    const { plane } = evaluation;
    const p = this.playground;
    const palette = paletteFor(themeKind(document.body));
    const values = evaluation.planeAt(p.params);
    const sample = this.sampleFor(evaluation);
    const valueScale = spanning(sample.y.length ? sample.y : values);
    this.heat.draw(values, plane.cells, plane.cells, valueScale, palette);
    const residualMode = this.pointColouring === 'residual';
    const predicted = residualMode ? sample.predict(p.params) : null;
    const residuals = predicted ? predicted.map((v, i) => v - sample.y[i]) : null;
    const pointScale = residuals ? zeroCentred(residuals) : valueScale;
    this.drawPoints(sample, plane, residuals ?? sample.y, pointScale, palette);
    this.title.textContent = p.title;
    this.stack.setAttribute(
      'aria-label',
      `Prediction over x1 from ${formatNumber(plane.x1[0])} to ${formatNumber(plane.x1[1])} and x2 from ` +
        `${formatNumber(plane.x2[0])} to ${formatNumber(plane.x2[1])}, with ${formatCount(p.data.x.length)} data ` +
        `points coloured by ${residualMode ? 'residual' : 'value'}. ${p.title}.`,
    );
    this.showLegends(valueScale, residuals ? pointScale : null, palette);
    performance.measure('nn-plane', { start: started, end: performance.now() });
  }

  private sampleFor(evaluation: PlaneEvaluation): NonNullable<PlaneChart['sample']> {
    if (this.sample?.of === evaluation) return this.sample;
    const drawn = drawSample(evaluation.data, CHART_POINTS_LIMIT);
    const x2 = drawn.x2 ?? new Float64Array(drawn.x.length);
    this.note.hidden = !drawn.sampled;
    this.note.textContent = drawn.sampled
      ? `Showing ${formatCount(drawn.x.length)} of ${formatCount(drawn.total)} points (a random sample); the loss and training use all of them.`
      : '';
    this.sample = { predict: evaluation.predictorOn({ x: drawn.x, x2 }), x: drawn.x, x2, y: drawn.y, of: evaluation };
    return this.sample;
  }

  private drawPoints(
    sample: { x: Float64Array; x2: Float64Array },
    plane: { x1: [number, number]; x2: [number, number] },
    colourBy: ArrayLike<number>,
    scale: DivergingScale,
    palette: DivergingPalette,
  ): void {
    const context = this.overlay.getContext('2d');
    if (!context) return;
    const theme = this.theme();
    const ratio = this.overlay.width / (this.size + AXIS.left + AXIS.right);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.overlay.width, this.overlay.height);
    const s = this.size;
    const px = (v: number) => AXIS.left + ((v - plane.x1[0]) / (plane.x1[1] - plane.x1[0])) * s;
    const py = (v: number) => AXIS.top + (1 - (v - plane.x2[0]) / (plane.x2[1] - plane.x2[0])) * s;
    // Points sized to the plot and their number, so a narrow panel's plane is not covered by them.
    const radius = Math.max(1.5, Math.min(4, (0.25 * s) / Math.sqrt(Math.max(1, sample.x.length))));
    context.lineWidth = 1;
    for (let i = 0; i < sample.x.length; i++) {
      const rgb = colorOf(colourBy[i], scale, palette);
      context.fillStyle = cssColor(rgb);
      // An outline that contrasts with the point's own fill, so it reads on any background cell.
      context.strokeStyle = luminance(rgb) > 0.35 ? '#000000' : '#ffffff';
      context.beginPath();
      context.arc(px(sample.x[i]), py(sample.x2[i]), radius, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
    // Axes: the frame, the ends of each range, the names.
    context.strokeStyle = theme.lines;
    context.strokeRect(AXIS.left - 0.5, AXIS.top - 0.5, s + 1, s + 1);
    context.fillStyle = theme.muted;
    context.font = `${Math.max(10, theme.fontSize - 2)}px ${theme.font}`;
    context.textBaseline = 'top';
    context.textAlign = 'left';
    context.fillText(axisLabel(plane.x1[0]), AXIS.left, AXIS.top + s + 4);
    context.textAlign = 'right';
    context.fillText(axisLabel(plane.x1[1]), AXIS.left + s, AXIS.top + s + 4);
    context.textAlign = 'center';
    context.fillStyle = theme.foreground;
    context.fillText('x1', AXIS.left + s / 2, AXIS.top + s + 4);
    context.textAlign = 'right';
    context.fillStyle = theme.muted;
    context.textBaseline = 'top';
    context.fillText(axisLabel(plane.x2[1]), AXIS.left - 4, AXIS.top);
    context.textBaseline = 'bottom';
    context.fillText(axisLabel(plane.x2[0]), AXIS.left - 4, AXIS.top + s);
    context.textBaseline = 'middle';
    context.fillStyle = theme.foreground;
    context.fillText('x2', AXIS.left - 4, AXIS.top + s / 2);
  }

  private showLegends(values: DivergingScale, residuals: DivergingScale | null, palette: DivergingPalette): void {
    const key = JSON.stringify([values, residuals, palette]);
    if (key === this.legendKey) return;
    this.legendKey = key;
    this.legends.replaceChildren(
      legendElement(values, palette, residuals ? 'prediction (background)' : 'prediction and y'),
      ...(residuals ? [legendElement(residuals, palette, 'residual: prediction − y (points)')] : []),
    );
  }
}
