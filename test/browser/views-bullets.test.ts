// Issue 14's remaining promises, checked through the page's own UI: the chapters open the views
// that fit them (slices in "Fitting by hand", the ledger in "one step", the landscape in "A loop of
// 10 steps"); with "accumulate" on the ledger shows the accumulated gradient the next step uses;
// hovering a data point says what it adds to each gradient (the core's per-point share); the
// graph of N ReLUs draws one unit marked "×N".
import * as assert from 'assert';
import { Page } from 'playwright-core';
import { PointGraph } from '../../src/core/insight/point-graph';
import { presetModel } from '../../src/core/model/presets';
import { formatNumber } from '../../webview/ui/dom';
import { lessonData, pointOnPage, useBrowser, violations } from './helpers';

async function pressed(page: Page, name: string): Promise<string | null> {
  return page.getAttribute(`#view-${name}`, 'aria-pressed');
}

describe('insight views: chapters, accumulation, hover shares, ×N (headless Chromium)', function () {
  const session = useBrowser();

  it('each chapter opens the views that fit it', async () => {
    const page = await session.open({ width: 1100, height: 900 });
    for (const [chapter, view] of [
      ['by-hand', 'slices'],
      ['gradient', 'ledger'],
      ['loop', 'landscape'],
    ]) {
      await page.click(`[data-chapter="${chapter}"]`);
      await page.waitForFunction((v) => document.querySelector(`#view-${v}`)?.getAttribute('aria-pressed') === 'true', view);
      assert.strictEqual(await pressed(page, view), 'true', `${chapter} opens ${view}`);
    }
    assert.deepStrictEqual(await violations(page), []);
    await page.context().close();
  });

  it('with "accumulate" on, the ledger shows the accumulated gradient, and the step uses it', async () => {
    const page = await session.open({ width: 1100, height: 900 });
    await page.click('#view-ledger');
    await page.check('#accumulate');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#ledger-table thead th')).some((th) => th.textContent === 'accumulated'),
    );
    for (let k = 1; k <= 2; k++) {
      await page.click('#step');
      await page.waitForFunction((n) => document.querySelector('#step-count')?.textContent === String(n), k);
    }
    // The step just taken (1 → 2): its accumulated gradient is this step's plus the first's, and it went to "after".
    await page.waitForFunction(() => /^Step 1 → 2, the step just taken/.test(document.querySelector('#ledger-caption')?.textContent ?? ''));
    const rows = await page.$$eval('#ledger-table tbody tr', (list) =>
      list.map((r) => ({
        grad: Number(r.getAttribute('data-grad')),
        direction: Number(r.getAttribute('data-direction')),
        after: Number(r.getAttribute('data-after')),
      })),
    );
    assert.strictEqual(rows.length, 3);
    for (const r of rows) assert.notStrictEqual(r.direction, r.grad, 'the accumulated gradient is not the plain one after two steps');
    assert.match((await page.textContent('#ledger-caption')) ?? '', /never zeroed/);
    const after = await Promise.all(
      ['a', 'b', 'c'].map(async (n) => Number(await page.inputValue(`input[type=number][data-param="${n}"]`))),
    );
    assert.deepStrictEqual(
      after,
      rows.map((r) => Number(r.after.toPrecision(5))),
      'the step went where the ledger said',
    );
    await page.context().close();
  });

  it("hovering a data point shows its share of each gradient, the core's", async () => {
    const page = await session.open({ width: 1100, height: 900 });
    await page.click('#view-ledger');
    const k = 9;
    const at = await pointOnPage(page, lessonData.x[k], lessonData.y[k]);
    await page.mouse.move(at.x, at.y);
    await page.waitForSelector('#point-tip:not([hidden])');
    assert.strictEqual(await page.getAttribute('#point-tip', 'data-point'), String(k));
    const graph = new PointGraph(presetModel('quadratic').program, 'mae');
    graph.run(Float64Array.from([1.1, 1.1, 1.1]), lessonData.x[k], lessonData.y[k], lessonData.x.length);
    const grads = new Float64Array(3);
    graph.addParamGrads(grads);
    const text = (await page.textContent('#point-tip')) ?? '';
    for (const [i, name] of ['a', 'b', 'c'].entries())
      assert.ok(text.includes(`∂MAE/∂${name} ${formatNumber(grads[i])}`), `${name}'s share in "${text}"`);
    await page.context().close();
  });

  it('the graph of N ReLUs draws one unit, marked ×N', async () => {
    const page = await session.open({ width: 1100, height: 900, preset: 'nRelus', units: 12 });
    await page.click('#view-graph');
    await page.waitForSelector('#graph-svg [data-node]');
    const labels = await page.$$eval('#graph-svg .graph-label', (list) => list.map((t) => t.textContent ?? ''));
    assert.ok(
      labels.some((l) => l.endsWith('×12')),
      `a node marked ×12 in ${labels.join(' | ')}`,
    );
    assert.strictEqual(labels.filter((l) => l.startsWith('relu')).length, 1, 'one ReLU node for the 12 units');
    assert.match((await page.textContent('#graph-about')) ?? '', /marked ×12 have one value per unit/);
    await page.context().close();
  });
});
