// The insight views where a learner meets them, driven by the keyboard alone: at 225 px and
// 520 px in light, dark and high contrast every view opens from its toolbar button (Enter/Space),
// nothing runs off the side, the landscape's pickers and its 2-D slider answer the arrow keys,
// the open views come back after a reload, and a button closes its view again. Screenshots go to
// artifacts/views-<width>-keys-<theme>.png, to be looked at.
import * as assert from 'assert';
import * as path from 'path';
import { Page } from 'playwright-core';
import { ARTIFACTS, numberBox, overflow, quadraticTitle, useBrowser, violations } from './helpers';
const VIEWS = ['slices', 'landscape', 'ledger', 'graph'] as const;
const VIEW_PARTS = ['canvas', 'table', '.view-panel', '.views-bar', '.ledger-formula', '#graph-svg svg', '.landscape-legend'];

/** Presses `key` on the focused element and waits until the input `selector` no longer reads `from`. */
async function pressUntilChanged(page: Page, key: string, selector: string, from: string): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForFunction(([s, v]) => (document.querySelector(s) as HTMLInputElement | null)?.value !== v, [selector, from] as const);
}

describe('insight views by keyboard, narrow and wide (headless Chromium)', function () {
  const session = useBrowser();

  for (const theme of ['light', 'dark', 'hc'] as const) {
    for (const width of [225, 520]) {
      it(`${width} px, ${theme}: open by keyboard, nothing clipped, arrow keys on the landscape, restored, closed`, async () => {
        const page = await session.open({ theme, width, height: 900 });
        // Open every view from its toolbar button with the keyboard (Enter for two, Space for two).
        for (const [k, name] of VIEWS.entries()) {
          await page.focus(`#view-${name}`);
          await page.keyboard.press(k % 2 ? ' ' : 'Enter');
          await page.waitForFunction((n) => document.querySelector(`#view-${n}`)?.getAttribute('aria-pressed') === 'true', name);
        }
        await page.waitForFunction(() => document.querySelector('#landscape-canvas')?.getAttribute('data-grid-done') === 'true');
        await page.waitForSelector('#graph-svg [data-node]');
        assert.deepStrictEqual(await overflow(page, VIEW_PARTS), [], 'nothing runs off the side');
        // Slices fit their rows: each as wide as its slider at most.
        const sliceWidths = await page.$$eval('canvas[data-slice]', (list) =>
          list.map((c) => c.getBoundingClientRect().width - (c.closest('.param-row')?.getBoundingClientRect().width ?? 0)),
        );
        assert.strictEqual(sliceWidths.length, 3);
        for (const extra of sliceWidths) assert.ok(extra <= 0, `a slice wider than its row by ${extra} px`);
        // The pickers: ArrowDown on "up" picks the next parameter (c), and the note says b is held.
        await page.focus('#landscape-up');
        await pressUntilChanged(page, 'ArrowDown', '#landscape-up', '1');
        assert.strictEqual(await page.inputValue('#landscape-up'), '2', 'c up');
        await page.waitForFunction(() =>
          /Held at their current values: b = 1\.1\./.test(document.querySelector('#landscape-held')?.textContent ?? ''),
        );
        // The 2-D slider: Up moves c by 1% of its range, Shift+Right moves a by 10%.
        await page.focus('#landscape-canvas');
        await pressUntilChanged(page, 'ArrowUp', numberBox('c'), '1.1');
        await pressUntilChanged(page, 'Shift+ArrowRight', numberBox('a'), '1.1');
        await page.waitForFunction(
          () => !(document.querySelector('#landscape-canvas')?.getAttribute('data-point') ?? '').startsWith('1.1,'),
        );
        const [a, c] = ((await page.getAttribute('#landscape-canvas', 'data-point')) ?? '').split(',').map(Number);
        assert.ok(Math.abs(a - (1.1 + 0.44)) < 1e-9, `a = ${a}`);
        assert.ok(Math.abs(c - (1.1 + 0.044)) < 1e-9, `c = ${c}`);
        await page.waitForFunction((t) => document.querySelector('#loss-readout')?.textContent === t, quadraticTitle([a, 1.1, c]));
        const file = path.join(ARTIFACTS, `views-${width}-keys-${theme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`      ${path.relative(process.cwd(), file)}`);
        // A reload brings back the open views and the pair.
        await page.waitForTimeout(400);
        await page.reload();
        await page.waitForSelector('body[data-ready="true"]');
        for (const name of VIEWS) assert.strictEqual(await page.getAttribute(`#view-${name}`, 'aria-pressed'), 'true', `${name} restored`);
        assert.strictEqual(await page.inputValue('#landscape-up'), '2');
        // And the keyboard closes one again: its panel goes.
        await page.focus('#view-landscape');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.querySelector('#view-landscape')?.getAttribute('aria-pressed') === 'false');
        assert.strictEqual(await page.isHidden('[data-view="landscape"]'), true);
        assert.deepStrictEqual(await violations(page), []);
        await page.context().close();
      });
    }
  }
});
