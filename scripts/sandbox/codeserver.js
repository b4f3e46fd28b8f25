// @ts-check
// Starting and stopping a code-server (VS Code's workbench served on loopback) with a
// throwaway or persistent profile, installing extensions into that profile only, and
// packaging the product's VSIX.
'use strict';

const fs = require('fs');
const net = require('net');
const http = require('http');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ROOT, ensureCodeServer, say } = require('./provision');

/** Settings for a quiet workbench: no welcome page, chat, tips, trust prompt or telemetry. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'github.gitAuthentication': false,
  'git.enabled': false,
};

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * A profile: user data, extensions and XDG folders, all under one directory.
 * @param {string} dir
 * @param {Record<string, unknown>} [settings] user settings, on top of QUIET_SETTINGS
 */
function createProfile(dir, settings = {}) {
  const profile = {
    dir,
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    xdg: { config: path.join(dir, 'xdg', 'config'), data: path.join(dir, 'xdg', 'data'), cache: path.join(dir, 'xdg', 'cache') },
  };
  for (const d of [path.join(profile.userData, 'User'), profile.extensions, ...Object.values(profile.xdg)]) {
    fs.mkdirSync(d, { recursive: true });
  }
  const settingsFile = path.join(profile.userData, 'User', 'settings.json');
  const existing = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8') || '{}') : {};
  fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...existing, ...settings }, null, 2));
  return profile;
}

/** @param {ReturnType<typeof createProfile>} profile */
function profileEnv(profile, env) {
  return {
    ...env,
    XDG_CONFIG_HOME: profile.xdg.config,
    XDG_DATA_HOME: profile.xdg.data,
    XDG_CACHE_HOME: profile.xdg.cache,
  };
}

/**
 * Installs VSIX files into the profile only (`--force` replaces an older copy).
 * @param {ReturnType<typeof createProfile>} profile
 * @param {string[]} vsixFiles
 */
async function installExtensions(profile, vsixFiles) {
  const cs = await ensureCodeServer();
  const args = [cs.entry, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
  for (const vsix of vsixFiles) args.push('--install-extension', vsix);
  args.push('--force');
  const result = spawnSync(cs.node, args, { env: profileEnv(profile, cs.env), encoding: 'utf8' });
  if (result.status !== 0 || /Failed Installing|Error while installing/i.test(result.stdout + result.stderr)) {
    throw new Error(`installing ${vsixFiles.map((f) => path.basename(f)).join(', ')} failed:\n${result.stdout}${result.stderr}`);
  }
}

/** GET url; resolves with the status code, or null when nothing answers. */
function probe(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Every server started here, stopped on exit whatever the way out. */
const running = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

/**
 * Starts code-server on a free loopback port (or `port`) and waits until it answers.
 * @param {{ profile: ReturnType<typeof createProfile>, workspace?: string, port?: number, logFile: string,
 *           env?: NodeJS.ProcessEnv, readyTimeoutMs?: number }} options
 */
async function startCodeServer({ profile, workspace, port, logFile, env = {}, readyTimeoutMs = 60000 }) {
  const cs = await ensureCodeServer();
  const chosenPort = port ?? (await freePort());
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const args = [
    cs.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    '--user-data-dir',
    profile.userData,
    '--extensions-dir',
    profile.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--log',
    'info',
  ];
  if (workspace) args.push(workspace);
  // detached: its own process group, so stopping it also stops the extension host and friends.
  const child = spawn(cs.node, args, {
    env: profileEnv(profile, { ...cs.env, ...env }),
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const pid = /** @type {number} */ (child.pid);
  installExitHook();
  running.add(pid);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = signal ?? `exit ${code}`;
    running.delete(pid);
  });

  const url = `http://127.0.0.1:${chosenPort}`;
  const deadline = Date.now() + readyTimeoutMs;
  while ((await probe(`${url}/healthz`)) !== 200) {
    if (exited) throw new Error(`code-server exited (${exited}) before it was ready; the end of ${logFile}:\n${tail(logFile, 40)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `code-server did not answer on ${url}/healthz within ${readyTimeoutMs / 1000} s; the end of ${logFile}:\n${tail(logFile, 40)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  async function stop() {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
    // The group may outlive its leader for a moment (extension host, file watcher).
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* all gone */
    }
  }

  return { url, port: chosenPort, pid, logFile, stop };
}

/** The last `n` lines of a file ('' when it does not exist). */
function tail(file, n = 200) {
  if (!fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
}

/**
 * Builds and packages the product (`npm run package`) into nn-deep-dive.vsix, unless
 * NN_VSIX names an existing one (the test orchestrator packages once for every tier).
 * @returns {string} the VSIX path
 */
function packageProduct() {
  if (process.env.NN_VSIX && fs.existsSync(process.env.NN_VSIX)) return process.env.NN_VSIX;
  const vsix = path.join(ROOT, 'nn-deep-dive.vsix');
  say('packaging the extension (npm run package)');
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`npm run package failed:\n${result.stdout}${result.stderr}`);
  }
  say(`packaged ${path.basename(vsix)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return vsix;
}

/**
 * Packages a folder holding an extension into a VSIX with vsce (no dependencies bundled).
 * @param {string} folder @param {string} outFile
 */
function packageFolder(folder, outFile) {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', outFile],
    {
      cwd: folder,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`vsce package in ${folder} failed:\n${result.stdout}${result.stderr}`);
  return outFile;
}

module.exports = { QUIET_SETTINGS, freePort, createProfile, installExtensions, startCodeServer, tail, packageProduct, packageFolder };
