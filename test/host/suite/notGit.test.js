// In-host tests on a folder with a TypeScript file and no git repository.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { workspaceRoot, activateApi, settle, lensesOf, rowsOf, pick, findScanCaches } = require('./helpers');

suite('Debt Lens in a folder that is not a git repository', () => {
  let api;
  let root;

  suiteSetup(async () => {
    root = workspaceRoot().uri.fsPath;
    assert.equal(fs.existsSync(path.join(root, '.git')), false);
    api = await activateApi();
    await settle(api, ['not-git', 'ready', 'failed']);
  });

  test('the engine reports not-git', () => {
    const engine = api.registry.all[0];
    assert.equal(engine.status.kind, 'not-git', JSON.stringify(engine.status));
    assert.equal(engine.report, undefined);
  });

  test('no hotspot rows and no lenses', async () => {
    assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), []);
    assert.deepEqual(await lensesOf(vscode.Uri.file(path.join(root, 'src', 'price.ts'))), []);
  });

  test('Scan Workspace again: still not-git, no error', async () => {
    await vscode.commands.executeCommand('debtLens.scanWorkspace');
    await api.whenIdle();
    assert.equal(api.registry.all[0].status.kind, 'not-git');
  });

  test('no scan cache written, nothing added to the folder', () => {
    const userData = process.env.DEBT_LENS_HOST_USER_DATA;
    assert.deepEqual(userData ? findScanCaches(path.dirname(userData)) : [], []);
    assert.deepEqual(fs.readdirSync(root).sort(), ['src']);
  });
});
