// @ts-check
// Provisions what the sandbox, the extension-host tests and the end-to-end tests need,
// into the git-ignored .cache/ folder (later runs reuse it):
//   - Node 24 (code-server requires it), from npm's `node-<platform>-<arch>` package
//   - code-server (the real VS Code workbench, served to a browser), from npm, native
//     modules built locally with Node 24's headers
//   - a Chromium, from Debian's `chromium` package when none is on the PATH
//
// Run it alone with `node scripts/sandbox/provision.js [--no-chromium] [--no-code-server]`.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync, spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = process.env.NN_SANDBOX_CACHE || path.join(ROOT, '.cache');
const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = 24;

// npm 11 blocks dependency install scripts unless the project approves them. code-server's
// postinstall installs VS Code's own dependencies (lib/vscode, lib/vscode/extensions), whose
// package.json files carry their own approvals (allowScripts) for the native modules; only the
// outer install needs ours, and it must be package.json#allowScripts: an approval given as a
// flag, an environment variable or an .npmrc value would be passed down to the nested installs'
// environment, where npm refuses it ("--allow-scripts is not allowed in project-scoped installs").
const ALLOW_SCRIPTS = { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true };

/** @param {string} message */
function say(message) {
  process.stderr.write(`[sandbox] ${message}\n`);
}

/** @param {string} cmd */
function onPath(cmd) {
  const result = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/**
 * The environment without what an outer `npm run`/`npm test` put there for its scripts.
 * npm reads npm_config_* variables as configuration, and some would be wrong for the npm we
 * run under Node 24 (npm_config_user_agent names the outer Node, and code-server's
 * postinstall checks its version there). Kept: settings a machine sets on purpose.
 * @param {NodeJS.ProcessEnv} env
 */
function cleanNpmEnv(env) {
  const keep = new Set([
    'registry',
    'cafile',
    'ca',
    'proxy',
    'https_proxy',
    'noproxy',
    'strict_ssl',
    'userconfig',
    'globalconfig',
    'cache',
  ]);
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_config_') && keep.has(lower.slice('npm_config_'.length))) continue;
    if (lower.startsWith('npm_')) delete clean[key];
  }
  return clean;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Runs a command, streaming its output into a log file; rejects with the log's tail on failure. */
function runLogged(cmd, args, { cwd, env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (in ${cwd})\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) return resolve(undefined);
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); the end of ${logFile}:\n${tail}`));
    });
  });
}

/** apt-get install, running apt-get update first when the package lists lack the package. */
function aptInstall(packages, why) {
  if (!onPath('apt-get') || !isRoot()) {
    throw new Error(`${why}: install ${packages.join(' ')} (Debian/Ubuntu: sudo apt-get install -y ${packages.join(' ')}) and run again`);
  }
  say(`${why}: apt-get install -y ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = /** @type {const} */ ({ stdio: ['ignore', 'ignore', 'inherit'], env });
  if (spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], opts).status === 0) return;
  spawnSync('apt-get', ['update'], opts);
  if (spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], opts).status !== 0) {
    throw new Error(`apt-get install ${packages.join(' ')} failed`);
  }
}

// ---------------------------------------------------------------------------------- Node 24

function nodePackageName() {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (!platform || !arch) throw new Error(`no Node ${NODE_MAJOR} package for ${process.platform}-${process.arch}`);
  return `node-${platform}-${arch}`;
}

/**
 * Node 24: the running Node when it is 24, else the npm package in .cache/node24.
 * @returns {Promise<{ node: string, home: string | null, binDir: string }>}
 */
async function ensureNode24() {
  if (Number(process.versions.node.split('.')[0]) === NODE_MAJOR) {
    return { node: process.execPath, home: null, binDir: path.dirname(process.execPath) };
  }
  const dir = path.join(CACHE, 'node24');
  const home = path.join(dir, 'node_modules', nodePackageName());
  const node = path.join(home, 'bin', 'node');
  if (!fs.existsSync(node)) {
    say(`installing Node ${NODE_MAJOR} from npm into ${path.relative(ROOT, dir)} (first run only)`);
    fs.mkdirSync(dir, { recursive: true });
    await runLogged('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', `${nodePackageName()}@${NODE_MAJOR}`], {
      cwd: ROOT,
      env: cleanNpmEnv(process.env),
      logFile: path.join(CACHE, 'logs', 'node24-install.log'),
    });
  }
  return { node, home, binDir: path.dirname(node) };
}

// ------------------------------------------------------------------------------ code-server

function codeServerDir() {
  return path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
}

/** The headers Kerberos' native module builds against (code-server's docs list libkrb5-dev). */
function ensureBuildPrerequisites() {
  if (process.platform !== 'linux') return;
  const missing = [];
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (!onPath('make') || !onPath('g++')) missing.push('build-essential');
  if (!onPath('python3')) missing.push('python3');
  if (!onPath('pkg-config')) missing.push('pkg-config');
  if (missing.length) aptInstall(missing, 'code-server builds native modules');
}

/**
 * code-server in .cache/code-server-<version>, installed on first use (~3.5 min, ~620 MB).
 * @returns {Promise<{ entry: string, node: string, env: NodeJS.ProcessEnv }>}
 */
async function ensureCodeServer() {
  const node24 = await ensureNode24();
  const dir = codeServerDir();
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(dir, '.installed');
  const env = { ...cleanNpmEnv(process.env), PATH: `${node24.binDir}${path.delimiter}${process.env.PATH}` };
  // node-gyp must build against Node 24's headers (the machine's npmrc may point at another Node's).
  if (node24.home) env.npm_config_nodedir = node24.home;

  if (!fs.existsSync(marker)) {
    ensureBuildPrerequisites();
    const logFile = path.join(CACHE, 'logs', 'code-server-install.log');
    const started = Date.now();
    say(
      `installing code-server ${CODE_SERVER_VERSION} from npm into ${path.relative(ROOT, dir)} ` +
        `(first run only, ~4 min, ~620 MB; log: ${path.relative(ROOT, logFile)})`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(logFile, { force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify(
        {
          private: true,
          dependencies: { 'code-server': CODE_SERVER_VERSION },
          allowScripts: ALLOW_SCRIPTS,
        },
        null,
        2,
      ),
    );
    await runLogged('npm', ['install', '--foreground-scripts', '--no-audit', '--no-fund'], { cwd: dir, env, logFile });
    // The postinstall's nested installs must have built VS Code's native modules.
    const pkgDir = path.join(dir, 'node_modules', 'code-server');
    const spdlog = path.join(pkgDir, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node');
    if (!fs.existsSync(spdlog)) throw new Error(`code-server's native modules were not built (no ${spdlog}); see ${logFile}`);
    fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
    say(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return { entry, node: node24.node, env };
}

// --------------------------------------------------------------------------------- Chromium

/** A Chromium executable: $CHROMIUM_PATH, one on the PATH, or Debian's package installed now. */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  for (const name of names) {
    const found = onPath(name);
    if (found) return found;
  }
  aptInstall(['chromium'], 'no Chromium on the PATH');
  const found = onPath('chromium');
  if (!found) throw new Error('chromium is still not on the PATH after apt-get install');
  return found;
}

/**
 * Everything at once.
 * @param {{ chromium?: boolean, codeServer?: boolean }} [what]
 */
async function provision({ chromium = true, codeServer = true } = {}) {
  const result = {
    chromium: chromium ? ensureChromium() : null,
    codeServer: codeServer ? await ensureCodeServer() : null,
  };
  return result;
}

module.exports = { ROOT, CACHE, cleanNpmEnv, CODE_SERVER_VERSION, ensureNode24, ensureCodeServer, ensureChromium, provision, say };

if (require.main === module) {
  const args = new Set(process.argv.slice(2));
  provision({ chromium: !args.has('--no-chromium'), codeServer: !args.has('--no-code-server') })
    .then((r) => {
      if (r.chromium) say(`chromium: ${r.chromium}`);
      if (r.codeServer) say(`code-server: ${r.codeServer.entry} (node ${r.codeServer.node})`);
    })
    .catch((error) => {
      say(`provisioning failed: ${error.message}`);
      process.exit(1);
    });
}
