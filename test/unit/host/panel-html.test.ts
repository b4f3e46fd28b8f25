// The panel's page: a strict nonce CSP and everything the page loads carrying the nonce.
import * as assert from 'assert';
import { contentSecurityPolicy, createNonce, renderPage } from '../../../src/host/panel/html';
import { findLessonFunctions } from '../../../src/host/codelens/lesson-functions';

const inputs = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  baseUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/',
  styles: { app: 'body { color: red; }', vegaEmbed: '.vega-embed {}', vegaTooltip: '#vg-tooltip-element {}' },
};

describe('panel page', () => {
  it('has a CSP with the nonce, wasm compilation and nothing unsafe', () => {
    const csp = contentSecurityPolicy(inputs.cspSource, 'N');
    assert.strictEqual(
      csp,
      `default-src 'none'; style-src 'nonce-N'; script-src 'nonce-N' ${inputs.cspSource} 'wasm-unsafe-eval'; connect-src ${inputs.cspSource}; worker-src blob:`,
    );
    assert.ok(!/'unsafe-eval'|'unsafe-inline'/.test(csp));
  });

  it('puts the nonce on every style and script, with the ids vega-embed and vega-tooltip look for', () => {
    const html = renderPage(inputs);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc123';/);
    assert.match(html, /<style nonce="abc123" id="vega-embed-style">\.vega-embed \{\}<\/style>/);
    assert.match(html, /<style nonce="abc123" id="vega-tooltip-style">/);
    assert.match(html, /<style nonce="abc123" id="nn-style">body \{ color: red; \}<\/style>/);
    assert.match(
      html,
      /<script nonce="abc123" type="module" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/main\.js"><\/script>/,
    );
    assert.match(html, /<meta property="csp-nonce" content="abc123">/);
    assert.match(html, /data-base-uri="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/"/);
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
  });

  it('keeps a stylesheet from closing its element early', () => {
    const html = renderPage({ ...inputs, styles: { ...inputs.styles, app: 'a{}</style><script>alert(1)</script>' } });
    assert.ok(!html.includes('</style><script>alert(1)'));
  });

  it('makes a fresh hex nonce from random bytes', () => {
    const nonce = createNonce((bytes) => bytes.fill(171));
    assert.strictEqual(nonce, 'ab'.repeat(18));
  });
});

describe('CodeLens: the lesson functions in Python', () => {
  it('finds def quad, mk_quad, rectified_linear and double_relu with the model each opens', () => {
    const source = [
      'import torch',
      'def f(x): return 3*x**2 + 2*x + 1',
      'def quad(a, b, c, x): return a*x**2 + b*x + c',
      'def mk_quad(a,b,c): return partial(quad, a,b,c)',
      '',
      '    def rectified_linear(m,b,x):',
      '        y = m*x+b',
      'def double_relu(m1,b1,m2,b2,x):',
      'def quadratic(x): pass',
      '# def quad(a,b,c,x): commented out',
    ].join('\n');
    const found = findLessonFunctions(source);
    assert.deepStrictEqual(
      found.map((f) => [f.line, f.name, f.request.preset, source.split('\n')[f.line].slice(f.start, f.end)]),
      [
        [2, 'quad', 'quadratic', 'quad'],
        [3, 'mk_quad', 'quadratic', 'mk_quad'],
        [5, 'rectified_linear', 'relu', 'rectified_linear'],
        [7, 'double_relu', 'doubleRelu', 'double_relu'],
      ],
    );
  });

  it('handles Windows line endings and finds nothing in other code', () => {
    assert.strictEqual(findLessonFunctions('x = 1\r\ndef quad(a,b,c,x):\r\n  pass').length, 1);
    assert.deepStrictEqual(findLessonFunctions('def train(model): pass'), []);
  });
});
