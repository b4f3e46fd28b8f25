// Bench rows for data in the panel: from pressing Load on a CSV file of 100,000 and 1,000,000 rows
// to its first plot (the chart's sample of the new data drawn) and to the end of the first training
// step on every point (Step pressed as soon as the plot shows), with the longest task the page ran on the way (what a user feels as a freeze) and
// the page's peak JS heap over the float64 data (16 bytes a row; the parse worker's own heap is not
// in it). Headless Chromium through the browser tests' harness: the panel's own page, CSP and worker.
import { Browser } from 'playwright-core';
import { launch, openPlayground } from '../test/browser/harness/browser';
import { startHarness } from '../test/browser/harness/server';
import { formatLoad, loadNow } from './ran-on';
import { tableRow } from './table';

export interface FirstPlotRow {
  rows: number;
  firstPlotMs: number;
  firstStepMs: number;
  longestTaskMs: number;
  peakHeapOverData: number;
}

/** What the page-side functions use of the page (this file compiles without the DOM library). */
interface PageElement {
  textContent: string | null;
  hasAttribute(name: string): boolean;
  click(): void;
}
interface PageWindow {
  __t: { start: number; plot: number; longest: number; peak: number; before: number };
  __bytes: Uint8Array;
  gc(): void;
  postMessage(message: unknown, target: string): void;
  document: { body: unknown; querySelector(selector: string): PageElement | null };
  performance: { now(): number; memory: { usedJSHeapSize: number } };
  PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => { observe(options: object): void };
  MutationObserver: new (callback: (records: unknown, observer: { disconnect(): void }) => void) => {
    observe(target: unknown, options: object): void;
  };
}

async function measure(browser: Browser, origin: string, rows: number): Promise<FirstPlotRow> {
  const page = await openPlayground(browser, origin, { width: 520, height: 1000 });
  try {
    await page.waitForFunction(
      () => !(globalThis as unknown as PageWindow).document.querySelector('#backend-status')?.textContent?.includes('starting'),
      null,
      { timeout: 60_000 },
    );
    await page.evaluate((rows) => {
      const w = globalThis as unknown as PageWindow;
      const parts = ['x,y\n'];
      for (let i = 0; i < rows; i++) parts.push(`${(i - rows / 2) / 250_000},${((i * 7919) % 1000) / 100}\n`);
      w.__bytes = new TextEncoder().encode(parts.join(''));
      w.gc();
      w.postMessage({ type: 'dataFile', purpose: 'new', name: 'bench.csv', path: null, bytes: w.__bytes, mtime: 1 }, '*');
    }, rows);
    await page.waitForSelector('#import-load');
    await page.evaluate((rows) => {
      const w = globalThis as unknown as PageWindow;
      w.__bytes = new Uint8Array(0);
      w.gc();
      const heap = () => w.performance.memory.usedJSHeapSize;
      w.__t = { start: w.performance.now(), plot: NaN, longest: 0, peak: heap(), before: heap() };
      new w.PerformanceObserver((list) => list.getEntries().forEach((e) => (w.__t.longest = Math.max(w.__t.longest, e.duration)))).observe({
        type: 'longtask',
      });
      const sampler = setInterval(() => (w.__t.peak = Math.max(w.__t.peak, heap())), 10);
      const total = rows.toLocaleString('en-US');
      new w.MutationObserver((_, observer) => {
        const note = w.document.querySelector('#fit-sample-note');
        if (note && !note.hasAttribute('hidden') && note.textContent?.includes(`of ${total} points`)) {
          w.__t.plot = w.performance.now();
          observer.disconnect();
          setTimeout(() => clearInterval(sampler), 5000);
        }
      }).observe(w.document.body, { subtree: true, attributes: true, childList: true, characterData: true });
      w.document.querySelector('#import-load')!.click();
    }, rows);
    await page.waitForFunction(() => Number.isFinite((globalThis as unknown as PageWindow).__t.plot), null, { timeout: 300_000 });
    await page.click('#step');
    await page.waitForFunction(
      () => (globalThis as unknown as PageWindow).document.querySelector('#step-count')?.textContent === '1',
      null,
      { timeout: 300_000 },
    );
    const t = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      return { ...w.__t, stepped: w.performance.now() };
    });
    return {
      rows,
      firstPlotMs: t.plot - t.start,
      firstStepMs: t.stepped - t.start,
      longestTaskMs: t.longest,
      peakHeapOverData: (t.peak - t.before) / (rows * 16),
    };
  } finally {
    await page.context().close();
  }
}

export async function benchFirstPlot(): Promise<FirstPlotRow[]> {
  const harness = await startHarness();
  const browser = await launch(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
  try {
    const rows: FirstPlotRow[] = [];
    for (const n of [100_000, 1_000_000]) rows.push(await measure(browser, harness.origin, n));
    return rows;
  } finally {
    await browser.close();
    await harness.close();
  }
}

export function formatFirstPlot(rows: FirstPlotRow[]): string {
  const lines = [
    '| rows (panel) | Load → first plot | Load → first step | longest task | peak page heap / float64 data |',
    '|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows)
    lines.push(
      tableRow([
        r.rows.toLocaleString('en-US'),
        `${r.firstPlotMs.toFixed(0)} ms`,
        `${r.firstStepMs.toFixed(0)} ms`,
        `${r.longestTaskMs.toFixed(0)} ms`,
        `${r.peakHeapOverData.toFixed(2)}×`,
      ]),
    );
  return lines.join('\n');
}

// `node out/bench/data-first-plot.js` measures these rows alone (with the load average when done).
if (require.main === module) {
  void benchFirstPlot().then((rows) => console.log(`${formatFirstPlot(rows)}\n(load ${formatLoad(loadNow())})`));
}
