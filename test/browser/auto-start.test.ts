// "auto" in the panel's page (headless Chromium): the panel is drawn and trains on cpu before
// onnxruntime-web is even fetched; the fetch starts only after body[data-ready], and Train works
// throughout (the page records when it became ready and when the status first said cpu).
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { stepCount, useBrowser } from './helpers';

interface Moments {
  readyAt?: number;
  cpuAt?: number;
}

/** Opens the playground on "auto", recording (from the page's first script on) when it was ready and when the status first read cpu. */
async function openOnAuto(browser: Browser, origin: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 820 } });
  page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __moments: Moments };
    w.__moments = {};
    new MutationObserver(() => {
      if (w.__moments.readyAt === undefined && document.body?.dataset.ready === 'true') w.__moments.readyAt = performance.now();
      const status = document.querySelector('#backend-status')?.textContent ?? '';
      if (w.__moments.cpuAt === undefined && /^cpu\b/.test(status)) w.__moments.cpuAt = performance.now();
    }).observe(document, { subtree: true, attributes: true, childList: true, characterData: true });
  });
  await page.goto(`${origin}/?backend=auto`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** When the page began fetching onnxruntime-web (performance.now() time), waiting up to `ms` for it. */
async function ortFetchedAt(page: Page, ms: number): Promise<number | null> {
  const handle = await page.waitForFunction(
    () => performance.getEntriesByType('resource').find((entry) => entry.name.includes('ort.webgpu'))?.startTime ?? null,
    undefined,
    { timeout: ms },
  );
  return (await handle.jsonValue()) as number | null;
}

describe('auto backend in the panel: cpu at once, onnxruntime-web only once the panel is ready', function () {
  this.timeout(120_000);
  const session = useBrowser();

  it('says cpu and trains before onnxruntime-web is fetched; the fetch starts after data-ready', async () => {
    const page = await openOnAuto(session.browser, session.origin);
    await page
      .locator('#backend-status')
      .filter({ hasText: /^cpu\b/ })
      .waitFor({ state: 'attached', timeout: 30_000 });
    const fetchedAt = await ortFetchedAt(page, 60_000);
    const moments = await page.evaluate(() => (window as unknown as { __moments: Moments }).__moments);
    assert.ok(moments.readyAt !== undefined && moments.cpuAt !== undefined, JSON.stringify(moments));
    assert.ok(
      fetchedAt !== null && fetchedAt > moments.readyAt,
      `onnxruntime-web fetched at ${fetchedAt} ms, the panel ready at ${moments.readyAt} ms`,
    );
    assert.ok(moments.cpuAt < fetchedAt, `the status said cpu at ${moments.cpuAt} ms, onnxruntime-web was fetched at ${fetchedAt} ms`);
    // Train works while the backends are measured and after (a move to another one keeps the step count going).
    const before = await stepCount(page);
    await page.locator('#train').click();
    await page.waitForFunction((from) => Number(document.querySelector('#step-count')?.textContent) > from + 50, before, {
      timeout: 30_000,
    });
    await page.locator('#train').click();
    await page.context().close();
  });
});
