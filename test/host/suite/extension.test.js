// In-host tests: run inside a real VS Code extension host (code-server), see test/host/runInHost.mjs.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const pkg = require('../../../package.json');

const EXTENSION_ID = `${pkg.publisher}.${pkg.name}`; // debt-lens.debt-lens

suite('Debt Lens in the extension host', () => {
  /** Messages the extension shows while a test runs (the extension shares this `vscode` API object). */
  const shown = [];
  const originals = {};

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    for (const name of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage']) {
      originals[name] = vscode.window[name];
      vscode.window[name] = (message, ...rest) => {
        shown.push({ kind: name, message });
        return originals[name].call(vscode.window, message, ...rest);
      };
    }
  });

  suiteTeardown(() => {
    Object.assign(vscode.window, originals);
  });

  test('contributes and registers debtLens.scanWorkspace', async () => {
    const contributed = pkg.contributes.commands.map((c) => c.command);
    assert.ok(contributed.includes('debtLens.scanWorkspace'));
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('debtLens.scanWorkspace'), 'debtLens.scanWorkspace is not registered');
  });

  test('scans the workspace git repository without error', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'the runner opens exactly one workspace folder');
    assert.equal(vscode.workspace.isTrusted, true);
    shown.length = 0;
    await vscode.commands.executeCommand('debtLens.scanWorkspace');
    assert.deepEqual(shown.filter((m) => m.kind !== 'showInformationMessage'), [], 'the scan reported an error or warning');
    assert.deepEqual(shown, []);

    // The runner (test/host/runInHost.mjs) tells where the host writes its logs: read the scan summary
    // from the extension's log channel. Its workspace has 2 commits of one TypeScript file.
    const userData = process.env.DEBT_LENS_HOST_USER_DATA;
    if (userData) {
      const summary = await waitFor(() => readExtensionLog(userData).match(/workspace: (\d+) commits, (\d+) ranked files/));
      assert.ok(summary, 'no scan summary in the Debt Lens log');
      assert.equal(Number(summary[1]), 2, 'commits scanned');
      assert.equal(Number(summary[2]), 1, 'ranked files');
    }
  });
});

function readExtensionLog(userData) {
  const logs = path.join(userData, 'logs');
  let text = '';
  for (const session of fs.existsSync(logs) ? fs.readdirSync(logs) : []) {
    for (const host of fs.readdirSync(path.join(logs, session)).filter((d) => d.startsWith('exthost'))) {
      const file = path.join(logs, session, host, EXTENSION_ID, 'Debt Lens.log');
      if (fs.existsSync(file)) {
        text += fs.readFileSync(file, 'utf8');
      }
    }
  }
  return text;
}

async function waitFor(probe, ms = 10000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value || Date.now() > until) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
