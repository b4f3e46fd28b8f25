// @ts-check
// End-to-end scenarios in the real workbench (code-server + Chromium), written against the
// webview's DOM contract (notes/contract.md). Two runs: Chromium with SwiftShader WebGPU, where
// the playground must report the webgpu backend working, and Chromium without it, where it must
// fall back. Every scenario leaves a screenshot of its end state in artifacts/e2e/<name>.png.
'use strict';

const assert = require('assert');
const {
  startSession,
  until,
  textOf,
  lossOf,
  waitForPlayground,
  openPlayground,
  ensurePlayground,
  recordScenario,
  waitForWorkbench,
} = require('./harness');

const MODES = (process.env.NN_E2E_MODES || 'webgpu,fallback')
  .split(',')
  .map((m) => m.trim())
  .filter(Boolean);

/**
 * A scenario: an `it` whose end state is photographed as artifacts/e2e/<mode>-<name>.png.
 * @param {() => import('./harness').Session | undefined} getSession
 * @param {string} prefix
 */
function scenarios(getSession, prefix) {
  /** @param {string} name @param {string} title @param {(session: import('./harness').Session) => Promise<void>} body */
  return (name, title, body) => {
    it(title, async function () {
      const session = getSession();
      assert.ok(session, 'the workbench did not start (see the before hook)');
      let failed = true;
      try {
        await body(session);
        failed = false;
      } finally {
        await recordScenario(session, `${prefix}-${name}`, failed);
      }
    });
  };
}

/** Trains for a while with #train, then pauses; returns [loss before, loss after, steps]. @param {import('./harness').Session} session */
async function trainAWhile(session, { minSteps = 30, timeout = 60000 } = {}) {
  const frame = session.frame();
  const before = await lossOf(session);
  const stepsBefore = Number((await textOf(session, '#step-count'))?.replace(/[^\d]/g, '') || 0);
  await frame.locator('#train').click();
  let steps = stepsBefore;
  try {
    await until(
      `#step-count to pass ${stepsBefore + minSteps} while training`,
      async () => {
        steps = Number((await textOf(session, '#step-count'))?.replace(/[^\d]/g, '') || 0);
        return steps >= stepsBefore + minSteps;
      },
      { timeout },
    );
  } finally {
    await frame.locator('#train').click(); // pause
  }
  const after = await lossOf(session);
  return { before, after, steps };
}

for (const mode of MODES) {
  const webgpu = mode === 'webgpu';
  describe(`playground in the workbench, Chromium ${webgpu ? 'with SwiftShader WebGPU' : 'without WebGPU (fallback)'}`, function () {
    /** @type {import('./harness').Session | undefined} */
    let session;
    const scenario = scenarios(() => session, mode);

    before(async function () {
      this.timeout(180000);
      // The fallback run also checks that settings reach the playground.
      session = await startSession({ mode: webgpu ? 'webgpu' : 'fallback', settings: webgpu ? {} : { 'nnDeepDive.learningRate': 0.05 } });
      console.log(`    (workbench on screen after ${session.workbenchSeconds.toFixed(1)} s)`);
    });

    after(async () => {
      await session?.close();
    });

    scenario('open-panel', 'with lesson.py open, F1 "Fit Quadratic" opens the playground beside it', async (s) => {
      await s.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lesson.py' }).click();
      await s.page.locator('.tabs-container .tab', { hasText: 'lesson.py' }).waitFor({ state: 'visible', timeout: 30000 });
      await openPlayground(s);
      const groups = s.page.locator('.editor-group-container');
      assert.strictEqual(await groups.count(), 2, 'the playground opened in a second editor group');
      assert.strictEqual(await groups.nth(0).locator('.tab', { hasText: 'lesson.py' }).count(), 1, 'lesson.py stays in the first group');
      assert.strictEqual(
        await groups.nth(1).locator('.tab', { hasText: 'Neural Net Deep Dive' }).count(),
        1,
        'the playground is in the second group',
      );
    });

    scenario('chart-and-sliders', 'the panel shows the chart, the loss readout and a slider per parameter', async (s) => {
      await ensurePlayground(s);
      const frame = s.frame();
      for (const chart of ['#fit-chart', '#loss-chart']) {
        const drawn = frame.locator(`${chart} canvas, ${chart} svg`).first();
        await drawn.waitFor({ state: 'visible', timeout: 30000 });
        const box = await drawn.boundingBox();
        assert.ok(box && box.width > 50 && box.height > 50, `${chart} is drawn at a visible size (${JSON.stringify(box)})`);
      }
      for (const param of ['a', 'b', 'c']) {
        await frame.locator(`input[type=range][data-param="${param}"]`).waitFor({ state: 'visible', timeout: 10000 });
        await frame.locator(`input[type=number][data-param="${param}"]`).waitFor({ state: 'visible', timeout: 10000 });
      }
      await lossOf(s);
    });

    scenario('slider-changes-title', 'moving a slider changes the loss in the chart title', async (s) => {
      await ensurePlayground(s);
      const frame = s.frame();
      const slider = frame.locator('input[type=range][data-param="a"]');
      const before = await textOf(s, '#loss-readout');
      const valueBefore = await slider.inputValue();
      for (let i = 0; i < 10; i++) await slider.press('ArrowRight');
      const valueAfter = await slider.inputValue();
      assert.notStrictEqual(valueAfter, valueBefore, 'the slider did not move with the arrow keys');
      await until('#loss-readout to change after moving slider a', async () => (await textOf(s, '#loss-readout')) !== before);
      const box = frame.locator('input[type=number][data-param="a"]');
      await until('the number box of a to follow the slider', async () => Number(await box.inputValue()) === Number(valueAfter));
    });

    scenario('train-lowers-loss', 'Train lowers the loss', async (s) => {
      await ensurePlayground(s);
      const { before, after, steps } = await trainAWhile(s);
      assert.ok(after < before, `loss went from ${before} to ${after} after ${steps} steps`);
      const log = await textOf(s, '#log');
      assert.ok(
        log && /step=\d+; loss=\d/.test(log),
        `#log shows the lesson's "step=i; loss=..." lines (got ${JSON.stringify(log?.slice(0, 120))})`,
      );
    });

    if (webgpu) {
      scenario('webgpu-backend', 'choosing the webgpu backend trains on WebGPU (SwiftShader), with no fallback', async (s) => {
        await ensurePlayground(s);
        await s.frame().locator('#backend').selectOption('webgpu');
        await s.frame().locator('#reset').click(); // from the starting parameters, so the loss has room to fall
        const { before, after } = await trainAWhile(s, { minSteps: 20, timeout: 90000 });
        const status = await until('#backend-status to settle', async () => {
          const text = await textOf(s, '#backend-status');
          return text && !/…|\.\.\.|loading|starting/i.test(text) ? text : null;
        });
        assert.match(status, /^webgpu\b/i, `#backend-status: ${status}`);
        assert.doesNotMatch(status, /fell back/i, `#backend-status: ${status}`);
        assert.ok(after < before, `loss on webgpu went from ${before} to ${after}`);
      });
    } else {
      scenario('settings', 'the learning rate setting (0.05 in this profile) reaches the panel', async (s) => {
        await ensurePlayground(s);
        const lr = await s.frame().locator('#lr').inputValue();
        assert.strictEqual(Number(lr), 0.05, `#lr shows ${lr}`);
      });

      scenario('backend-fallback', 'without WebGPU the panel falls back from webgpu to another backend and says so', async (s) => {
        await ensurePlayground(s);
        const auto = await until('#backend-status', async () => textOf(s, '#backend-status'));
        assert.doesNotMatch(auto, /^webgpu\b/i, `with backend "auto" and no WebGPU adapter: ${auto}`);
        await s.frame().locator('#backend').selectOption('webgpu');
        await s.frame().locator('#reset').click(); // from the starting parameters, so the loss has room to fall
        const { before, after } = await trainAWhile(s, { minSteps: 20 });
        const status = await until('#backend-status to report the fallback', async () => {
          const text = await textOf(s, '#backend-status');
          return text && /fell back/i.test(text) ? text : null;
        });
        assert.match(status, /^(cpu|wasm)\b/i, `#backend-status names the backend it fell back to: ${status}`);
        assert.ok(after < before, `loss after the fallback went from ${before} to ${after}`);
      });
    }

    scenario('reload-restores', 'a reload of the window restores the panel with its state', async (s) => {
      await ensurePlayground(s);
      // The state the earlier scenarios left (moved sliders, trained and paused), at rest.
      const snapshot = async () => ({
        a: await s.frame().locator('input[type=number][data-param="a"]').inputValue(),
        b: await s.frame().locator('input[type=number][data-param="b"]').inputValue(),
        c: await s.frame().locator('input[type=number][data-param="c"]').inputValue(),
        step: await textOf(s, '#step-count'),
        loss: await textOf(s, '#loss-readout'),
      });
      // A frame in flight when training paused may still land: take the state once it has
      // stayed the same for a second.
      let before = await snapshot();
      let stableSince = Date.now();
      await until(
        'the paused playground to stop changing',
        async () => {
          const now = await snapshot();
          if (JSON.stringify(now) !== JSON.stringify(before)) {
            before = now;
            stableSince = Date.now();
          }
          return Date.now() - stableSince >= 1000;
        },
        { timeout: 20000 },
      );
      await s.page.reload();
      await waitForWorkbench(s.page);
      await waitForPlayground(s);
      assert.strictEqual(
        await s.page.locator('.tabs-container .tab', { hasText: 'Neural Net Deep Dive' }).count(),
        1,
        'one playground tab after the reload',
      );
      // The restored webview may still be settling: read until it matches, for a bounded time.
      let after = null;
      await until(
        'the restored playground to show the state from before the reload',
        async () => {
          after = await snapshot();
          return JSON.stringify(after) === JSON.stringify(before);
        },
        { timeout: 20000 },
      ).catch(() => undefined);
      assert.deepStrictEqual(after, before, 'parameters, step count and loss after the reload');
    });
  });
}
