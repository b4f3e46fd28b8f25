// A fresh walk through the lesson, §1 to §6, as a new learner meets it: the panel beside lesson.py
// (520 px) in light, dark and both high-contrast themes, and a very narrow one (225 px). Each
// chapter, chosen from the page's own header (▶), shows the notebook's numbers (the title's MAE is
// the core's at the chapter's start values on its data), its y range, nothing off the side, and at
// 520 px the fit chart, the sliders and Train above the fold. Screenshots of every chapter go to
// artifacts/walk-<width>-<theme>-<n>-<chapter>.png, to be looked at.
import * as assert from 'assert';
import * as path from 'path';
import { Page } from 'playwright-core';
import { generateData, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import { formatLossTitle } from '../../src/core/format';
import { float32Function } from '../../src/core/formula/pointwise';
import { presetModel } from '../../src/core/model/presets';
import { CHAPTERS, RELUS_NETWORK_CHAPTER } from '../../src/protocol/lesson';
import { ARTIFACTS, backendReady, lessonData, overflow, readout, useBrowser, useCheckedPage } from './helpers';
const HEIGHT = 900;

/** The title the core computes for a preset's own start values (or `params`) on `data`. */
function coreTitle(preset: 'quadratic' | 'relu' | 'doubleRelu', data = lessonData, params?: number[]): string {
  const model = presetModel(preset);
  const at = params ? Float64Array.from(params) : model.init;
  return formatLossTitle('mae', createEvaluator(model.program, data.x).loss(at, data.y, 'mae'));
}

/** What each chapter's title must read when it opens: the notebook's numbers, from the core. */
function expectedTitles(): Record<string, string | RegExp> {
  const exact = generateData({ ...NOTEBOOK_SETTINGS, mult: 0, add: 0 }, float32Function(NOTEBOOK_SETTINGS.fn));
  const start = coreTitle('quadratic', lessonData, [1.1, 1.1, 1.1]);
  return {
    function: coreTitle('quadratic', exact, [3, 2, 1]),
    noise: coreTitle('quadratic', lessonData, [3, 2, 1]),
    'by-hand': start,
    mae: start,
    gradient: start,
    // After the notebook's one manual step (lesson-walk.test.ts checks that step's numbers).
    loop: 'MAE: 2.30',
    schedule: start,
    relu: coreTitle('relu'),
    'double-relu': coreTitle('doubleRelu'),
    'triple-relu': /^MAE: \d+\.\d\d$/,
    'many-relus': /^MAE: \d+\.\d\d$/,
    // Its seeded units' start: relus-chapter.test.ts checks the two engines' loss there.
    [RELUS_NETWORK_CHAPTER]: /^MAE: \d+\.\d\d$/,
    scale: /^MAE: \d+\.\d\d$/,
  };
}

async function walk(page: Page, width: number, theme: string): Promise<string[]> {
  const problems: string[] = [];
  const titles = expectedTitles();
  await page.click('[data-chapter="function"]');
  for (const [n, chapter] of CHAPTERS.entries()) {
    // The first chapter from the lesson list, the rest with the header's ▶ (what a learner presses).
    if (n > 0) await page.click('#chapter-next');
    await page.waitForSelector(`[data-chapter="${chapter.id}"][aria-current="step"]`);
    await page.waitForFunction((t) => document.querySelector('#chapter-hint .chapter-heading')?.textContent?.includes(t), chapter.title);
    await backendReady(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(250);
    const want = titles[chapter.id];
    const title = await readout(page);
    if (want === undefined) problems.push(`§${chapter.section} ${chapter.id}: no expected title in this test's table`);
    else if (typeof want === 'string' ? title !== want : !want.test(title))
      problems.push(`§${chapter.section} ${chapter.id}: title ${title}, not ${want}`);
    const yRange = (await page.textContent('#y-range option[value="lesson"]')) ?? '';
    if (chapter.yDomain && !yRange.includes(`${chapter.yDomain[0]} to ${chapter.yDomain[1]}`))
      problems.push(`§${chapter.section} ${chapter.id}: y range "${yRange}", not ${chapter.yDomain.join(' to ')}`);
    // A chapter with the automatic range (as the notebook's own plots there) shows every point.
    if (!chapter.yDomain && !(await page.isHidden('#y-clipped')))
      problems.push(`§${chapter.section} ${chapter.id}: ${await page.textContent('#y-clipped')}`);
    for (const off of await overflow(page)) problems.push(`§${chapter.section} ${chapter.id}: ${off}`);
    if (width === 520) {
      for (const selector of ['#train', '#fit-chart', 'input[type=range][data-param]']) {
        const box = await page.locator(selector).first().boundingBox();
        if (!box || box.y + Math.min(box.height, 40) > HEIGHT)
          problems.push(`§${chapter.section} ${chapter.id}: ${selector} below the fold (${box ? Math.round(box.y) : 'not shown'})`);
      }
    }
    const file = path.join(ARTIFACTS, `walk-${width}-${theme}-${String(n + 1).padStart(2, '0')}-${chapter.id}.png`);
    await page.screenshot({ path: file });
  }
  return problems;
}

describe('a fresh walk through the lesson, §1 to §6 (headless Chromium)', function () {
  const pages = useCheckedPage(useBrowser());

  const runs: [number, 'light' | 'dark' | 'hc' | 'hc-light'][] = [
    [520, 'light'],
    [520, 'dark'],
    [520, 'hc'],
    [520, 'hc-light'],
    [225, 'light'],
    [225, 'dark'],
  ];
  for (const [width, theme] of runs) {
    const fold = width === 520 ? ', chart, sliders and Train above the fold' : '';
    it(`${width} px, ${theme}: every chapter shows the notebook's numbers, nothing clipped${fold}`, async function () {
      this.timeout(300_000);
      const page = await pages.open({ theme, width, height: HEIGHT });
      const problems = await walk(page, width, theme);
      console.log(`      artifacts/walk-${width}-${theme}-*.png (${CHAPTERS.length} chapters)`);
      assert.deepStrictEqual(problems, []);
    });
  }
});
