// Shared by the in-host runner (test/host/runInHost.mjs) and the end-to-end test (test/e2e/workbench.e2e.mjs):
// starts code-server 4.100.3 (VS Code 1.100 server + web workbench, installed by scripts/installVscodeHost.mjs
// into .cache/vscode-host) in its own process group with private HOME/XDG/TMPDIR folders, and drives Debian's
// Chromium through playwright-core. Offline: nothing here downloads anything.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const hostDir = path.join(root, '.cache', 'vscode-host');
export const codeServerEntry = path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export function logger(prefix) {
  const started = Date.now();
  return (message) => console.log(`[${prefix}] ${message} (+${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

/** playwright-core from the host folder (not a project dependency). */
export function loadPlaywright() {
  if (!existsSync(codeServerEntry)) {
    throw new Error('code-server is not installed: run `node scripts/installVscodeHost.mjs` first');
  }
  return createRequire(path.join(hostDir, 'package.json'))('playwright-core');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A temp folder with private home, XDG, TMPDIR, user-data, extensions and Chromium profile folders. */
export function makeTempDirs(prefix) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = Object.fromEntries(['home', 'config', 'data', 'cache', 'runtime', 'tmp', 'user-data', 'extensions', 'chromium']
    .map((name) => [name, path.join(tmp, name)]));
  for (const dir of Object.values(dirs)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  return { tmp, dirs };
}

async function waitForHealth(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited early with code ${child.exitCode}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        return await response.text();
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url}`);
}

/** Kills a detached child's whole process group (file watchers, extension host): TERM, then KILL after 5 s. */
export function killGroup(child) {
  if (!child?.pid) {
    return Promise.resolve();
  }
  const alive = () => { try { process.kill(-child.pid, 0); return true; } catch { return false; } };
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return Promise.resolve(); }
  return new Promise((resolve) => {
    const until = Date.now() + 5000;
    const timer = setInterval(() => {
      if (!alive()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() > until) {
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
        clearInterval(timer);
        resolve();
      }
    }, 100);
  });
}

/**
 * Starts code-server for `workspace`.
 * @param {object} options
 * @param {{ tmp: string, dirs: Record<string, string> }} options.temp from makeTempDirs
 * @param {string} options.workspace the folder it runs in (its cwd); the workbench opens what `url()` is given
 * @param {boolean} [options.trust] false (default): `--disable-workspace-trust`; true: workspace trust on, so
 *   an unknown folder opens in restricted mode
 * @param {Record<string, string>} [options.env] more environment (the extension host inherits it)
 * @param {Record<string, unknown>} [options.settings] more user settings
 * @param {string} [options.prependPath] a folder to put first on the extension host's PATH. Besides the server's
 *   environment, it goes into the private HOME's .profile: VS Code resolves the user's login-shell environment
 *   for the extension host, and Debian's /etc/profile resets PATH
 * @param {number} options.deadline epoch ms
 */
export async function startCodeServer({ temp, workspace, trust = false, env: extraEnv = {}, settings = {}, prependPath, deadline }) {
  if (!existsSync(codeServerEntry)) {
    throw new Error('code-server is not installed: run `node scripts/installVscodeHost.mjs` first');
  }
  const { tmp, dirs } = temp;
  mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), `${JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'always',
    ...settings,
  }, null, 2)}\n`);
  const port = await freePort();
  const configFile = path.join(tmp, 'code-server.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const serverLog = path.join(tmp, 'code-server.log');
  const logFd = openSync(serverLog, 'a');
  const env = {
    ...process.env,
    HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.runtime, TMPDIR: dirs.tmp,
    ...extraEnv,
  };
  if (prependPath) {
    env.PATH = `${prependPath}${path.delimiter}${env.PATH ?? ''}`;
    const line = `export PATH='${prependPath}'":$PATH"\n`;
    for (const profile of ['.profile', '.bash_profile', '.bashrc', '.zshenv']) {
      writeFileSync(path.join(dirs.home, profile), line);
    }
  }
  for (const name of ['PASSWORD', 'HASHED_PASSWORD', 'VSCODE_IPC_HOOK_CLI', 'ELECTRON_RUN_AS_NODE']) {
    delete env[name];
  }
  const args = [codeServerEntry,
    '--config', configFile,
    '--user-data-dir', dirs['user-data'],
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    ...(trust ? [] : ['--disable-workspace-trust']),
  ];
  // detached: setsid, so the whole process group (file watchers, extension host) can be killed at the end.
  const server = spawn(process.execPath, args, { cwd: workspace, env, detached: true, stdio: ['ignore', logFd, logFd] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${base}/healthz`, server, Math.min(deadline, Date.now() + 60_000));
  } catch (error) {
    await killGroup(server);
    throw error;
  }
  return {
    server, port, base, serverLog, env,
    /** `vscode-remote://` URI of a local path, as the workbench's payload wants it. */
    remote: (p) => `vscode-remote://127.0.0.1:${port}${p}`,
    /**
     * The workbench URL for a folder, or for a multi-root workspace when the path names a `.code-workspace`
     * file (`?workspace=` instead of `?folder=`), optionally with the development/test payload.
     */
    url: (target, payload) => `${base}/?${target.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(target)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
    logTail: (lines = 40) => (existsSync(serverLog) ? readFileSync(serverLog, 'utf8').split('\n').slice(-lines).join('\n') : ''),
    stop: () => killGroup(server),
  };
}

/** Headless Debian Chromium with a fresh profile. */
export async function launchChromium(chromium, env) {
  return chromium.launch({
    executablePath: process.env.DEBT_LENS_HOST_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function removeTemp(tmp, log) {
  if (process.env.DEBT_LENS_HOST_KEEP === '1') {
    log(`kept ${tmp}`);
  } else {
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}
