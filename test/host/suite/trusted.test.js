// In-host tests on the fixture repository (test/host/fixtureRepository.mjs) in a trusted workspace.
// The expected numbers are those the fixture's commits were written to produce: invoice.ts 9 commits by
// 3 authors (PROJ-12 in 5, PROJ-40 in 3), computeTotal changed by 6 of them (cognitive 21, by Alice and Bob),
// refresh by 4 (cognitive 5, by Alice and Carol); the file's cognitive is 26. Significant (issue 11):
// percentile ≥ 50 (the fixture's setting), ≥ 3 revisions, cognitive ≥ 15: the file and computeTotal, not
// refresh. A test that changes the ledger, a file, HEAD or a setting puts it back before it ends: each test
// starts from the fixture as created, whatever ran before it.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const pkg = require('../../../package.json');
const {
  FIXTURE, LENSES, workspaceRoot, activateApi, settle, lensesOf, rowsOf, pick, hoverText, snapshotFiles, frontMatter, findScanCaches, waitFor, assertFixtureRanked,
  keepingLedger, commitSeparator, resetHead, addHandlerEntries,
} = require('./helpers');

const { file: FILE_LENS, computeTotal: COMPUTE_TOTAL_LENS, debt: DEBT_LENS } = LENSES;

suite('Debt Lens on the fixture repository (trusted)', () => {
  let api;
  let folder;
  let root;
  let uri;

  suiteSetup(async () => {
    folder = workspaceRoot();
    root = folder.uri.fsPath;
    assert.equal(vscode.workspace.isTrusted, true, 'the trusted scenario opens a trusted workspace');
    api = await activateApi();
    const engine = await settle(api, ['ready', 'failed', 'not-git']);
    assert.equal(engine.status.kind, 'ready', `the startup scan ended as ${JSON.stringify(engine.status)}`);
    uri = vscode.Uri.file(path.join(root, FIXTURE.invoice));
  });

  test('every command package.json contributes is registered, and no other debtLens command', async () => {
    // `debtLens.<name>`; the workbench adds `debtLens.<view>.focus` and the like for the views.
    const registered = (await vscode.commands.getCommands(true)).filter((id) => /^debtLens\.[^.]+$/.test(id));
    assert.deepEqual(registered.sort(), pkg.contributes.commands.map((command) => command.command).sort());
  });

  test('the scan ranks the fixture as its commits say', () => {
    assertFixtureRanked(api.registry.all[0].report);
  });

  test('CodeLens titles and commands on invoice.ts', async () => {
    const lenses = await lensesOf(uri);
    const target = (symbol, line) => (symbol
      ? { kind: 'symbol', folder: folder.uri.toString(), path: FIXTURE.invoice, symbol, line }
      : { kind: 'file', folder: folder.uri.toString(), path: FIXTURE.invoice });
    assert.deepEqual(lenses, [
      { line: 1, title: FILE_LENS, command: 'debtLens.showImpact', arguments: [target()] },
      { line: FIXTURE.computeTotalLines[0], title: COMPUTE_TOTAL_LENS, command: 'debtLens.showImpact', arguments: [target('computeTotal', FIXTURE.computeTotalLines[0])] },
      // refresh (cognitive 5) is below the complexity floor: the entry's lens alone.
      { line: FIXTURE.refreshLines[0], title: DEBT_LENS, command: 'debtLens.openEntry', arguments: [{ kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id }] },
    ]);
  });

  test('no hotspot lens below the percentile: format.ts has none', async () => {
    const lenses = await lensesOf(vscode.Uri.file(path.join(root, 'src/util/format.ts')));
    assert.deepEqual(lenses.map((lens) => lens.title), []);
  });

  test('Hotspots view: ranked files, then their functions', async () => {
    const files = await rowsOf(api.trees.hotspots);
    assert.deepEqual(pick(files), [
      { label: path.posix.basename(FIXTURE.invoice), description: `#1 · score 234 · 9 changes · cognitive 26 · ${path.posix.dirname(FIXTURE.invoice)}`, contextValue: 'hotspotFile.significant' },
      { label: path.posix.basename(FIXTURE.handler), description: `#2 · score 4 · 2 changes · cognitive 2 · ${path.posix.dirname(FIXTURE.handler)}`, contextValue: 'hotspotFile' },
      { label: path.posix.basename(FIXTURE.receipt), description: `#3 · score 1 · 1 change · cognitive 1 · ${path.posix.dirname(FIXTURE.receipt)}`, contextValue: 'hotspotFile' },
    ]);
    const functions = await rowsOf(api.trees.hotspots, files[0].node);
    // Only functions both complex and changed: InvoiceService.cache changed once but has cognitive 0.
    assert.deepEqual(pick(functions), [
      { label: 'computeTotal', description: 'score 126 · 6 changes · cognitive 21', contextValue: 'hotspotFunction' },
      { label: 'InvoiceService.refresh', description: 'score 20 · 4 changes · cognitive 5', contextValue: 'hotspotFunction' },
    ]);
  });

  test('Tech Debt view: the open entry and the TODO marker', async () => {
    const groups = await rowsOf(api.trees.debt);
    assert.deepEqual(pick(groups, ['label', 'description']), [
      { label: 'Open', description: '1' },
      { label: 'Markers', description: '1' },
    ]);
    const entries = await rowsOf(api.trees.debt, groups[0].node);
    assert.deepEqual(pick(entries), [{ label: FIXTURE.entry.title, description: 'TD-7f3a1c · high · PROJ-123', contextValue: 'debtEntry' }]);
    const anchors = await rowsOf(api.trees.debt, entries[0].node);
    assert.deepEqual(pick(anchors, ['label', 'description']), [{ label: `${FIXTURE.invoice} · InvoiceService.refresh`, description: `lines ${FIXTURE.refreshLines[0]}–${FIXTURE.refreshLines[1]}` }]); // not "moved": the hand-written anchor names only the symbol, still where it was
    const markers = await rowsOf(api.trees.debt, groups[1].node);
    assert.equal(markers.length, 1, `markers: ${JSON.stringify(pick(markers))}`);
    assert.equal(markers[0].contextValue, 'marker');
    assert.match(markers[0].label, /^TODO\b.*handle refunds/);
    assert.match(markers[0].label, /PROJ-77/);
    // Written by Bob 80 days ago (commit "Invoice API handler"); Alice's later commit moved it to line 17.
    assert.match(markers[0].description, /^src\/api\/handler\.ts:17 · Bob Brown, (79|80|81) days ago$/);
  });

  test('Backlog view: the entry\'s item, then the tickets of the commits, titled offline by their newest commit', async () => {
    const items = await rowsOf(api.trees.backlog);
    // PROJ-123 is linked to the entry: first. PROJ-12 and PROJ-40 touched the one significant file (score 234 each):
    // PROJ-12 has more commits (5 to 3). Without a tracker, each is titled by the subject of its newest commit, the
    // reference left out ("PROJ-12: total of an empty invoice is 0", "PROJ-40: round totals to cents"); PROJ-40
    // also changed format.ts, which is not significant, so one hotspot file each.
    assert.deepEqual(pick(items), [
      { label: 'PROJ-123', description: '1 entry', contextValue: 'backlogItem' },
      { label: 'PROJ-12', description: 'total of an empty invoice is 0 · 1 hotspot file', contextValue: 'backlogItem' },
      { label: 'PROJ-40', description: 'round totals to cents · 1 hotspot file', contextValue: 'backlogItem' },
    ]);
    assert.deepEqual(pick(await rowsOf(api.trees.backlog, items[0].node)), [
      { label: FIXTURE.entry.title, description: 'TD-7f3a1c · high · PROJ-123', contextValue: 'debtEntry' },
    ]);
    assert.deepEqual(pick(await rowsOf(api.trees.backlog, items[1].node)), [
      { label: FIXTURE.invoice, description: '#1 · 9 changes', contextValue: 'hotspotFile.significant' },
    ]);
  });

  test('hover inside InvoiceService.refresh: the entry, and no hotspot numbers (refresh is not significant)', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const text = await hoverText(uri, FIXTURE.refreshLines[0] + 5);
    assert.ok(text.includes(`⚠ **TD-7f3a1c** ${FIXTURE.entry.title}  \nopen · high · principal 2d · interest: 4 changes, 23 lines  \nBacklog: PROJ-123`), text);
    // Cognitive 5 is below the floor of 15: no function hover, and inside a measured function no file hover either.
    assert.doesNotMatch(text, /hotspot #|hotspot file #|InvoiceService\.refresh\*\*/, text);
    // Links: the impact of the file (no significant function is around the cursor), and the entry on these lines.
    const links = decodeURIComponent(text);
    assert.ok(links.includes(`[Show impact](command:debtLens.showImpact?[{"kind":"file","folder":"${folder.uri.toString()}","path":"${FIXTURE.invoice}"}])`), links);
    assert.ok(links.includes(`[Open TD-7f3a1c](command:debtLens.openEntry?[{"kind":"entry","folder":"${folder.uri.toString()}","id":"TD-7f3a1c"}])`), links);
  });

  test('hover inside computeTotal: its own numbers and people, not the file\'s', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const text = await hoverText(uri, FIXTURE.computeTotalLines[0] + 5);
    // Alice added 19 of the 32 lines added inside computeTotal (59 %), Bob 13: bus factor 1.
    assert.ok(text.includes('**computeTotal** — hotspot #1 (percentile 93.8)  \n6 changes in 12 mo · '), text);
    assert.ok(text.includes(' · cognitive 21 · cyclomatic 11 · 30 LOC  \n2 authors · main developer Alice Anders (59 %) · bus factor 1  \nTickets: PROJ-12, PROJ-40'), text);
    assert.doesNotMatch(text, /hotspot file #|TD-7f3a1c/, text);
  });

  test('debtLens.showImpact returns the impact of a function', async () => {
    const impact = await vscode.commands.executeCommand('debtLens.showImpact', { kind: 'symbol', folder: folder.uri.toString(), path: FIXTURE.invoice, symbol: 'computeTotal' });
    assert.ok(impact, 'showImpact returned nothing');
    assert.equal(impact.target.kind, 'symbol');
    assert.equal(impact.target.path, FIXTURE.invoice);
    assert.equal(impact.target.symbol, 'computeTotal');
    assert.deepEqual(impact.anchors, [{ path: FIXTURE.invoice, symbol: 'computeTotal', lines: FIXTURE.computeTotalLines }]);
    const [symbol] = impact.symbols;
    assert.deepEqual(
      { name: symbol.name, startLine: symbol.startLine, endLine: symbol.endLine, revisions: symbol.revisions, cognitive: symbol.cognitive, rank: symbol.rank },
      { name: 'computeTotal', startLine: 27, endLine: 56, revisions: 6, cognitive: 21, rank: 1 },
    );
    const [file] = impact.files;
    assert.equal(file.path, FIXTURE.invoice);
    assert.deepEqual({ rank: file.hotspot.rank, revisions: file.hotspot.revisions, significant: file.hotspot.significant }, { rank: 1, revisions: 9, significant: true });
    assert.deepEqual(file.authors.map((author) => author.name).sort(), ['Alice Anders', 'Bob Brown', 'Carol Chen']);
    assert.ok(file.importers.includes(FIXTURE.handler) && file.importers.includes(FIXTURE.receipt), `importers: ${file.importers}`);
    assert.deepEqual(impact.backlog.filter((item) => item.fromHistory).map((item) => item.id), ['PROJ-12', 'PROJ-40']);
  });

  test('debtLens.showImpact of the entry: its backlog item and its function', async () => {
    const impact = await vscode.commands.executeCommand('debtLens.showImpact', { kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id });
    assert.ok(impact, 'showImpact returned nothing');
    assert.equal(impact.target.kind, 'entry');
    assert.equal(impact.orphanedAnchors, 0);
    assert.deepEqual(impact.symbols.map((symbol) => [symbol.name, symbol.revisions]), [['InvoiceService.refresh', 4]]);
    assert.ok(impact.backlog.some((item) => item.id === 'PROJ-123' && item.fromEntry), JSON.stringify(impact.backlog));
    assert.equal(impact.interest?.revisions, 4);
    // The panel opens with the entry itself. Carol recorded it 10 days ago; refresh last changed 40 days ago, so
    // no interest has accrued since it was created.
    const created = frontMatter(fs.readFileSync(path.join(root, FIXTURE.entry.file), 'utf8')).created;
    assert.deepEqual(impact.entry, {
      id: FIXTURE.entry.id,
      title: FIXTURE.entry.title,
      status: 'open',
      severity: 'high',
      principal: '2d',
      path: FIXTURE.entry.file,
      author: 'Carol Chen',
      created: created instanceof Date ? created.toISOString().replace(/\.000Z$/, 'Z') : created,
      tags: ['billing'],
      backlog: ['PROJ-123'],
      sinceCreated: { revisions: 0, churn: 0 },
    });
  });

  test('debtLens.showHotspotMap returns the mapped files', async () => {
    const mapped = await vscode.commands.executeCommand('debtLens.showHotspotMap');
    assert.ok(mapped, 'showHotspotMap returned nothing');
    const files = Array.isArray(mapped) ? mapped : mapped.files;
    assert.ok(Array.isArray(files), `unexpected result ${JSON.stringify(mapped).slice(0, 300)}`);
    const paths = files.map((file) => file.path);
    assert.ok(paths.includes(FIXTURE.invoice), `mapped: ${paths}`);
    assert.ok(paths.includes(FIXTURE.handler), `mapped: ${paths}`);
  });

  test('debtLens.exportReport writes a JSON report', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-export-')), 'report.json');
    await vscode.commands.executeCommand('debtLens.exportReport', { format: 'json', uri: vscode.Uri.file(out) });
    assert.ok(fs.existsSync(out), `no report at ${out}`);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(report.schemaVersion, 2);
    assert.ok(report.files.some((file) => file.path === FIXTURE.invoice && file.rank === 1));
  });

  test('the scan cache is in the extension\'s storage, not in the repository', () => {
    const userData = process.env.DEBT_LENS_HOST_USER_DATA;
    if (userData) {
      assert.notDeepEqual(findScanCaches(path.dirname(userData)).filter((cache) => !cache.startsWith(root)), [], 'no scan cache written');
    }
    assert.equal(findScanCaches(root).length, 0, 'a scan cache in the repository');
  });

  test('the scan\'s git calls went through the runner\'s git wrapper (what the untrusted scenario relies on)', () => {
    const gitLog = process.env.DEBT_LENS_HOST_GIT_LOG;
    if (gitLog) {
      assert.match(fs.readFileSync(gitLog, 'utf8'), /\blog\b/, 'the git wrapper saw no `git log`');
    }
  });

  test('the progress of a scan reaches the status bar only: views and lenses hear of its start and end', async () => {
    const engine = api.registry.all[0];
    let changes = 0;
    let progress = 0;
    const subscriptions = [api.registry.onDidChange(() => changes++), api.registry.onDidProgress(() => progress++)];
    try {
      await engine.scan('settings');
    } finally {
      subscriptions.forEach((subscription) => subscription.dispose());
    }
    assert.equal(changes, 2, 'scanning, then ready');
    assert.ok(progress >= 1, `progress events: ${progress}`);
  });

  test('a new scan of the folder aborts the one in flight: one new report, no error', async () => {
    const engine = api.registry.all[0];
    const before = engine.report;
    const reports = new Set();
    const subscription = api.registry.onDidChange(() => reports.add(engine.report));
    try {
      const first = engine.scan('settings');
      assert.equal(engine.isScanning, true);
      const second = engine.scan('settings');
      await Promise.all([first, second]);
    } finally {
      subscription.dispose();
    }
    reports.delete(before);
    assert.equal(reports.size, 1, 'the aborted scan published a report');
    assert.equal(engine.status.kind, 'ready');
    assert.equal(engine.isScanning, false);
  });

  test('debtLens.tagSelection writes one valid entry and its lens appears', () => keepingLedger(api, root, async () => {
    const handlerUri = vscode.Uri.file(path.join(root, FIXTURE.handler));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(handlerUri));
    editor.selection = new vscode.Selection(9, 0, 19, 1); // lines 10–20: handleInvoice
    const ledger = path.join(root, '.techdebt');
    const before = new Set(fs.readdirSync(ledger));
    const id = await vscode.commands.executeCommand('debtLens.tagSelection', { title: 'Handler mixes HTTP and billing', severity: 'medium', principal: '4h', backlog: ['PROJ-77'] });
    assert.match(String(id), /^TD-[0-9a-f]{6}$/, `tagSelection returned ${id}`);
    const added = fs.readdirSync(ledger).filter((name) => !before.has(name));
    assert.deepEqual(added, [`${id}-handler-mixes-http-and-billing.md`]);
    const fields = frontMatter(fs.readFileSync(path.join(ledger, added[0]), 'utf8'));
    assert.equal(fields.id, id);
    assert.equal(fields.title, 'Handler mixes HTTP and billing');
    assert.equal(fields.status, 'open');
    assert.equal(fields.severity, 'medium');
    assert.equal(fields.principal, '4h');
    assert.deepEqual(fields.backlog, ['PROJ-77']);
    assert.match(String(fields.created), /^\d{4}-\d{2}-\d{2}/);
    assert.equal(fields.anchors.length, 1);
    const [anchor] = fields.anchors;
    assert.equal(anchor.path, FIXTURE.handler);
    assert.equal(anchor.symbol, 'handleInvoice');
    assert.deepEqual(anchor.lines, [10, 20]);
    assert.match(anchor.fingerprint, /^fp1:[0-9a-f]{16}$/);
    const title = `⚠ ${id} Handler mixes HTTP and billing · medium · PROJ-77`;
    await waitFor(async () => (await lensesOf(handlerUri)).some((lens) => lens.title === title && lens.line === 10), 20000, `the lens "${title}"`);
    await api.whenIdle();
  }));

  test('debtLens.setStatus rewrites only the entry\'s status', () => keepingLedger(api, root, async () => {
    const before = snapshotFiles(root);
    const file = FIXTURE.entry.file;
    await vscode.commands.executeCommand('debtLens.setStatus', { kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id }, 'accepted');
    const after = snapshotFiles(root);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'files were added or removed');
    const changed = [...after.keys()].filter((name) => !after.get(name).equals(before.get(name)));
    assert.deepEqual(changed, [file]);
    const oldLines = before.get(file).toString('utf8').split('\n');
    const newLines = after.get(file).toString('utf8').split('\n');
    const removed = oldLines.filter((line) => !newLines.includes(line));
    const addedLines = newLines.filter((line) => !oldLines.includes(line));
    assert.deepEqual(removed, ['status: open']);
    assert.deepEqual(addedLines.filter((line) => !line.startsWith('updated: ')), ['status: accepted']);
    assert.equal(frontMatter(after.get(file).toString('utf8')).status, 'accepted');
    await waitFor(() => api.registry.all[0].entries.find((entry) => entry.id === FIXTURE.entry.id)?.status === 'accepted', 20000, 'the engine to read the new status');
  }));
  test('saving a file re-measures that file only: its lenses follow the code, no rescan', async () => {
    const engine = api.registry.all[0];
    const scanned = engine.report.stats.durationMs;
    const document = await vscode.workspace.openTextDocument(uri);
    const insert = new vscode.WorkspaceEdit();
    insert.insert(uri, new vscode.Position(0, 0), '// two lines\n// pushed in\n');
    assert.ok(await vscode.workspace.applyEdit(insert));
    assert.ok(await document.save());
    const shifted = FIXTURE.computeTotalLines[0] + 2;
    await waitFor(async () => (await lensesOf(uri)).some((lens) => lens.title === COMPUTE_TOTAL_LENS && lens.line === shifted), 20000, `the computeTotal lens on line ${shifted}`);
    assert.equal(engine.report.stats.durationMs, scanned, 'a save must not rescan the repository');
    assert.equal(engine.isScanning, false);
    const remove = new vscode.WorkspaceEdit();
    remove.delete(uri, new vscode.Range(0, 0, 2, 0));
    assert.ok(await vscode.workspace.applyEdit(remove));
    assert.ok(await document.save());
    await waitFor(async () => (await lensesOf(uri)).some((lens) => lens.title === COMPUTE_TOTAL_LENS && lens.line === FIXTURE.computeTotalLines[0]), 20000, 'the computeTotal lens back in place');
  });

  test('a commit moves HEAD: the history is extended from the cache, quietly', async () => {
    const engine = api.registry.all[0];
    const before = engine.report;
    const format = 'src/util/format.ts';
    const formatBefore = fs.readFileSync(path.join(root, format));
    const revisions = before.files.find((file) => file.path === format).revisions;
    try {
      await commitSeparator(api, root);
      const after = engine.report;
      assert.equal(after.stats.commits, before.stats.commits + 1);
      assert.equal(after.files.find((file) => file.path === format).revisions, revisions + 1);
      // Extended, not rebuilt: the cached history and metrics were reused.
      assert.equal(after.stats.cache, 'partial');
    } finally {
      await resetHead(api, root, before.head, { [format]: formatBefore });
    }
  });
  test('debtLens.openEntry opens the entry file', async () => {
    const opened = await vscode.commands.executeCommand('debtLens.openEntry', { kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id });
    assert.equal(opened, path.join(root, FIXTURE.entry.file));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(root, FIXTURE.entry.file));
  });

  test('debtLens.promoteMarker turns the TODO into an entry with its ticket, anchored to the enclosing function', () => keepingLedger(api, root, async () => {
    const ledger = path.join(root, '.techdebt');
    const before = new Set(fs.readdirSync(ledger));
    const id = await vscode.commands.executeCommand('debtLens.promoteMarker', { kind: 'marker', folder: folder.uri.toString(), path: FIXTURE.handler, line: 17 }, 'Refunds are not handled');
    assert.match(String(id), /^TD-[0-9a-f]{6}$/);
    const added = fs.readdirSync(ledger).filter((name) => !before.has(name));
    assert.deepEqual(added, [`${id}-refunds-are-not-handled.md`]);
    const fields = frontMatter(fs.readFileSync(path.join(ledger, added[0]), 'utf8'));
    assert.deepEqual([fields.title, fields.severity, fields.status, fields.backlog], ['Refunds are not handled', 'low', 'open', ['PROJ-77']]);
    assert.deepEqual([fields.anchors[0].path, fields.anchors[0].symbol], [FIXTURE.handler, 'handleInvoice']);
    // A line without a marker: the user is told so, and nothing is written.
    assert.equal(await vscode.commands.executeCommand('debtLens.promoteMarker', { kind: 'marker', folder: folder.uri.toString(), path: FIXTURE.handler, line: 3 }, 'x'), undefined);
    assert.equal(fs.readdirSync(ledger).length, before.size + 1, 'a line without a marker wrote an entry');
  }));

  test('debtLens.updateMovedAnchors rewrites the anchor of code that moved, and back', () => keepingLedger(api, root, async () => {
    const invoicePath = path.join(root, FIXTURE.invoice);
    const entryPath = path.join(root, FIXTURE.entry.file);
    const original = fs.readFileSync(invoicePath, 'utf8');
    const target = { folder: folder.uri.toString(), confirm: true };
    try {
      fs.writeFileSync(invoicePath, `// moved\n// down\n${original}`);
      assert.deepEqual(await vscode.commands.executeCommand('debtLens.updateMovedAnchors', target), [FIXTURE.entry.id]);
      const moved = frontMatter(fs.readFileSync(entryPath, 'utf8')).anchors[0];
      assert.deepEqual([moved.symbol, moved.lines], ['InvoiceService.refresh', [FIXTURE.refreshLines[0] + 2, FIXTURE.refreshLines[1] + 2]]);
      assert.match(moved.fingerprint, /^fp1:[0-9a-f]{16}$/);
      // Nothing else moved: a second run has nothing to do.
      assert.deepEqual(await vscode.commands.executeCommand('debtLens.updateMovedAnchors', target), []);
    } finally {
      fs.writeFileSync(invoicePath, original);
    }
    assert.deepEqual(await vscode.commands.executeCommand('debtLens.updateMovedAnchors', target), [FIXTURE.entry.id]);
    assert.deepEqual(frontMatter(fs.readFileSync(entryPath, 'utf8')).anchors[0].lines, FIXTURE.refreshLines);
    await api.whenIdle();
  }));

  test('Toggle CodeLens turns both kinds off and on again', async () => {
    assert.notDeepEqual(await lensesOf(uri), []);
    await vscode.commands.executeCommand('debtLens.toggleCodeLens');
    try {
      await waitFor(async () => (await lensesOf(uri)).length === 0, 10000, 'no lenses');
    } finally {
      await vscode.commands.executeCommand('debtLens.toggleCodeLens');
    }
    await waitFor(async () => (await lensesOf(uri)).some((lens) => lens.title === COMPUTE_TOTAL_LENS), 10000, 'the lenses back');
  });

  test('Group Tech Debt by Severity regroups the view, in user settings only', () => keepingLedger(api, root, async () => {
    // A medium and a low entry beside the fixture's high one.
    await addHandlerEntries(api, folder);
    const settingsFile = path.join(root, '.vscode', 'settings.json');
    const workspaceSettings = fs.readFileSync(settingsFile, 'utf8');
    await vscode.commands.executeCommand('debtLens.groupDebtBySeverity');
    try {
      await waitFor(async () => (await rowsOf(api.trees.debt))[0]?.label === 'High', 10000, 'severity groups');
      const labels = (await rowsOf(api.trees.debt)).map((row) => row.label);
      assert.deepEqual(labels.filter((label) => !['Markers', 'Orphaned', 'Ledger problems'].includes(label)), ['High', 'Medium', 'Low']);
      assert.equal(fs.readFileSync(settingsFile, 'utf8'), workspaceSettings, 'the repository\'s .vscode/settings.json was rewritten');
    } finally {
      await vscode.commands.executeCommand('debtLens.groupDebtByStatus');
    }
    await waitFor(async () => (await rowsOf(api.trees.debt))[0]?.label === 'Open', 10000, 'status groups again');
  }));
});
