// Slider-to-redraw timing in the playground page: drags a slider's thumb across its track, one
// mouse move at a time, each waited for until the fit chart reports its redraw (the page's
// `nn-redraw` performance measure: from the input event's timeStamp to the end of the Vega
// render). Shared by the look-and-speed browser test and the bench.
import { Page } from 'playwright-core';
import { slider } from './browser';

/** Durations (ms) of the redraws that `moves` drag moves of slider `param` caused (`measure`: the fit chart's, or the plane's `nn-plane-redraw`). */
export async function dragTimings(page: Page, moves: number, param = 'a', measure = 'nn-redraw'): Promise<number[]> {
  await page.locator(slider(param)).scrollIntoViewIfNeeded();
  const box = (await page.locator(slider(param)).boundingBox())!;
  const y = box.y + box.height / 2;
  const at = (i: number) => box.x + box.width * (0.25 + 0.5 * Math.abs(((i % 60) - 30) / 30));
  await page.mouse.move(at(0), y);
  await page.mouse.down();
  await page.waitForTimeout(100);
  await page.evaluate((name) => performance.clearMeasures(name), measure);
  for (let i = 1; i <= moves; i++) {
    const before = await page.evaluate((name) => performance.getEntriesByName(name).length, measure);
    await page.mouse.move(at(i), y);
    await page.waitForFunction(([name, n]) => performance.getEntriesByName(name as string).length > (n as number), [
      measure,
      before,
    ] as const);
  }
  await page.mouse.up();
  return page.evaluate((name) => performance.getEntriesByName(name).map((entry) => entry.duration), measure);
}
