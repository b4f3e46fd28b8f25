// Slider → redraw on the lesson's data, in the playground's real page (the browser tests' harness:
// the panel's HTML and CSP, dist/webview/main.js, the host stand-in) in headless Chromium: the
// median and 95th percentile of the redraws that 200 drag moves of slider `a` cause.
import { backendReady, launch, openPlayground } from '../../test/browser/harness/browser';
import { dragTimings } from '../../test/browser/harness/drag-timing';
import { startHarness } from '../../test/browser/harness/server';
import { percentile } from '../stats';

export const REDRAW_MOVES = 200;

export interface RedrawTiming {
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  samples: number;
  browser: string;
}

export async function benchRedraw(): Promise<RedrawTiming> {
  const harness = await startHarness();
  const browser = await launch();
  try {
    const page = await openPlayground(browser, harness.origin, { theme: 'dark', width: 1100, height: 860 });
    await backendReady(page);
    const durations = await dragTimings(page, REDRAW_MOVES);
    return {
      medianMs: percentile(durations, 50),
      p95Ms: percentile(durations, 95),
      maxMs: Math.max(...durations),
      samples: durations.length,
      browser: `Chromium ${browser.version()}`,
    };
  } finally {
    await browser.close();
    await harness.close();
  }
}
