// Headless Chromium with WebGPU for the webgpu tests and the browser half of the bench: a tiny
// static server on 127.0.0.1 (onnxruntime-web's dist files and our page bundle), Debian's
// Chromium driven by playwright-core, and the flags that give it a WebGPU adapter. A real GPU is
// tried first; where there is none, SwiftShader (a software Vulkan) provides one.
import { spawnSync } from 'child_process';
import { randomFillSync } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { AddressInfo } from 'net';
import type { Browser, Page } from 'playwright-core';
import { contentSecurityPolicy, createNonce } from '../../src/host/panel/html';

export const ROOT = path.resolve(__dirname, '../../..');
export const ORT_DIST = path.join(ROOT, 'node_modules', 'onnxruntime-web', 'dist');

export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A hardware adapter, where the machine has one (Vulkan on Linux). */
export const HARDWARE_WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--ignore-gpu-blocklist'];
/** SwiftShader, a software GPU: correct, slow. Never with --disable-gpu (the device would be lost). */
export const SWIFTSHADER_WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.json': 'application/json',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves `/ort/*` from onnxruntime-web's dist folder and everything else from `dir`. */
export function serve(dir: string): Promise<StaticServer> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [base, rel] = url.pathname.startsWith('/ort/')
      ? [ORT_DIST, url.pathname.slice(5)]
      : [dir, url.pathname === '/' ? 'index.html' : url.pathname.slice(1)];
    const file = path.normalize(path.join(base, decodeURIComponent(rel)));
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/**
 * The page every suite loads: our bundle under the panel's own Content-Security-Policy
 * (src/host/panel/html.ts: nonce scripts and styles, the resource origin, 'wasm-unsafe-eval' and
 * no 'unsafe-eval'), with 'self' standing for the webview's resource origin.
 */
export function pageHtml(title: string, script: string): string {
  const nonce = createNonce((bytes) => randomFillSync(bytes));
  return `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy("'self'", nonce)}">
<title>${title}</title></head>
<body><pre id="log"></pre><script nonce="${nonce}" type="module" src="${script}"></script></body></html>
`;
}

/** Bundles a browser entry point (ESM) into `outdir`, next to an index.html that loads it. */
export async function buildPage(entry: string, outdir: string, title: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  fs.mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile: path.join(outdir, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(outdir, 'index.html'), pageHtml(title, '/page.js'));
}

export function chromiumPath(): string {
  const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (fs.existsSync(wanted)) return wanted;
  console.log(`${wanted} is missing: apt-get install -y chromium`);
  const first = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
  if (first.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
  }
  if (!fs.existsSync(wanted)) throw new Error(`Chromium is not installed at ${wanted} (set CHROMIUM_PATH)`);
  return wanted;
}

export interface AdapterProbe {
  found: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export async function probeAdapter(page: Page): Promise<AdapterProbe> {
  return page.evaluate(async () => {
    const gpu = (globalThis as unknown as { navigator: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator.gpu;
    const adapter = (await gpu?.requestAdapter()) as { info?: Record<string, unknown>; isFallbackAdapter?: boolean } | null | undefined;
    if (!adapter) return { found: false };
    const info = adapter.info ?? {};
    return {
      found: true,
      vendor: String(info.vendor ?? ''),
      architecture: String(info.architecture ?? ''),
      device: String(info.device ?? ''),
      description: String(info.description ?? ''),
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    };
  });
}

export interface WebGpuBrowser {
  browser: Browser;
  page: Page;
  adapter: AdapterProbe;
  /** True when the adapter is SwiftShader (software), not a GPU. */
  software: boolean;
  /** Console lines of the page, in order. */
  console: string[];
}

/**
 * Chromium on `url` with a WebGPU adapter: the machine's GPU if Chromium finds one, otherwise
 * SwiftShader. `CHROMIUM_WEBGPU=swiftshader` skips the hardware attempt; `CHROMIUM_WEBGPU_FLAGS`
 * (space-separated) replaces the hardware flags, e.g. "--enable-unsafe-webgpu --use-angle=vulkan".
 */
export async function openWithWebGpu(url: string): Promise<WebGpuBrowser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const executablePath = chromiumPath();
  const hardware = process.env.CHROMIUM_WEBGPU_FLAGS
    ? process.env.CHROMIUM_WEBGPU_FLAGS.split(/\s+/).filter(Boolean)
    : HARDWARE_WEBGPU_ARGS;
  const attempts = process.env.CHROMIUM_WEBGPU === 'swiftshader' ? [SWIFTSHADER_WEBGPU_ARGS] : [hardware, SWIFTSHADER_WEBGPU_ARGS];
  for (const [i, flags] of attempts.entries()) {
    const browser = await chromium.launch({ executablePath, headless: true, args: [...BASE_ARGS, ...flags] });
    const page = await browser.newPage();
    const lines: string[] = [];
    page.on('console', (message) => lines.push(message.text()));
    page.on('pageerror', (error) => lines.push(`[page error] ${error.message}`));
    await page.goto(url);
    const adapter = await probeAdapter(page);
    const software = !adapter.found || !!adapter.isFallbackAdapter || /swiftshader/i.test(`${adapter.architecture} ${adapter.description}`);
    if ((adapter.found && !software) || i === attempts.length - 1) return { browser, page, adapter, software, console: lines };
    await browser.close();
  }
  throw new Error('unreachable');
}

export function describeProbe(adapter: AdapterProbe, software: boolean): string {
  if (!adapter.found) return 'no WebGPU adapter';
  const name = [adapter.vendor, adapter.architecture, adapter.device, adapter.description]
    .filter((p, i, all) => p && all.indexOf(p) === i)
    .join(' ');
  return software ? `${name} (SwiftShader, software GPU)` : name;
}
