// In-host tests on the fixture repository (test/host/fixtureRepository.mjs) in a trusted workspace whose user
// settings turn the startup scan off ("debtLens.scan.onStartup": false, written by the runner before code-server
// starts). The runner puts the logging `git` wrapper first on PATH (DEBT_LENS_HOST_GIT_LOG), as in the trusted
// and untrusted scenarios: until the suite runs Debt Lens: Scan Workspace nothing may run git, yet the ledger
// (read without git) is listed and annotated; then the command scans, and the numbers are the trusted scenario's.
// What the workbench shows (the Hotspots view's welcome content, the status bar item) is read by the runner from
// the DOM when asked (DEBT_LENS_HOST_PROBE_DIR, see answerWorkbenchProbes in test/host/runInHost.mjs): the
// extension's API does not expose its context keys or its status bar text, and VS Code has no API to read them.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const pkg = require('../../../package.json');
const { EXTENSION_ID, FIXTURE, LENSES, workspaceRoot, activateApi, settle, waitFor, lensesOf, rowsOf, pick, findScanCaches, scanCacheFolderName, assertFixtureRanked, gitCalls } = require('./helpers');

const { file: FILE_LENS, computeTotal: COMPUTE_TOTAL_LENS, debt: DEBT_LENS } = LENSES;
const ENTRY_ROW = { label: FIXTURE.entry.title, description: 'TD-7f3a1c · high · PROJ-123', contextValue: 'debtEntry' };
const HOTSPOT_ROWS = [
  { label: path.posix.basename(FIXTURE.invoice), description: `#1 · score 234 · 9 changes · cognitive 26 · ${path.posix.dirname(FIXTURE.invoice)}`, contextValue: 'hotspotFile.significant' },
  { label: path.posix.basename(FIXTURE.handler), description: `#2 · score 4 · 2 changes · cognitive 2 · ${path.posix.dirname(FIXTURE.handler)}`, contextValue: 'hotspotFile' },
  { label: path.posix.basename(FIXTURE.receipt), description: `#3 · score 1 · 1 change · cognitive 1 · ${path.posix.dirname(FIXTURE.receipt)}`, contextValue: 'hotspotFile' },
];

/**
 * The Hotspots view's welcome content for a `debtLens.state` value, as package.json's viewsWelcome declares it
 * and as the workbench renders it: a line that is one link is a button (its label), any other line a paragraph.
 */
function hotspotsWelcome(state) {
  const matching = pkg.contributes.viewsWelcome.filter((entry) => entry.view === 'debtLens.hotspots' && entry.when === `debtLens.state == ${state}`);
  assert.equal(matching.length, 1, `viewsWelcome entries of debtLens.hotspots for ${state}: ${JSON.stringify(matching)}`);
  const lines = matching[0].contents.split('\n');
  const link = /^\[([^\]]+)\]\(([^)]+)\)$/;
  return {
    paragraphs: lines.filter((line) => !link.test(line)),
    buttons: lines.filter((line) => link.test(line)).map((line) => link.exec(line)[1]),
    links: lines.filter((line) => link.test(line)).map((line) => link.exec(line)[2]),
  };
}

let probes = 0;

/** Asks the runner what the workbench shows (see probeWorkbench in test/host/runInHost.mjs) and waits for its answer. */
async function askWorkbench(request) {
  const dir = process.env.DEBT_LENS_HOST_PROBE_DIR;
  assert.ok(dir, 'the runner sets DEBT_LENS_HOST_PROBE_DIR (run this scenario with test/host/runInHost.mjs)');
  probes += 1;
  const file = path.join(dir, `request-${probes}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(request));
  fs.renameSync(`${file}.tmp`, file);
  const answerFile = path.join(dir, `answer-${probes}.json`);
  await waitFor(() => fs.existsSync(answerFile), 90000, `the runner's answer ${answerFile}`);
  const answer = JSON.parse(fs.readFileSync(answerFile, 'utf8'));
  assert.equal(answer.error, undefined, `the runner could not read the workbench: ${answer.error}`);
  return answer;
}

// Two suites, two phases of one host: before any scan, then after Scan Workspace (which the second suite's
// setup runs). Each test of a phase stands alone; the phases keep their order (see suite/index.js).
let api;
let folder;
let root;
let uri;
let userData;
let cacheDir;
let settled;

/** Activates the extension and waits until it settled without scanning: once, for both phases. */
function setUp() {
  settled ??= (async () => {
    folder = workspaceRoot();
    root = folder.uri.fsPath;
    uri = vscode.Uri.file(path.join(root, FIXTURE.invoice));
    userData = process.env.DEBT_LENS_HOST_USER_DATA;
    assert.ok(userData, 'the runner sets DEBT_LENS_HOST_USER_DATA');
    // context.globalStorageUri of the extension; the cache file in it: scanCache.ts cacheFileFor.
    cacheDir = path.join(userData, 'User', 'globalStorage', EXTENSION_ID, 'scan-cache');
    assert.equal(vscode.workspace.isTrusted, true, 'the no-startup-scan scenario opens a trusted workspace');
    api = await activateApi();
    // whenIdle (in settle) waits until the startup scans were started, then until no scan runs or is
    // scheduled: a startup scan that wrongly started would have finished (with a report) by then.
    await settle(api, ['idle', 'scanning', 'ready', 'failed', 'not-git']);
    // Give anything that would wrongly start later (a quiet rescan, a marker harvest) time to show up.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await api.whenIdle();
    // The ledger is read in the background (no git): wait for its one entry.
    await waitFor(() => api.registry.all[0].entries.length === 1, 20000, 'the ledger\'s entry');
  })();
  return settled;
}

suite('Debt Lens with the startup scan off (debtLens.scan.onStartup: false): before any scan', () => {
  suiteSetup(setUp);

  test('the setting is the user\'s: scan.onStartup false in User/settings.json', () => {
    const inspected = vscode.workspace.getConfiguration('debtLens', folder).inspect('scan.onStartup');
    assert.deepEqual(
      { defaultValue: inspected.defaultValue, globalValue: inspected.globalValue, workspaceValue: inspected.workspaceValue, workspaceFolderValue: inspected.workspaceFolderValue },
      { defaultValue: true, globalValue: false, workspaceValue: undefined, workspaceFolderValue: undefined },
    );
  });

  test('the engine was not scanned: status idle, no report, nothing running', () => {
    assert.equal(api.registry.all.length, 1);
    const engine = api.registry.all[0];
    assert.deepEqual(engine.status, { kind: 'idle' });
    assert.equal(engine.report, undefined);
    assert.equal(engine.details, undefined);
    assert.equal(engine.isScanning, false);
    assert.deepEqual(engine.entries.map((entry) => [entry.id, entry.title, entry.status]), [[FIXTURE.entry.id, FIXTURE.entry.title, 'open']]);
  });

  test('no hotspot rows; the ledger entry is listed in the Tech Debt and Backlog views', async () => {
    assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), []);
    const groups = await rowsOf(api.trees.debt);
    // Markers has no count before a scan; its children (git blame) are not asked for here.
    assert.deepEqual(pick(groups, ['label', 'description']), [
      { label: 'Open', description: '1' },
      { label: 'Markers', description: undefined },
    ]);
    assert.deepEqual(pick(await rowsOf(api.trees.debt, groups[0].node)), [ENTRY_ROW]);
    const items = await rowsOf(api.trees.backlog);
    assert.deepEqual(pick(items), [{ label: 'PROJ-123', description: '1 entry', contextValue: 'backlogItem' }]);
  });

  test('no hotspot lens on invoice.ts; the debt lens of the ledger entry is shown', async () => {
    const lenses = await lensesOf(uri);
    assert.deepEqual(lenses, [
      { line: FIXTURE.refreshLines[0], title: DEBT_LENS, command: 'debtLens.openEntry', arguments: [{ kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id }] },
    ]);
  });

  test('the workbench shows the Hotspots view\'s "No scan yet" welcome with its Scan Workspace button, and the status bar 0 hotspots, 1 entry', async () => {
    const idle = hotspotsWelcome('idle');
    // The button the welcome content offers runs the scan (package.json, `debtLens.state == idle`).
    assert.deepEqual(idle, {
      paragraphs: ['No scan yet. Debt Lens ranks files and functions where complexity meets frequent change.'],
      buttons: ['Scan Workspace'],
      links: ['command:debtLens.scanWorkspace'],
    });
    await vscode.commands.executeCommand('workbench.view.extension.debtLens');
    const shown = await askWorkbench({ hotspots: 'welcome', statusBar: '$(flame) 0 $(warning) 1' });
    // The welcome content shown is the one for `debtLens.state == idle`: every state has its own text.
    assert.deepEqual(shown, {
      hotspots: { welcome: { paragraphs: idle.paragraphs, buttons: idle.buttons }, rows: [] },
      statusBar: ['$(flame) 0 $(warning) 1'],
    });
  });

  test('before any scan, HEAD rewritten and the ledger edited: the entry is re-read, nothing is scanned', async () => {
    const engine = api.registry.all[0];
    // What `git checkout main` does to HEAD: the watcher on .git/HEAD fires; written without git.
    const head = path.join(root, '.git', 'HEAD');
    fs.writeFileSync(head, fs.readFileSync(head));
    const entryFile = path.join(root, FIXTURE.entry.file);
    const original = fs.readFileSync(entryFile, 'utf8');
    assert.ok(original.includes('\nseverity: high\n'));
    const medium = DEBT_LENS.replace('· high ·', '· medium ·');
    try {
      fs.writeFileSync(entryFile, original.replace('\nseverity: high\n', '\nseverity: medium\n'));
      await waitFor(async () => (await lensesOf(uri)).some((lens) => lens.title === medium), 20000, `the lens "${medium}"`);
      // Past the registry's quiet-rescan delay (750 ms): a scheduled scan would be running or done by now.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await api.whenIdle();
      assert.deepEqual(engine.status, { kind: 'idle' });
      assert.equal(engine.report, undefined);
      assert.deepEqual((await lensesOf(uri)).map((lens) => [lens.line, lens.title]), [[FIXTURE.refreshLines[0], medium]]);
      assert.equal(gitCalls(), '', 'a HEAD change or a ledger edit started a scan with debtLens.scan.onStartup off');
    } finally {
      fs.writeFileSync(entryFile, original);
    }
    await waitFor(async () => (await lensesOf(uri)).some((lens) => lens.title === DEBT_LENS), 20000, `the lens "${DEBT_LENS}" back`);
    await api.whenIdle();
  });

  test('nothing ran git, and there is no scan cache', () => {
    assert.equal(gitCalls(), '', 'git ran before Scan Workspace');
    assert.deepEqual(findScanCaches(path.dirname(userData)), [], 'a scan cache exists before any scan');
    assert.equal(fs.existsSync(cacheDir), false, `${cacheDir} exists before any scan`);
    assert.deepEqual(api.registry.all[0].status, { kind: 'idle' });
  });

});

suite('Debt Lens with the startup scan off (debtLens.scan.onStartup: false): after Scan Workspace', () => {
  // What each change the scan announced held: the first scan of a session shows its files before X-Ray ends.
  const seen = [];
  suiteSetup(async () => {
    await setUp();
    const engine = api.registry.all[0];
    const subscription = engine.onDidChange(() => {
      const report = engine.report;
      const invoice = report?.files.find((file) => file.path === FIXTURE.invoice);
      seen.push(report && { status: engine.status.kind, xrayFiles: report.stats.xrayFiles, rank: invoice?.rank, xray: invoice?.xray, computeTotalRevisions: invoice?.functions.find((fn) => fn.name === 'computeTotal')?.revisions });
    });
    try {
      await vscode.commands.executeCommand('debtLens.scanWorkspace');
      await api.whenIdle();
    } finally {
      subscription.dispose();
    }
  });

  test('the first scan shows ranked files before X-Ray (file lenses at once), then the complete report', () => {
    const reports = seen.filter((entry) => entry !== undefined);
    assert.deepEqual(reports, [
      { status: 'scanning', xrayFiles: 0, rank: 1, xray: false, computeTotalRevisions: null },
      { status: 'ready', xrayFiles: 3, rank: 1, xray: true, computeTotalRevisions: 6 },
    ]);
  });

  test('Scan Workspace scans: invoice.ts ranked as its commits say, from a cold cache', async () => {
    const engine = api.registry.all[0];
    assert.deepEqual(engine.status, { kind: 'ready' });
    const report = engine.report;
    assert.ok(report, 'no report after Scan Workspace');
    assert.equal(report.root, root);
    assert.equal(report.stats.significantFiles, 1);
    assert.equal(report.stats.cache, 'cold');
    assertFixtureRanked(report);
  });

  test('after the scan: the Hotspots rows, the hotspot lenses beside the debt lens', async () => {
    assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), HOTSPOT_ROWS);
    const target = (symbol, line) => (symbol
      ? { kind: 'symbol', folder: folder.uri.toString(), path: FIXTURE.invoice, symbol, line }
      : { kind: 'file', folder: folder.uri.toString(), path: FIXTURE.invoice });
    assert.deepEqual(await lensesOf(uri), [
      { line: 1, title: FILE_LENS, command: 'debtLens.showImpact', arguments: [target()] },
      { line: FIXTURE.computeTotalLines[0], title: COMPUTE_TOTAL_LENS, command: 'debtLens.showImpact', arguments: [target('computeTotal', FIXTURE.computeTotalLines[0])] },
      // refresh (cognitive 5) is below the complexity floor: the entry's lens alone.
      { line: FIXTURE.refreshLines[0], title: DEBT_LENS, command: 'debtLens.openEntry', arguments: [{ kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id }] },
    ]);
  });

  test('after the scan the workbench shows the ranked files, no welcome, and the status bar 1 hotspot, 1 entry', async () => {
    const shown = await askWorkbench({ hotspots: 'rows', statusBar: '$(flame) 1 $(warning) 1' });
    assert.deepEqual(shown, {
      hotspots: { welcome: null, rows: HOTSPOT_ROWS.map((row) => `${row.label} · ${row.description}`) },
      statusBar: ['$(flame) 1 $(warning) 1'],
    });
  });

  test('the scan ran git, in the repository, through the wrapper', () => {
    // `<cwd>\t<arguments>` per call (runInHost.mjs writeGitWrapper); the subcommand follows the `-c name=value` options.
    const calls = gitCalls().split('\n').filter(Boolean).map((line) => {
      const [cwd, args] = line.split('\t');
      return { cwd, subcommand: args.replace(/^(-c \S+ )*/, '').split(' ')[0] };
    });
    assert.notEqual(calls.length, 0, 'the git wrapper saw no call');
    assert.deepEqual([...new Set(calls.map((call) => call.cwd))], [root]);
    const subcommands = new Set(calls.map((call) => call.subcommand));
    assert.ok(subcommands.has('log') && subcommands.has('rev-parse'), `git subcommands: ${[...subcommands].join(', ')}`);
  });

  test('the scan wrote its cache file in the extension\'s storage, not in the repository', () => {
    assert.deepEqual(findScanCaches(path.dirname(userData)), [cacheDir]);
    assert.deepEqual(fs.readdirSync(cacheDir), [scanCacheFolderName(root)]);
    const cacheFile = path.join(cacheDir, scanCacheFolderName(root), 'scan.json');
    assert.ok(fs.statSync(cacheFile).size > 0, `empty ${cacheFile}`);
    assert.deepEqual(findScanCaches(root), []);
  });
});
