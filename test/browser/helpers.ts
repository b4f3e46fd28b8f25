// What the browser tests share: the setup (one harness server and one headless Chromium per
// describe block, each test's page checked for CSP violations and uncaught errors), the lesson's
// numbers from the core (to check the page against), and small page actions done through the
// page's own UI.
import * as assert from 'assert';
import * as fs from 'fs';
import { Browser, Page } from 'playwright-core';
import type { LossName } from '../../src/core/eval/loss';
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import { generateData, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { formatLessonLine, formatLossTitle } from '../../src/core/format';
import { float32Function } from '../../src/core/formula/pointwise';
import { presetModel } from '../../src/core/model/presets';
import type { PlaygroundState } from '../../src/protocol/state';
import { Trainer } from '../../src/core/train/sgd';
import { LESSON_TRAIN } from '../../src/protocol/lesson';
import { percentile } from '../../bench/stats';
import { fromRoot } from '../repo-root';
import { backendReady, launch, OpenOptions, openPlayground, pageErrors } from './harness/browser';
import { Harness, startHarness } from './harness/server';

/** Where the browser tests write screenshots and records (git-ignored); useBrowser makes it. */
export const ARTIFACTS = fromRoot('artifacts');

export interface BrowserSession {
  /** The browser, once the describe block's `before` has started it. */
  readonly browser: Browser;
  /** The harness server's origin (http://127.0.0.1:port). */
  readonly origin: string;
  /** Opens the playground page (openPlayground's options) and waits until its backend is ready. */
  open(options?: OpenOptions): Promise<Page>;
}

/**
 * One harness server and one headless Chromium for the enclosing describe block, started in its
 * `before` and closed in its `after`; `chromiumArgs` are added to the usual flags.
 */
export function useBrowser(options: { chromiumArgs?: string[] } = {}): BrowserSession {
  let harness: Harness | undefined;
  let browser: Browser | undefined;
  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
    browser = await launch(options.chromiumArgs);
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });
  const session: BrowserSession = {
    get browser() {
      if (!browser) throw new Error("the browser starts in the describe block's before()");
      return browser;
    },
    get origin() {
      if (!harness) throw new Error("the harness starts in the describe block's before()");
      return harness.origin;
    },
    async open(openOptions: OpenOptions = {}) {
      const page = await openPlayground(session.browser, session.origin, openOptions);
      await backendReady(page);
      return page;
    },
  };
  return session;
}

export interface CheckedPageOptions {
  /** Hears of every page opened (the test file keeps it in its `page`). */
  keep?: (page: Page) => void;
  /** Open a page before each test, with these options. */
  each?: OpenOptions;
  /** With `each`: what to do on the page before each test (after `keep`). */
  prepare?: (page: Page) => Promise<unknown>;
}

/**
 * Each test's page, checked in `afterEach`: no Content Security Policy violations and no uncaught
 * page errors, then closed. With `each`, `beforeEach` opens it; otherwise a test opens its own
 * with the `open` returned (as BrowserSession.open). The last one a test opened is checked.
 */
export function useCheckedPage(session: BrowserSession, options: CheckedPageOptions = {}): { open(options?: OpenOptions): Promise<Page> } {
  let current: Page | undefined;
  const open = async (openOptions: OpenOptions = {}) => {
    current = await session.open(openOptions);
    options.keep?.(current);
    return current;
  };
  const each = options.each;
  if (each) {
    beforeEach(async () => {
      const page = await open(each);
      await options.prepare?.(page);
    });
  }
  afterEach(async () => {
    const page = current;
    current = undefined;
    if (!page) return;
    try {
      // A test may close its page itself (then only its errors are left to check).
      if (!page.isClosed()) assert.deepStrictEqual(await violations(page), [], 'no Content Security Policy violations');
      assert.deepStrictEqual(pageErrors(page), [], 'no uncaught page errors');
    } finally {
      if (!page.isClosed()) await page.context().close();
    }
  });
  return { open };
}

export const lessonData = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
const quadratic = presetModel('quadratic');
const evaluator = createEvaluator(quadratic.program, lessonData.x);

/**
 * The log lines the core's Trainer prints for the quadratic from a = b = c = 1.1 on the lesson's
 * data at the lesson's rate: `steps` lines `step=i; loss=… and [a, b, c]` numbered from 0, after
 * `before` updates that print nothing (the notebook's loop comes after its one manual step).
 */
export function lessonLogLines(steps: number, options: { accumulateGrad: boolean; before?: number }): string[] {
  const { lr, schedule, loss } = LESSON_TRAIN;
  const trainer = new Trainer(quadratic.program, lessonData, quadratic.init, {
    lr,
    schedule,
    loss,
    accumulateGrad: options.accumulateGrad,
  });
  trainer.run(options.before ?? 0);
  const losses = new Float64Array(1);
  return Array.from({ length: steps }, (_, i) => {
    trainer.run(1, undefined, losses);
    return formatLessonLine(i, losses[0], trainer.params);
  });
}

/** The title the core computes for the quadratic with [a, b, c] on the lesson's data (or on `data`). */
export function quadraticTitle(params: number[], loss: LossName = 'mae', data?: { x: ArrayLike<number>; y: ArrayLike<number> }): string {
  const on = data ? createEvaluator(quadratic.program, Float64Array.from(data.x)) : evaluator;
  return formatLossTitle(loss, on.loss(Float64Array.from(params), data ? Float64Array.from(data.y) : lessonData.y, loss));
}

/** Where the fit chart plots (its data-plot attribute): the plot area in the chart, and its x and y domains. */
export interface FitPlot {
  left: number;
  top: number;
  width: number;
  height: number;
  x: [number, number];
  y: [number, number];
}

export async function fitPlot(page: Page): Promise<FitPlot> {
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#fit-chart')?.dataset.plot);
  return JSON.parse((await page.getAttribute('#fit-chart', 'data-plot'))!) as FitPlot;
}

/** Where data point (x, y) is drawn on the fit chart, in page coordinates (the chart scrolled into view). */
export async function pointOnPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const plot = await fitPlot(page);
  await page.locator('#fit-chart').scrollIntoViewIfNeeded();
  const box = (await page.locator('#fit-chart').boundingBox())!;
  return {
    x: box.x + plot.left + ((x - plot.x[0]) / (plot.x[1] - plot.x[0])) * plot.width,
    y: box.y + plot.top + plot.height - ((y - plot.y[0]) / (plot.y[1] - plot.y[0])) * plot.height,
  };
}

/** A timing series as the browser tests record it: count, median, p95 and max in ms. */
export function timingSummary(label: string, durations: number[]) {
  return {
    data: label,
    moves: durations.length,
    medianMs: Number(percentile(durations, 50).toFixed(2)),
    p95Ms: Number(percentile(durations, 95).toFixed(2)),
    maxMs: Number(Math.max(...durations).toFixed(2)),
  };
}

export { backendReady, slider } from './harness/browser';
export type { OpenOptions } from './harness/browser';
export const numberBox = (name: string) => `input[type=number][data-param="${name}"]`;

export async function readout(page: Page): Promise<string> {
  return (await page.textContent('#loss-readout'))?.trim() ?? '';
}

export function lossValue(title: string): number {
  return Number(title.split(':')[1]);
}

export async function stepCount(page: Page): Promise<number> {
  return Number(await page.textContent('#step-count'));
}

/** Messages the page posted to its host (the harness records them). */
export async function posted(page: Page): Promise<{ type: string; [key: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __harness: { posted: { type: string }[] } }).__harness.posted);
}

/** A message as the host would send it (window message event). */
export async function sendFromHost(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

export async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __harness: { violations: string[] } }).__harness.violations);
}

/**
 * The state the page saved last (the harness keeps VS Code's setState in sessionStorage); saves are
 * debounced, so a page just opened may not have saved yet: this waits for its first save.
 */
export async function savedState<T = PlaygroundState>(page: Page): Promise<T> {
  await page.waitForFunction(() => sessionStorage.getItem('nn-state') !== null, null, { timeout: 10_000 }).catch(() => undefined);
  const raw = await page.evaluate(() => sessionStorage.getItem('nn-state'));
  if (!raw) throw new Error('the page has not saved its state');
  const stored = JSON.parse(raw) as { state?: T } & T;
  return stored.state ?? stored;
}

export async function openSection(page: Page, id: string): Promise<void> {
  const open = await page.$eval(`#${id}`, (el) => (el as HTMLDetailsElement).open);
  if (!open) await page.click(`#${id} > summary`);
}

export { percentile };

/** What runs off the side of the page: the page scrolling sideways, or a control (or `extra` selectors) past an edge. */
export async function overflow(page: Page, extra: string[] = []): Promise<string[]> {
  return page.evaluate((more) => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
    const selector = ['button', 'vscode-button', 'input', 'select', 'label', '.param-row', '.chapter-bar', ...more].join(', ');
    for (const el of Array.from(document.querySelectorAll(selector))) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && (box.right > width + 1 || box.left < -1))
        out.push(
          `${el.tagName.toLowerCase()}#${el.id || el.className} runs off the side (${Math.round(box.left)}..${Math.round(box.right)})`,
        );
    }
    return out.slice(0, 8);
  }, extra);
}
