// Time from the "Fit Quadratic" command to an interactive panel in the real workbench: code-server
// with the packaged extension, driven by Chromium through the e2e harness (test/e2e/harness.js).
// One open first (it activates the extension: reported on its own as the cold open), then five
// timed opens, each from the click on the command in the palette to the webview's
// body[data-ready] (first chart drawn, controls wired), with "View: Close All Editors" between.
// The time to the backend being ready to train is recorded beside it. Where code-server is not
// installed the row says "missing" (npm run test:e2e installs it).
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { ROOT } from './browser/chromium';

export const WORKBENCH_OPENS = 5;

export interface WorkbenchTiming {
  /** ms from the command to body[data-ready] in the webview, per timed open. */
  readyMs: number[];
  /** ms from the command to the backend status no longer "starting". */
  trainableMs: number[];
  coldMs: number;
  runtime: string;
  missing?: string;
}

interface FrameLocator {
  locator(selector: string): {
    waitFor(o: { state: 'attached'; timeout: number }): Promise<void>;
    textContent(o: { timeout: number }): Promise<string | null>;
  };
}
interface Session {
  page: Page;
  frame(): FrameLocator;
  close(): Promise<void>;
}
interface Harness {
  startSession(o: { mode: 'fallback' }): Promise<Session>;
}
interface Sandbox {
  runCommand(page: Page, title: string, o?: { timeout?: number }): Promise<number>;
}
interface Provision {
  CACHE: string;
  CODE_SERVER_VERSION: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(file: string): T => require(path.join(ROOT, file)) as T;

/** Opens the command palette on `title` and returns a click on its row, to be timed. */
async function paletteRow(page: Page, title: string) {
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = page
      .locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`(^|: )${title}$`) }) })
      .first();
    try {
      await row.waitFor({ state: 'visible', timeout: 2000 });
      return row;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`"${title}" never reached the command palette`);
}

async function timedOpen(session: Session): Promise<{ ready: number; trainable: number }> {
  const row = await paletteRow(session.page, 'Fit Quadratic');
  const start = Date.now();
  await row.click();
  await session.frame().locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 90_000 });
  const ready = Date.now() - start;
  const status = session.frame().locator('#backend-status');
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await session.page.waitForTimeout(20)) {
    const text = await status.textContent({ timeout: 5000 }).catch(() => 'starting');
    if (!text?.includes('starting')) break;
  }
  return { ready, trainable: Date.now() - start };
}

export async function benchWorkbench(): Promise<WorkbenchTiming> {
  const { CACHE, CODE_SERVER_VERSION } = load<Provision>('scripts/sandbox/provision.js');
  const runtime = `code-server ${CODE_SERVER_VERSION}, Chromium (no GPU)`;
  if (!fs.existsSync(path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`, '.installed'))) {
    return {
      readyMs: [],
      trainableMs: [],
      coldMs: NaN,
      runtime,
      missing: 'missing: code-server is not installed (npm run test:e2e installs it)',
    };
  }
  const { startSession } = load<Harness>('test/e2e/harness.js');
  const { runCommand } = load<Sandbox>('scripts/sandbox/browser.js');
  const session = await startSession({ mode: 'fallback' });
  try {
    const closeAll = () => runCommand(session.page, 'View: Close All Editors');
    const cold = await timedOpen(session);
    const readyMs: number[] = [];
    const trainableMs: number[] = [];
    for (let i = 0; i < WORKBENCH_OPENS; i++) {
      await closeAll();
      await session.page.waitForTimeout(500);
      const t = await timedOpen(session);
      readyMs.push(t.ready);
      trainableMs.push(t.trainable);
    }
    return { readyMs, trainableMs, coldMs: cold.ready, runtime };
  } finally {
    await session.close();
  }
}
