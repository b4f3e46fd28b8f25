// The step log on the page, drawn incrementally (new lines appended, the oldest dropped): after a
// run longer than the page keeps, it shows exactly the last lines of the state's log, in order;
// Reset brings the empty-log hint back, and the next Step prints its one line alone.
import * as assert from 'assert';
import { Page } from 'playwright-core';
import { openSection, posted, stepCount, useBrowser } from './helpers';

/** The lines the page shows. */
async function pageLines(page: Page): Promise<string[]> {
  return ((await page.textContent('#log')) ?? '').trim().split('\n');
}

/** The log of the newest state the page saved (what Copy log takes). */
async function savedLog(page: Page): Promise<string[]> {
  const states = (await posted(page)).filter((m) => m.type === 'state');
  return (states.at(-1)?.state as { history: { log: string[] } }).history.log;
}

async function setField(page: Page, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.dispatchEvent(selector, 'change');
}

describe('the step log (headless Chromium)', function () {
  const session = useBrowser();

  it('after a run longer than the page keeps, it shows the last lines of the log in order; Reset and Step start it again', async function () {
    this.timeout(180_000);
    const page = await session.open({ width: 520 });
    await openSection(page, 'section-train');
    await setField(page, '#steps-per-frame', '1');
    const steps = 260;
    await setField(page, '#stop-at', String(steps));
    await page.click('#train');
    await page.waitForFunction((n) => Number(document.querySelector('#step-count')?.textContent) === n, steps, { timeout: 150_000 });
    await page.waitForFunction(() => !document.querySelector('#train')?.textContent?.includes('Pause'));
    await page.waitForTimeout(300);
    const log = await savedLog(page);
    assert.strictEqual(log.length, steps, 'one line per update');
    const shown = await pageLines(page);
    assert.ok(shown.length < log.length, `the page keeps fewer lines than the log (${shown.length} of ${log.length})`);
    assert.deepStrictEqual(shown, log.slice(log.length - shown.length), 'the page shows the last lines of the log, in order');
    assert.match(shown.at(-1)!, new RegExp(`^step=${steps - 1}; loss=`));

    await page.click('#reset');
    await page.waitForFunction(() => document.querySelector('#log')?.classList.contains('is-empty'));
    assert.match((await page.textContent('#log')) ?? '', /Press Step or Train/);
    await page.click('#step');
    await page.waitForFunction(() => !document.querySelector('#log')?.classList.contains('is-empty'));
    assert.strictEqual(await stepCount(page), 1);
    const after = await pageLines(page);
    assert.deepStrictEqual(after.length, 1, `one line after one step: ${JSON.stringify(after)}`);
    assert.match(after[0], /^step=0; loss=/);
    await page.close();
  });
});
