// Builds every bundle the project ships or tests:
//   dist/extension.js  the extension host (Node, CommonJS, `vscode` external)
//   dist/nn-fit.js     the CLI over src/core (Node)
//   dist/webview/      the playground's browser bundle, its Web Workers (data-file parser, insight views), plus the onnxruntime-web files it loads at run time
// Flags: --production (minify, no source maps), --tests (also test/**), --bench (also bench/**), --watch.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const root = __dirname;

function listFiles(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full, pattern);
    return pattern.test(entry.name) ? [full] : [];
  });
}

function copyRuntimeFiles() {
  const ortDist = path.join(root, 'node_modules', 'onnxruntime-web', 'dist');
  const target = path.join(root, 'dist', 'webview', 'ort');
  fs.mkdirSync(target, { recursive: true });
  for (const name of ['ort.webgpu.min.mjs', 'ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm']) {
    const from = path.join(ortDist, name);
    fs.copyFileSync(from, path.join(target, name)); // throws, naming the file, if onnxruntime-web lacks it
  }
}

// The webview's stylesheets: the panel inlines them under its CSP nonce (see src/host/panel/html.ts).
function copyWebviewStyles() {
  const from = path.join(root, 'webview', 'styles');
  const target = path.join(root, 'dist', 'webview', 'styles');
  fs.mkdirSync(target, { recursive: true });
  for (const file of listFiles(from, /\.css$/)) fs.copyFileSync(file, path.join(target, path.basename(file)));
}

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
};

function builds() {
  const list = [];
  const extensionEntry = path.join(root, 'src', 'host', 'extension.ts');
  list.push({
    ...common,
    entryPoints: [extensionEntry],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  });
  const cliEntry = path.join(root, 'src', 'cli', 'nn-fit.ts');
  list.push({
    ...common,
    entryPoints: [cliEntry],
    outfile: 'dist/nn-fit.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    external: ['onnxruntime-web'],
  });
  const webviewEntry = path.join(root, 'webview', 'main.ts');
  list.push({
    ...common,
    entryPoints: [webviewEntry],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'esm',
    external: ['./ort/*'],
  });
  // The page's Web Workers (the data-file parser, the insight views' grids and slices): each its own script,
  // which the page starts from a blob URL (webview/ui/worker-script.ts).
  for (const worker of ['data/parse-worker', 'views/insight-worker']) {
    list.push({
      ...common,
      entryPoints: [path.join(root, 'webview', `${worker}.ts`)],
      outfile: `dist/webview/${path.basename(worker)}.js`,
      platform: 'browser',
      format: 'iife',
    });
  }
  // Tests and the bench run unbundled from out/, each file compiled on its own.
  const toOut = (entryPoints) => ({
    ...common,
    entryPoints,
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    sourcemap: true,
  });
  if (args.has('--tests')) {
    const entries = listFiles(path.join(root, 'test'), /\.ts$/).filter((f) => !f.includes(`${path.sep}fixtures${path.sep}`));
    if (entries.length) list.push(toOut(entries));
  }
  if (args.has('--tests') || args.has('--bench')) {
    // webview/ too: the unit tests load its pure modules (state, export, lesson) directly.
    const sources = [
      ...listFiles(path.join(root, 'src'), /\.ts$/),
      ...listFiles(path.join(root, 'bench'), /\.ts$/),
      ...listFiles(path.join(root, 'webview'), /(?<!\.d)\.ts$/),
    ];
    // The bench drives the playground's page through the browser tests' harness, and finds torch as the tests do.
    if (!args.has('--tests')) {
      const shared = ['repo-root.ts', 'torch-python.ts'].map((name) => path.join(root, 'test', name));
      sources.push(...listFiles(path.join(root, 'test', 'browser', 'harness'), /\.ts$/), ...shared);
    }
    list.push(toOut(sources));
  }
  return list;
}

async function main() {
  // A production build starts from an empty dist/, so no source map of an earlier dev build ships.
  if (production) fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  copyRuntimeFiles();
  copyWebviewStyles();
  const configs = builds();
  if (watch) {
    for (const config of configs) (await esbuild.context(config)).watch();
    return;
  }
  await Promise.all(configs.map((config) => esbuild.build(config)));
  if (fs.existsSync(path.join(root, 'dist', 'nn-fit.js'))) fs.chmodSync(path.join(root, 'dist', 'nn-fit.js'), 0o755);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
