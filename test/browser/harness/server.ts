// Serves the playground's webview bundle on 127.0.0.1 as a page built by the panel's own renderer
// (same HTML, same nonce CSP), with the host stand-in (shim.js) loaded just before the module.
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { randomFillSync } from 'crypto';
import { AddressInfo } from 'net';
import { createNonce, renderPage } from '../../../src/host/panel/html';
import { REPO_ROOT } from '../../repo-root';

const ROOT = REPO_ROOT;
const DIST = path.join(ROOT, 'dist', 'webview');
const HARNESS = path.join(ROOT, 'test', 'browser', 'harness');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.map': 'application/json',
  '.json': 'application/json',
};

export interface Harness {
  origin: string;
  close(): Promise<void>;
}

function page(origin: string): string {
  const nonce = createNonce((bytes) => randomFillSync(bytes));
  const read = (name: string) => fs.readFileSync(path.join(DIST, 'styles', name), 'utf8');
  const html = renderPage({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/dist/webview/main.js`,
    baseUri: `${origin}/dist/webview/`,
    styles: { app: read('app.css'), vegaEmbed: read('vega-embed.css'), vegaTooltip: read('vega-tooltip.css') },
  });
  const shim = `<script nonce="${nonce}" src="/harness/themes.js"></script>\n<script nonce="${nonce}" src="/harness/shim.js"></script>\n`;
  const at = html.indexOf('<script nonce=');
  return html.slice(0, at) + shim + html.slice(at);
}

export function startHarness(): Promise<Harness> {
  if (!fs.existsSync(path.join(DIST, 'main.js'))) throw new Error('dist/webview/main.js is missing: run `node esbuild.js` first');
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/' || url.pathname === '/index.html') return send(200, 'text/html; charset=utf-8', page(origin));
    if (url.pathname === '/harness/themes.js') {
      return send(200, TYPES['.js'], `window.__HARNESS_THEMES__ = ${fs.readFileSync(path.join(HARNESS, 'themes.json'), 'utf8')};`);
    }
    if (url.pathname === '/harness/shim.js') return send(200, TYPES['.js'], fs.readFileSync(path.join(HARNESS, 'shim.js')));
    if (url.pathname.startsWith('/dist/webview/')) {
      const file = path.normalize(path.join(DIST, url.pathname.slice('/dist/webview/'.length)));
      if (file.startsWith(DIST + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
      }
    }
    send(404, 'text/plain', 'not found');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
