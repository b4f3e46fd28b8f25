#!/usr/bin/env node
// @ts-check
// `npm run test:e2e`: the end-to-end scenarios (test/e2e/*.e2e.js) in the real workbench.
// Installs what is missing (Node 24 + code-server into .cache/, Debian chromium), packages the
// VSIX, then runs the scenarios with mocha; every session stops its server when it ends, and
// an exit hook stops any that is left.
//
// Environment: NN_E2E_MODES=webgpu,fallback (the Chromium runs), NN_E2E_GREP (mocha grep),
// NN_VSIX (a packaged product to use instead of packaging). Arguments name scenario files to run
// alone (`npm run test:e2e -- binding` runs binding.e2e.js only).
'use strict';

const fs = require('fs');
const path = require('path');
const { ROOT, say, ensureCodeServer, ensureChromium } = require('../../scripts/sandbox/provision');
const { packageProduct } = require('../../scripts/sandbox/codeserver');
const { reportSummary, exitOnSignals } = require('../../scripts/sandbox/tier');
const { E2E_ARTIFACTS } = require('./harness');

async function main() {
  exitOnSignals();
  await ensureCodeServer();
  ensureChromium();
  process.env.NN_VSIX = packageProduct();
  // Fresh artifacts for this run.
  fs.rmSync(E2E_ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(E2E_ARTIFACTS, { recursive: true });

  const only = process.argv.slice(2);
  const mochaModule = require('mocha');
  const Mocha = mochaModule.default ?? mochaModule;
  const mocha = new Mocha({ reporter: 'spec', timeout: 180000, color: !!process.stdout.isTTY });
  if (process.env.NN_E2E_GREP) mocha.grep(process.env.NN_E2E_GREP);
  for (const name of fs
    .readdirSync(__dirname)
    .filter((n) => n.endsWith('.e2e.js'))
    .filter((n) => only.length === 0 || only.some((word) => n.includes(word)))
    .sort())
    mocha.addFile(path.join(__dirname, name));
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  say(`screenshots: ${path.relative(ROOT, E2E_ARTIFACTS)}/`);
  const counts = { passed: stats.passes, failed: stats.failures, pending: stats.pending };
  reportSummary('e2e', counts);
  process.exit(counts.failed ? 1 : 0);
}

main().catch((error) => {
  say(`test:e2e failed: ${error.stack ?? error}`);
  reportSummary('e2e', { passed: 0, failed: 1, pending: 0 });
  process.exit(1);
});
