// @ts-check
// Bringing your own data in the real workbench (code-server + Chromium, no WebGPU, the default
// "auto" backend): "Neural Net: Load Data" from the command palette, the sample workspace's messy
// measurements.csv picked in VS Code's own file dialog, its x and y columns chosen in the panel's
// preview, then Train: the loss falls and the chart shows the file's points; a click on the chart
// adds a point there and the loss changes; then "Load Data" from the explorer's context menu on
// the same file, whose preview Cancel closes. Screenshots: artifacts/e2e/data-loaded.png (trained),
// data-point-added.png and data-explorer-menu.png.
'use strict';

const assert = require('assert');
const path = require('path');
const { startSession, until, textOf, lossOf, recordScenario } = require('./harness');
const { runCommand } = require('../../scripts/sandbox/browser');

/** The number in "… · 57 points" of the Data section's summary. @param {string | null} text */
const pointsIn = (text) => Number(/([\d,]+) points?$/.exec(text ?? '')?.[1]?.replace(/,/g, '') ?? NaN);

describe('your own data in the workbench', function () {
  /** @type {import('./harness').Session | undefined} */
  let session;

  /** The webview's warnings (a host message it ignored says why), for the failure messages. */
  const warnings = [];
  /** Waits for the panel's preview of a file; a time-out says what the webview warned of. @param {import('./harness').Session} s */
  const preview = (s, timeout) =>
    s
      .frame()
      .locator('#import-load')
      .waitFor({ state: 'visible', timeout })
      .catch((error) => {
        throw new Error(`${error.message.split('\n')[0]}; webview warnings: ${warnings.join(' | ') || 'none'}`);
      });

  before(async function () {
    this.timeout(180000);
    session = await startSession({ mode: 'fallback' });
    session.page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    console.log(`    (workbench on screen after ${session.workbenchSeconds.toFixed(1)} s)`);
  });

  after(async () => {
    await session?.close();
  });

  it('loads measurements.csv through "Load Data", picks the columns, fits it; a click on the chart adds a point', async function () {
    this.timeout(300000);
    const s = /** @type {import('./harness').Session} */ (session);
    let failed = true;
    let shot = 'data-loaded';
    try {
      await runCommand(s.page, 'Load Data', { timeout: 90000 });
      // VS Code's file dialog in a browser workbench is a quick input holding a path.
      const input = s.page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: 20000 });
      const file = path.join(s.workspace, 'measurements.csv');
      await input.fill(file);
      await until('the file dialog to take the path', async () => (await input.inputValue()) === file);
      // Enter opens the file (a dialog that first completes the name takes a second Enter).
      await until(
        'the dialog to open the file',
        async () => {
          if (await input.isVisible()) await s.page.keyboard.press('Enter');
          return !(await input.isVisible());
        },
        { timeout: 20000, interval: 1500 },
      );
      await s.page.locator('.tabs-container .tab', { hasText: 'Neural Net Deep Dive' }).waitFor({ state: 'visible', timeout: 60000 });
      const frame = s.frame();
      await preview(s, 60000);
      assert.match(
        (await textOf(s, '#import-facts')) ?? '',
        /measurements\.csv · .* · semicolon-separated, decimal commas read · header row/,
      );

      // The first two numeric columns are "sample" and "load (N)": the user picks load against extension.
      await frame.locator('#import-x').selectOption({ label: 'load (N)' });
      await frame.locator('#import-y').selectOption({ label: 'extension (mm)' });
      await until('the preview to mark the chosen columns', async () => {
        const marked = await frame.locator('#import-preview th.is-x, #import-preview th.is-y').allTextContents();
        return marked.join('|') === 'load (N)|extension (mm)';
      });
      await frame.locator('#import-load').click();
      await until('the Data section to show the file', async () => /^measurements\.csv · /.test((await textOf(s, '#data-summary')) ?? ''), {
        timeout: 60000,
      });
      const used = (await textOf(s, '#data-used')) ?? '';
      assert.match(used, /x = "load \(N\)", y = "extension \(mm\)"/);
      const counts = /([\d,]+) of ([\d,]+) rows used/.exec(used);
      assert.ok(counts, `the summary says how many rows were used: ${used}`);
      const points = pointsIn(await textOf(s, '#data-summary'));
      assert.strictEqual(points, Number(counts[1].replace(/,/g, '')));
      // The file has rows that are not numbers ('n/a', an empty cell): skipped, counted, one shown.
      assert.match(used, /rows? skipped: .*e\.g\. row \d+: '/);
      assert.ok(points < Number(counts[2].replace(/,/g, '')), 'some rows were skipped');

      // The chart's x axis is the file's load range (0 N up), the data drawn on it.
      const plot = JSON.parse((await frame.locator('#fit-chart').getAttribute('data-plot')) ?? '{}');
      assert.ok(plot.x && plot.x[0] < 0.5 && plot.x[1] > 20, `the fit chart spans the loads: ${JSON.stringify(plot.x)}`);
      assert.ok((await frame.locator('#fit-chart canvas').count()) > 0, 'the fit chart is drawn');

      // Fit: train until the loss has fallen well.
      await until('the backend to be ready', async () => !/starting/.test((await textOf(s, '#backend-status')) ?? 'starting'), {
        timeout: 90000,
      });
      // Loads of up to 30 N make MAE's gradient steps large: a learning rate to suit them, as a user would set it.
      const lr = frame.locator('#lr');
      await lr.scrollIntoViewIfNeeded();
      await lr.fill('0.0001');
      await lr.press('Enter');
      await until('the learning rate to be taken', async () => Number(await lr.inputValue()) === 0.0001);
      const before = await lossOf(s);
      await frame.locator('#train').click();
      await until('training to pass 300 steps', async () => Number((await textOf(s, '#step-count'))?.replace(/[^\d]/g, '') || 0) >= 300, {
        timeout: 90000,
      });
      await frame.locator('#train').click(); // pause
      const trained = await lossOf(s);
      assert.ok(trained < before, `training lowered the loss on the file's points: ${before} → ${trained}`);
      await frame.locator('#fit-chart').scrollIntoViewIfNeeded();
      await recordScenario(s, shot, false);

      // A click high on the chart, far from the fitted line, adds a point there: one more point, a new loss.
      shot = 'data-point-added';
      const after = JSON.parse((await frame.locator('#fit-chart').getAttribute('data-plot')) ?? '{}');
      const box = await frame.locator('#fit-chart').boundingBox();
      assert.ok(box, 'the fit chart is on screen');
      await s.page.mouse.click(box.x + after.left + after.width * 0.2, box.y + after.top + after.height * 0.1);
      await until('the point to be added', async () => pointsIn(await textOf(s, '#data-summary')) === points + 1);
      assert.match((await textOf(s, '#data-summary')) ?? '', /^points drawn by hand · /);
      await until('the loss to change', async () => (await lossOf(s)) !== trained);
      const added = await lossOf(s);
      assert.ok(added > trained, `a point far above the fit raised the loss: ${trained} → ${added}`);
      failed = false;
    } finally {
      await recordScenario(s, shot, failed);
    }
  });

  it("offers Load Data on a .csv in the explorer's context menu; Cancel on its preview keeps the data", async function () {
    this.timeout(120000);
    const s = /** @type {import('./harness').Session} */ (session);
    let failed = true;
    try {
      const frame = s.frame();
      const before = await textOf(s, '#data-summary');
      const row = s.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'measurements.csv' });
      await row.first().click({ button: 'right' });
      // The workbench's menu ignores a click that comes right after it opened: click until it closes on the choice.
      const item = s.page.locator('.monaco-menu .action-label', { hasText: /^Load Data$/ });
      await item.waitFor({ state: 'visible', timeout: 10000 });
      for (let attempt = 0; attempt < 5 && (await item.isVisible()); attempt++) {
        await s.page.waitForTimeout(300);
        if (await item.isVisible()) await item.click({ timeout: 5000 }).catch(() => undefined);
        await s.page.waitForTimeout(200);
      }
      assert.ok(!(await item.isVisible()), 'the context menu closed on Load Data');
      await preview(s, 30000);
      assert.match((await textOf(s, '#import-facts')) ?? '', /^measurements\.csv · /);
      await frame.locator('#import-cancel').click();
      await until('the preview to close', async () => !(await frame.locator('#import-load').isVisible()));
      assert.strictEqual(await textOf(s, '#data-summary'), before, 'the data shown stays');
      failed = false;
    } finally {
      await recordScenario(s, 'data-explorer-menu', failed);
    }
  });
});
