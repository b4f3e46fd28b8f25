// WebGPU's long start, in headless Chromium with a WebGPU adapter (SwiftShader here, the setup of
// test/browser/webgpu): from the moment the backend is chosen until the first step lands, the
// status line says what it is doing (loading onnxruntime-web, compiling the training graphs, a
// first run compiling its shaders) with the seconds it has taken so far; once it says "ready", the
// step the learner asked for during the start lands at once.
import * as assert from 'assert';
import { Browser, chromium, Page } from 'playwright-core';
import { BASE_ARGS, chromiumPath, SWIFTSHADER_WEBGPU_ARGS } from '../../bench/browser/chromium';
import { Harness, startHarness } from './harness/server';
import { backendReady, openSection, sendFromHost } from './helpers';

interface Sample {
  at: number;
  status: string;
  elapsed: string | null;
  steps: number;
}

/** Records the status line, its seconds and the step count every 100 ms and at every change of the status, in the page. */
async function record(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __samples: Sample[] };
    w.__samples = [];
    const take = () => {
      const elapsed = document.querySelector('#backend-elapsed') as HTMLElement | null;
      w.__samples.push({
        at: performance.now(),
        status: document.querySelector('#backend-status')?.textContent ?? '',
        elapsed: elapsed && !elapsed.hidden ? elapsed.textContent : null,
        steps: Number(document.querySelector('#step-count')?.textContent),
      });
    };
    take();
    setInterval(take, 100);
    new MutationObserver(take).observe(document.querySelector('#backend-status')!, { childList: true, characterData: true, subtree: true });
  });
}

async function samples(page: Page): Promise<Sample[]> {
  return page.evaluate(() => (window as unknown as { __samples: Sample[] }).__samples);
}

function seconds(elapsed: string | null): number {
  return elapsed === null ? NaN : Number(/^(\d+) s$/.exec(elapsed)?.[1]);
}

describe('WebGPU: a slow start says what it is doing (headless Chromium, SwiftShader)', function () {
  let harness: Harness;
  let browser: Browser;

  before(async () => {
    harness = await startHarness();
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...BASE_ARGS, ...SWIFTSHADER_WEBGPU_ARGS] });
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('from choosing webgpu to the first step: what it is doing, with elapsed seconds; "ready" is ready', async function () {
    this.timeout(240_000);
    const page = await browser.newPage({ viewport: { width: 520, height: 900 } });
    page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
    await page.goto(`${harness.origin}/?backend=cpu`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    // §6, where the lesson says to choose webgpu: 64 ReLUs on 10,000 points.
    await sendFromHost(page, { type: 'openChapter', chapter: 'scale' });
    await page.waitForFunction(() => document.querySelector('[data-chapter="scale"]')?.getAttribute('aria-current') === 'step');
    await backendReady(page);
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return Boolean(gpu && (await gpu.requestAdapter()));
    });
    if (!adapter) this.skip();
    await openSection(page, 'section-train');
    await record(page);
    await page.selectOption('#backend', 'webgpu');
    // Training is what the learner waits for: press Step as soon as the panel lets them.
    await page.click('#step');
    await page.waitForFunction(() => Number(document.querySelector('#step-count')?.textContent) >= 1, null, { timeout: 200_000 });
    await page.waitForTimeout(300);
    const all = await samples(page);
    const landed = all.findIndex((s) => s.steps >= 1);
    const waiting = all.slice(0, landed);
    const took = (all[landed].at - all[0].at) / 1000;
    const describe = () =>
      waiting
        .filter((s, i) => i === 0 || s.status !== waiting[i - 1].status || s.elapsed !== waiting[i - 1].elapsed)
        .slice(0, 40)
        .map((s) => `${((s.at - all[0].at) / 1000).toFixed(1)} s: ${s.status}${s.elapsed ? ` [${s.elapsed}]` : ''}`)
        .join('\n        ');
    console.log(`      first step after ${took.toFixed(1)} s; the status said:\n        ${describe()}`);
    assert.match(all.at(-1)!.status, /^webgpu · /, `training runs on webgpu: ${all.at(-1)!.status}`);
    // What it is doing, by name: the graphs, then the first run that compiles the shaders.
    const said = waiting.map((s) => s.status).join('\n');
    assert.match(said, /compiling the training graph for WebGPU/, 'it says it compiles the graph');
    assert.match(said, /first run on WebGPU: compiling its shaders/, 'it says the first run compiles the shaders');
    // Every wait past a second shows its seconds, counting up.
    const phases = waiting.filter((s) => /^starting backend/.test(s.status));
    const slow = phases.filter((s, i) => s.at - phases.find((p) => p.status === s.status)!.at > 1500 && i >= 0);
    for (const s of slow) assert.ok(Number.isFinite(seconds(s.elapsed)), `no elapsed seconds beside "${s.status}"`);
    if (slow.length) assert.ok(Math.max(...slow.map((s) => seconds(s.elapsed))) >= 1, 'the seconds count up');
    // "ready" means ready: once it says so, the step the learner asked for lands within a chunk's time, not seconds of compiling.
    const ready = waiting.findIndex((s, i) => i > 0 && /^webgpu · ready/.test(s.status));
    assert.ok(ready >= 0, 'it said ready before the step landed');
    const readyFor = (all[landed].at - waiting[ready].at) / 1000;
    const compiling = waiting.filter((s) => /compiling its shaders/.test(s.status));
    const compiledFor = (compiling.at(-1)!.at - compiling[0].at) / 1000;
    // The step after "ready" computes; it does not compile again (which took compiledFor).
    assert.ok(
      readyFor < Math.max(1, compiledFor / 2),
      `the first step took ${readyFor.toFixed(1)} s after "ready" (compiling took ${compiledFor.toFixed(1)} s)`,
    );
    // After the step: the rate (or ready), no phase, no seconds.
    const end = all.at(-1)!;
    assert.strictEqual(end.elapsed, null, 'the seconds go once the first step has landed');
    await page.close();
  });
});
