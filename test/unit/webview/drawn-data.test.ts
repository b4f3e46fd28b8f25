// Points drawn by hand: each edit as the saved data state it makes (a copy of the shown data with
// the point added, moved or gone), the refusals, that the result passes the saved state's check,
// and the data's undo/redo history.
import * as assert from 'assert';
import { generateData, NOTEBOOK_SETTINGS } from '../../../src/core/data/generate';
import { float32Function } from '../../../src/core/formula/pointwise';
import { SAVED_POINTS_LIMIT } from '../../../src/core/limits';
import { validateState } from '../../../src/protocol/state';
import type { DataState, UserData } from '../../../src/protocol/state';
import { DataHistory, DRAWN_NAME, editedData, PointEdit, UNDO_DEPTH } from '../../../webview/app/drawn-data';
import { defaultState } from '../../../webview/app/state';

const settings = { backend: 'cpu', stepsPerFrame: 10, learningRate: 0.01 } as const;
const lessonState: DataState = { kind: 'generator', settings: { ...NOTEBOOK_SETTINGS } };
const lesson = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));

function edited(state: DataState, data: { x: Float64Array; y: Float64Array }, edit: PointEdit): UserData {
  const result = editedData(state, data, edit);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const asData = (d: UserData) => ({ x: Float64Array.from(d.x), y: Float64Array.from(d.y) });

describe('drawn data', () => {
  it("starts from the data shown (the lesson's points) and adds, moves and removes exactly one point", () => {
    const added = edited(lessonState, lesson, { kind: 'add', x: 0.25, y: 7 });
    assert.strictEqual(added.source, 'drawn');
    assert.strictEqual(added.name, DRAWN_NAME);
    assert.deepStrictEqual(added.x, [...lesson.x, 0.25]);
    assert.deepStrictEqual(added.y, [...lesson.y, 7]);
    assert.strictEqual(added.count, 21);
    assert.match(added.summary ?? '', /^Drawn by hand, starting from y = .* · 20 points · seed 42\.$/);
    const moved = edited(added, asData(added), { kind: 'move', index: 3, x: -5, y: 1e-3 });
    assert.deepStrictEqual(
      moved.x,
      added.x.map((v, i) => (i === 3 ? -5 : v)),
    );
    assert.deepStrictEqual(
      moved.y,
      added.y.map((v, i) => (i === 3 ? 1e-3 : v)),
    );
    assert.strictEqual(moved.summary, added.summary, 'an edit of drawn data keeps where it started');
    const removed = edited(moved, asData(moved), { kind: 'remove', index: 0 });
    assert.deepStrictEqual(removed.x, moved.x.slice(1));
    assert.deepStrictEqual(removed.y, moved.y.slice(1));
    const cleared = edited(removed, asData(removed), { kind: 'clear' });
    assert.deepStrictEqual([cleared.x, cleared.y], [[], []]);
    // The shown data is never changed in place.
    assert.strictEqual(lesson.x.length, 20);
  });

  it('refuses non-finite values, points that are not there, and data too big to save', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      assert.strictEqual(editedData(lessonState, lesson, { kind: 'add', x: bad, y: 1 }).ok, false);
      assert.strictEqual(editedData(lessonState, lesson, { kind: 'move', index: 0, x: 1, y: bad }).ok, false);
    }
    for (const index of [-1, 20, 1.5, NaN]) {
      const result = editedData(lessonState, lesson, { kind: 'remove', index });
      assert.ok(!result.ok && /no point/.test(result.error), String(index));
    }
    const n = SAVED_POINTS_LIMIT + 1;
    const big = { x: new Float64Array(n), y: new Float64Array(n) };
    const file: DataState = { kind: 'csv', name: 'big.csv', x: [], y: [], path: 'file:///big.csv', count: n };
    const refused = editedData(file, big, { kind: 'add', x: 0, y: 0 });
    assert.ok(
      !refused.ok && /up to 20,000 points/.test(refused.error) && /20,001/.test(refused.error),
      String(!refused.ok && refused.error),
    );
    assert.strictEqual(editedData(file, big, { kind: 'clear' }).ok, true, 'clearing needs no copy of the points');
    const full = { x: new Float64Array(SAVED_POINTS_LIMIT), y: new Float64Array(SAVED_POINTS_LIMIT) };
    assert.strictEqual(editedData(file, full, { kind: 'add', x: 0, y: 0 }).ok, false);
  });

  it('makes states the saved state accepts, from any number of points (none too)', () => {
    let data: UserData = edited(lessonState, lesson, { kind: 'clear' });
    for (let k = 0; k <= 3; k++) {
      const state = { ...defaultState(settings), data };
      assert.ok(validateState(JSON.parse(JSON.stringify(state))).ok, `${k} points`);
      data = edited(data, asData(data), { kind: 'add', x: k, y: -k });
    }
  });

  it('undoes and redoes changes of data, newest first; a new change drops the redo steps', () => {
    const history = new DataHistory();
    const a = edited(lessonState, lesson, { kind: 'add', x: 1, y: 1 });
    const b = edited(a, asData(a), { kind: 'add', x: 2, y: 2 });
    history.record(lessonState);
    history.record(a);
    assert.strictEqual(history.undo(b), a);
    assert.strictEqual(history.undo(a), lessonState);
    assert.strictEqual(history.undo(lessonState), null);
    assert.strictEqual(history.redo(lessonState), a);
    assert.strictEqual(history.redo(a), b);
    assert.strictEqual(history.redo(b), null);
    history.undo(b);
    history.record(a);
    assert.strictEqual(history.canRedo, false);
    // A file whose points were not kept cannot be brought back: it is not a step.
    const fresh = new DataHistory();
    fresh.record({ kind: 'csv', name: 'big.csv', x: [], y: [], path: 'file:///big.csv' });
    assert.strictEqual(fresh.canUndo, false);
    for (let k = 0; k < UNDO_DEPTH + 5; k++) fresh.record(lessonState);
    let steps = 0;
    while (fresh.undo(lessonState)) steps++;
    assert.strictEqual(steps, UNDO_DEPTH);
  });
});
