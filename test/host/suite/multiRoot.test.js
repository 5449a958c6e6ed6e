// In-host tests of a multi-root workspace (runner scenario `multi-root`): a `.code-workspace` with the fixture
// repository (billing/, test/host/fixtureRepository.mjs) and a second, smaller repository with its own ledger
// (shipping/, createSecondRepository). The workspace file sets `debtLens.codeLens.hotspotPercentile: 50` for both
// (deprecated: it stands for debtLens.significance.percentile), so significant is percentile ≥ 50, ≥ 3 revisions,
// cognitive ≥ 15: billing's invoice.ts and computeTotal; nothing of shipping's (its most complex file has cognitive 6).
// Expected numbers for shipping: 6 commits; src/rates.ts 4 commits by 2 authors (SHIP-3 twice, SHIP-8), cognitive 6,
// score 24, shippingRate changed by all 4; src/zones.ts 2 commits (one SHIP-3), cognitive 2; src/label.ts 1 commit,
// cognitive 0 (score 0: not a hotspot); entry TD-5b2e90 on shippingRate, backlog SHIP-21.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { FIXTURE, SECOND_FIXTURE, workspaceFolderList, activateApi, settleAll, lensesOf, rowsOf, pick, findScanCaches, scanCacheFolderName } = require('./helpers');

suite('Debt Lens in a multi-root workspace (two git repositories)', () => {
  let api;
  let billing;
  let shipping;

  suiteSetup(async () => {
    [billing, shipping] = workspaceFolderList(2);
    assert.deepEqual([billing.name, shipping.name], ['billing', 'shipping']);
    assert.ok(vscode.workspace.workspaceFile, 'the workspace is opened from a .code-workspace file');
    assert.equal(vscode.workspace.isTrusted, true);
    api = await activateApi();
    const engines = await settleAll(api, 2, ['ready', 'failed', 'not-git']);
    assert.deepEqual(engines.map((engine) => [engine.folder.name, engine.status.kind]), [['billing', 'ready'], ['shipping', 'ready']], JSON.stringify(engines.map((engine) => engine.status)));
  });

  test('one engine per folder, each ready with its own repository\'s report', () => {
    const engines = api.registry.all;
    assert.equal(engines.length, 2);
    assert.deepEqual(engines.map((engine) => engine.folder.uri.toString()), [billing.uri.toString(), shipping.uri.toString()]);
    assert.deepEqual(engines.map((engine) => engine.status.kind), ['ready', 'ready']);
    const [billingReport, shippingReport] = engines.map((engine) => engine.report);
    assert.notEqual(billingReport, shippingReport);
    assert.deepEqual([billingReport.root, shippingReport.root], [billing.uri.fsPath, shipping.uri.fsPath]);
    assert.deepEqual([billingReport.stats.commits, shippingReport.stats.commits], [13, SECOND_FIXTURE.commits]);
    assert.deepEqual(billingReport.files.filter((file) => file.rank !== null).map((file) => file.path).sort(), [FIXTURE.handler, FIXTURE.receipt, FIXTURE.invoice, 'src/index.ts', 'src/util/format.ts'].sort());
    const rates = shippingReport.files.find((file) => file.path === SECOND_FIXTURE.rates);
    assert.deepEqual(
      { rank: rates.rank, revisions: rates.revisions, authors: rates.authors, cognitive: rates.cognitive, score: rates.score, tickets: rates.tickets },
      { rank: 1, revisions: 4, authors: 2, cognitive: 6, score: 24, tickets: ['SHIP-3', 'SHIP-8'] },
    );
    assert.equal(shippingReport.files.some((file) => file.path === FIXTURE.invoice), false, 'billing\'s files in shipping\'s report');
    assert.deepEqual(engines.map((engine) => engine.entries.map((entry) => entry.id)), [[FIXTURE.entry.id], [SECOND_FIXTURE.entry.id]]);
  });

  test('the workspace file\'s settings apply to both folders', () => {
    for (const folder of [billing, shipping]) {
      assert.equal(vscode.workspace.getConfiguration('debtLens', folder.uri).get('codeLens.hotspotPercentile'), 50, folder.name);
    }
  });

  test('Hotspots view: the two folders, each with its own ranked files', async () => {
    const folders = await rowsOf(api.trees.hotspots);
    assert.deepEqual(pick(folders, ['label', 'description', 'contextValue', 'collapsible']), [
      { label: 'billing', description: '1 significant', contextValue: undefined, collapsible: vscode.TreeItemCollapsibleState.Expanded },
      { label: 'shipping', description: '0 significant', contextValue: undefined, collapsible: vscode.TreeItemCollapsibleState.Expanded },
    ]);
    assert.deepEqual(pick(await rowsOf(api.trees.hotspots, folders[0].node)), [
      { label: path.posix.basename(FIXTURE.invoice), description: `#1 · score 234 · 9 changes · cognitive 26 · ${path.posix.dirname(FIXTURE.invoice)}`, contextValue: 'hotspotFile.significant' },
      { label: path.posix.basename(FIXTURE.handler), description: `#2 · score 4 · 2 changes · cognitive 2 · ${path.posix.dirname(FIXTURE.handler)}`, contextValue: 'hotspotFile' },
      { label: path.posix.basename(FIXTURE.receipt), description: `#3 · score 1 · 1 change · cognitive 1 · ${path.posix.dirname(FIXTURE.receipt)}`, contextValue: 'hotspotFile' },
    ]);
    // shipping/.vscode/settings.json sets debtLens.hotspots.maxFiles to 1 for that folder only (zones.ts, #2, is left out).
    const files = await rowsOf(api.trees.hotspots, folders[1].node);
    assert.deepEqual(pick(files), [
      { label: path.posix.basename(SECOND_FIXTURE.rates), description: `#1 · score 24 · 4 changes · cognitive 6 · ${path.posix.dirname(SECOND_FIXTURE.rates)}`, contextValue: 'hotspotFile' },
    ]);
    assert.deepEqual(pick(await rowsOf(api.trees.hotspots, files[0].node)), [
      { label: 'shippingRate', description: 'score 24 · 4 changes · cognitive 6', contextValue: 'hotspotFunction' },
    ]);
    assert.ok(files.every((row) => row.id.startsWith(`hotspots:${shipping.uri.toString()}:`)), JSON.stringify(files.map((row) => row.id)));
  });

  test('Tech Debt view: the two folders, each with its own entry', async () => {
    const folders = await rowsOf(api.trees.debt);
    assert.deepEqual(pick(folders, ['label', 'description', 'contextValue']), [
      { label: 'billing', description: '1 open', contextValue: undefined },
      { label: 'shipping', description: '1 open', contextValue: undefined },
    ]);
    const billingGroups = await rowsOf(api.trees.debt, folders[0].node);
    assert.deepEqual(pick(billingGroups, ['label', 'description']), [{ label: 'Open', description: '1' }, { label: 'Markers', description: '1' }]);
    assert.deepEqual(pick(await rowsOf(api.trees.debt, billingGroups[0].node)), [
      { label: FIXTURE.entry.title, description: 'TD-7f3a1c · high · PROJ-123', contextValue: 'debtEntry' },
    ]);
    const shippingGroups = await rowsOf(api.trees.debt, folders[1].node);
    assert.deepEqual(pick(shippingGroups, ['label', 'description']), [{ label: 'Open', description: '1' }, { label: 'Markers', description: '0' }]);
    const entries = await rowsOf(api.trees.debt, shippingGroups[0].node);
    assert.deepEqual(pick(entries), [{ label: SECOND_FIXTURE.entry.title, description: 'TD-5b2e90 · medium · SHIP-21', contextValue: 'debtEntry' }]);
    assert.deepEqual(pick(await rowsOf(api.trees.debt, entries[0].node), ['label', 'description']), [
      { label: `${SECOND_FIXTURE.rates} · shippingRate`, description: `lines ${SECOND_FIXTURE.shippingRateLines[0]}–${SECOND_FIXTURE.shippingRateLines[1]}` },
    ]);
    assert.deepEqual(await rowsOf(api.trees.debt, shippingGroups[1].node), [], 'shipping has no TODO marker');
  });

  test('Backlog view: the two folders, each with its own items', async () => {
    const folders = await rowsOf(api.trees.backlog);
    assert.deepEqual(pick(folders, ['label', 'description', 'contextValue']), [
      { label: 'billing', description: undefined, contextValue: undefined },
      { label: 'shipping', description: undefined, contextValue: undefined },
    ]);
    assert.deepEqual(pick(await rowsOf(api.trees.backlog, folders[0].node)), [
      { label: 'PROJ-123', description: '1 entry', contextValue: 'backlogItem' },
      { label: 'PROJ-12', description: 'total of an empty invoice is 0 · 1 hotspot file', contextValue: 'backlogItem' },
      { label: 'PROJ-40', description: 'round totals to cents · 1 hotspot file', contextValue: 'backlogItem' },
    ]);
    // The item linked to an entry first; shipping has no significant file, so the others by commits: SHIP-3 (2) then
    // SHIP-8 (1), titled by their newest commits ("SHIP-3: zone surcharges", "SHIP-8: heavy parcels").
    const items = await rowsOf(api.trees.backlog, folders[1].node);
    assert.deepEqual(pick(items), [
      { label: 'SHIP-21', description: '1 entry', contextValue: 'backlogItem' },
      { label: 'SHIP-3', description: 'zone surcharges · 2 commits', contextValue: 'backlogItem' },
      { label: 'SHIP-8', description: 'heavy parcels · 1 commit', contextValue: 'backlogItem' },
    ]);
    assert.deepEqual(pick(await rowsOf(api.trees.backlog, items[0].node)), [
      { label: SECOND_FIXTURE.entry.title, description: 'TD-5b2e90 · medium · SHIP-21', contextValue: 'debtEntry' },
    ]);
    assert.deepEqual(await rowsOf(api.trees.backlog, items[1].node), [], 'SHIP-3 changed no significant file');
  });

  test('CodeLens of a file in the second folder come from that folder\'s scan', async () => {
    const uri = vscode.Uri.file(path.join(shipping.uri.fsPath, SECOND_FIXTURE.rates));
    const folder = shipping.uri.toString();
    const line = SECOND_FIXTURE.shippingRateLines[0];
    // No hotspot lens: rates.ts (percentile 83.3, 4 changes) and shippingRate (percentile 75, 4 changes) have
    // cognitive 6, below the floor of 15. The entry's lens stays.
    assert.deepEqual(await lensesOf(uri), [
      { line, title: '⚠ TD-5b2e90 Zone surcharges are hard-coded · medium · SHIP-21', command: 'debtLens.openEntry', arguments: [{ kind: 'entry', folder, id: SECOND_FIXTURE.entry.id }] },
    ]);
    const rates = api.registry.all[1].report.files.find((file) => file.path === SECOND_FIXTURE.rates);
    assert.deepEqual([rates.significant, rates.functions.find((fn) => fn.name === 'shippingRate').significant], [false, false]);
    const zones = await lensesOf(vscode.Uri.file(path.join(shipping.uri.fsPath, SECOND_FIXTURE.zones)));
    assert.deepEqual(zones.map((lens) => [lens.line, lens.title]), [], 'zoneOf is at percentile 25, below the 50 the workspace asks for');
    // And billing's files keep billing's numbers.
    const invoice = await lensesOf(vscode.Uri.file(path.join(billing.uri.fsPath, FIXTURE.invoice)));
    assert.equal(invoice[0].title, '🔥 Hotspot file #1 · 9 changes in 12 mo · cognitive 26 · 3 authors · PROJ-12, PROJ-40');
    assert.equal(invoice[0].arguments[0].folder, billing.uri.toString());
  });

  test('one scan cache per repository, in the extension\'s storage', () => {
    const userData = process.env.DEBT_LENS_HOST_USER_DATA;
    assert.ok(userData, 'the runner sets DEBT_LENS_HOST_USER_DATA');
    const caches = findScanCaches(path.dirname(userData)).filter((cache) => !cache.startsWith(path.dirname(billing.uri.fsPath)));
    assert.equal(caches.length, 1, `scan-cache folders: ${caches.join(', ')}`);
    const expected = [billing, shipping].map((folder) => scanCacheFolderName(folder.uri.fsPath)).sort();
    assert.deepEqual(fs.readdirSync(caches[0]).sort(), expected);
    for (const name of expected) {
      const cache = path.join(caches[0], name, 'scan.json');
      assert.ok(fs.statSync(cache).size > 0, `empty ${cache}`);
    }
    for (const folder of [billing, shipping]) {
      assert.deepEqual(findScanCaches(folder.uri.fsPath), [], `a scan cache in ${folder.name}`);
    }
  });
});
