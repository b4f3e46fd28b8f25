#!/usr/bin/env node
// @ts-check
// `npm start`: the product in one command. From a fresh clone it installs what is missing
// (npm dependencies, Node 24 + code-server into .cache/), builds and packages the extension,
// starts a sandboxed VS Code (code-server, on loopback, with its own profile in
// .cache/sandbox/) on a copy of the sample workspace, prints the URL, and runs until Ctrl+C,
// then stops everything it started.
//
//   npm start [-- --port 8080]        (or PORT=8080 npm start)
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_PORT = 3170;

function portArg() {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const value = i < 0 ? process.env.PORT : args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  return value ? Number(value) : undefined;
}

/** npm dependencies: a fresh clone has none (this file needs only Node's own modules up to here). */
function ensureDependencies() {
  const stamp = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  process.stderr.write('[sandbox] installing npm dependencies (npm ci)\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci failed');
}

/** Is the port free on loopback? */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = require('net').createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function main() {
  ensureDependencies();
  const { say, ensureCodeServer, CACHE } = require('./provision');
  const { createProfile, installExtensions, startCodeServer, freePort, packageProduct, tail } = require('./codeserver');

  await ensureCodeServer();
  const vsix = packageProduct();

  const home = path.join(CACHE, 'sandbox');
  // A lasting profile, so the layout and settings a user chooses survive restarts.
  const profile = createProfile(path.join(home, 'profile'));
  await installExtensions(profile, [vsix]);
  // The sample workspace, copied once: files a user edits there are never overwritten.
  const workspace = path.join(home, 'workspace');
  fs.cpSync(path.join(ROOT, 'sandbox-workspace'), workspace, { recursive: true, force: false, errorOnExist: false });

  const wanted = portArg();
  const port = wanted ?? ((await portIsFree(DEFAULT_PORT)) ? DEFAULT_PORT : await freePort());
  const logFile = path.join(home, 'code-server.log');
  const server = await startCodeServer({ profile, workspace, port, logFile });
  const url = `${server.url}/?folder=${workspace.split('/').map(encodeURIComponent).join('/')}`;

  console.log('');
  console.log('  Neural Net Deep Dive is running in a sandboxed VS Code:');
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log('  Open lesson.py, then F1 → "Neural Net: Fit Quadratic" (or the "Open in Neural Net playground" lens).');
  console.log(`  Server log: ${path.relative(ROOT, logFile)}. Press Ctrl+C to stop.`);
  console.log('');

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => void stop(signal));

  // Keep running; if the server dies on its own, say so and exit with an error.
  const watchdog = setInterval(() => {
    try {
      process.kill(server.pid, 0);
    } catch {
      clearInterval(watchdog);
      if (stopping) return;
      say(`code-server stopped unexpectedly; the end of its log:\n${tail(logFile, 40)}`);
      process.exit(1);
    }
  }, 1000);
}

main().catch((error) => {
  process.stderr.write(`[sandbox] npm start failed: ${error.message ?? error}\n`);
  process.exit(1);
});
