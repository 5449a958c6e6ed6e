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
//   no-startup-scan
//              the fixture repository, workspace trust disabled, the git wrapper on PATH, and the user setting
//              "debtLens.scan.onStartup": false: the suite asserts that nothing runs git until it runs Debt Lens:
//              Scan Workspace. It also asks this runner what the workbench shows (the Hotspots view's welcome
//              content, the status bar item) through request/answer files in DEBT_LENS_HOST_PROBE_DIR
//              (see answerWorkbenchProbes)
// Usage: node test/host/runInHost.mjs [scenario...]   (default: all five; or DEBT_LENS_HOST_SCENARIOS=a,b)
// Exit code: 0 when every scenario passed; else the first failing scenario's (1 tests failed, 124 timeout,
// 2 the host could not be started).
// Env: DEBT_LENS_HOST_TIMEOUT_MS (per scenario, default 240000), DEBT_LENS_HOST_SCREENSHOT_DIR (default
//      .cache/vscode-host: <scenario>.png after the run), DEBT_LENS_HOST_KEEP=1 keeps the temp folders;
//      DEBT_LENS_HOST_ORDER (reverse, shuffle), DEBT_LENS_HOST_SEED and DEBT_LENS_HOST_GREP reach the suite
//      (test/host/suite/index.js): the tests in another order, or only some of them.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { createFixtureRepository, createMultiRootWorkspace, createPlainFolder } from './fixtureRepository.mjs';
import { hostDir, launchChromium, loadPlaywright, logger, makeTempDirs, removeTemp, root, startCodeServer } from './codeServer.mjs';

export const SCENARIOS = ['trusted', 'untrusted', 'not-git', 'multi-root', 'no-startup-scan'];
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

/** The status bar item of the extension: `${publisher}.${name}.${id}` (createStatusBarItem('debtLens.status')). */
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const STATUS_BAR_ITEM_ID = `${pkg.publisher}.${pkg.name}.debtLens.status`;

/**
 * What the workbench shows of Debt Lens, read from the DOM: the Hotspots view's welcome content (paragraphs and
 * buttons, as VS Code renders a viewsWelcome entry) and its rows, and the extension's status bar item with its
 * icons written back as `$(name)`. `request.hotspots` ('welcome' or 'rows') and `request.statusBar` (a text) say
 * what to wait for (up to 30 s) before reading; the answer is what was there, matching or not.
 */
async function probeWorkbench(page, request) {
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /^\s*Hotspots/i }) }).first();
  await pane.waitFor({ state: 'visible', timeout: 30_000 });
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') {
    await header.click();
  }
  const welcome = pane.locator('.welcome-view-content');
  const rows = pane.locator('.pane-body .monaco-list-row');
  const settled = request.hotspots === 'welcome' ? welcome.first() : rows.first();
  await settled.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {});
  const item = page.locator(`[id="${STATUS_BAR_ITEM_ID}"]`);
  const statusBarText = () => item.evaluateAll((elements) => elements.map((element) => {
    const write = (node) => {
      if (node.nodeType === 3) {
        return node.textContent;
      }
      const icon = [...(node.classList ?? [])].find((name) => name.startsWith('codicon-') && !name.startsWith('codicon-modifier'));
      return icon ? `$(${icon.slice('codicon-'.length)})` : [...node.childNodes].map(write).join('');
    };
    return write(element).replace(/\s+/g, ' ').trim();
  }));
  const until = Date.now() + 30_000;
  let statusBar = await statusBarText();
  while (request.statusBar !== undefined && !(statusBar.length === 1 && statusBar[0] === request.statusBar) && Date.now() < until) {
    await page.waitForTimeout(200);
    statusBar = await statusBarText();
  }
  const visibleWelcome = (await welcome.count()) > 0 && (await welcome.first().isVisible());
  return {
    hotspots: {
      welcome: visibleWelcome
        ? {
          paragraphs: (await welcome.first().locator('p').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim()),
          buttons: (await welcome.first().locator('.monaco-button').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim()),
        }
        : null,
      // `label · description`, as test/e2e/workbench.e2e.mjs reads them
      rows: await rows.evaluateAll((elements) => elements.map((row) => {
        const text = (selector) => (row.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const description = text('.label-description');
        return description ? `${text('.label-name')} · ${description}` : text('.label-name');
      })),
    },
    // one text per matching element: exactly one is expected
    statusBar,
  };
}

/**
 * Answers the suite's workbench probes until stopped: for each `request-<n>.json` the suite writes into `dir`,
 * writes `answer-<n>.json` (via a temp file and a rename, so the suite never reads half of it) with
 * probeWorkbench's result, or `{ error }`.
 */
function answerWorkbenchProbes(page, dir, scenario) {
  const answered = new Set();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const name of readdirSync(dir).filter((file) => /^request-\d+\.json$/.test(file)).sort()) {
        if (answered.has(name)) {
          continue;
        }
        answered.add(name);
        const request = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
        let answer;
        try {
          answer = await probeWorkbench(page, request);
        } catch (error) {
          answer = { error: error.message.split('\n').slice(0, 4).join('\n') };
        }
        log(`${scenario}: workbench probe ${name}: ${JSON.stringify(answer)}`);
        const target = path.join(dir, name.replace('request-', 'answer-'));
        writeFileSync(`${target}.tmp`, JSON.stringify(answer));
        renameSync(`${target}.tmp`, target);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return { stop: async () => { stopped = true; await loop; } };
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
    // trusted, untrusted, no-startup-scan
    createFixtureRepository(workspace, { now: new Date() });
  }
  // More user settings (User/settings.json, written before code-server starts).
  const settings = {};
  let probeDir;
  if (scenario === 'no-startup-scan') {
    settings['debtLens.scan.onStartup'] = false;
    probeDir = path.join(temp.tmp, 'probe');
    mkdirSync(probeDir);
    extraEnv.DEBT_LENS_HOST_PROBE_DIR = probeDir;
  }
  let wrapperDir;
  if (scenario !== 'not-git') {
    // trusted: the log must fill (proves the wrapper sees the extension's git calls); untrusted: it must stay
    // empty; no-startup-scan: empty until the suite runs Scan Workspace, then filled.
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
    host = await startCodeServer({ temp, workspace, trust: scenario === 'untrusted', env: extraEnv, settings, prependPath: wrapperDir, deadline });
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

    const probes = probeDir ? answerWorkbenchProbes(page, probeDir, scenario) : undefined;
    const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())));
    const result = await Promise.race([exited, timedOut]);
    await probes?.stop();
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
