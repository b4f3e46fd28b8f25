// What the browser tests share: the lesson's numbers from the core (to check the page against),
// and small page actions done through the page's own UI.
import { Page } from 'playwright-core';
import type { LossName } from '../../src/core/eval/loss';
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import { generateData, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { formatLossTitle } from '../../src/core/format';
import { float32Function } from '../../src/core/formula/pointwise';
import { presetModel } from '../../src/core/model/presets';
import type { PlaygroundState } from '../../src/protocol/state';

export const lessonData = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
const quadratic = presetModel('quadratic');
const evaluator = createEvaluator(quadratic.program, lessonData.x);

/** The title the core computes for the quadratic with [a, b, c] on the lesson's data. */
export function quadraticTitle(params: number[], loss: LossName = 'mae'): string {
  return formatLossTitle(loss, evaluator.loss(Float64Array.from(params), lessonData.y, loss));
}

export { backendReady, slider } from './harness/browser';
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

export { percentile } from '../../bench/stats';

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
