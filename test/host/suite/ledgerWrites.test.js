// In-host tests of issue 14's "a ledger write shows at once": after Tag Selection, Set Status and Update Moved
// Anchors (and the Undo of each), the lens, the Tech Debt tree and the open impact panel show the write with no
// scan in between. Every scan that starts while a test looks is cancelled (noScans), so what the surfaces show
// can only come from the write itself; the test then rescans to leave the folder as it found it.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { FIXTURE, LENSES, workspaceRoot, activateApi, settle, lensesOf, rowsOf, pick, frontMatter, waitFor, keepingLedger } = require('./helpers');

const SURFACE_MS = 15000;

/** Cancels every scan of `engine` that starts until `stop()`: a quiet rescan scheduled by a write never publishes. */
function noScans(engine) {
  let cancelled = 0;
  const subscription = engine.onDidChange(() => {
    if (engine.isScanning) {
      cancelled++;
      engine.cancel();
    }
  });
  return {
    get cancelled() {
      return cancelled;
    },
    stop: () => subscription.dispose(),
  };
}

/**
 * Answers the extension's information messages as a user would click them: `next(pattern)` resolves with the
 * first message matching `pattern` once it shows, and `answer(choice)` clicks one of its buttons. The test and
 * the extension share this extension's `vscode` API object, so the extension's calls come here until `restore()`.
 */
function messages() {
  const original = { info: vscode.window.showInformationMessage, warning: vscode.window.showWarningMessage };
  const shown = [];
  const warnings = [];
  vscode.window.showWarningMessage = (message, ...items) => {
    warnings.push(message);
    return original.warning(message, ...items);
  };
  vscode.window.showInformationMessage = (message, ...items) => {
    let answer;
    const choice = new Promise((resolve) => (answer = resolve));
    shown.push({ message, items: items.filter((item) => typeof item === 'string'), answer });
    return choice;
  };
  return {
    next: (pattern) => waitFor(() => shown.find((item) => pattern.test(item.message)), SURFACE_MS, `a message matching ${pattern}`),
    /** Warnings the extension showed: what a command that returned nothing had to say. */
    warnings,
    restore: () => {
      vscode.window.showInformationMessage = original.info;
      vscode.window.showWarningMessage = original.warning;
      // Messages left unanswered are dismissed, as a user closing them would.
      for (const item of shown) {
        item.answer(undefined);
      }
    },
  };
}

/** The Tech Debt view's groups (label and count), and the rows under the group labelled `group`. */
async function debtTree(api, group) {
  const groups = await rowsOf(api.trees.debt);
  const match = groups.find((row) => row.label === group);
  const entries = match ? await rowsOf(api.trees.debt, match.node) : [];
  return { groups: pick(groups, ['label', 'description']), entries };
}

async function anchorRows(api, entryRow) {
  return pick(await rowsOf(api.trees.debt, entryRow.node), ['label', 'description']);
}

suite('Ledger writes show at once, with no scan (trusted)', () => {
  let api;
  let engine;
  let folder;
  let root;
  let invoiceUri;
  let handlerUri;

  suiteSetup(async () => {
    folder = workspaceRoot();
    root = folder.uri.fsPath;
    api = await activateApi();
    engine = await settle(api, ['ready', 'failed', 'not-git']);
    assert.equal(engine.status.kind, 'ready', `the startup scan ended as ${JSON.stringify(engine.status)}`);
    invoiceUri = vscode.Uri.file(path.join(root, FIXTURE.invoice));
    handlerUri = vscode.Uri.file(path.join(root, FIXTURE.handler));
  });

  // The panel would be drawn again on other suites' writes.
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  /**
   * The editor on `uri` in the first column, the impact of `target` in a new panel beside it (so visible: a panel
   * left by another test may sit in the editor's column), the editor focused.
   */
  async function editorWithPanel(uri, target) {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('debtLens.showImpact', { folder: folder.uri.toString(), ...target });
    assert.ok(api.impactPanelModel(), 'the impact panel is not open');
    // A new panel takes the focus once its page has loaded, after showImpact returned: the editor is focused
    // again until it stays the active one (Tag Selection reads it).
    return waitFor(async () => {
      const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      await new Promise((resolve) => setTimeout(resolve, 500));
      return vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath ? editor : undefined;
    }, SURFACE_MS, `${uri.fsPath} to stay the active editor`);
  }

  /** Runs `body` with scans cancelled and messages answered by the test, then rescans (the folder as it was). */
  async function withoutScans(body) {
    const guard = noScans(engine);
    const shown = messages();
    const scanned = engine.details;
    try {
      await body(shown);
      assert.equal(engine.details, scanned, 'a scan published while the test looked');
    } finally {
      shown.restore();
      guard.stop();
      await engine.scan('settings');
      await api.whenIdle();
    }
  }

  test('Tag Selection: the lens, the Open group and the panel\'s entries show the new entry; Undo takes it out again', () => keepingLedger(api, root, () => withoutScans(async (shown) => {
    const editor = await editorWithPanel(handlerUri, { kind: 'file', path: FIXTURE.handler });
    assert.deepEqual(api.impactPanelModel().entries.rows, []);
    editor.selection = new vscode.Selection(9, 0, 19, 1); // lines 10–20: handleInvoice
    const id = await vscode.commands.executeCommand('debtLens.tagSelection', { title: 'Handler mixes HTTP and billing', severity: 'medium', principal: '4h', backlog: ['PROJ-77'] });
    assert.match(String(id), /^TD-[0-9a-f]{6}$/, `tagSelection returned ${id}; warnings: ${JSON.stringify(shown.warnings)}`);
    const title = `⚠ ${id} Handler mixes HTTP and billing · medium · PROJ-77`;
    assert.deepEqual((await lensesOf(handlerUri)).filter((lens) => lens.title.startsWith('⚠')).map((lens) => [lens.line, lens.title]), [[10, title]]);
    const { groups, entries } = await debtTree(api, 'Open');
    assert.deepEqual(groups, [{ label: 'Open', description: '2' }, { label: 'Markers', description: '1' }]);
    const row = entries.find((candidate) => candidate.label === 'Handler mixes HTTP and billing');
    assert.ok(row, `Open rows: ${JSON.stringify(pick(entries))}`);
    assert.equal(row.description, `${id} · medium · PROJ-77`);
    assert.deepEqual(await anchorRows(api, row), [{ label: `${FIXTURE.handler} · handleInvoice`, description: 'lines 10–20' }]);
    // The panel is drawn again from the patched state, not after a scan.
    const rows = await waitFor(() => {
      const found = api.impactPanelModel()?.entries.rows ?? [];
      return found.length > 0 ? found : undefined;
    }, SURFACE_MS, 'the panel to list the new entry');
    assert.deepEqual(rows.map((cells) => cells.map((cell) => cell.text)), [[id, 'Handler mixes HTTP and billing', 'open', 'medium', '4h']]);
    // Not measured yet: the scan's ledger leaves it out until a scan reads its interest.
    assert.equal(engine.report.ledger.entries.some((entry) => entry.id === id), false);

    const recorded = await shown.next(/^Recorded TD-/);
    assert.deepEqual(recorded.items, ['Open Entry', 'Undo']);
    recorded.answer('Undo');
    await shown.next(new RegExp(`^Debt Lens: removed ${id} `));
    assert.equal(fs.existsSync(path.join(root, '.techdebt', `${id}-handler-mixes-http-and-billing.md`)), false);
    assert.deepEqual((await lensesOf(handlerUri)).filter((lens) => lens.title.startsWith('⚠')), []);
    assert.deepEqual((await debtTree(api, 'Open')).groups, [{ label: 'Open', description: '1' }, { label: 'Markers', description: '1' }]);
    await waitFor(() => api.impactPanelModel()?.entries.rows.length === 0, SURFACE_MS, 'the panel to drop the entry');
  })));

  test('Set Status: the lens goes, the entry moves to its group, the panel says the status; Undo puts it back', () => keepingLedger(api, root, () => withoutScans(async (shown) => {
    await editorWithPanel(invoiceUri, { kind: 'entry', id: FIXTURE.entry.id });
    const status = () => api.impactPanelModel()?.entry?.facts.find((fact) => fact.label === 'Status')?.value;
    assert.equal(status(), 'open');
    const interest = engine.report.ledger.entries.find((entry) => entry.id === FIXTURE.entry.id).interest;
    assert.equal(await vscode.commands.executeCommand('debtLens.setStatus', { kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id }, 'paid'), 'paid');
    // A paid entry has no lens.
    assert.deepEqual((await lensesOf(invoiceUri)).filter((lens) => lens.title.startsWith('⚠')), []);
    const { groups, entries } = await debtTree(api, 'Paid');
    assert.deepEqual(groups, [{ label: 'Paid', description: '1' }, { label: 'Markers', description: '1' }]);
    assert.deepEqual(pick(entries, ['label', 'description']), [{ label: FIXTURE.entry.title, description: 'TD-7f3a1c · high · PROJ-123' }]);
    await waitFor(() => status() === 'paid', SURFACE_MS, 'the panel to say paid');
    // The scan's ledger has the new status, and keeps what it measured.
    const scanned = engine.report.ledger.entries.find((entry) => entry.id === FIXTURE.entry.id);
    assert.deepEqual([scanned.status, scanned.interest], ['paid', interest]);

    const changed = await shown.next(/^TD-7f3a1c: open → paid$/);
    changed.answer('Undo');
    await shown.next(/^Debt Lens: TD-7f3a1c: back to open\.$/);
    assert.equal(frontMatter(fs.readFileSync(path.join(root, FIXTURE.entry.file), 'utf8')).status, 'open');
    assert.deepEqual((await lensesOf(invoiceUri)).filter((lens) => lens.title.startsWith('⚠')).map((lens) => [lens.line, lens.title]), [[FIXTURE.refreshLines[0], LENSES.debt]]);
    assert.deepEqual((await debtTree(api, 'Open')).groups, [{ label: 'Open', description: '1' }, { label: 'Markers', description: '1' }]);
    await waitFor(() => status() === 'open', SURFACE_MS, 'the panel to say open again');
  })));

  test('Update Moved Anchors: the lens, the anchor\'s lines in the tree and the panel\'s function follow the code; Undo writes the old lines back', () => keepingLedger(api, root, async () => {
    const invoicePath = path.join(root, FIXTURE.invoice);
    const original = fs.readFileSync(invoicePath, 'utf8');
    const [start, end] = [FIXTURE.refreshLines[0] + 2, FIXTURE.refreshLines[1] + 2];
    try {
      await withoutScans(async (shown) => {
        const editor = await editorWithPanel(invoiceUri, { kind: 'entry', id: FIXTURE.entry.id });
        const functionRow = () => api.impactPanelModel()?.complexity.rows.find((cells) => cells[0].text === 'InvoiceService.refresh')?.[0].hint;
        assert.equal(functionRow(), `${FIXTURE.invoice}:${FIXTURE.refreshLines[0]}–${FIXTURE.refreshLines[1]}`);
        // Two lines put in front of the file outside the editor (a checkout, another tool): no save, no scan.
        fs.writeFileSync(invoicePath, `// moved\n// down\n${original}`);
        await waitFor(() => editor.document.getText().startsWith('// moved'), SURFACE_MS, 'the editor to reload invoice.ts');
        assert.deepEqual(await vscode.commands.executeCommand('debtLens.updateMovedAnchors', { folder: folder.uri.toString(), confirm: true }), [FIXTURE.entry.id]);
        assert.deepEqual(frontMatter(fs.readFileSync(path.join(root, FIXTURE.entry.file), 'utf8')).anchors[0].lines, [start, end]);
        assert.deepEqual((await lensesOf(invoiceUri)).filter((lens) => lens.title.startsWith('⚠')).map((lens) => [lens.line, lens.title]), [[start, LENSES.debt]]);
        const { entries } = await debtTree(api, 'Open');
        assert.deepEqual(await anchorRows(api, entries[0]), [{ label: `${FIXTURE.invoice} · InvoiceService.refresh`, description: `lines ${start}–${end}` }]);
        await waitFor(() => functionRow() === `${FIXTURE.invoice}:${start}–${end}`, SURFACE_MS, `the panel to place refresh at ${start}–${end}`);
        assert.deepEqual(engine.resolutions.get(FIXTURE.entry.id).map((resolution) => [resolution.status, resolution.anchor.lines, resolution.moved]), [['resolved', [start, end], false]]);

        const updated = await shown.next(/^Updated the anchors of 1 entry\.$/);
        updated.answer('Undo');
        await shown.next(/^Debt Lens: restored the anchors of 1 entry\.$/);
        // The old lines are written back; the code is still two lines down, so the anchor reads as moved there.
        assert.deepEqual(frontMatter(fs.readFileSync(path.join(root, FIXTURE.entry.file), 'utf8')).anchors[0].lines, FIXTURE.refreshLines);
        assert.deepEqual(await anchorRows(api, (await debtTree(api, 'Open')).entries[0]), [{ label: `${FIXTURE.invoice} · InvoiceService.refresh`, description: `lines ${start}–${end} · moved` }]);
        assert.deepEqual((await lensesOf(invoiceUri)).filter((lens) => lens.title.startsWith('⚠')).map((lens) => lens.line), [start]);
      });
    } finally {
      fs.writeFileSync(invoicePath, original);
      await engine.scan('settings');
      await api.whenIdle();
    }
  }));
});
