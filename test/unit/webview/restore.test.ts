// Issue 10 item 7: a saved state that cannot be restored is kept untouched (nothing is saved over
// it) and the page says what was wrong, until the user changes something; one that can is shown
// exactly. Drives the webview's real controller (Playground) in Node with a recording persistence.
import * as assert from 'assert';
import * as fs from 'fs';
import { STATE_VERSION, validateState } from '../../../src/protocol/state';
import { defaultState } from '../../../webview/app/state';
import { mutate, seeded } from '../protocol/mutate';
import { fromRoot } from '../../repo-root';
import { HOST_SETTINGS as settings, open, restore, SAVE_SETTLES, sleep } from './playground-fixture';

const saved = () => JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'state-v1.json'), 'utf8'));

describe('restoring a saved state', function () {
  this.timeout(60_000);

  it('the state saved by version 1 (fixture) restores after the rename, exactly', async () => {
    const old = saved();
    const { playground, saves, notices } = open();
    restore(playground, old);
    assert.strictEqual(notices[notices.length - 1], null);
    const s = playground.state;
    assert.strictEqual(s.model.formula, old.model.formula);
    assert.deepStrictEqual(s.params, old.params);
    assert.deepStrictEqual(s.data, old.data);
    assert.strictEqual(s.step, old.step);
    assert.strictEqual(s.train.accumulateGrad, true);
    assert.deepStrictEqual(s.train.schedule, old.train.schedule);
    await sleep(SAVE_SETTLES);
    assert.strictEqual(saves[saves.length - 1].version, STATE_VERSION);
  });

  it('vectors of different lengths {m: 2, b: 3}: refused, kept, and said', async () => {
    const broken = { ...saved(), model: { preset: 'custom', formula: 'sum(relu(m*x + b))', vectors: { m: 2, b: 3 } } };
    const checked = validateState(broken);
    assert.ok(!checked.ok);
    assert.match(checked.error, /same length/);
    const { playground, saves, notices } = open();
    await sleep(SAVE_SETTLES);
    saves.length = 0;
    restore(playground, broken);
    await sleep(SAVE_SETTLES);
    assert.deepStrictEqual(saves, [], 'a refused state was saved over');
    const last = notices[notices.length - 1];
    assert.ok(last && last.kind === 'warning' && /could not be restored: state\.model/.test(last.text), JSON.stringify(last));
    // The user's first deliberate change is saved (from then on the page is theirs).
    playground.setParam(0, 2);
    await sleep(SAVE_SETTLES);
    assert.strictEqual(saves.length, 1);
  });

  it('a long formula with more parameters than values: refused; with matching values: restored', async () => {
    const terms = Array.from({ length: 190 }, (_, i) => `p${i}*x`);
    const formula = terms.join(' + ');
    assert.ok(formula.length > 1500 && formula.length <= 2000, String(formula.length));
    const base = saved();
    const wrong = { ...base, model: { preset: 'custom', formula, vectors: {} } };
    assert.match((validateState(wrong) as { error: string }).error, /190 parameters but the state holds 5 values/);
    const values = terms.map((_, i) => i / 100);
    const ranges = Object.fromEntries(terms.map((_, i) => [`p${i}`, [-1, 3]]));
    const right = { ...wrong, init: values, params: values, ranges, direction: undefined };
    const { playground, saves } = open();
    restore(playground, right);
    assert.strictEqual(playground.state.model.formula, formula);
    assert.deepStrictEqual(playground.state.params, values);
    await sleep(SAVE_SETTLES);
    assert.strictEqual(saves[saves.length - 1].model.formula, formula);
  });

  it('a generator whose function is not finite on its range: kept, not replaced by the lesson data', async () => {
    const state = defaultState(settings);
    const raw = { ...state, data: { kind: 'generator', settings: { ...(state.data as { settings: object }).settings, fn: 'log(x)' } } };
    const { playground, saves, notices } = open();
    await sleep(SAVE_SETTLES);
    saves.length = 0;
    restore(playground, JSON.parse(JSON.stringify(raw)));
    await sleep(SAVE_SETTLES);
    assert.deepStrictEqual(saves, []);
    assert.match(notices[notices.length - 1]?.text ?? '', /data cannot be made/);
  });

  it('30 mutated saved states: never a crash; refused ones never saved over; accepted ones shown as saved', async () => {
    const random = seeded(4242);
    const { playground, saves } = open();
    const refused: number[] = [];
    for (let i = 0; i < 30; i++) {
      const raw = mutate(saved() as never, random);
      const checked = validateState(raw);
      assert.doesNotThrow(() => restore(playground, raw), `case ${i}`);
      // (A restore cancels the save still pending from the case before, so what lands is its own.)
      saves.length = 0;
      if (checked.ok) {
        assert.strictEqual(playground.state.model.formula, checked.value.model.formula, `case ${i}`);
        assert.deepStrictEqual(playground.state.params, checked.value.params, `case ${i}`);
        assert.deepStrictEqual(playground.state.data, checked.value.data, `case ${i}`);
        continue;
      }
      refused.push(i);
      await sleep(SAVE_SETTLES);
      assert.deepStrictEqual(saves, [], `case ${i}: a refused state was saved over (${checked.error})`);
    }
    assert.ok(refused.length > 3 && refused.length < 27, `refused ${refused.length} of 30: the mutations miss one side`);
  });
});
