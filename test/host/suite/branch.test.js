// In-host tests of the Branch view and the changed-function lens, on the fixture repository (trusted).
// The branch is made by the test itself and removed afterwards: Dana Dorn commits "PROJ-99: bulk discount for
// large invoices" on a branch `bulk-discount` off main, adding a loop to computeTotal (cognitive 21 → 27,
// cyclomatic 11 → 14, 7 lines) and a fallback error to InvoiceService.refresh (cognitive 5 → 5, the entry
// TD-7f3a1c's code). At the base (main's HEAD, with the fixture's significance percentile 50) invoice.ts and
// computeTotal are significant hotspots (#1), refresh is #2 and not significant.
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { FIXTURE, LENSES, workspaceRoot, activateApi, settle, lensesOf, rowsOf, pick, waitFor } = require('./helpers');

const BRANCH = 'bulk-discount';

const DANA = { GIT_AUTHOR_NAME: 'Dana Dorn', GIT_AUTHOR_EMAIL: 'dana@example.com', GIT_COMMITTER_NAME: 'Dana Dorn', GIT_COMMITTER_EMAIL: 'dana@example.com' };

function git(root, args) {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: root, env: { ...process.env, ...DANA }, encoding: 'utf8' }).trim();
}

/** The fixture's invoice.ts with the branch's two changes. */
function branchInvoice(text) {
  const bulk = ['  if (invoice.lines.length > 100) {', '    for (const line of invoice.lines) {', '      if (line.quantity > 10) {', '        total -= 1;', '      }', '    }', '  }', ''].join('\n');
  const changed = text.replace('  return roundCents(total);\n', `${bulk}  return roundCents(total);\n`).replace('    throw lastError;\n', '    throw lastError ?? new Error(`no invoice ${id}`);\n');
  assert.notEqual(changed, text, 'the fixture has the lines the branch changes');
  return changed;
}

suite('Branch view and the changed-function lens (trusted)', () => {
  let api;
  let folder;
  let root;
  let uri;

  suiteSetup(async () => {
    folder = workspaceRoot();
    root = folder.uri.fsPath;
    api = await activateApi();
    const engine = await settle(api, ['ready', 'failed', 'not-git']);
    assert.equal(engine.status.kind, 'ready', `the startup scan ended as ${JSON.stringify(engine.status)}`);
    uri = vscode.Uri.file(path.join(root, FIXTURE.invoice));
  });

  test('on main itself, Review Branch says there is nothing to review, and no lens is added', async () => {
    const head = git(root, ['rev-parse', 'HEAD']);
    assert.deepEqual(await vscode.commands.executeCommand('debtLens.reviewBranch'), ['ok']);
    assert.deepEqual(pick(await rowsOf(api.trees.branch), ['label', 'description']), [
      { label: 'Nothing to review', description: 'HEAD is the base itself' },
      { label: 'Base: main', description: `merge-base ${head.slice(0, 8)} · the local main branch` },
    ]);
    assert.deepEqual((await lensesOf(uri)).filter((lens) => lens.title.startsWith('▲')), []);
  });

  test('a branch that raises computeTotal: the Branch view\'s rows, then the lens above computeTotal, gone back on main', async () => {
    const engine = api.registry.all[0];
    const base = engine.report.head;
    const file = path.join(root, FIXTURE.invoice);
    const original = fs.readFileSync(file, 'utf8');
    git(root, ['checkout', '-q', '-b', BRANCH]);
    try {
      fs.writeFileSync(file, branchInvoice(original));
      git(root, ['commit', '-q', '-am', 'PROJ-99: bulk discount for large invoices']);
      const head = git(root, ['rev-parse', 'HEAD']);
      await waitFor(() => engine.report?.head === head && !engine.isScanning, 30000, 'a rescan at the branch\'s commit');
      await api.whenIdle();

      assert.deepEqual(await vscode.commands.executeCommand('debtLens.reviewBranch'), ['worse']);
      const rows = await rowsOf(api.trees.branch);
      assert.deepEqual(pick(rows, ['label', 'description']), [
        { label: 'Verdict: worse', description: '1 commit · 2 functions changed · cognitive +6' },
        { label: 'Base: main', description: `merge-base ${base.slice(0, 8)} · the local main branch` },
        { label: 'Changed functions', description: '2' },
        { label: 'Debt entries', description: '1' },
        { label: 'Backlog', description: '2' },
      ]);
      const [verdict, , functions, entries, backlog] = rows;
      assert.deepEqual((await rowsOf(api.trees.branch, verdict.node)).map((row) => row.label), [
        `significant hotspot ${FIXTURE.invoice} (rank 1): cognitive 26 → 32`,
        `significant function ${FIXTURE.invoice} computeTotal (rank 1): cognitive 21 → 27`,
        `debt entry ${FIXTURE.entry.id} touched: ${FIXTURE.invoice} (InvoiceService.refresh)`,
      ]);
      const functionRows = await rowsOf(api.trees.branch, functions.node);
      assert.deepEqual(pick(functionRows), [
        { label: 'computeTotal', description: `cognitive 21 → 27 · #1 · ${FIXTURE.invoice}`, contextValue: 'branchFunction' },
        { label: 'InvoiceService.refresh', description: `cognitive 5 → 5 · #2 · ${FIXTURE.invoice}`, contextValue: 'branchFunction' },
      ]);
      // A row opens its function where the editor has it: computeTotal still starts on line 27, refresh moved down 7 lines.
      const refreshStart = FIXTURE.refreshLines[0] + 7;
      assert.deepEqual(functionRows.map((row) => [row.node.command.command, row.node.command.arguments[1].selection.start.line + 1]), [
        ['vscode.open', FIXTURE.computeTotalLines[0]],
        ['vscode.open', refreshStart],
      ]);
      assert.deepEqual(pick(await rowsOf(api.trees.branch, entries.node)), [
        { label: FIXTURE.entry.title, description: `${FIXTURE.entry.id} · touched · ${FIXTURE.invoice} · InvoiceService.refresh`, contextValue: 'debtEntry' },
      ]);
      assert.deepEqual(pick(await rowsOf(api.trees.branch, backlog.node)), [
        { label: 'PROJ-99', description: undefined, contextValue: 'backlogItem' },
        { label: 'PROJ-123', description: undefined, contextValue: 'backlogItem' },
      ]);

      // The branch's scan: invoice.ts has Dana's commit (10 changes, 4 authors, PROJ-99), computeTotal 7 changes at cognitive 27.
      const target = (symbol, line) => ({ kind: 'symbol', folder: folder.uri.toString(), path: FIXTURE.invoice, symbol, line });
      assert.deepEqual(await lensesOf(uri), [
        { line: 1, title: '🔥 Hotspot file #1 · 10 changes in 12 mo · cognitive 32 · 4 authors · 3 tickets', command: 'debtLens.showImpact', arguments: [{ kind: 'file', folder: folder.uri.toString(), path: FIXTURE.invoice }] },
        { line: FIXTURE.computeTotalLines[0], title: '🔥 Hotspot #1 · 7 changes in 12 mo · cognitive 27 · 3 authors · 3 tickets', command: 'debtLens.showImpact', arguments: [target('computeTotal', FIXTURE.computeTotalLines[0])] },
        { line: FIXTURE.computeTotalLines[0], title: '▲ cognitive 21 → 27 on this branch', command: 'debtLens.showImpact', arguments: [target('computeTotal', FIXTURE.computeTotalLines[0])] },
        // refresh's cognitive did not rise: the entry's lens alone.
        { line: refreshStart, title: LENSES.debt, command: 'debtLens.openEntry', arguments: [{ kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id }] },
      ]);
    } finally {
      git(root, ['checkout', '-q', 'main']);
      git(root, ['branch', '-q', '-D', BRANCH]);
      await waitFor(() => engine.report?.head === base && !engine.isScanning, 30000, `a rescan back at ${base.slice(0, 8)}`);
      await api.whenIdle();
    }
    assert.equal(fs.readFileSync(file, 'utf8'), original);
    // Back on main the review is of a commit no longer checked out: its lens goes.
    assert.deepEqual((await lensesOf(uri)).map((lens) => [lens.line, lens.title]), [
      [1, LENSES.file],
      [FIXTURE.computeTotalLines[0], LENSES.computeTotal],
      [FIXTURE.refreshLines[0], LENSES.debt],
    ]);
  });
});
