// In-host tests on the fixture repository opened in restricted mode (workspace trust on, folder not trusted).
// The runner puts a `git` wrapper first on PATH that logs every call (DEBT_LENS_HOST_GIT_LOG): nothing may run git.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const { FIXTURE, workspaceRoot, activateApi, settle, lensesOf, rowsOf, pick, findScanCaches, gitCalls } = require('./helpers');

suite('Debt Lens in an untrusted workspace', () => {
  let api;
  let root;

  suiteSetup(async () => {
    root = workspaceRoot().uri.fsPath;
    assert.equal(vscode.workspace.isTrusted, false, 'the untrusted scenario must open the folder in restricted mode');
    api = await activateApi();
    await settle(api, ['untrusted', 'ready', 'failed', 'not-git']);
    // Give anything that would wrongly start (a scan, a marker harvest) time to show up in the git log.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await api.whenIdle();
  });

  test('the engine reports untrusted and has no report', () => {
    const engine = api.registry.all[0];
    assert.equal(engine.status.kind, 'untrusted');
    assert.equal(engine.report, undefined);
  });

  test('no hotspot lens; the debt lens of the ledger entry is shown', async () => {
    const lenses = await lensesOf(vscode.Uri.file(path.join(root, FIXTURE.invoice)));
    assert.deepEqual(lenses.filter((lens) => lens.title.startsWith('🔥')), []);
    assert.deepEqual(lenses.map((lens) => [lens.line, lens.title]), [[FIXTURE.refreshLines[0], '⚠ TD-7f3a1c Invoice refresh is copy-pasted · high · PROJ-123']]);
  });

  test('no hotspot rows; the ledger entry is still listed in the Tech Debt view', async () => {
    assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), []);
    const groups = await rowsOf(api.trees.debt);
    const open = groups.find((group) => group.label === 'Open');
    assert.ok(open, `groups: ${JSON.stringify(pick(groups))}`);
    assert.deepEqual(pick(await rowsOf(api.trees.debt, open.node)), [{ label: FIXTURE.entry.title, description: 'TD-7f3a1c · high · PROJ-123', contextValue: 'debtEntry' }]);
  });

  test('Scan Workspace refuses to run git', async () => {
    await vscode.commands.executeCommand('debtLens.scanWorkspace');
    await api.whenIdle();
    assert.equal(api.registry.all[0].status.kind, 'untrusted');
  });

  test('Review Branch refuses to run git, and the Branch view has no rows (its welcome content explains)', async () => {
    assert.equal(await vscode.commands.executeCommand('debtLens.reviewBranch'), undefined);
    assert.deepEqual(api.reviews.stateOf(api.registry.all[0]), { kind: 'none' });
    assert.deepEqual(pick(await rowsOf(api.trees.branch)), []);
  });

  test('no git process ran and no scan cache was written', () => {
    assert.equal(gitCalls(), '', 'git ran in the untrusted workspace');
    const userData = process.env.DEBT_LENS_HOST_USER_DATA;
    assert.deepEqual(userData ? findScanCaches(path.dirname(userData)) : findScanCaches(root), []);
  });
});
