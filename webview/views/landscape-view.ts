// The loss landscape over two parameters (the others held, and it says so): a heat map with
// contour lines, the current point, the negative-gradient arrow and the path training has taken.
// It is a 2-D slider: click, drag or use the arrow keys to set both parameters. The grid is
// computed in a Web Worker (insight-worker-client.ts), coarse first, then finer, so a drag never
// freezes the page.
import { affordableLevels, mostSensitivePair } from '../../src/core/insight/landscape';
import { LOSS_LABELS } from '../../src/core/eval/loss';
import { el, formatNumber } from '../ui/dom';
import { arrow, prepareCanvas, rampCss } from './canvas';
import { LandscapeMap, MARGIN } from './landscape-map';
import type { ViewContext } from './context';
import type { TrainingPath } from './training-path';

export class LandscapeView {
  readonly element: HTMLElement;
  private readonly across: HTMLSelectElement;
  private readonly up: HTMLSelectElement;
  private readonly held: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private readonly readout: HTMLElement;
  /** Whether the latest grid is still being refined. */
  private refining = false;
  private jobKey = '';
  private readonly map = new LandscapeMap();
  private legendKey = '';
  private pair: [number, number] = [0, 1];
  private dragging = false;
  private open = false;
  private plot = 240;
  /** The panel's width, kept by a ResizeObserver (reading it on every move forced a layout). */
  private width = 0;

  constructor(
    private readonly context: ViewContext,
    private readonly path: TrainingPath,
    private readonly choose: (pair: { across: string; up: string }) => void,
  ) {
    this.across = el('select', { id: 'landscape-across', on: { change: () => this.pick('across') } });
    this.up = el('select', { id: 'landscape-up', on: { change: () => this.pick('up') } });
    this.held = el('p', { id: 'landscape-held', class: 'hint' });
    this.canvas = el('canvas', {
      id: 'landscape-canvas',
      class: 'landscape-canvas',
      attrs: { tabindex: 0, role: 'group', 'aria-roledescription': 'two-dimensional slider', 'aria-describedby': 'landscape-readout' },
    });
    this.readout = el('p', { id: 'landscape-readout', class: 'hint landscape-readout', attrs: { 'aria-live': 'polite' } });
    this.legend = el('div', { class: 'landscape-legend', attrs: { 'aria-hidden': 'true' } });
    this.element = el('section', { class: 'view-panel', attrs: { 'data-view': 'landscape', 'aria-label': 'Loss landscape' } }, [
      el('div', { class: 'chart-header' }, [
        el('h2', { text: 'Loss landscape' }),
        el('div', { class: 'view-pickers' }, [
          el('label', { text: 'across', attrs: { for: 'landscape-across' } }),
          this.across,
          el('label', { text: 'up', attrs: { for: 'landscape-up' } }),
          this.up,
        ]),
      ]),
      this.held,
      this.canvas,
      this.legend,
      this.readout,
    ]);
    this.canvas.addEventListener('pointerdown', (event) => {
      this.dragging = true;
      this.canvas.setPointerCapture(event.pointerId);
      this.setFromPointer(event);
    });
    this.canvas.addEventListener('pointermove', (event) => this.dragging && this.setFromPointer(event));
    const end = () => (this.dragging = false);
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener('keydown', (event) => this.key(event));
    new ResizeObserver(() => {
      const width = this.element.clientWidth;
      if (width === this.width) return;
      this.width = width;
      this.draw();
    }).observe(this.element);
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.element.hidden = !open;
    if (open) this.structure();
    else {
      this.context.worker.cancelGrid();
      this.jobKey = '';
    }
  }

  /** New parameters: refill the pickers, choose the pair (saved, else the most sensitive two). */
  structure(): void {
    const names = this.context.names;
    const options = (select: HTMLSelectElement) =>
      select.replaceChildren(...names.map((name, i) => el('option', { text: name, attrs: { value: String(i) } })));
    options(this.across);
    options(this.up);
    const saved = this.context.playground.state.views?.landscape;
    const i = saved ? names.indexOf(saved.across) : -1;
    const j = saved ? names.indexOf(saved.up) : -1;
    const p = this.context.playground;
    const fallback = mostSensitivePair(this.context.program, p.params, this.context.data.x) ?? [0, 0];
    this.pair = i >= 0 && j >= 0 && i !== j ? [i, j] : fallback;
    this.across.value = String(this.pair[0]);
    this.up.value = String(this.pair[1]);
    this.jobKey = '';
    this.update();
  }

  private pick(which: 'across' | 'up'): void {
    let i = Number(this.across.value);
    let j = Number(this.up.value);
    if (i === j) {
      // The same parameter twice: the other picker takes the one just given up.
      if (which === 'across') j = this.pair[0];
      else i = this.pair[1];
    }
    this.pair = [i, j];
    this.across.value = String(i);
    this.up.value = String(j);
    this.choose({ across: this.context.names[i], up: this.context.names[j] });
    this.update();
  }

  get hasPair(): boolean {
    return this.context.names.length >= 2 && this.pair[0] !== this.pair[1];
  }

  /** Redraws; starts a new grid when the held parameters, the ranges, the model, data or loss changed. */
  update(): void {
    if (!this.open) return;
    if (!this.hasPair) {
      this.held.textContent = 'The landscape needs a model with at least two parameters.';
      this.canvas.hidden = true;
      return;
    }
    this.canvas.hidden = false;
    const { context } = this;
    const [i, j] = this.pair;
    const params = context.playground.params;
    const rangeI = context.range(i);
    const rangeJ = context.range(j);
    let key = `${context.generation}|${i}|${j}|${rangeI}|${rangeJ}`;
    for (let k = 0; k < params.length; k++) if (k !== i && k !== j) key += `|${params[k]}`;
    if (key !== this.jobKey) {
      this.jobKey = key;
      const levels = affordableLevels(context.data.x.length * context.program.units);
      this.refining = true;
      this.canvas.dataset.gridDone = 'false';
      context.worker.grid(context.subject(), { loss: context.loss, params, i, j, rangeI, rangeJ, levels }, (grid, done) => {
        this.refining = !done;
        this.canvas.dataset.gridDone = String(done);
        this.canvas.dataset.gridSite = context.worker.gridSite ?? '';
        this.map.setGrid(grid);
        this.canvas.dataset.gridSize = String(grid.size);
        this.draw();
      });
    }
    this.describeHeld();
    this.draw();
  }

  private describeHeld(): void {
    const { names } = this.context;
    const params = this.context.playground.params;
    const others = names.flatMap((name, k) => (k === this.pair[0] || k === this.pair[1] ? [] : [`${name} = ${formatNumber(params[k])}`]));
    const text =
      others.length === 0
        ? 'No other parameters.'
        : others.length <= 4
          ? `Held at their current values: ${others.join(', ')}.`
          : `Held at their current values: ${others.slice(0, 3).join(', ')} and ${others.length - 3} more.`;
    if (this.held.textContent !== text) this.held.textContent = text;
  }

  /** Plot size from the panel's width. */
  private measure(): number {
    const width = this.width || 300;
    return Math.max(140, Math.min(360, width - MARGIN.left - MARGIN.right));
  }

  private draw(): void {
    if (!this.open || !this.hasPair) return;
    const { context } = this;
    const colors = context.colors;
    const plot = (this.plot = this.measure());
    const width = plot + MARGIN.left + MARGIN.right;
    const height = plot + MARGIN.top + MARGIN.bottom;
    const ctx = prepareCanvas(this.canvas, width, height);
    const [i, j] = this.pair;
    const rangeI = context.range(i);
    const rangeJ = context.range(j);
    const X = (v: number) => MARGIN.left + ((v - rangeI[0]) / (rangeI[1] - rangeI[0])) * plot;
    const Y = (v: number) => MARGIN.top + plot - ((v - rangeJ[0]) / (rangeJ[1] - rangeJ[0])) * plot;
    // The map, its contours and the axes come from a cached image; only the path and the point are drawn per move.
    this.map.paint(ctx, { plot, rangeI, rangeJ, names: [context.names[i], context.names[j]], colors });
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, plot, plot);
    ctx.clip();
    this.drawPath(ctx, X, Y);
    this.drawCurrent(ctx, X, Y);
    ctx.restore();
    this.drawLegend();
  }

  private drawPath(ctx: CanvasRenderingContext2D, X: (v: number) => number, Y: (v: number) => number): void {
    const [i, j] = this.pair;
    const colors = this.context.colors;
    ctx.strokeStyle = colors.curve;
    ctx.fillStyle = colors.curve;
    ctx.lineWidth = colors.strong ? 2.5 : 2;
    ctx.setLineDash([]);
    ctx.beginPath();
    let drawing = false;
    for (const point of this.path.points) {
      if (point === null) {
        drawing = false;
        continue;
      }
      const x = X(point[i]);
      const y = Y(point[j]);
      if (drawing) ctx.lineTo(x, y);
      else {
        ctx.moveTo(x, y);
        drawing = true;
      }
    }
    ctx.stroke();
    this.canvas.dataset.pathLength = String(this.path.count);
  }

  private drawCurrent(ctx: CanvasRenderingContext2D, X: (v: number) => number, Y: (v: number) => number): void {
    const p = this.context.playground;
    const colors = this.context.colors;
    const [i, j] = this.pair;
    const x = X(p.params[i]);
    const y = Y(p.params[j]);
    // Minus the gradient, drawn in the plot's own scale: the way one step moves the point.
    const gi = p.grad[i];
    const gj = p.grad[j];
    const rangeI = this.context.range(i);
    const rangeJ = this.context.range(j);
    const dx = (-gi / (rangeI[1] - rangeI[0])) * this.plot;
    const dy = (gj / (rangeJ[1] - rangeJ[0])) * this.plot;
    const length = Math.hypot(dx, dy);
    if (Number.isFinite(length) && length > 1e-12) {
      const scale = 34 / length;
      ctx.lineWidth = colors.strong ? 3 : 2.5;
      ctx.strokeStyle = colors.background;
      ctx.fillStyle = colors.background;
      arrow(ctx, x, y, x + dx * scale, y + dy * scale, 9);
      ctx.lineWidth = colors.strong ? 2 : 1.5;
      ctx.strokeStyle = colors.foreground;
      ctx.fillStyle = colors.foreground;
      arrow(ctx, x, y, x + dx * scale, y + dy * scale, 8);
    }
    ctx.fillStyle = colors.curve;
    ctx.strokeStyle = colors.background;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    const names = this.context.names;
    const label = LOSS_LABELS[this.context.loss];
    const text =
      `${names[i]} = ${formatNumber(p.params[i])}, ${names[j]} = ${formatNumber(p.params[j])}: ${label} ` +
      `${formatNumber(p.loss)}. The arrow is minus the gradient (${formatNumber(-gi)}, ${formatNumber(-gj)}), the ` +
      'way a step moves.';
    if (this.readout.textContent !== text) this.readout.textContent = text;
    this.canvas.setAttribute(
      'aria-label',
      `Loss landscape over ${names[i]} (across) and ${names[j]} (up). Click, drag, or use the arrow keys to set both.`,
    );
    this.canvas.dataset.point = `${p.params[i]},${p.params[j]}`;
  }

  private drawLegend(): void {
    const s = this.map.sorted;
    const label = LOSS_LABELS[this.context.loss];
    const size = this.map.size;
    const key = `${label}|${s[0]}|${s[s.length - 1]}|${size}|${this.refining}`;
    if (key === this.legendKey) return;
    this.legendKey = key;
    if (s.length === 0) {
      this.legend.replaceChildren(el('span', { class: 'hint', text: 'computing…' }));
      return;
    }
    const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => `${rampCss(t)} ${t * 100}%`).join(', ');
    const bar = el('span', { class: 'legend-bar' });
    bar.style.background = `linear-gradient(to right, ${stops})`;
    this.legend.replaceChildren(
      el('span', { text: `${label} ${formatNumber(s[0])}` }),
      bar,
      el('span', { text: `${formatNumber(s[s.length - 1])}` }),
      el('span', { class: 'hint', text: `${size}×${size} grid${this.refining ? ', refining…' : ''}` }),
    );
  }

  private setFromPointer(event: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const fx = (event.clientX - rect.left - MARGIN.left) / this.plot;
    const fy = 1 - (event.clientY - rect.top - MARGIN.top) / this.plot;
    this.setAt(Math.min(1, Math.max(0, fx)), Math.min(1, Math.max(0, fy)));
  }

  /** Sets both parameters to the fractions (0–1) of their ranges. */
  private setAt(fx: number, fy: number): void {
    const [i, j] = this.pair;
    const rangeI = this.context.range(i);
    const rangeJ = this.context.range(j);
    const p = this.context.playground;
    p.setParam(i, rangeI[0] + fx * (rangeI[1] - rangeI[0]));
    p.setParam(j, rangeJ[0] + fy * (rangeJ[1] - rangeJ[0]));
  }

  private key(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowDown: [0, -1], ArrowUp: [0, 1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const [i, j] = this.pair;
    const p = this.context.playground;
    const step = event.shiftKey ? 0.1 : 0.01;
    const rangeI = this.context.range(i);
    const rangeJ = this.context.range(j);
    const fx = (p.params[i] - rangeI[0]) / (rangeI[1] - rangeI[0]) + move[0] * step;
    const fy = (p.params[j] - rangeJ[0]) / (rangeJ[1] - rangeJ[0]) + move[1] * step;
    this.setAt(Math.min(1, Math.max(0, fx)), Math.min(1, Math.max(0, fy)));
  }
}
