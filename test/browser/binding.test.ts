// The playground bound to code (webview/app/binding.ts) in headless Chromium: a `bind` message
// loads the code's model with the literals' values, shows where it is bound, sends slider moves
// as boundEdit (drag … end), follows numbers typed in the editor, writes fitted values once when
// training stops, and lets go on Unbind or when the host ends the binding.
import * as assert from 'assert';
import { Page } from 'playwright-core';
import { numberBox, posted, sendFromHost, slider, useBrowser, useCheckedPage } from './helpers';

const BIND = {
  type: 'bind',
  binding: {
    id: 7,
    kind: 'call',
    formula: 'a*x**2 + b*x + c',
    params: [
      { name: 'a', value: 3, writable: true, source: '3' },
      { name: 'b', value: 2, writable: true, source: '2' },
      { name: 'c', value: 1, writable: false, source: 'c0*2' },
    ],
    place: 'lesson.py:25',
    label: 'quad(3, 2, c0*2, 1.5)',
    readOnly: null,
    fit: false,
  },
};

type Edit = { type: 'boundEdit'; id: number; values: number[]; steps: number[]; phase: 'drag' | 'end' };

async function edits(page: Page): Promise<Edit[]> {
  return (await posted(page)).filter((m) => m.type === 'boundEdit') as unknown as Edit[];
}

describe('playground bound to code (headless Chromium)', function () {
  let page: Page;
  useCheckedPage(useBrowser(), {
    each: {},
    keep: (opened) => (page = opened),
    prepare: async () => {
      await sendFromHost(page, BIND);
      await page.waitForFunction(() => (document.querySelector('.binding-where')?.textContent ?? '').includes('lesson.py:25'));
    },
  });

  it('starts the sliders from the literals, names each slider by its parameter, and says where it is bound', async () => {
    for (const [name, value] of [
      ['a', '3'],
      ['b', '2'],
      ['c', '1'],
    ])
      assert.strictEqual(await page.inputValue(numberBox(name)), value);
    for (const name of ['a', 'b', 'c']) assert.strictEqual(await page.getAttribute(slider(name), 'aria-label'), name);
    assert.strictEqual(await page.getByRole('slider', { name: 'a', exact: true }).count(), 1);
    const bar = (await page.textContent('.binding-bar')) ?? '';
    assert.match(bar, /Bound to lesson\.py:25: quad\(3, 2, c0\*2, 1\.5\)/);
    assert.match(bar, /not written: c = c0\*2/);
  });

  it('sends slider moves at most once a frame while dragging and once more when the drag ends', async () => {
    await page.focus(slider('a'));
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => true);
    const sent = await edits(page);
    assert.ok(sent.length >= 1 && sent.length <= 20, `${sent.length} edits for 10 key presses (each press is input + change)`);
    const last = sent[sent.length - 1];
    assert.strictEqual(last.phase, 'end');
    assert.strictEqual(last.id, 7);
    const a = Number(await page.inputValue(slider('a')));
    assert.ok(a > 3, `a moved right (${a})`);
    assert.deepStrictEqual(last.values, [a, 2, 1]);
    assert.ok(last.steps[0] > 0 && last.steps[0] < 0.1, `a step (${last.steps[0]})`);
  });

  it("moves a slider when the code's number changes, without sending it back", async () => {
    const before = (await edits(page)).length;
    await sendFromHost(page, { type: 'boundValues', id: 7, values: [null, -0.75, null] });
    await page.waitForFunction((box) => (document.querySelector(box) as HTMLInputElement).value === '-0.75', numberBox('b'));
    await page.waitForTimeout(100);
    assert.strictEqual((await edits(page)).length, before, 'a value from the code is not written back');
    // The bar shows the bound code as it reads now, not as it read when it was bound.
    await sendFromHost(page, { type: 'boundValues', id: 7, values: [null, null, null], label: 'quad(4, -0.75, c0*2, 1.5)' });
    await page.waitForFunction(() =>
      /Bound to lesson\.py:25: quad\(4, -0\.75, c0\*2, 1\.5\)/.test(document.querySelector('.binding-where')?.textContent ?? ''),
    );
    await sendFromHost(page, { type: 'boundValues', id: 3, values: [9, 9, 9] });
    await page.waitForTimeout(100);
    assert.strictEqual(await page.inputValue(numberBox('a')), '3', 'a message about another binding is ignored');
  });

  it('writes the fitted values once when training stops', async () => {
    await page.waitForTimeout(200);
    const before = (await edits(page)).length;
    await page.click('#train');
    await page.waitForTimeout(400);
    const during = (await edits(page)).length - before;
    await page.click('#train');
    await page.waitForFunction(() => document.querySelector('#train')?.textContent?.includes('Train'));
    await page.waitForTimeout(200);
    const sent = (await edits(page)).slice(before);
    assert.strictEqual(during, 0, 'nothing is written while training runs');
    assert.ok(sent.length >= 1);
    const last = sent[sent.length - 1];
    assert.strictEqual(last.phase, 'end');
    assert.notDeepStrictEqual(last.values.slice(0, 2), [3, 2], 'training moved the values');
  });

  it('plots a plain function of x (no parameters) with its loss on the data', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await sendFromHost(page, {
      type: 'bind',
      binding: {
        ...BIND.binding,
        id: 8,
        kind: 'plot',
        formula: '3*x**2 + 2*x + 1',
        params: [],
        label: 'def f(x): return 3*x**2 + 2*x + 1',
      },
    });
    await page.waitForFunction(() => (document.querySelector('.binding-where')?.textContent ?? '').includes('def f(x)'));
    await page.waitForFunction(() => /^MAE: \d/.test(document.querySelector('#loss-readout')?.textContent ?? ''));
    assert.strictEqual(await page.locator('input[type=range][data-param]').count(), 0);
    assert.deepStrictEqual(errors, []);
  });

  it('lets go on Unbind and when the host ends the binding', async () => {
    await page.click('.binding-bar button');
    assert.ok((await posted(page)).some((m) => m.type === 'unbind' && m.id === 7));
    assert.match((await page.textContent('.binding-bar')) ?? '', /Unbound/);
    await page.focus(slider('a'));
    const before = (await edits(page)).length;
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(100);
    assert.strictEqual((await edits(page)).length, before, 'no writes once unbound');
    await sendFromHost(page, BIND);
    await sendFromHost(page, { type: 'unbound', id: 7, reason: 'the call was deleted' });
    await page.waitForFunction(() => (document.querySelector('.binding-bar')?.textContent ?? '').includes('the call was deleted'));
  });
});
