// @ts-check
// One end-to-end session: a fresh profile with the packaged extension, code-server on a free
// loopback port, Chromium (with or without SwiftShader WebGPU) on the workbench, and the helpers
// the scenarios use to read the playground (a webview: two nested iframes).
'use strict';

const fs = require('fs');
const path = require('path');
const { ROOT } = require('../../scripts/sandbox/provision');
const { createProfile, installExtensions, startCodeServer, tail, packageProduct } = require('../../scripts/sandbox/codeserver');
const { launchChromium, openWorkbench, waitForWorkbench, runCommand, webview } = require('../../scripts/sandbox/browser');
const { ARTIFACTS, scratch, copySampleWorkspace } = require('../../scripts/sandbox/tier');

const E2E_ARTIFACTS = path.join(ARTIFACTS, 'e2e');

/**
 * @typedef {Awaited<ReturnType<typeof startSession>>} Session
 * @param {{ mode: 'webgpu' | 'fallback', settings?: Record<string, unknown> }} options
 */
async function startSession({ mode, settings = {} }) {
  fs.mkdirSync(E2E_ARTIFACTS, { recursive: true });
  const work = scratch(`e2e-${mode}`);
  const workspace = copySampleWorkspace(path.join(work, 'workspace'));
  const profile = createProfile(path.join(work, 'profile'), settings);
  await installExtensions(profile, [packageProduct()]);
  const logFile = path.join(E2E_ARTIFACTS, `code-server-${mode}.log`);
  const server = await startCodeServer({ profile, workspace, logFile });
  const browser = await launchChromium({ webgpu: mode === 'webgpu' });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  /** Console errors of the workbench and the webview, for failure reports. */
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  const started = Date.now();
  await openWorkbench(page, server.url, workspace);
  const session = {
    mode,
    page,
    server,
    workspace,
    logFile,
    /** the throwaway profile (user data, logs, settings) */
    profileDir: profile.dir,
    consoleErrors,
    workbenchSeconds: (Date.now() - started) / 1000,
    /** @type {string | null} why the playground did not open, once it did not */
    broken: /** @type {string | null} */ (null),
    /** whether a failure already printed the server log */
    printedLog: false,
    frame: () => webview(page),
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
  return session;
}

/**
 * Polls `check` until it returns a truthy value; fails with `what` and the last value seen.
 * @template T @param {string} what @param {() => Promise<T>} check
 */
async function until(what, check, { timeout = 30000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeout / 1000} s waiting for ${what} (last: ${last instanceof Error ? last.message.split('\n')[0] : JSON.stringify(last)})`,
      );
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Text of an element in the playground (null when it is not there). @param {Session} session @param {string} selector */
async function textOf(session, selector) {
  const locator = session.frame().locator(selector);
  if ((await locator.count()) === 0) return null;
  return (await locator.first().textContent({ timeout: 5000 }))?.trim() ?? null;
}

/** The loss in "#loss-readout" ("MAE: 2.42" -> 2.42). @param {Session} session */
async function lossOf(session) {
  const text = await textOf(session, '#loss-readout');
  const match = text && /^(MAE|MSE): (-?[\d.,]+)$/.exec(text);
  if (!match) throw new Error(`#loss-readout reads ${JSON.stringify(text)}, not like "MAE: 2.42"`);
  return Number(match[2].replace(/,/g, ''));
}

/** Waits for the playground to have rendered its first chart. @param {Session} session */
async function waitForPlayground(session, { timeout = 90000 } = {}) {
  await session.frame().locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout });
}

/** F1 "Fit Quadratic", then the playground ready. @param {Session} session */
async function openPlayground(session) {
  try {
    await runCommand(session.page, 'Fit Quadratic', { timeout: 90000 });
    await session.page.locator('.tabs-container .tab', { hasText: 'Neural Net Deep Dive' }).waitFor({ state: 'visible', timeout: 30000 });
    await waitForPlayground(session);
    session.broken = null;
  } catch (error) {
    session.broken = /** @type {Error} */ (error).message.split('\n')[0];
    throw error;
  }
}

/**
 * Opens the playground unless it is already open and ready. Once it failed to open in this
 * session, later scenarios fail at once with that reason instead of waiting for it again.
 * @param {Session} session
 */
async function ensurePlayground(session) {
  if (session.broken) throw new Error(`the playground did not open earlier in this run: ${session.broken}`);
  const ready = await session
    .frame()
    .locator('body[data-ready="true"]')
    .count()
    .catch(() => 0);
  if (!ready) await openPlayground(session);
}

/**
 * Screenshot of a scenario's end state: artifacts/e2e/<name>.png; on failure also
 * <name>.server-log.txt with the server log's last 200 lines (printed too).
 * @param {Session | undefined} session @param {string} name @param {boolean} failed
 */
async function recordScenario(session, name, failed) {
  if (!session) return;
  fs.mkdirSync(E2E_ARTIFACTS, { recursive: true });
  const shot = path.join(E2E_ARTIFACTS, `${name}.png`);
  await session.page.screenshot({ path: shot }).catch((error) => console.log(`    (no screenshot: ${error.message})`));
  if (failed) {
    const log = tail(session.logFile, 200);
    const logFile = path.join(E2E_ARTIFACTS, `${name}.server-log.txt`);
    const errors = session.consoleErrors.slice(-30).join('\n');
    fs.writeFileSync(logFile, `${log}\n\n--- browser console errors (last 30) ---\n${errors}\n`);
    if (session.printedLog) {
      console.log(`    --- ${name} failed: screenshot ${path.relative(ROOT, shot)}; server log tail in ${path.relative(ROOT, logFile)}`);
    } else {
      // Printed once per session; every failure saves its own copy.
      session.printedLog = true;
      console.log(
        `\n    --- ${name} failed: screenshot ${path.relative(ROOT, shot)}; ` +
          `last 200 lines of the server log (${path.relative(ROOT, logFile)}):\n${log}\n` +
          `    --- browser console errors (last 30):\n${errors}\n    --- end\n`,
      );
    }
  }
}

module.exports = {
  E2E_ARTIFACTS,
  startSession,
  until,
  textOf,
  lossOf,
  waitForPlayground,
  openPlayground,
  ensurePlayground,
  recordScenario,
  waitForWorkbench,
};
