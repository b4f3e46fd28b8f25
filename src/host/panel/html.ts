// The playground page: a strict nonce CSP, the three stylesheets inlined under the nonce (the app's
// own, and our copies of vega-embed's and vega-tooltip's, whose ids stop those libraries from
// injecting theirs), and the module script. The UI toolkit (FAST) reads the nonce from the
// csp-nonce meta for the one <style> element it adds. Pure: the panel and the browser-test harness both use it.

export interface PageInputs {
  /** The origin the webview's resources come from (`webview.cspSource`). */
  cspSource: string;
  nonce: string;
  /** URL of dist/webview/main.js as the webview sees it. */
  scriptUri: string;
  /** URL of the dist/webview/ folder (ends with '/'), for files loaded at run time (onnxruntime-web). */
  baseUri: string;
  styles: { app: string; vegaEmbed: string; vegaTooltip: string };
}

/**
 * - script-src: our module by nonce; the resource origin for the modules onnxruntime-web imports at
 *   run time; 'wasm-unsafe-eval' to compile its WebAssembly. No 'unsafe-eval': vega runs with `ast: true`.
 * - style-src: the nonce only (the UI toolkit styles through constructable stylesheets).
 * - connect-src: the resource origin, for the .wasm file and the parse worker's script.
 * - worker-src blob: the data-file parser runs in a Web Worker; a webview cannot start one from its
 *   resource origin (another origin than the page's), so the page fetches the script and starts it from a blob URL.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}' ${cspSource} 'wasm-unsafe-eval'`,
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

export function createNonce(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(18));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
/** Keeps stylesheet text from closing its own <style> element. */
const safeCss = (css: string) => css.replace(/<\/style/gi, '<\\/style');

export function renderPage(inputs: PageInputs): string {
  const { nonce } = inputs;
  const n = escapeAttr(nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(inputs.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${n}">
<title>Neural Net Deep Dive</title>
<style nonce="${n}" id="vega-embed-style">${safeCss(inputs.styles.vegaEmbed)}</style>
<style nonce="${n}" id="vega-tooltip-style">${safeCss(inputs.styles.vegaTooltip)}</style>
<style nonce="${n}" id="nn-style">${safeCss(inputs.styles.app)}</style>
</head>
<body data-base-uri="${escapeAttr(inputs.baseUri)}">
<div id="app" aria-busy="true"><p class="boot">Loading the playground…</p></div>
<script nonce="${n}" type="module" src="${escapeAttr(inputs.scriptUri)}"></script>
</body>
</html>`;
}
