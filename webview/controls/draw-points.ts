// Drawing data by hand on the fit chart (ConvNetJS's click-to-add): a click on the plot adds a
// point where it lands, dragging a point moves it (the loss, curve, sliders and gradients follow
// live; the data is committed on release), Alt/Option+click deletes one. The Draw group in the
// Data section has Undo, Redo and Clear, and a keyboard way to add or remove a point at a typed
// x, y; Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y undo and redo when no text field has the focus.
// A plain click on a point (no drag) is left to the insight views (it picks the point's graph).
import type { Dataset } from '../../src/core/data/generate';
import type { DataState } from '../../src/protocol/state';
import { datasetOf } from '../app/data';
import { DataHistory, editedData, PointEdit } from '../app/drawn-data';
import type { Playground } from '../app/playground';
import type { FitChart } from '../charts/fit-chart';
import { FIT_PADDING } from '../charts/specs';
import { el, field } from '../ui/dom';
import { isTextField } from '../ui/keys';
import { button } from '../ui/toolkit';

/** Pixels from a drawn point within which a press takes it. */
const HIT_RADIUS = 8;
/** Pixels the pointer must travel before a press on a point becomes a drag. */
const DRAG_START = 3;

interface Press {
  pointer: number;
  /** The data index of the point pressed, or null for empty plot. */
  index: number | null;
  clientX: number;
  clientY: number;
  dragging: boolean;
  wasRunning: boolean;
  /** The data when the press began (the drag edits a copy of it). */
  base: Dataset;
  /** Where the dragged point is now, in data coordinates. */
  at: { x: number; y: number } | null;
}

export class PointDrawing {
  readonly element: HTMLElement;
  private readonly history = new DataHistory();
  private readonly host: HTMLElement;
  private readonly undoButton: HTMLElement;
  private readonly redoButton: HTMLElement;
  private readonly xField: HTMLInputElement;
  private readonly yField: HTMLInputElement;
  private seen: { data: DataState; chapter: string | null } | null = null;
  private applying = false;
  private press: Press | null = null;
  private frameRequested = false;
  private swallowClick = false;

  constructor(
    private readonly playground: Playground,
    private readonly fit: FitChart,
  ) {
    this.host = fit.scatterHost.parentElement!;
    this.host.classList.add('drawable');
    this.host.addEventListener('pointerdown', (event) => this.down(event));
    this.host.addEventListener('pointermove', (event) => this.move(event));
    this.host.addEventListener('pointerup', (event) => this.up(event));
    this.host.addEventListener('pointercancel', () => this.cancel());
    // Capture runs before the insight views' click on the same element: an add, a drag or a delete is not also a pick.
    this.host.addEventListener(
      'click',
      (event) => {
        if (!this.swallowClick) return;
        this.swallowClick = false;
        event.stopImmediatePropagation();
      },
      true,
    );
    document.addEventListener('keydown', (event) => this.key(event), true);
    playground.events.on('data', () => this.dataChanged());

    this.undoButton = button('Undo', {
      id: 'data-undo',
      title: 'Undo the last change of the data (Ctrl/Cmd+Z)',
      onClick: () => this.undo(),
    });
    this.redoButton = button('Redo', {
      id: 'data-redo',
      title: 'Redo the change undone (Ctrl/Cmd+Shift+Z or Ctrl+Y)',
      onClick: () => this.redo(),
    });
    const number = (id: string) => el('input', { id, class: 'number', attrs: { type: 'number', step: 'any' } });
    this.xField = number('draw-x');
    this.yField = number('draw-y');
    for (const input of [this.xField, this.yField]) input.addEventListener('keydown', (event) => event.key === 'Enter' && this.addTyped());
    this.element = el('div', { id: 'draw-controls', class: 'draw-controls', attrs: { role: 'group', 'aria-label': 'Draw points' } }, [
      el('p', {
        class: 'hint',
        text: 'Draw your own data: click the fit chart to add a point, drag a point to move it, Alt+click (Option+click) to delete it.',
      }),
      el('div', { class: 'button-row' }, [
        this.undoButton,
        this.redoButton,
        button('Clear points', {
          id: 'draw-clear',
          title: 'Remove every point, to draw from nothing',
          onClick: () => this.edit({ kind: 'clear' }),
        }),
      ]),
      el('div', { class: 'field-grid draw-fields' }, [field('Point x', this.xField), field('Point y', this.yField)]),
      el('div', { class: 'button-row' }, [
        button('Add point', { id: 'draw-add', title: 'Add the point (x, y) typed above', onClick: () => this.addTyped() }),
        button('Remove nearest', {
          id: 'draw-remove',
          title: 'Remove the drawn point nearest to (x, y) on the chart',
          onClick: () => this.removeTyped(),
        }),
      ]),
    ]);
    this.showButtons();
  }

  // ---- undo and redo --------------------------------------------------------------------------
  undo(): boolean {
    const target = this.history.undo(this.playground.state.data);
    if (target) this.show(target);
    return target !== null;
  }

  redo(): boolean {
    const target = this.history.redo(this.playground.state.data);
    if (target) this.show(target);
    return target !== null;
  }

  private show(target: DataState): void {
    const p = this.playground;
    const wasRunning = p.running;
    this.applying = true;
    try {
      if (target.kind === 'generator') p.setGenerator(target.settings);
      else {
        const data = datasetOf(target);
        if (data.ok) p.useData(target, data.value);
      }
    } finally {
      this.applying = false;
    }
    this.dataChanged();
    if (wasRunning) p.train();
  }

  /** Every change of data (an edit here, a file, the lesson's data) is one step Undo takes back. */
  private dataChanged(): void {
    const { data, chapter } = this.playground.state;
    const before = this.seen;
    this.seen = { data, chapter };
    if (before && !this.applying && before.chapter === chapter && !sameData(before.data, data)) this.history.record(before.data);
    this.showButtons();
  }

  private showButtons(): void {
    this.undoButton.toggleAttribute('disabled', !this.history.canUndo);
    this.redoButton.toggleAttribute('disabled', !this.history.canRedo);
  }

  private key(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextField(event.target)) return;
    const key = event.key.toLowerCase();
    const action = key === 'z' ? (event.shiftKey ? 'redo' : 'undo') : key === 'y' && !event.shiftKey ? 'redo' : null;
    if (!action) return;
    // Kept from the workbench (the panel has no other undo), whether or not there is a step to take.
    event.preventDefault();
    event.stopPropagation();
    if (action === 'undo') this.undo();
    else this.redo();
  }

  // ---- edits ----------------------------------------------------------------------------------
  /** Applies `edit` to `base` (the data shown) as the new data; training goes on if it was running. */
  private edit(edit: PointEdit, base: Dataset = this.playground.data, wasRunning = this.playground.running): void {
    const p = this.playground;
    const result = editedData(p.state.data, base, edit);
    if (!result.ok) {
      p.events.emit('notice', { kind: 'warning', text: result.error });
      return;
    }
    p.useData(result.value, { x: Float64Array.from(result.value.x), y: Float64Array.from(result.value.y) });
    if (wasRunning) p.train();
  }

  private typed(): { x: number; y: number } | null {
    const x = this.xField.value.trim() === '' ? NaN : Number(this.xField.value);
    const y = this.yField.value.trim() === '' ? NaN : Number(this.yField.value);
    if (Number.isFinite(x) && Number.isFinite(y)) return { x, y };
    this.playground.events.emit('notice', { kind: 'warning', text: 'Type a number for both the point x and the point y.' });
    return null;
  }

  private addTyped(): void {
    const at = this.typed();
    if (at) this.edit({ kind: 'add', ...at });
  }

  private removeTyped(): void {
    const at = this.typed();
    const frame = this.fit.plotFrame;
    if (!at || !frame) return;
    const px = ((at.x - frame.xDomain[0]) / (frame.xDomain[1] - frame.xDomain[0])) * frame.width;
    const py = frame.height - ((at.y - frame.yDomain[0]) / (frame.yDomain[1] - frame.yDomain[0])) * frame.height;
    const index = this.fit.pointAt(this.playground.data, px, py, Infinity);
    if (index !== null) this.edit({ kind: 'remove', index });
    else this.playground.events.emit('notice', { kind: 'info', text: 'There is no point to remove.' });
  }

  // ---- the pointer on the chart ------------------------------------------------------------------
  /** Where `event` is on the plot: pixels from the plot area's top left, data coordinates, and whether it is inside. */
  private locate(event: PointerEvent): { px: number; py: number; x: number; y: number; inside: boolean } | null {
    const frame = this.fit.plotFrame;
    if (!frame) return null;
    const rect = this.host.getBoundingClientRect();
    const px = event.clientX - rect.left - FIT_PADDING.left;
    const py = event.clientY - rect.top - FIT_PADDING.top;
    const x = frame.xDomain[0] + (px / frame.width) * (frame.xDomain[1] - frame.xDomain[0]);
    const y = frame.yDomain[1] - (py / frame.height) * (frame.yDomain[1] - frame.yDomain[0]);
    return { px, py, x, y, inside: px >= 0 && px <= frame.width && py >= 0 && py <= frame.height };
  }

  private down(event: PointerEvent): void {
    if (event.button !== 0 || this.press) return;
    const at = this.locate(event);
    if (!at?.inside) return;
    const p = this.playground;
    const index = this.fit.pointAt(p.data, at.px, at.py, HIT_RADIUS);
    if (event.altKey) {
      this.swallowClick = true;
      event.preventDefault();
      if (index !== null) this.edit({ kind: 'remove', index });
      return;
    }
    this.press = {
      pointer: event.pointerId,
      index,
      clientX: event.clientX,
      clientY: event.clientY,
      dragging: false,
      wasRunning: false,
      base: p.data,
      at: null,
    };
    this.host.setPointerCapture(event.pointerId);
    event.preventDefault();
  }

  private move(event: PointerEvent): void {
    const press = this.press;
    if (!press || event.pointerId !== press.pointer || press.index === null) return;
    if (!press.dragging) {
      if (Math.hypot(event.clientX - press.clientX, event.clientY - press.clientY) < DRAG_START) return;
      press.dragging = true;
      press.wasRunning = this.playground.running;
      this.playground.pause();
      this.host.classList.add('dragging');
    }
    const at = this.locate(event);
    if (!at) return;
    press.at = { x: at.x, y: at.y };
    this.schedulePreview();
  }

  /** Shows the dragged point where the pointer is, once per frame. */
  private schedulePreview(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      const press = this.press;
      if (!press?.dragging || press.index === null || !press.at) return;
      const x = Float64Array.from(press.base.x);
      const y = Float64Array.from(press.base.y);
      x[press.index] = press.at.x;
      y[press.index] = press.at.y;
      this.playground.previewData({ x, y });
      void this.fit.redrawPoints();
    });
  }

  private up(event: PointerEvent): void {
    const press = this.press;
    if (!press || event.pointerId !== press.pointer) return;
    this.end();
    if (press.dragging && press.index !== null) {
      const at = this.locate(event) ?? press.at;
      this.swallowClick = true;
      if (at) this.edit({ kind: 'move', index: press.index, x: at.x, y: at.y }, press.base, press.wasRunning);
      return;
    }
    if (press.index !== null) return; // a click on a point: the insight views pick it
    const at = this.locate(event);
    if (!at?.inside) return;
    this.swallowClick = true;
    this.edit({ kind: 'add', x: at.x, y: at.y });
  }

  /** The drag is called off (the pointer was taken away): the data stays as it was. */
  private cancel(): void {
    const press = this.press;
    if (!press) return;
    this.end();
    if (!press.dragging) return;
    this.playground.previewData(press.base);
    void this.fit.redrawPoints();
    if (press.wasRunning) this.playground.train();
  }

  private end(): void {
    if (this.press && this.host.hasPointerCapture(this.press.pointer)) this.host.releasePointerCapture(this.press.pointer);
    this.press = null;
    this.host.classList.remove('dragging');
  }
}

/** Whether two data states are the same data (a rebuild that kept it is not a change). */
function sameData(a: DataState, b: DataState): boolean {
  if (a === b) return true;
  if (a.kind === 'generator' && b.kind === 'generator') return JSON.stringify(a.settings) === JSON.stringify(b.settings);
  return false;
}
