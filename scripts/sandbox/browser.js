// @ts-check
// Driving the code-server workbench with playwright-core and the machine's Chromium.
'use strict';

const { ensureChromium } = require('./provision');

/** Flags every run uses: no sandbox (root in CI), and no calls to Google's services. */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** WebGPU on the CPU through SwiftShader; --disable-gpu must stay off for a WebGPU canvas. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-angle=swiftshader'];
const NO_GPU_ARGS = ['--disable-gpu'];

/**
 * @param {{ webgpu?: boolean, headless?: boolean }} [options]
 * @returns {Promise<import('playwright-core').Browser>}
 */
async function launchChromium({ webgpu = false, headless = true } = {}) {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: ensureChromium(),
    headless,
    args: [...BASE_ARGS, ...(webgpu ? WEBGPU_ARGS : NO_GPU_ARGS)],
  });
}

/**
 * Opens the workbench on `folder` and waits until it is on screen.
 * @param {import('playwright-core').Page} page @param {string} url @param {string} folder
 */
async function openWorkbench(page, url, folder, { timeout = 90000 } = {}) {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { timeout });
  await waitForWorkbench(page, { timeout });
}

/** @param {import('playwright-core').Page} page */
async function waitForWorkbench(page, { timeout = 90000 } = {}) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.statusbar').waitFor({ state: 'visible', timeout });
}

/**
 * Runs a command from the palette (F1) by its title, e.g. "Fit Quadratic".
 * Right after start, an extension's commands reach the palette late (15-30 s on two cores):
 * this is the one place that retries, "F1, type, wait up to 2 s for the row, Escape",
 * until `timeout`.
 * @param {import('playwright-core').Page} page @param {string} title
 */
async function runCommand(page, title, { timeout = 60000 } = {}) {
  const deadline = Date.now() + timeout;
  const row = page.locator('.quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: new RegExp(`(^|: )${escapeRegExp(title)}$`) }),
  });
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${title}`);
    try {
      await row.first().waitFor({ state: 'visible', timeout: 2000 });
      await row.first().click();
      return attempt;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) {
        throw new Error(`the command "${title}" did not reach the command palette within ${timeout / 1000} s (${attempt} tries)`);
      }
    }
  }
}

/**
 * The playground's document: two nested iframes inside the workbench (not a notebook's output
 * webview, which is an iframe.webview too). @param {import('playwright-core').Page} page
 */
function webview(page) {
  return page.frameLocator('iframe.webview.ready:not(.notebookOverlay iframe)').frameLocator('#active-frame');
}

/** @param {string} s */
function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = { BASE_ARGS, WEBGPU_ARGS, launchChromium, openWorkbench, waitForWorkbench, runCommand, webview };
