// @ts-check
// Reading and driving the workbench's text editors (Monaco) as a user sees them, for the
// end-to-end scenarios: the rendered text of a line found by its line number (after scrolling it
// into view with Go to Line), the decorations drawn after the text (their CSS content, with the
// text they follow), the code lens above a line, focusing an editor by its tab, and the hover.
'use strict';
/* global getComputedStyle */

const { until } = require('./harness');

/** @typedef {import('playwright-core').Page} Page @typedef {import('playwright-core').Locator} Locator */

/**
 * Every rendered line of the editor(s) in `root` as the user sees it, in the page: its line number
 * (matched to the gutter by position, so a code lens row is never taken for a line; null where the
 * editor shows no numbers, as in a notebook cell), `text` (what the document holds there) and
 * `shown`, with each decoration's text in ⟨⟩ where it is drawn. Monaco draws an `after`
 * decoration as a CSS ::after of an empty span, so it is not in textContent: it is read from the
 * computed style. @param {Element} root
 */
function collectLines(root) {
  const numbers = [...root.querySelectorAll('.margin-view-overlays .line-numbers')].map((el) => ({
    n: Number(el.textContent?.trim()),
    top: el.getBoundingClientRect().top,
  }));
  return [...root.querySelectorAll('.view-lines .view-line')].map((line) => {
    let text = '';
    let shown = '';
    for (const span of line.querySelectorAll(':scope > span > span')) {
      const own = (span.textContent ?? '').replace(/\u00a0/g, ' ');
      const decorated = [...span.classList].some((c) => c.startsWith('ced-'));
      const pseudo = (/** @type {'::before' | '::after'} */ which) => {
        if (!decorated) return '';
        const content = getComputedStyle(span, which).content;
        return content && content !== 'none' && content !== 'normal' ? `⟨${content.replace(/^"|"$/g, '')}⟩` : '';
      };
      text += own;
      shown += pseudo('::before') + own + pseudo('::after');
    }
    const top = line.getBoundingClientRect().top;
    const number = numbers.find((g) => Math.abs(g.top - top) < 2)?.n ?? null;
    return { number, text, shown };
  });
}

/**
 * The rendered line `lineNumber` (1-based) of the editor in `scope`; null while it is not rendered
 * (scroll it into view with Go to Line first). @param {Locator} scope @param {number} lineNumber
 */
async function renderedLine(scope, lineNumber) {
  return (await scope.evaluate(collectLines)).find((line) => line.number === lineNumber) ?? null;
}

/**
 * The rendered lines of the editor(s) in `scope` whose text matches `pattern` (for a notebook
 * cell, whose editor has no line numbers). @param {Locator} scope @param {RegExp} pattern
 */
async function renderedLinesMatching(scope, pattern) {
  return (await scope.evaluate(collectLines)).filter((line) => pattern.test(line.text));
}

/** Focuses the text editor whose tab is titled `name` (a click on its tab, as a user would). @param {Page} page @param {string} name */
async function focusEditor(page, name) {
  await page.locator('.tabs-container .tab', { hasText: name }).first().click();
  await page.locator('.editor-group-container .monaco-editor.focused').first().waitFor({ state: 'attached', timeout: 10000 });
}

/** Go to Line (Ctrl+G) in the focused editor. @param {Page} page @param {number} line */
async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

/**
 * Clicks the code lens titled `title` in the lens row directly above the rendered line whose text
 * is `lineText` (by position: the lens row sits just above its line), with the mouse, as a user.
 * @param {Page} page @param {Locator} scope @param {string} lineText @param {string} title @param {string} what
 */
async function clickLensAbove(page, scope, lineText, title, what) {
  const point = await until(`the "${title}" lens above ${what}`, () =>
    scope.evaluate(
      (root, { lineText, title }) => {
        const line = [...root.querySelectorAll('.view-lines .view-line')].find(
          (el) => (el.textContent ?? '').replace(/\u00a0/g, ' ') === lineText,
        );
        if (!line) return null;
        const lineBox = line.getBoundingClientRect();
        let best = null;
        for (const lens of root.querySelectorAll('.codelens-decoration a')) {
          if (!(lens.textContent ?? '').includes(title)) continue;
          const box = lens.getBoundingClientRect();
          const gap = lineBox.top - box.top;
          if (box.width > 0 && gap > 0 && gap < 2.5 * lineBox.height && (!best || gap < best.gap))
            best = { gap, x: box.left + box.width / 2, y: box.top + box.height / 2 };
        }
        return best;
      },
      { lineText, title },
    ),
  );
  await page.mouse.click(point.x, point.y);
}

/**
 * Moves the mouse over the first character of `literal` on the rendered line `lineNumber` and
 * returns the text of the hover that opens. @param {Page} page @param {Locator} scope @param {number} lineNumber @param {string} literal
 */
async function hoverText(page, scope, lineNumber, literal) {
  const point = await scope.evaluate(
    (root, { n, literal }) => {
      const gutter = [...root.querySelectorAll('.margin-view-overlays .line-numbers')].find((el) => el.textContent?.trim() === String(n));
      if (!gutter) return null;
      const top = gutter.getBoundingClientRect().top;
      const line = [...root.querySelectorAll('.view-lines .view-line')].find((el) => Math.abs(el.getBoundingClientRect().top - top) < 2);
      const span = line && [...line.querySelectorAll('span > span')].find((s) => (s.textContent ?? '').startsWith(literal));
      if (!span) return null;
      const box = span.getBoundingClientRect();
      return { x: box.left + Math.min(3, box.width / 2), y: box.top + box.height / 2 };
    },
    { n: lineNumber, literal },
  );
  if (!point) throw new Error(`no rendered "${literal}" on line ${lineNumber}`);
  await page.mouse.move(point.x, point.y - 40);
  await page.mouse.move(point.x, point.y, { steps: 4 });
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').last();
  await hover.waitFor({ state: 'visible', timeout: 15000 });
  return (await hover.textContent()) ?? '';
}

module.exports = { renderedLine, renderedLinesMatching, focusEditor, goToLine, clickLensAbove, hoverText };
