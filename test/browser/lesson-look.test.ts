// How the lesson looks where a learner meets it: the panel beside lesson.py (~520 px wide) and a
// very narrow one (225 px), light and dark. Screenshots go to artifacts/ to be looked at; the test
// checks that nothing runs off the side, that at 520 px the fit chart, the sliders and Train are
// above the fold. (The 64-ReLU redraw rate is measured in relu-redraw.test.ts.)
import * as assert from 'assert';
import * as path from 'path';
import { ARTIFACTS, backendReady, overflow, slider, useBrowser, violations } from './helpers';

describe('the lesson at the widths a learner meets it (headless Chromium)', function () {
  const session = useBrowser();

  for (const theme of ['light', 'dark'] as const) {
    for (const width of [520, 225]) {
      it(`${width} px, ${theme}: §4 loop after its run, nothing clipped${width === 520 ? ', chart, sliders and Train above the fold' : ''}`, async () => {
        const page = await session.open({ theme, width, height: 900 });
        await page.click('[data-chapter="loop"]');
        await page.waitForSelector('#chapter-hint:not([hidden])');
        await backendReady(page);
        await page.click('#train');
        await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '11', null, { timeout: 60_000 });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(300);
        const file = path.join(ARTIFACTS, `lesson-${width}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: false });
        await page.screenshot({ path: path.join(ARTIFACTS, `lesson-${width}-${theme}-full.png`), fullPage: true });
        console.log(`      ${path.relative(process.cwd(), file)}`);
        assert.deepStrictEqual(await overflow(page), []);
        if (width === 520) {
          for (const selector of ['#train', '#fit-chart', slider('c')]) {
            const box = (await page.locator(selector).boundingBox())!;
            assert.ok(box.y + Math.min(box.height, 40) <= 900, `${selector} is above the fold (top ${Math.round(box.y)})`);
          }
        }
        assert.deepStrictEqual(await violations(page), []);
        await page.context().close();
      });
    }
  }
});
