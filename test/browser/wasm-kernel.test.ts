// The WebAssembly kernel in headless Chromium under the panel's CSP: builds wasm-kernel/page.ts,
// serves it with the webview's Content-Security-Policy and reports each of the page's checks.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildPage, chromiumPath, ROOT, serve } from '../../bench/browser/chromium';

describe('WebAssembly kernel in Chromium under the panel CSP', function () {
  this.timeout(180_000);
  let results: { name: string; ok: boolean; error?: string }[] = [];

  before(async () => {
    const outdir = path.join(ROOT, 'out', 'browser-wasm-kernel');
    await buildPage(path.join(ROOT, 'test', 'browser', 'wasm-kernel', 'page.ts'), outdir, 'wasm kernel tests');
    const server = await serve(outdir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true });
    try {
      const page = await browser.newPage();
      await page.goto(`${server.origin}/`);
      await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 150_000 });
      results = await page.evaluate(
        () => (window as unknown as { wasmKernelResults: { name: string; ok: boolean; error?: string }[] }).wasmKernelResults,
      );
    } finally {
      await browser.close();
      await server.close();
    }
  });

  for (const name of [
    "the page's CSP refuses eval (so what passes here passes in the panel)",
    'the CPU backend runs the WebAssembly kernel (a vector formula too)',
    'every preset',
    'the N-unit presets and vector formulas',
    '200 random formulas',
    '100 random vector formulas',
    'formulas of x1 and x2',
    'kinks and ties',
  ])
    it(name, () => {
      const result = results.find((r) => r.name === name);
      assert.ok(result, `the page did not run "${name}"`);
      assert.ok(result.ok, result.error);
    });
});
