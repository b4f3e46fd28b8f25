// The insight views in the saved state: what is kept, what is refused (naming the field), and how a
// chapter opens its views.
import * as assert from 'node:assert/strict';
import { defaultState } from '../../../webview/app/state';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { validateState } from '../../../src/protocol/state';
import { withViewsOpen } from '../../../src/protocol/views';

describe('protocol: the insight views in the saved state', () => {
  const base = defaultState(DEFAULT_SETTINGS);

  it('keeps the open views, the landscape pair and the graph point', () => {
    const views = { open: ['slices', 'landscape'], landscape: { across: 'a', up: 'c' }, point: 7 };
    const checked = validateState({ ...base, views });
    assert.ok(checked.ok);
    assert.deepStrictEqual((checked as { value: typeof base }).value.views, views);
    assert.ok(validateState(base).ok, 'a state without views (older saves) is fine');
  });

  for (const [label, views] of [
    ['an unknown view', { open: ['slices', 'teapot'] }],
    ['a negative point', { open: [], point: -1 }],
    ['a point that is not whole', { open: [], point: 1.5 }],
    ['a list that is not one', { open: 'slices' }],
    ['a landscape pair without names', { open: [], landscape: { across: 3 } }],
  ] as const) {
    it(`refuses ${label}, naming the field`, () => {
      const checked = validateState({ ...base, views });
      assert.ok(!checked.ok);
      assert.match(JSON.stringify(checked), /views/);
    });
  }

  it('a chapter opens its views on top of the open ones, in a fixed order', () => {
    assert.deepStrictEqual(withViewsOpen(undefined, ['ledger']), { open: ['ledger'] });
    assert.deepStrictEqual(withViewsOpen({ open: ['graph'], point: 3 }, ['slices', 'graph']), { open: ['slices', 'graph'], point: 3 });
  });
});
