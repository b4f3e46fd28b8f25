// Screenshots of the panel in VS Code's dark, light and high-contrast themes (into artifacts/, to be
// looked at), and the slider-to-redraw time over 200 drag moves on the lesson's data and on 10,000 points.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { dragTimings } from './harness/drag-timing';
import { ARTIFACTS, openSection, slider, timingSummary, useBrowser, violations } from './helpers';
const DRAGS = 200;

describe('playground look and slider speed (headless Chromium)', function () {
  const session = useBrowser();

  for (const theme of ['dark', 'light', 'hc'] as const) {
    it(`screenshot: ${theme} theme`, async () => {
      const page = await session.open({ theme, width: 1100, height: 860 });
      await page.click('[data-chapter="double-relu"]');
      await page.waitForSelector(slider('m2'));
      for (let i = 0; i < 3; i++) await page.click('#step');
      await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '3');
      await page.waitForTimeout(300);
      const file = path.join(ARTIFACTS, `playground-${theme}.png`);
      await page.screenshot({ path: file });
      assert.deepStrictEqual(await violations(page), []);
      console.log(`      ${path.relative(process.cwd(), file)}`);
      await page.context().close();
    });
  }

  it('screenshot: narrow panel, N ReLUs trained, formula error', async () => {
    const page = await session.open({ theme: 'dark', width: 620, height: 1000, preset: 'nRelus', units: 8 });
    await page.click('#train');
    await page.waitForFunction(() => Number(document.querySelector('#step-count')?.textContent) >= 1500);
    await page.click('#train');
    await page.fill('#formula', 'sum(relu(m*x + b)) + ');
    await page.waitForSelector('#formula-error:not([hidden])');
    await openSection(page, 'section-export');
    await page.waitForTimeout(300);
    const file = path.join(ARTIFACTS, 'playground-narrow-relus.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`      ${path.relative(process.cwd(), file)}`);
    assert.deepStrictEqual(await violations(page), []);
    await page.context().close();
  });

  it(`slider-to-redraw time over ${DRAGS} drag moves: lesson data and 10,000 points`, async () => {
    const page = await session.open({ theme: 'dark', width: 1100, height: 860 });
    const lesson = timingSummary('lesson (20 points)', await dragTimings(page, DRAGS));
    await page.fill('#data-n', '10000');
    await page.click('#regenerate');
    await page.waitForFunction(() => (document.querySelector('#data-summary')?.textContent ?? '').includes('10,000 points'));
    await page.waitForTimeout(500);
    const large = timingSummary('10,000 points', await dragTimings(page, DRAGS));
    const results = {
      measured: 'input event (event.timeStamp) to the end of the Vega render of the model view',
      browser: session.browser.version(),
      results: [lesson, large],
    };
    fs.writeFileSync(path.join(ARTIFACTS, 'redraw-timing.json'), JSON.stringify(results, null, 2));
    for (const r of results.results)
      console.log(`      redraw, ${r.data}: median ${r.medianMs} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms over ${r.moves} moves`);
    assert.strictEqual(lesson.moves, DRAGS);
    assert.strictEqual(large.moves, DRAGS);
    // Generous bounds for slow CI machines; the printed figures are the measurement.
    assert.ok(lesson.medianMs < 50, `lesson data median ${lesson.medianMs} ms`);
    assert.ok(large.medianMs < 100, `10,000 points median ${large.medianMs} ms`);
    assert.deepStrictEqual(await violations(page), []);
    await page.context().close();
  });
});
