#!/usr/bin/env node
// Desktop runner: the same in-host suite (test/host/suite/index.js) in VS Code desktop through
// @vscode/test-electron, which downloads VS Code into .vscode-test/ (so it needs a network and is not part
// of `npm test`; CI uses test/host/runInHost.mjs, code-server, instead). Scenarios as runInHost's:
// `node test/host/runElectron.mjs [trusted|untrusted|not-git ...]` (default: trusted).
// Env: DEBT_LENS_VSCODE_VERSION (default: the engines.vscode minimum, 1.100.0).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { createFixtureRepository, createPlainFolder } from './fixtureRepository.mjs';
import { root } from './codeServer.mjs';

const SCENARIOS = ['trusted', 'untrusted', 'not-git'];
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const version = process.env.DEBT_LENS_VSCODE_VERSION ?? pkg.engines.vscode.replace(/^[^\d]*/, '');

async function runScenario(scenario) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `debt-lens-electron-${scenario}-`));
  const workspace = path.join(tmp, 'workspace');
  const userData = path.join(tmp, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), `${JSON.stringify({
    'workbench.startupEditor': 'none', 'git.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'security.workspace.trust.startupPrompt': 'never',
  }, null, 2)}\n`);
  const env = { DEBT_LENS_HOST_SCENARIO: scenario, DEBT_LENS_HOST_USER_DATA: userData, DEBT_LENS_HOST_WORKSPACE: workspace };
  if (scenario === 'not-git') {
    createPlainFolder(workspace);
  } else {
    createFixtureRepository(workspace, { now: new Date() });
    const bin = path.join(tmp, 'bin');
    const gitLog = path.join(tmp, 'git-calls.log');
    mkdirSync(bin);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(bin, 'git'), `#!/bin/sh\nprintf '%s\\t%s\\n' "$PWD" "$*" >> '${gitLog}'\nexec '${realGit}' "$@"\n`);
    chmodSync(path.join(bin, 'git'), 0o755);
    writeFileSync(gitLog, '');
    Object.assign(env, { DEBT_LENS_HOST_GIT_LOG: gitLog, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` });
  }
  try {
    // extensionTestsEnv reaches the extension host; PATH also goes to VS Code itself through process.env.
    const previousPath = process.env.PATH;
    process.env.PATH = env.PATH ?? previousPath;
    try {
      return await runTests({
        version,
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(root, 'test', 'host', 'suite', 'index.js'),
        extensionTestsEnv: env,
        launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--skip-welcome', '--skip-release-notes',
          // keep PATH (the git wrapper first): no login-shell environment, which would reset it
          '--force-disable-user-env',
          ...(scenario === 'untrusted' ? [] : ['--disable-workspace-trust'])],
      });
    } finally {
      process.env.PATH = previousPath;
    }
  } catch (error) {
    console.error(`[electron] ${scenario}: ${error.message ?? error}`);
    return 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

const asked = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['trusted'];
const unknown = asked.filter((name) => !SCENARIOS.includes(name));
if (unknown.length > 0) {
  console.error(`[electron] unknown scenario(s): ${unknown.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const scenario of asked) {
  const code = await runScenario(scenario);
  console.log(`[electron] ${scenario}: ${code === 0 ? 'passed' : `FAILED (${code})`}`);
  failed ||= code;
}
process.exit(failed);
