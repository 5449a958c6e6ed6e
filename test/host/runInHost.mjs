#!/usr/bin/env node
// Runs the in-host mocha suite (test/host/suite) inside a real VS Code: code-server 4.100.3 (VS Code 1.100
// server + web workbench, Node extension host) driven by Debian's headless Chromium through playwright-core.
// Install both first with `node scripts/installVscodeHost.mjs`. Exit code: the suite's (0 pass, 1 fail),
// 124 on timeout, 2 when the host could not be started.
// Env: DEBT_LENS_HOST_TIMEOUT_MS (default 240000), DEBT_LENS_HOST_SCREENSHOT (default .cache/vscode-host/last.png),
//      DEBT_LENS_HOST_KEEP=1 keeps the temp folder (server log, workspace) for inspection.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, openSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const hostDir = path.join(root, '.cache', 'vscode-host');
const codeServerEntry = path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const suiteIndex = path.join(root, 'test', 'host', 'suite', 'index.js');
const timeoutMs = Number(process.env.DEBT_LENS_HOST_TIMEOUT_MS ?? 240_000);
const screenshotPath = path.resolve(process.env.DEBT_LENS_HOST_SCREENSHOT ?? path.join(hostDir, 'last.png'));
const started = Date.now();
const log = (message) => console.log(`[host] ${message} (+${((Date.now() - started) / 1000).toFixed(1)}s)`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A small real git repository with two commits of a TypeScript file. */
function createWorkspace(dir) {
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const env = {
    ...process.env, GIT_AUTHOR_NAME: 'Host Test', GIT_AUTHOR_EMAIL: 'host@test.invalid',
    GIT_COMMITTER_NAME: 'Host Test', GIT_COMMITTER_EMAIL: 'host@test.invalid', GIT_CONFIG_NOSYSTEM: '1',
  };
  const git = (...args) => execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, env, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'src', 'price.ts'), 'export function price(n: number): number {\n  return n * 2;\n}\n');
  git('add', '.');
  git('commit', '-q', '-m', 'add price', '--date', '2026-01-01T10:00:00Z');
  writeFileSync(path.join(dir, 'src', 'price.ts'), [
    'export function price(n: number, vip: boolean): number {',
    '  if (n < 0) {',
    '    throw new Error("negative");',
    '  }',
    '  for (let i = 0; i < n; i++) {',
    '    if (vip && i % 2 === 0) {',
    '      n -= 1;',
    '    }',
    '  }',
    '  return vip ? n : n * 2;',
    '}',
    '',
  ].join('\n'));
  git('commit', '-q', '-am', 'vip pricing', '--date', '2026-02-01T10:00:00Z');
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

function killGroup(child) {
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

async function main() {
  if (!existsSync(codeServerEntry)) {
    console.error('[host] code-server is not installed: run `node scripts/installVscodeHost.mjs` first');
    return 2;
  }
  const requireFromHost = createRequire(path.join(hostDir, 'package.json'));
  const { chromium } = requireFromHost('playwright-core');

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'debt-lens-host-'));
  const dirs = Object.fromEntries(['home', 'config', 'data', 'cache', 'runtime', 'tmp', 'user-data', 'extensions', 'chromium', 'workspace']
    .map((name) => [name, path.join(tmp, name)]));
  for (const dir of Object.values(dirs)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  createWorkspace(dirs.workspace);
  mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), `${JSON.stringify({
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
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
    // read by the suite (the extension host inherits the server's environment)
    DEBT_LENS_HOST_USER_DATA: dirs['user-data'], DEBT_LENS_HOST_WORKSPACE: dirs.workspace,
  };
  for (const name of ['PASSWORD', 'HASHED_PASSWORD', 'VSCODE_IPC_HOOK_CLI', 'ELECTRON_RUN_AS_NODE']) {
    delete env[name];
  }
  log(`starting code-server on 127.0.0.1:${port} (temp ${tmp})`);
  // detached: setsid, so the whole process group (file watchers, extension host) can be killed at the end.
  const server = spawn(process.execPath, [codeServerEntry,
    '--config', configFile,
    '--user-data-dir', dirs['user-data'],
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  ], { cwd: dirs.workspace, env, detached: true, stdio: ['ignore', logFd, logFd] });

  const deadline = started + timeoutMs;
  let browser;
  let code = 124;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(`${base}/healthz`, server, Math.min(deadline, Date.now() + 60_000));
    log('code-server is healthy');

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(suiteIndex)]];
    const url = `${base}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await chromium.launch({
      executablePath: process.env.DEBT_LENS_HOST_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      env,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let resolveExit;
    const exited = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args ?? '');
      console.log(`[ext-host${type && type !== 'log' ? ` ${type}` : ''}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (exitCode) => {
      log(`the suite finished with code ${exitCode}`);
      resolveExit(Number(exitCode));
    });
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
    log('opening the workbench in headless Chromium');
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.max(1000, deadline - Date.now()) });

    const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())));
    const result = await Promise.race([exited, timedOut]);
    if (result === 'timeout') {
      console.error(`[host] timed out after ${timeoutMs} ms`);
      code = 124;
    } else {
      code = Number.isInteger(result) ? result : 1;
    }
    try {
      mkdirSync(path.dirname(screenshotPath), { recursive: true });
      await page.screenshot({ path: screenshotPath, timeout: 10_000 });
      log(`screenshot: ${screenshotPath}`);
    } catch (error) {
      console.error(`[host] no screenshot: ${error.message}`);
    }
  } catch (error) {
    console.error(`[host] ${error.stack ?? error}`);
    code = code === 124 && Date.now() >= deadline ? 124 : 2;
  } finally {
    await browser?.close().catch(() => {});
    await killGroup(server);
    if (code !== 0) {
      const text = readFileSync(serverLog, 'utf8').split('\n').slice(-40).join('\n');
      console.error(`[host] code-server log tail (${serverLog}):\n${text}`);
    }
    if (process.env.DEBT_LENS_HOST_KEEP === '1') {
      log(`kept ${tmp}`);
    } else {
      rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    }
  }
  return code;
}

main().then((code) => {
  log(`exit ${code}`);
  process.exit(code);
}, (error) => {
  console.error(error);
  process.exit(2);
});
