#!/usr/bin/env node
// @ts-check
// `npm run test:vscode`: the extension-host suites (test/vscode/suite) in a real VS Code.
//
//   --host=electron     @vscode/test-electron: a desktop VS Code, downloaded into .cache/vscode-test,
//                       or installed (found in its usual place, or named by NN_VSCODE_EXECUTABLE)
//   --host=code-server  code-server from .cache with a test-only runner extension installed next
//                       to the product in a throwaway profile; Chromium opens the workbench, which
//                       starts the extension host, which runs the suites and writes a results file
//   (default: electron where VS Code can be had, else code-server, saying so in one line)
//
// Environment: NN_VSCODE_HOST (same as --host), NN_VSCODE_GREP (mocha grep),
// NN_VSCODE_TIMEOUT_S (whole run in code-server, default 300), NN_VSCODE_IDLE_S (no progress
// for this long is a hang, default 120), NN_VSIX (a packaged product).
'use strict';

const fs = require('fs');
const path = require('path');
const https = require('https');
const { ROOT, CACHE, say, ensureCodeServer, ensureChromium } = require('../../scripts/sandbox/provision');
const {
  createProfile,
  installExtensions,
  startCodeServer,
  tail,
  packageProduct,
  packageFolder,
} = require('../../scripts/sandbox/codeserver');
const { launchChromium, openWorkbench } = require('../../scripts/sandbox/browser');
const { ARTIFACTS, scratch, copySampleWorkspace, buildTests, reportSummary, exitOnSignals } = require('../../scripts/sandbox/tier');

const OUT_SUITES = path.join(ROOT, 'out', 'test', 'vscode', 'suite');
const OUT_RUNNER = path.join(ROOT, 'out', 'test', 'vscode', 'runner-extension');
const VSCODE_CACHE = path.join(CACHE, 'vscode-test');

function arg(name) {
  const prefix = `--${name}=`;
  return process.argv
    .slice(2)
    .find((a) => a.startsWith(prefix))
    ?.slice(prefix.length);
}

/** Linux without a display: desktop VS Code needs one, from Xvfb when there is none. */
function needsVirtualDisplay() {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
}

function onPath(cmd) {
  return require('child_process').spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Starts Xvfb on a free display number and points DISPLAY at it; returns a stop function. */
async function startXvfb() {
  const { spawn } = require('child_process');
  for (let display = 99; display < 120; display++) {
    if (fs.existsSync(`/tmp/.X11-unix/X${display}`) || fs.existsSync(`/tmp/.X${display}-lock`)) continue;
    const xvfb = spawn('Xvfb', [`:${display}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    while (!fs.existsSync(`/tmp/.X11-unix/X${display}`) && Date.now() < deadline && xvfb.exitCode === null)
      await new Promise((r) => setTimeout(r, 100));
    if (xvfb.exitCode !== null) continue;
    process.env.DISPLAY = `:${display}`;
    process.on('exit', () => xvfb.kill());
    return () => xvfb.kill();
  }
  throw new Error('could not start Xvfb');
}

/** A desktop VS Code installed in its usual place, if any. */
function installedVSCode() {
  const candidates =
    {
      linux: ['/usr/share/code/code', '/snap/code/current/usr/share/code/code', '/usr/lib/code/code'],
      darwin: ['/Applications/Visual Studio Code.app/Contents/MacOS/Code', '/Applications/Visual Studio Code.app/Contents/MacOS/Electron'],
      win32: [
        path.join(process.env.LOCALAPPDATA ?? '', 'Programs', 'Microsoft VS Code', 'Code.exe'),
        path.join(process.env.ProgramFiles ?? '', 'Microsoft VS Code', 'Code.exe'),
      ],
    }[process.platform] ?? [];
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}

/**
 * Can a desktop VS Code be had? In this order: NN_VSCODE_EXECUTABLE, one downloaded earlier into
 * .cache/vscode-test, a download (test-electron's own, isolated from the user's), one installed.
 * Returns null when yes (setting NN_VSCODE_EXECUTABLE for an installed one), else why not.
 */
async function whyNoDesktopVSCode() {
  const why = await whyNoDesktopVSCodeBinary();
  if (why) return why;
  if (needsVirtualDisplay() && !onPath('Xvfb')) return 'no display for it: DISPLAY is unset and Xvfb is not installed';
  return null;
}

async function whyNoDesktopVSCodeBinary() {
  if (process.env.NN_VSCODE_EXECUTABLE)
    return fs.existsSync(process.env.NN_VSCODE_EXECUTABLE)
      ? null
      : `NN_VSCODE_EXECUTABLE=${process.env.NN_VSCODE_EXECUTABLE} does not exist`;
  if (fs.existsSync(VSCODE_CACHE) && fs.readdirSync(VSCODE_CACHE).some((d) => d.startsWith('vscode-'))) return null;
  const whyNoDownload = await new Promise((resolve) => {
    const req = https.get('https://update.code.visualstudio.com/api/releases/stable', (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? null : `update.code.visualstudio.com answered ${res.statusCode}`);
    });
    req.setTimeout(10000, () => req.destroy(new Error('no answer from update.code.visualstudio.com in 10 s')));
    req.on('error', (error) => resolve(`${/** @type {any} */ (error).code ?? ''} ${error.message}`.trim()));
  });
  if (!whyNoDownload) return null;
  const installed = installedVSCode();
  if (installed) {
    process.env.NN_VSCODE_EXECUTABLE = installed;
    return null;
  }
  return `none installed, and it cannot be downloaded: ${whyNoDownload}`;
}

async function runInElectron() {
  const { runTests } = require('@vscode/test-electron');
  const build = require('child_process').spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const work = scratch('vscode-electron');
  const workspace = copySampleWorkspace(path.join(work, 'workspace'));
  const resultFile = path.join(work, 'results.json');
  const stopXvfb = needsVirtualDisplay() ? await startXvfb() : () => undefined;
  // As root, Electron runs only without its sandbox.
  const rootArgs = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
  let failure = null;
  try {
    await runTests({
      extensionTestsEnv: { NN_VSCODE_RESULTS: resultFile },
      ...(process.env.NN_VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.NN_VSCODE_EXECUTABLE } : { cachePath: VSCODE_CACHE }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(OUT_SUITES, 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        `--user-data-dir=${path.join(work, 'user-data')}`,
        ...rootArgs,
      ],
    });
  } catch (error) {
    failure = /** @type {Error} */ (error).message;
  } finally {
    stopXvfb();
  }
  // The report was printed by the extension host; the counts come from the results file.
  const results = readState(resultFile)?.results?.[0];
  const counts = { passed: results?.passed ?? 0, failed: results?.failed ?? 0, pending: results?.pending ?? 0 };
  if (failure && !counts.failed) {
    say(`the extension-host run failed in VS Code desktop: ${failure}`);
    counts.failed += 1;
  }
  fs.rmSync(work, { recursive: true, force: true });
  return counts;
}

/** Assembles the test-only runner extension (runner + compiled suites + config) into a VSIX. */
function packageRunner(work, resultFile) {
  const folder = path.join(work, 'runner-extension');
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'runner-extension', 'package.json'), path.join(folder, 'package.json'));
  fs.cpSync(OUT_RUNNER, path.join(folder, 'runner-extension'), { recursive: true });
  fs.cpSync(OUT_SUITES, path.join(folder, 'suite'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'README.md'), 'Test-only extension: runs test/vscode suites inside code-server.\n');
  fs.writeFileSync(
    path.join(folder, 'runner-config.json'),
    JSON.stringify(
      {
        mochaPath: path.dirname(require.resolve('mocha/package.json', { paths: [ROOT] })),
        resultFile,
        grep: process.env.NN_VSCODE_GREP || undefined,
      },
      null,
      2,
    ),
  );
  return packageFolder(folder, path.join(work, 'nn-deep-dive-test-runner.vsix'));
}

/** Reads the runner's results file (null while there is none). */
function readState(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

async function runInCodeServer() {
  const timeoutMs = Number(process.env.NN_VSCODE_TIMEOUT_S || 300) * 1000;
  const idleMs = Number(process.env.NN_VSCODE_IDLE_S || 120) * 1000;
  await ensureCodeServer();
  ensureChromium();
  const vsix = packageProduct();
  const work = scratch('vscode');
  const resultFile = path.join(work, 'results.json');
  const runnerVsix = packageRunner(work, resultFile);
  const workspace = copySampleWorkspace(path.join(work, 'workspace'));
  // Auto save off, as in desktop VS Code (the web workbench saves after a delay by default): the
  // suites' edits to the sample workspace's files must never reach the disk.
  const profile = createProfile(path.join(work, 'profile'), { 'files.autoSave': 'off' });
  await installExtensions(profile, [vsix, runnerVsix]);
  const artifacts = path.join(ARTIFACTS, 'vscode');
  fs.mkdirSync(artifacts, { recursive: true });
  const logFile = path.join(artifacts, 'code-server.log');

  const server = await startCodeServer({ profile, workspace, logFile });
  const browser = await launchChromium();
  let state = null;
  let problem = null;
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await openWorkbench(page, server.url, workspace);
    say(`workbench open; waiting for the suites (at most ${timeoutMs / 1000} s)`);
    const started = Date.now();
    let lastChange = Date.now();
    let lastText = '';
    let printed = 0;
    for (;;) {
      state = readState(resultFile);
      const text = JSON.stringify(state);
      if (text !== lastText) {
        lastText = text;
        lastChange = Date.now();
      }
      // Stream the report as it grows.
      const lines = (state?.results ?? []).flatMap((r) => r.report);
      for (const line of lines.slice(printed)) console.log(line);
      printed = lines.length;
      if (state?.done) break;
      if (Date.now() - started > timeoutMs) {
        problem = `the suites did not finish within ${timeoutMs / 1000} s`;
        break;
      }
      if (Date.now() - lastChange > idleMs) {
        const running = state?.results?.find((r) => !r.ended)?.running;
        problem = state
          ? `no progress for ${idleMs / 1000} s${running ? ` (hanging in "${running}")` : state.reloadRequested ? ' (after asking for a window reload)' : ''}`
          : `the runner extension never wrote ${resultFile} (${idleMs / 1000} s): it did not activate`;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (error) {
    problem = /** @type {Error} */ (error).message;
  }

  const counts = { passed: 0, failed: 0, pending: 0 };
  for (const r of state?.results ?? []) {
    counts.passed += r.passed;
    counts.failed += r.failed;
    counts.pending += r.pending;
  }
  if (state?.error) problem = problem ? `${problem}; ${state.error}` : state.error;
  if (problem) counts.failed += 1;
  if (problem || counts.failed) {
    const shot = path.join(artifacts, 'failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    if (problem) say(`extension-host run failed: ${problem}`);
    console.log(
      `\n--- last 200 lines of the code-server log (${path.relative(ROOT, logFile)}) ---\n${tail(logFile, 200)}\n` +
        `--- end of log; screenshot: ${path.relative(ROOT, shot)} ---`,
    );
    const exthostLog = findExtensionHostLog(profile.userData);
    if (exthostLog) console.log(`\n--- last 60 lines of the extension host log ---\n${tail(exthostLog, 60)}\n--- end ---`);
  }
  await browser.close().catch(() => undefined);
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
  return counts;
}

/** The newest remote extension host log under a profile's user data. */
function findExtensionHostLog(userData) {
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^(remoteexthost|exthost)\.log$/.test(entry.name)) found.push(full);
    }
  };
  walk(path.join(userData, 'logs'));
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

async function main() {
  exitOnSignals();
  buildTests();
  let host = arg('host') || process.env.NN_VSCODE_HOST || 'auto';
  if (host === 'auto') {
    const why = await whyNoDesktopVSCode();
    if (why) {
      console.log(`test:vscode: no desktop VS Code here (${why}); running the extension-host suites in code-server instead`);
      host = 'code-server';
    } else {
      host = 'electron';
    }
  }
  const counts = host === 'electron' ? await runInElectron() : await runInCodeServer();
  reportSummary('vscode', counts);
  process.exit(counts.failed ? 1 : 0);
}

main().catch((error) => {
  say(`test:vscode failed: ${error.stack ?? error}`);
  reportSummary('vscode', { passed: 0, failed: 1, pending: 0 });
  process.exit(1);
});
