// STATE_VERSION 1 → 2: a state saved by version 1 (test/fixtures/state-v1.json, written by that
// version's own code: a CSV, a custom formula, a step schedule, accumulated gradients, two steps
// taken) restores with every value the user had, under the new field names.
import * as assert from 'assert';
import * as fs from 'fs';
import { migrateState } from '../../../src/protocol/migrate';
import { STATE_VERSION, validateState } from '../../../src/protocol/state';
import { fromRoot } from '../../repo-root';

const v1 = () => JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'state-v1.json'), 'utf8'));

describe('saved-state migration', () => {
  it('the version 1 fixture validates as the current version with nothing lost', () => {
    const old = v1();
    assert.strictEqual(old.version, 1);
    const checked = validateState(old);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    const s = checked.value;
    assert.strictEqual(s.version, STATE_VERSION);
    assert.strictEqual(s.train.accumulateGrad, old.train.accumulate);
    assert.ok(!('accumulate' in s.train));
    const { accumulate: _dropped, ...restOfTrain } = old.train;
    assert.deepStrictEqual({ ...s.train, accumulateGrad: undefined }, { ...restOfTrain, accumulateGrad: undefined });
    for (const key of [
      'model',
      'init',
      'params',
      'ranges',
      'yDomain',
      'data',
      'step',
      'direction',
      'history',
      'chapter',
      'customFormula',
      'userCsv',
      'savedAt',
    ])
      assert.deepStrictEqual((s as Record<string, unknown>)[key], old[key], key);
  });

  it('leaves the caller’s object alone, and current or unknown versions as they are', () => {
    const old = v1();
    const before = JSON.stringify(old);
    migrateState(old);
    assert.strictEqual(JSON.stringify(old), before);
    const current = { version: STATE_VERSION, train: { accumulateGrad: true } };
    assert.strictEqual(migrateState(current), current);
    const future = { version: 99 };
    assert.strictEqual(migrateState(future), future);
    assert.match(
      (validateState({ ...old, version: 99 }) as { error: string }).error,
      new RegExp(`state\\.version: must be ${STATE_VERSION}`),
    );
    for (const odd of [null, 1, 'x', [], { version: '1' }, { version: 1, train: 'fast' }]) assert.doesNotThrow(() => migrateState(odd));
  });
});
