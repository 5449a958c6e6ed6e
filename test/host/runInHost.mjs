#!/usr/bin/env node
// Runs the in-host mocha suite (test/host/suite) inside a real VS Code: code-server 4.100.3 (VS Code 1.100
// server + web workbench, Node extension host) driven by Debian's headless Chromium through playwright-core.
// Install both first with `node scripts/installVscodeHost.mjs`.
//
// Scenarios, run one after another (each with its own code-server, profile and workspace):
//   trusted    the fixture repository (test/host/fixtureRepository.mjs), workspace trust disabled
//   untrusted  the fixture repository with workspace trust on: the folder opens in restricted mode; a `git`
//              wrapper first on PATH logs every git call, and the suite asserts that none happens (in the
//              trusted scenario the same wrapper must log the scan's calls)
//   not-git    a folder with a TypeScript file and no .git
//   multi-root a `.code-workspace` with two folders: the fixture repository (billing/) and a second, smaller
//              repository with its own ledger (shipping/, createSecondRepository), workspace trust disabled
// Usage: node test/host/runInHost.mjs [scenario...]   (default: all four; or DEBT_LENS_HOST_SCENARIOS=a,b)
// Exit code: 0 when every scenario passed; else the first failing scenario's (1 tests failed, 124 timeout,
// 2 the host could not be started).
// Env: DEBT_LENS_HOST_TIMEOUT_MS (per scenario, default 240000), DEBT_LENS_HOST_SCREENSHOT_DIR (default
//      .cache/vscode-host: <scenario>.png after the run), DEBT_LENS_HOST_KEEP=1 keeps the temp folders.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { createFixtureRepository, createMultiRootWorkspace, createPlainFolder } from './fixtureRepository.mjs';
import { hostDir, launchChromium, loadPlaywright, logger, makeTempDirs, removeTemp, root, startCodeServer } from './codeServer.mjs';

export const SCENARIOS = ['trusted', 'untrusted', 'not-git', 'multi-root'];
const suiteIndex = path.join(root, 'test', 'host', 'suite', 'index.js');
const timeoutMs = Number(process.env.DEBT_LENS_HOST_TIMEOUT_MS ?? 240_000);
const screenshotDir = path.resolve(process.env.DEBT_LENS_HOST_SCREENSHOT_DIR ?? hostDir);
const log = logger('host');

function realGit() {
  return execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
}

/** A `git` that appends its arguments (and cwd) to `logFile`, then runs the real git. */
function writeGitWrapper(binDir, logFile) {
  mkdirSync(binDir, { recursive: true });
  const wrapper = path.join(binDir, 'git');
  writeFileSync(wrapper, [
    '#!/bin/sh',
    `printf '%s\\t%s\\n' "$PWD" "$*" >> '${logFile}'`,
    `exec '${realGit()}' "$@"`,
    '',
  ].join('\n'));
  chmodSync(wrapper, 0o755);
  writeFileSync(logFile, '');
  return wrapper;
}

async function runScenario(scenario) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const temp = makeTempDirs(`debt-lens-host-${scenario}-`);
  const workspace = path.join(temp.tmp, 'workspace');
  const extraEnv = {
    // read by the suite (the extension host inherits the server's environment)
    DEBT_LENS_HOST_SCENARIO: scenario,
    DEBT_LENS_HOST_USER_DATA: temp.dirs['user-data'],
    DEBT_LENS_HOST_WORKSPACE: workspace,
  };
  // What the workbench opens: the folder, or for multi-root the `.code-workspace` file in it.
  let opened = workspace;
  if (scenario === 'not-git') {
    createPlainFolder(workspace);
  } else if (scenario === 'multi-root') {
    // Window-scoped settings (all of debtLens.*) apply from the workspace file only, not from a folder's
    // .vscode/settings.json: the percentile the fixture's folder settings ask for is set here for both folders.
    const { workspaceFile } = createMultiRootWorkspace(workspace, { now: new Date(), settings: { 'debtLens.codeLens.hotspotPercentile': 50 } });
    extraEnv.DEBT_LENS_HOST_WORKSPACE_FILE = workspaceFile;
    opened = workspaceFile;
  } else {
    createFixtureRepository(workspace, { now: new Date() });
  }
  let wrapperDir;
  if (scenario !== 'not-git') {
    // trusted: the log must fill (proves the wrapper sees the extension's git calls); untrusted: it must stay empty.
    const gitLog = path.join(temp.tmp, 'git-calls.log');
    const binDir = path.join(temp.tmp, 'bin');
    writeGitWrapper(binDir, gitLog);
    wrapperDir = binDir;
    extraEnv.DEBT_LENS_HOST_GIT_LOG = gitLog;
  }
  let host;
  let browser;
  let code = 124;
  try {
    log(`${scenario}: starting code-server (temp ${temp.tmp})`);
    host = await startCodeServer({ temp, workspace, trust: scenario === 'untrusted', env: extraEnv, prependPath: wrapperDir, deadline });
    log(`${scenario}: code-server is healthy on ${host.base}`);
    const payload = [['extensionDevelopmentPath', host.remote(root)], ['extensionTestsPath', host.remote(suiteIndex)]];
    const { chromium } = loadPlaywright();
    browser = await launchChromium(chromium, host.env);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let resolveExit;
    const exited = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args ?? '');
      console.log(`[ext-host${type && type !== 'log' ? ` ${type}` : ''}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (exitCode) => {
      log(`${scenario}: the suite finished with code ${exitCode}`);
      resolveExit(Number(exitCode));
    });
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
    log(`${scenario}: opening the workbench in headless Chromium`);
    await page.goto(host.url(opened, payload), { waitUntil: 'domcontentloaded', timeout: Math.max(1000, deadline - Date.now()) });

    let trustProblem;
    if (scenario === 'untrusted') {
      // The workbench itself, not only the extension API, must show the folder in restricted mode.
      trustProblem = await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first()
        .waitFor({ state: 'visible', timeout: 60_000 })
        .then(() => { log('untrusted: the workbench shows "Restricted Mode"'); return undefined; }, (error) => `the workbench does not show "Restricted Mode": ${error.message.split('\n')[0]}`);
    }

    const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())));
    const result = await Promise.race([exited, timedOut]);
    if (result === 'timeout') {
      console.error(`[host] ${scenario}: timed out after ${timeoutMs} ms`);
      code = 124;
    } else {
      code = Number.isInteger(result) ? result : 1;
    }
    if (trustProblem) {
      console.error(`[host] ${scenario}: ${trustProblem}`);
      code = code || 1;
    }
    if (extraEnv.DEBT_LENS_HOST_GIT_LOG && existsSync(extraEnv.DEBT_LENS_HOST_GIT_LOG)) {
      const calls = readFileSync(extraEnv.DEBT_LENS_HOST_GIT_LOG, 'utf8').trim();
      log(`${scenario}: ${calls === '' ? 'no git call' : `${calls.split('\n').length} git call(s)`}${scenario === 'untrusted' && calls !== '' ? `:\n${calls}` : ''}`);
    }
    try {
      mkdirSync(screenshotDir, { recursive: true });
      const shot = path.join(screenshotDir, `${scenario}.png`);
      await page.screenshot({ path: shot, timeout: 10_000 });
      log(`${scenario}: screenshot ${shot}`);
    } catch (error) {
      console.error(`[host] ${scenario}: no screenshot: ${error.message}`);
    }
  } catch (error) {
    console.error(`[host] ${scenario}: ${error.stack ?? error}`);
    code = Date.now() >= deadline ? 124 : 2;
  } finally {
    await browser?.close().catch(() => {});
    await host?.stop();
    if (code !== 0 && host) {
      console.error(`[host] ${scenario}: code-server log tail (${host.serverLog}):\n${host.logTail()}`);
    }
    removeTemp(temp.tmp, log);
  }
  log(`${scenario}: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

async function main() {
  const asked = process.argv.slice(2).length > 0 ? process.argv.slice(2) : (process.env.DEBT_LENS_HOST_SCENARIOS?.split(',').filter(Boolean) ?? SCENARIOS);
  const unknown = asked.filter((name) => !SCENARIOS.includes(name));
  if (unknown.length > 0) {
    console.error(`[host] unknown scenario(s): ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
    return 2;
  }
  const results = [];
  for (const scenario of asked) {
    results.push([scenario, await runScenario(scenario)]);
  }
  log(`results: ${results.map(([name, code]) => `${name} ${code === 0 ? 'passed' : `FAILED (${code})`}`).join(', ')}`);
  return results.find(([, code]) => code !== 0)?.[1] ?? 0;
}

main().then((code) => {
  process.exit(code);
}, (error) => {
  console.error(error);
  process.exit(2);
});
