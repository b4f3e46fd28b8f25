// Points drawn by hand (ConvNetJS's click-to-add): each edit of the shown data (add, move, delete,
// clear) as the saved DataState it makes, and the data's undo/redo history, one step per change of
// data whatever made it (an edit, "Clear", the lesson's data, a regenerate, a small file).
import type { Dataset } from '../../src/core/data/generate';
import { formatCount, SAVED_POINTS_LIMIT } from '../../src/core/limits';
import type { Result } from '../../src/core/result';
import type { DataState, UserData } from '../../src/protocol/state';
import { describeData } from './data';

export const DRAWN_NAME = 'points drawn by hand';
/** Changes of data that Undo can take back. */
export const UNDO_DEPTH = 100;

export type PointEdit =
  | { kind: 'add'; x: number; y: number }
  | { kind: 'move'; index: number; x: number; y: number }
  | { kind: 'remove'; index: number }
  | { kind: 'clear' };

export function isDrawn(state: DataState): state is UserData {
  return state.kind === 'csv' && state.source === 'drawn';
}

/**
 * The drawn data set that `edit` makes of `data` (the points shown, described by `state`): a copy
 * with the point added, moved or gone. Editing starts from whatever is shown; data with more
 * points than a saved state keeps is refused (drawn points must survive a reload).
 */
export function editedData(state: DataState, data: Dataset, edit: PointEdit): Result<UserData> {
  const n = data.x.length;
  if (edit.kind !== 'clear' && n > SAVED_POINTS_LIMIT)
    return {
      ok: false,
      error:
        `Drawing edits data sets of up to ${formatCount(SAVED_POINTS_LIMIT)} points (the most a saved playground ` +
        `keeps); this one has ${formatCount(n)}. Clear it or take the lesson's data to draw.`,
    };
  const x = Array.from(data.x);
  const y = Array.from(data.y);
  if (edit.kind === 'add' || edit.kind === 'move') {
    if (!Number.isFinite(edit.x) || !Number.isFinite(edit.y)) return { ok: false, error: 'A point needs finite x and y values.' };
  }
  if ((edit.kind === 'move' || edit.kind === 'remove') && !(Number.isInteger(edit.index) && edit.index >= 0 && edit.index < n))
    return { ok: false, error: `There is no point ${edit.index} (the data has ${formatCount(n)}).` };
  switch (edit.kind) {
    case 'add':
      if (n >= SAVED_POINTS_LIMIT) return { ok: false, error: `Drawn data keeps up to ${formatCount(SAVED_POINTS_LIMIT)} points.` };
      x.push(edit.x);
      y.push(edit.y);
      break;
    case 'move':
      x[edit.index] = edit.x;
      y[edit.index] = edit.y;
      break;
    case 'remove':
      x.splice(edit.index, 1);
      y.splice(edit.index, 1);
      break;
    case 'clear':
      x.length = 0;
      y.length = 0;
      break;
  }
  const summary = isDrawn(state) && state.summary ? state.summary : `Drawn by hand, starting from ${describeData(state, n)}.`;
  return {
    ok: true,
    value: {
      kind: 'csv',
      name: DRAWN_NAME,
      source: 'drawn',
      x,
      y,
      count: x.length,
      summary: edit.kind === 'clear' ? 'Drawn by hand.' : summary,
    },
  };
}

/** Whether a data state holds its own points (or how to make them), so Undo can bring it back. */
export function restorable(state: DataState): boolean {
  return state.kind === 'generator' || state.source === 'drawn' || state.x.length > 0;
}

/** The undo and redo stacks of the data: states the data was, newest last. */
export class DataHistory {
  private undoStack: DataState[] = [];
  private redoStack: DataState[] = [];

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** The data changed from `previous` (by something other than undo or redo): a new step, no redo. */
  record(previous: DataState): void {
    this.redoStack = [];
    if (!restorable(previous)) return;
    this.undoStack.push(previous);
    if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
  }

  /** The state to go back to from `current` (which Redo then brings back), or null. */
  undo(current: DataState): DataState | null {
    const previous = this.undoStack.pop();
    if (!previous) return null;
    if (restorable(current)) this.redoStack.push(current);
    return previous;
  }

  redo(current: DataState): DataState | null {
    const next = this.redoStack.pop();
    if (!next) return null;
    if (restorable(current)) this.undoStack.push(current);
    return next;
  }
}
