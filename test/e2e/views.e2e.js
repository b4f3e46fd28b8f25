// @ts-check
// The "why it learns" views in the real workbench (code-server + Chromium, no WebGPU): open the
// landscape and the step ledger from the panel's toolbar, train, and check that the path grew and
// the ledger explains the step; then the same panel in light, dark and high-contrast colour
// themes (switched through the palette, as a user does), each photographed as
// artifacts/e2e/views-<theme>.png (the trained state in the profile's own theme: views-trained.png).
'use strict';

const assert = require('assert');
const { startSession, until, textOf, lossOf, openPlayground, recordScenario } = require('./harness');
const { runCommand } = require('../../scripts/sandbox/browser');

/** @param {import('./harness').Session} session @param {string} name */
async function openView(session, name) {
  const button = session.frame().locator(`#view-${name}`);
  await button.scrollIntoViewIfNeeded();
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await until(`the ${name} view to open`, async () => (await button.getAttribute('aria-pressed')) === 'true');
}

/** Picks a colour theme through "Preferences: Color Theme", as a user does. @param {import('./harness').Session} session @param {string} theme */
async function chooseTheme(session, theme) {
  await runCommand(session.page, 'Color Theme');
  const input = session.page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(theme);
  await session.page
    .locator('.quick-input-list .monaco-list-row', { has: session.page.locator('.label-name', { hasText: new RegExp(`^${theme}$`) }) })
    .first()
    .waitFor({ state: 'visible', timeout: 10000 });
  await session.page.keyboard.press('Enter');
}

describe('the insight views in the workbench', function () {
  /** @type {import('./harness').Session | undefined} */
  let session;

  before(async function () {
    this.timeout(180000);
    session = await startSession({ mode: 'fallback' });
    console.log(`    (workbench on screen after ${session.workbenchSeconds.toFixed(1)} s)`);
  });

  after(async () => {
    await session?.close();
  });

  it('opens the landscape and the ledger, trains: the path grows and the ledger explains the step', async function () {
    const s = /** @type {import('./harness').Session} */ (session);
    let failed = true;
    try {
      await s.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lesson.py' }).click();
      await openPlayground(s);
      await openView(s, 'landscape');
      await openView(s, 'ledger');
      const frame = s.frame();
      const canvas = frame.locator('#landscape-canvas');
      await until('the landscape grid from the worker', async () => (await canvas.getAttribute('data-grid-done')) === 'true', {
        timeout: 60000,
      });
      assert.strictEqual(
        await canvas.getAttribute('data-grid-site'),
        'worker',
        'the grid is computed in a Web Worker under the webview CSP',
      );
      assert.strictEqual(await canvas.getAttribute('data-path-length'), '0');
      const before = await lossOf(s);
      await frame.locator('#train').click();
      await until('the path on the landscape to grow', async () => Number(await canvas.getAttribute('data-path-length')) > 5, {
        timeout: 60000,
      });
      await frame.locator('#train').click(); // pause
      const after = await lossOf(s);
      assert.ok(after < before, `training lowered the loss: ${before} → ${after}`);
      // Paused: the ledger shows the next step, one row per parameter, and MAE's breakdown.
      await until('the ledger to show the next step', async () => /^Next step, \d+ → \d+/.test((await textOf(s, '#ledger-caption')) ?? ''));
      assert.strictEqual(await frame.locator('#ledger-table tbody tr').count(), 3, 'a row for a, b and c');
      assert.match((await textOf(s, '#ledger-breakdown')) ?? '', /∂MAE\/∂c = \(below − above\)\/N = \(\d+ − \d+\)\/20/);
      // One step: the ledger then shows the step just taken.
      await frame.locator('#step').click();
      await until('the ledger to show the step just taken', async () =>
        /the step just taken/.test((await textOf(s, '#ledger-caption')) ?? ''),
      );
      await frame.locator('#landscape-canvas').scrollIntoViewIfNeeded();
      failed = false;
    } finally {
      await recordScenario(s, 'views-trained', failed);
    }
  });

  for (const [name, theme, bodyClass] of [
    ['dark', 'Dark Modern', 'vscode-dark'],
    ['light', 'Light Modern', 'vscode-light'],
    ['hc', 'Dark High Contrast', 'vscode-high-contrast'],
    ['hc-light', 'Light High Contrast', 'vscode-high-contrast-light'],
  ]) {
    it(`the views follow the ${theme} colour theme`, async function () {
      const s = /** @type {import('./harness').Session} */ (session);
      let failed = true;
      try {
        await chooseTheme(s, theme);
        await until(`the webview body to take ${bodyClass}`, async () =>
          ((await s.frame().locator('body').getAttribute('class')) ?? '').split(/\s+/).includes(bodyClass),
        );
        await s.frame().locator('#landscape-canvas').scrollIntoViewIfNeeded();
        await s.page.waitForTimeout(500);
        failed = false;
      } finally {
        await recordScenario(s, `views-${name}`, failed);
      }
    });
  }
});
