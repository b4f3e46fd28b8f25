#!/usr/bin/env node
// @ts-check
// `npm test`: every tier, one after the other, whatever an earlier one gave:
//   typecheck, unit, browser and webgpu (the headless-Chromium suites, when package.json has
//   test:browser / test:webgpu), vscode (extension host), e2e (the workbench). The first run installs Node 24 + code-server into .cache/ and
//   Debian chromium; that step and packaging the VSIX are timed on their own lines.
// Ends with a per-tier table and the line `N passed, M failed`; exits 1 when anything failed.
//
//   node scripts/run-tests.js [--only=unit,vscode] [--skip=e2e]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function listArg(name) {
  const value = process.argv
    .slice(2)
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')[1];
  return value ? new Set(value.split(',')) : null;
}
const only = listArg('only');
const skip = listArg('skip') ?? new Set();

/**
 * @typedef {{ name: string, cmd: string, args: string[], counts?: 'mocha' | 'summary' | 'check',
 *   needsSandbox?: boolean, needsChromium?: boolean, when?: () => string | null }} Tier
 * `counts`: 'summary' reads the tier's NN_SUMMARY_FILE, 'mocha' parses mocha's "N passing" lines,
 * 'check' counts the whole step as one test.
 */
/** @type {Tier[]} */
const TIERS = [
  { name: 'typecheck', cmd: 'npm', args: ['run', '--silent', 'check'], counts: 'check' }, // tsc (4 configs), ESLint (boundaries, line length), Prettier
  { name: 'unit', cmd: 'npm', args: ['run', '--silent', 'test:unit'], counts: 'mocha' },
  {
    name: 'browser',
    cmd: 'npm',
    args: ['run', '--silent', 'test:browser'],
    counts: 'mocha',
    needsChromium: true,
  },
  {
    name: 'webgpu',
    cmd: 'npm',
    args: ['run', '--silent', 'test:webgpu'],
    counts: 'mocha',
    needsChromium: true,
    when: () => (pkg.scripts?.['test:webgpu'] ? null : 'no test:webgpu script'),
  },
  { name: 'vscode', cmd: process.execPath, args: [path.join(ROOT, 'test', 'vscode', 'run.js')], counts: 'summary', needsSandbox: true },
  { name: 'e2e', cmd: process.execPath, args: [path.join(ROOT, 'test', 'e2e', 'run.js')], counts: 'summary', needsSandbox: true },
];

/** Runs a command, echoing its output, and returns [exit code, output]. */
function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on('error', (error) => {
      output += String(error);
      resolve([1, output]);
    });
    child.on('exit', (code, signal) => resolve([code ?? (signal ? 128 : 1), output]));
  });
}

/** Counts from mocha's spec reporter ("12 passing", "1 failing", "2 pending"); also "N passed, M failed". */
function parseCounts(output) {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\u001b\[[0-9;]*m/g, '');
  const sum = (re) => [...text.matchAll(re)].reduce((total, m) => total + Number(m[1]), 0);
  let passed = sum(/^\s*(\d+) passing\b/gm);
  let failed = sum(/^\s*(\d+) failing\b/gm);
  const pending = sum(/^\s*(\d+) pending\b/gm);
  if (!passed && !failed) {
    const generic = [...text.matchAll(/(\d+) passed(?:, (\d+) failed)?/g)].pop();
    if (generic) {
      passed = Number(generic[1]);
      failed = Number(generic[2] ?? 0);
    }
  }
  return { passed, failed, pending, found: /(\d+) (passing|failing|passed)/.test(text) };
}

const seconds = (since) => (Date.now() - since) / 1000;

async function main() {
  const results = [];
  const started = Date.now();
  const selected = TIERS.filter((t) => (!only || only.has(t.name)) && !skip.has(t.name));
  const summaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-tiers-'));
  let sandboxReady = null;
  let chromiumPath = null;

  for (const tier of selected) {
    const why = tier.when?.();
    if (why) {
      console.log(`\n=== ${tier.name}: not run (${why})`);
      results.push({ name: tier.name, seconds: 0, passed: 0, failed: 0, pending: 0, note: `not run: ${why}` });
      continue;
    }
    const env = { ...process.env };
    if (tier.needsChromium) {
      // A fresh machine has no browser yet: install Debian's before the first tier that drives one.
      if (chromiumPath === null) chromiumPath = findChromium(results);
      if (chromiumPath) env.CHROMIUM_PATH = chromiumPath;
    }
    if (tier.needsSandbox) {
      if (sandboxReady === null) sandboxReady = await prepareSandbox(results);
      if (typeof sandboxReady === 'string') env.NN_VSIX = sandboxReady;
    }
    console.log(`\n=== ${tier.name}: ${[path.basename(tier.cmd), ...tier.args.map((a) => path.relative(ROOT, a) || a)].join(' ')}`);
    const summaryFile = path.join(summaryDir, `${tier.name}.json`);
    env.NN_SUMMARY_FILE = summaryFile;
    const t0 = Date.now();
    const [code, output] = await run(tier.cmd, tier.args, env);
    const result = { name: tier.name, seconds: seconds(t0), passed: 0, failed: 0, pending: 0, note: '' };
    if (tier.counts === 'summary' && fs.existsSync(summaryFile)) {
      Object.assign(result, JSON.parse(fs.readFileSync(summaryFile, 'utf8')), { name: tier.name });
    } else if (tier.counts === 'mocha') {
      const counts = parseCounts(output);
      Object.assign(result, { passed: counts.passed, failed: counts.failed, pending: counts.pending });
      if (!counts.found && code === 0) result.note = 'no test counts in the output';
    } else if (code === 0) {
      result.passed = 1;
    }
    if (code !== 0 && result.failed === 0) {
      result.failed = 1;
      result.note = `exit code ${code}`;
    }
    results.push(result);
  }
  fs.rmSync(summaryDir, { recursive: true, force: true });

  console.log('\n=== summary (seconds, passed, failed, pending)');
  for (const r of results) {
    console.log(
      [
        r.name.padEnd(10),
        `${r.seconds.toFixed(1).padStart(7)} s`,
        String(r.passed).padStart(5),
        String(r.failed).padStart(5),
        `${String(r.pending).padStart(5)} `,
        r.note,
      ]
        .join(' ')
        .trimEnd(),
    );
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${'total'.padEnd(10)} ${seconds(started).toFixed(1).padStart(7)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/** Chromium for the browser tiers (apt-get install on a fresh machine); '' when that failed. */
function findChromium(results) {
  const t0 = Date.now();
  try {
    const found = require('./sandbox/provision').ensureChromium();
    console.log(`\n=== chromium: ${found}`);
    results.push({ name: 'chromium', seconds: seconds(t0), passed: 0, failed: 0, pending: 0, note: '(apt-get install when missing)' });
    return found;
  } catch (error) {
    console.error(String(/** @type {Error} */ (error).message));
    results.push({ name: 'chromium', seconds: seconds(t0), passed: 0, failed: 1, pending: 0, note: 'failed' });
    return '';
  }
}

/**
 * Installs what the workbench tiers need (first run: Node 24, code-server, chromium) and
 * packages the VSIX once for both. Returns the VSIX path, or false when that failed (the
 * tiers then report their own failure).
 */
async function prepareSandbox(results) {
  const provision = require('./sandbox/provision');
  const { packageProduct } = require('./sandbox/codeserver');
  console.log('\n=== provision: Node 24 + code-server in .cache/, chromium');
  let t0 = Date.now();
  try {
    await provision.provision();
    results.push({
      name: 'provision',
      seconds: seconds(t0),
      passed: 0,
      failed: 0,
      pending: 0,
      note: '(installs; nothing to do when cached)',
    });
  } catch (error) {
    console.error(String(/** @type {Error} */ (error).message));
    results.push({ name: 'provision', seconds: seconds(t0), passed: 0, failed: 1, pending: 0, note: 'failed' });
    return false;
  }
  console.log('\n=== package: npm run package');
  t0 = Date.now();
  try {
    const vsix = packageProduct();
    results.push({ name: 'package', seconds: seconds(t0), passed: 0, failed: 0, pending: 0, note: path.basename(vsix) });
    return vsix;
  } catch (error) {
    console.error(String(/** @type {Error} */ (error).message));
    results.push({ name: 'package', seconds: seconds(t0), passed: 0, failed: 1, pending: 0, note: 'failed' });
    return false;
  }
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
