// Debian's Chromium, headless, driven by playwright-core (no browser download).
import { Browser, chromium, Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface OpenOptions {
  theme?: 'dark' | 'light' | 'hc' | 'hc-light';
  backend?: 'auto' | 'cpu' | 'wasm' | 'webgpu';
  preset?: string;
  units?: number;
  width?: number;
  height?: number;
}

/** Opens the harness page and waits for the first chart render. */
export async function openPlayground(browser: Browser, origin: string, options: OpenOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1000, height: options.height ?? 820 } });
  page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
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
