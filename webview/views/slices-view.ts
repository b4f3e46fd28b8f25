// A small loss-slice chart under every slider, as wide as the slider so the marker sits under its
// thumb: the loss as that one parameter moves over the slider's range (the others held), the
// current value marked, and the tangent whose slope is the gradient. Curves are cached: dragging
// a slider only moves its own marker, the other slices are recomputed (their held value moved).
// On large data sets the slices are computed in the insight worker (the marker moves at once, the
// curve follows when the worker answers), or, without a worker, once the moves pause.
import { affineFlatParams } from '../../src/core/insight/linearity';
import { LossSlice, lossSlice, tangentLine } from '../../src/core/insight/slice';
import { LOSS_LABELS } from '../../src/core/eval/loss';
import { el, formatNumber } from '../ui/dom';
import { prepareCanvas } from './canvas';
import type { ViewContext } from './context';

/** The native range thumb is 14 px wide: its centre runs from 7 px to width − 7 px. */
const THUMB_INSET = 7;
const HEIGHT = 46;
/** Above this many points a slice is computed off the main thread (its marker moves at once). */
const LARGE = 20_000;
const short = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v));

interface SliceRow {
  name: string;
  index: number;
  row: HTMLElement;
  slider: HTMLInputElement;
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
  key: string;
  slice: LossSlice | null;
  /** The key of the slice the worker is computing, or null. */
  asked: string | null;
  /** The slider's width, kept by a ResizeObserver (reading it on every move forced a layout). */
  width: number;
}

export class SlicesView {
  private rows: SliceRow[] = [];
  private affine: boolean[] = [];
  private open = false;
  private lateTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set when the worker cannot be had: large slices are then computed once the moves pause. */
  private noWorker = false;
  private readonly sizes = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const r = this.rows.find((row) => row.slider === entry.target);
      if (!r) continue;
      const width = r.slider.clientWidth;
      if (width === r.width) continue;
      r.width = width;
      if (this.open && shown(r.row)) this.draw(r);
    }
  });

  constructor(
    private readonly context: ViewContext,
    /** Where the model section's parameter rows are (found by their sliders' data-param). */
    private readonly rowsRoot: () => ParentNode,
  ) {}

  setOpen(open: boolean): void {
    this.open = open;
    this.attach();
  }

  /** (Re)creates the charts in the parameter rows (after the rows were rebuilt). */
  attach(): void {
    this.sizes.disconnect();
    for (const r of this.rows) {
      r.canvas.remove();
      r.caption.remove();
    }
    this.rows = [];
    if (!this.open) return;
    this.affine = affineFlatParams(this.context.program);
    const names = this.context.names;
    for (const slider of this.rowsRoot().querySelectorAll<HTMLInputElement>('.param-row input[type=range][data-param]')) {
      const name = slider.dataset.param!;
      const index = names.indexOf(name);
      const row = slider.closest<HTMLElement>('.param-row');
      if (index < 0 || !row) continue;
      const canvas = el('canvas', {
        class: 'slice-chart',
        attrs: { role: 'img', 'data-slice': name },
      });
      const caption = el('span', { class: 'slice-caption', attrs: { 'data-slice-caption': name, 'aria-hidden': 'true' } });
      // Before the range editor, so it stays last.
      const editor = row.querySelector('.range-editor');
      row.insertBefore(canvas, editor);
      row.insertBefore(caption, editor);
      this.rows.push({ name, index, row, slider, canvas, caption, key: '', slice: null, asked: null, width: 0 });
      this.sizes.observe(slider);
    }
    this.update();
  }

  /** Redraws the visible slices (rows inside closed unit groups are skipped until opened). */
  update(): void {
    if (!this.open) return;
    for (const r of this.rows) if (shown(r.row)) this.draw(r);
  }

  private draw(r: SliceRow): void {
    const { context } = this;
    const p = context.playground;
    const params = p.params;
    const range = context.range(r.index);
    let key = `${context.generation}|${range[0]}|${range[1]}`;
    for (let i = 0; i < params.length; i++) if (i !== r.index) key += `|${params[i]}`;
    const large = context.data.x.length > LARGE;
    if (r.slice && !r.key.startsWith(`${context.generation}|`)) r.slice = null;
    if (key !== r.key || !r.slice) {
      if (large && !this.noWorker) this.ask(r, key);
      else if (large && r.slice !== null) this.later();
      else {
        r.slice = lossSlice(
          { evaluator: context.evaluator(), y: context.data.y, loss: context.loss, params, index: r.index, range },
          { affine: this.affine[r.index], costPerPoint: context.program.units },
        );
        r.key = key;
      }
    }
    if (!r.slice) return;
    const width = r.width;
    if (width <= 0) return;
    this.paint(r, width, r.slice, params[r.index], p.loss, p.grad[r.index], range);
  }

  /** Has the worker compute the slice for `key` (one at a time per row: the latest key is asked for next). */
  private ask(r: SliceRow, key: string): void {
    if (r.asked !== null) return;
    const { context } = this;
    r.asked = key;
    const job = {
      loss: context.loss,
      params: Float64Array.from(context.playground.params),
      index: r.index,
      range: context.range(r.index),
      affine: this.affine[r.index],
      costPerPoint: context.program.units,
    };
    void context.worker.slice(context.subject(), job).then((slice) => {
      r.asked = null;
      if (slice === null) {
        this.noWorker = true;
        this.later();
        return;
      }
      if (!this.rows.includes(r)) return;
      r.slice = slice;
      r.key = key;
      // Draws it, and asks again if the parameters moved meanwhile.
      if (this.open && shown(r.row)) this.draw(r);
    });
  }

  /** Without a worker: recomputes the stale slices of a large data set once the moves pause. */
  private later(): void {
    if (this.lateTimer !== null) clearTimeout(this.lateTimer);
    this.lateTimer = setTimeout(() => {
      this.lateTimer = null;
      // One slice per task, so the page stays responsive between them.
      const stale = this.rows.filter((r) => shown(r.row));
      const next = () => {
        const r = stale.shift();
        if (!r || this.lateTimer !== null || !this.open) return;
        r.slice = null;
        this.draw(r);
        setTimeout(next, 0);
      };
      next();
    }, 150);
  }

  private paint(r: SliceRow, width: number, slice: LossSlice, t0: number, loss0: number, grad: number, range: [number, number]): void {
    const colors = this.context.colors;
    const ctx = prepareCanvas(r.canvas, width, HEIGHT);
    let lo = Infinity;
    let hi = -Infinity;
    let best = 0;
    slice.loss.forEach((v, k) => {
      if (!Number.isFinite(v)) return;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v < slice.loss[best] || !Number.isFinite(slice.loss[best])) best = k;
    });
    if (!(hi >= lo)) return;
    if (hi === lo) hi = lo + 1;
    const top = 4;
    const bottom = HEIGHT - 4;
    const X = (t: number) => THUMB_INSET + ((t - range[0]) / (range[1] - range[0])) * (width - 2 * THUMB_INSET);
    const Y = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
    ctx.strokeStyle = colors.lines;
    ctx.globalAlpha = colors.strong ? 0.8 : 0.45;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(THUMB_INSET, bottom + 0.5);
    ctx.lineTo(width - THUMB_INSET, bottom + 0.5);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = colors.loss;
    ctx.lineWidth = colors.strong ? 2 : 1.5;
    ctx.beginPath();
    slice.t.forEach((t, k) => (k === 0 ? ctx.moveTo(X(t), Y(slice.loss[k])) : ctx.lineTo(X(t), Y(slice.loss[k]))));
    ctx.stroke();
    if (Number.isFinite(loss0) && Number.isFinite(grad)) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, 0, width, HEIGHT);
      ctx.clip();
      const line = tangentLine(t0, loss0, grad, (range[1] - range[0]) * 0.2);
      ctx.strokeStyle = colors.foreground;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 3]);
      ctx.beginPath();
      ctx.moveTo(X(line.t[0]), Y(line.loss[0]));
      ctx.lineTo(X(line.t[1]), Y(line.loss[1]));
      ctx.stroke();
      ctx.restore();
      ctx.fillStyle = colors.curve;
      ctx.strokeStyle = colors.background;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(X(t0), Y(loss0), 4, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
    const label = LOSS_LABELS[this.context.loss];
    const low = `lowest ${short(slice.loss[best])} at ${r.name} = ${short(slice.t[best])}`;
    r.caption.textContent = low;
    r.canvas.setAttribute(
      'aria-label',
      `${label} as ${r.name} moves from ${formatNumber(range[0])} to ${formatNumber(range[1])}, the others held: ` +
        `${formatNumber(loss0)} here, slope ${formatNumber(grad)}; ${low}.`,
    );
    r.canvas.dataset.kinks = String(slice.kinkCount);
    r.canvas.dataset.samples = String(slice.t.length);
  }
}

/** Whether a parameter row is on screen: not inside a closed section or unit group, nor a hidden element (no layout read). */
function shown(row: HTMLElement): boolean {
  return row.isConnected && row.closest('details:not([open]), [hidden]') === null;
}
