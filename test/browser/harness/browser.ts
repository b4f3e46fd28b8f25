// Debian's Chromium, headless, driven by playwright-core (no browser download).
import { Browser, chromium, Page } from 'playwright-core';
import { BASE_ARGS } from '../../../bench/browser/chromium';

/** Headless Chromium with the flags every run uses (BASE_ARGS) and any `extraArgs` (e.g. `--js-flags=--expose-gc`). */
export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...BASE_ARGS, ...extraArgs],
  });
}

export interface OpenOptions {
  theme?: 'dark' | 'light' | 'hc' | 'hc-light';
  backend?: 'auto' | 'cpu' | 'wasm' | 'webgpu';
  preset?: string;
  units?: number;
  width?: number;
  height?: number;
}

const uncaught = new WeakMap<Page, string[]>();

/** The uncaught errors a page opened by openPlayground has thrown so far (also printed as they come). */
export function pageErrors(page: Page): string[] {
  return uncaught.get(page) ?? [];
}

/** Opens the harness page and waits for the first chart render. */
export async function openPlayground(browser: Browser, origin: string, options: OpenOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1000, height: options.height ?? 820 } });
  const errors: string[] = [];
  uncaught.set(page, errors);
  page.on('pageerror', (error) => {
    errors.push(error.message);
    console.error(`  [page error] ${error.message}`);
  });
  const query = new URLSearchParams();
  if (options.theme) query.set('theme', options.theme);
  if (options.preset) query.set('preset', options.preset);
  if (options.units) query.set('units', String(options.units));
  query.set('backend', options.backend ?? 'cpu');
  await page.goto(`${origin}/?${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

export const slider = (name: string) => `input[type=range][data-param="${name}"]`;

/** Waits until the backend is ready (its status no longer says it is starting). */
export async function backendReady(page: Page): Promise<void> {
  await page.locator('#backend-status').filter({ hasNotText: 'starting' }).waitFor({ state: 'attached', timeout: 60_000 });
}
