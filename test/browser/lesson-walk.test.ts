// The lesson as a learner meets it (issue 9), in headless Chromium through the page's own UI: the
// §4 loop's printout line for line against the notebook, chapters that keep their own settings,
// commands that always give the lesson's 20 points, typing over a selection, the gradient printed
// beside each slider, a formula with nothing to train, weighted ReLUs typed by hand, full
// scientific notation for exploded values, and a saved SVG with its axes.
import * as assert from 'assert';
import { Page } from 'playwright-core';
import {
  backendReady,
  lessonLogLines,
  numberBox,
  openSection,
  posted,
  readout,
  sendFromHost,
  slider,
  stepCount,
  useBrowser,
  useCheckedPage,
} from './helpers';

/** The lines the notebook prints after its one manual step (notebook.md §4). */
const NOTEBOOK_FIRST = 'step=0; loss=2.30 and [1.1406, 1.1009, 1.1150]';
const NOTEBOOK_LAST = 'step=9; loss=1.24 and [1.9861, 1.1301, 1.4160]';

async function logLines(page: Page): Promise<string[]> {
  return ((await page.textContent('#log')) ?? '').trim().split('\n');
}

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#train')?.textContent?.trim() === 'Train');
}

describe('the lesson as a learner meets it (headless Chromium)', function () {
  let page: Page;
  useCheckedPage(useBrowser(), { each: {}, keep: (opened) => (page = opened) });

  it("§4 'A loop of 10 steps' prints the notebook's loop line for line, after its one manual step", async () => {
    await page.click('[data-chapter="loop"]');
    await page.waitForSelector('#chapter-hint:not([hidden])');
    await backendReady(page);
    assert.strictEqual(await stepCount(page), 1, 'the manual step is taken');
    assert.strictEqual(await page.inputValue(numberBox('a')), '1.1135');
    assert.strictEqual(await readout(page), 'MAE: 2.30');
    await page.click('#train');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '11');
    await idle(page);
    // What training computes, numbered as the notebook numbers its loop.
    const expected = lessonLogLines(10, { accumulateGrad: true, before: 1 });
    const lines = await logLines(page);
    assert.deepStrictEqual(lines, expected);
    assert.strictEqual(lines[0], NOTEBOOK_FIRST);
    assert.strictEqual(lines[9], NOTEBOOK_LAST);
    assert.match((await page.textContent('#notice')) ?? '', /Stopped after 10 steps/);
  });

  it('§4: Step then Train is one loop of 10 steps, numbered 0 to 9', async () => {
    await page.click('[data-chapter="loop"]');
    await page.waitForSelector('#chapter-hint:not([hidden])');
    await backendReady(page);
    await page.click('#step');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '2');
    await page.click('#train');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '11');
    await idle(page);
    const lines = await logLines(page);
    assert.strictEqual(lines.length, 10);
    assert.strictEqual(lines[0], NOTEBOOK_FIRST);
    assert.strictEqual(lines[9], NOTEBOOK_LAST);
  });

  it('settings do not leak between chapters; each keeps what the learner changed; Reset chapter restores the lesson', async () => {
    await page.click('[data-chapter="relu"]');
    await page.waitForSelector('[data-chapter="relu"][aria-current="step"]');
    await page.fill('#lr', '0.5');
    await page.press('#lr', 'Enter');
    await page.selectOption('#loss-kind', 'mse');
    await page.click('[data-chapter="mae"]');
    await page.waitForSelector('[data-chapter="mae"][aria-current="step"]');
    assert.strictEqual(await page.inputValue('#lr'), '0.01', "§5's learning rate stays in §5");
    assert.strictEqual(await page.inputValue('#loss-kind'), 'mae');
    assert.strictEqual(await readout(page), 'MAE: 2.32');
    await page.click('[data-chapter="relu"]');
    await page.waitForSelector('[data-chapter="relu"][aria-current="step"]');
    assert.strictEqual(await page.inputValue('#lr'), '0.5', 'back in §5 as the learner left it');
    assert.strictEqual(await page.inputValue('#loss-kind'), 'mse');
    await page.click('#chapter-reset');
    await page.waitForFunction(() => (document.querySelector('#lr') as HTMLInputElement).value === '0.01');
    assert.strictEqual(await page.inputValue('#loss-kind'), 'mae');
    await page.click('#chapter-next');
    await page.waitForSelector('[data-chapter="double-relu"][aria-current="step"]');
    await page.click('#chapter-previous');
    await page.waitForSelector('[data-chapter="relu"][aria-current="step"]');
  });

  it("Fit Quadratic after §6 gives the lesson's 20 points and settings (MAE 2.32), on the lesson's backend", async () => {
    await page.click('[data-chapter="scale"]');
    await page.waitForFunction(() => /10,000 points/.test(document.querySelector('#data-summary')?.textContent ?? ''));
    await page.fill('#lr', '1');
    await page.press('#lr', 'Enter');
    await page.click('#data-summary');
    await sendFromHost(page, { type: 'open', request: { preset: 'quadratic' } });
    await page.waitForFunction(() => /20 points/.test(document.querySelector('#data-summary')?.textContent ?? ''));
    assert.strictEqual(await readout(page), 'MAE: 2.32');
    assert.strictEqual(await page.inputValue('#lr'), '0.01');
    assert.strictEqual(await page.inputValue('#backend'), 'cpu', "the harness's configured backend");
    assert.strictEqual(await page.isHidden('#chapter-hint'), true, 'a command is not a chapter');
  });

  it('typing over a selection in the formula box never loses a keystroke (select all + type, 6 times)', async () => {
    const formulas = ['a*x**2 + b*x + c', 'm*x + b', 'a*x**2 + b*x + c', 'sum(w*relu(m*x + b)) + c', 'k*x', 'a*x**2 + b*x + c'];
    for (const formula of formulas) {
      await page.click('#formula');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(formula, { delay: 5 });
      assert.strictEqual(await page.inputValue('#formula'), formula);
      await page.waitForTimeout(50);
      assert.strictEqual(await page.inputValue('#formula'), formula, 'still there after the model was rebuilt');
    }
  });

  it('shortcuts use keys VS Code leaves to a webview (T, S, R, Ctrl+Enter, Shift+Enter), kept from the workbench, shown in tooltips', async () => {
    assert.match((await page.getAttribute('#train', 'title')) ?? '', /\(T or Ctrl\+Enter\)/);
    assert.match((await page.getAttribute('#step', 'title')) ?? '', /\(S or Shift\+Enter\)/);
    const forwarded = () =>
      page.evaluate(() => (window as unknown as { __harness: { forwardedKeys?: number } }).__harness.forwardedKeys ?? 0);
    await page.click('#data-summary');
    const before = await forwarded();
    await page.keyboard.press('s');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '1');
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '2');
    assert.strictEqual(await forwarded(), before, 'the workbench never saw them');
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '0');
    await page.focus('#formula');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('#train')?.textContent?.trim() === 'Pause');
    await page.keyboard.press('Control+Enter');
    await idle(page);
    await page.focus('#formula');
    await page.keyboard.press('s'); // typed into the field, not a shortcut
    assert.ok((await page.inputValue('#formula')).endsWith('s'));
  });

  it('an arrow press moves a slider by a visible step; Shift ×10, Alt ÷10', async () => {
    await page.focus(slider('a'));
    await page.keyboard.press('ArrowRight');
    assert.strictEqual(await page.inputValue(numberBox('a')), '1.2');
    await page.keyboard.press('Shift+ArrowRight');
    assert.strictEqual(await page.inputValue(numberBox('a')), '2.2');
    await page.keyboard.press('Alt+ArrowLeft');
    assert.strictEqual(await page.inputValue(numberBox('a')), '2.19');
  });

  it('weighted ReLUs typed by hand get vector parameters with units started apart', async () => {
    await page.fill('#formula', 'sum(w*relu(m*x + b)) + c');
    await page.waitForSelector(slider('w[15]'), { state: 'attached' });
    const values = await page.$$eval('input[type=number][data-param^="w["]', (boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    assert.strictEqual(values.length, 16);
    assert.strictEqual(new Set(values).size, 16, `every unit starts differently: ${values.join(', ')}`);
    await page.fill('#units', '4');
    await page.press('#units', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('input[type=range][data-param^="m["]').length === 4);
    const before = Number((await readout(page)).split(':')[1]);
    await page.click('#train');
    await page.waitForFunction(() => Number(document.querySelector('#step-count')?.textContent) >= 300);
    await page.click('#train');
    await idle(page);
    assert.ok(Number((await readout(page)).split(':')[1]) < before);
  });

  it('prints the gradient beside each slider as autograd does, and says when the fit is exact', async () => {
    const printed = await page.$$eval('[data-grad-value]', (cells) => cells.map((c) => c.textContent));
    assert.deepStrictEqual(printed, ['-1.3529', '-0.0316', '-0.5000']);
    await page.click('[data-chapter="function"]');
    await page.waitForSelector('[data-chapter="function"][aria-current="step"]');
    assert.strictEqual(await readout(page), 'MAE: 0.00');
    for (const name of ['a', 'b', 'c']) {
      assert.strictEqual(await page.getAttribute(`[data-grad="${name}"]`, 'data-direction'), 'none');
      assert.match((await page.getAttribute(`[data-grad="${name}"]`, 'aria-label')) ?? '', /fit is exact/);
    }
  });

  it('a formula with no parameters says there is nothing to train', async () => {
    await page.fill('#formula', 'x**2');
    await page.waitForFunction(() => document.querySelectorAll('input[type=range][data-param]').length === 0);
    await page.click('#train');
    await page.waitForSelector('#notice:not([hidden])');
    assert.match((await page.textContent('#notice')) ?? '', /no parameters, so there is nothing to train/);
    assert.strictEqual(await stepCount(page), 0);
  });

  it('a new formula or new data starts the step counter again, and the chapter hint goes with its model', async () => {
    await page.click('[data-chapter="mae"]');
    await page.waitForSelector('#chapter-hint:not([hidden])');
    for (let i = 0; i < 3; i++) await page.click('#step');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '3');
    await page.fill('#formula', 'a*x**2 + b*x + c + d');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '0');
    await page.waitForSelector('#chapter-hint', { state: 'hidden' });
    for (let i = 0; i < 2; i++) await page.click('#step');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '2');
    await sendFromHost(page, { type: 'csv', name: 'line.csv', text: 'x,y\n0,1\n1,3\n2,5\n' });
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '0');
  });

  it('an exploded value is printed whole in scientific notation, never cut', async () => {
    await page.fill(numberBox('a'), '-4.6e152');
    await page.press(numberBox('a'), 'Enter');
    await page.focus(slider('b'));
    const shown = await page.inputValue(numberBox('a'));
    assert.strictEqual(Number(shown), -4.6e152);
    const fits = await page.$eval(
      numberBox('a'),
      (box) => (box as HTMLInputElement).scrollWidth <= (box as HTMLInputElement).clientWidth + 1,
    );
    assert.ok(fits, `"${shown}" fits its box`);
  });

  it('the overshoot warning follows the title while the run goes on', async () => {
    await page.fill('#lr', '100');
    await page.press('#lr', 'Enter');
    await page.click('#train');
    await page.waitForSelector('#notice[data-kind="warning"]:not([hidden])', { timeout: 30_000 });
    await page.waitForTimeout(300);
    await page.click('#train');
    await idle(page);
    await page.waitForTimeout(100);
    const title = (await readout(page)).split(': ')[1];
    const notice = (await page.textContent('#notice')) ?? '';
    assert.ok(notice.includes(`to ${title} `), `the warning (${notice}) names the title's ${title}`);
  });

  it('saves the chart as SVG with its axes, ticks and grid', async () => {
    await openSection(page, 'section-export');
    await page.click('#save-svg');
    await page.waitForFunction(() =>
      (window as unknown as { __harness: { posted: { type: string }[] } }).__harness.posted.some((m) => m.type === 'saveImage'),
    );
    const svg = String((await posted(page)).find((m) => m.type === 'saveImage')!.data);
    assert.match(svg, /class="mark-group role-axis"/, 'axis groups');
    assert.match(svg, /role-axis-tick/, 'ticks');
    assert.match(svg, /role-axis-grid/, 'grid lines');
    assert.match(svg, /role-axis-label/, 'tick labels');
    assert.match(svg, />x<\/text>/, 'the x axis title');
  });
});
