// @ts-check
// Small things every test tier runner shares: timing, artifacts, the summary file that
// scripts/run-tests.js reads, and a clean exit that stops what was started.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT, say } = require('./provision');

const ARTIFACTS = path.join(ROOT, 'artifacts');

/** A fresh scratch folder for one run, under the OS temp dir. @param {string} name */
function scratch(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nn-${name}-`));
}

/** Copies the sample workspace (sandbox-workspace/) into `dir`. @param {string} dir */
function copySampleWorkspace(dir) {
  fs.cpSync(path.join(ROOT, 'sandbox-workspace'), dir, { recursive: true });
  return dir;
}

/** Compiles test/**.ts (and src) into out/ with the project's esbuild script. */
function buildTests() {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--tests'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node esbuild.js --tests failed:\n${result.stdout}${result.stderr}`);
}

/**
 * Writes the tier's counts where scripts/run-tests.js asked for them (NN_SUMMARY_FILE)
 * and prints the tier's own summary line.
 * @param {string} tier @param {{ passed: number, failed: number, pending: number, notes?: string[] }} counts
 */
function reportSummary(tier, counts) {
  const line = `${tier}: ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} pending` : ''}`;
  console.log(`\n${line}`);
  if (process.env.NN_SUMMARY_FILE) fs.writeFileSync(process.env.NN_SUMMARY_FILE, JSON.stringify({ tier, ...counts }));
}

/** Ctrl+C / SIGTERM: exit through process.exit so the 'exit' hooks stop servers. */
function exitOnSignals() {
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.once(signal, () => {
      say(`${signal}: stopping`);
      process.exit(130);
    });
  }
}

module.exports = { ARTIFACTS, scratch, copySampleWorkspace, buildTests, reportSummary, exitOnSignals };
