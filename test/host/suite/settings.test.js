// In-host tests of the debtLens.* settings that no other in-host test covers (trusted scenario). Each test
// changes one setting in the user's settings (ConfigurationTarget.Global: nothing is written into the fixture
// repository), waits for the rescan the extension starts on its own, checks what a user reads (report
// numbers, Hotspots and Tech Debt rows, CodeLens titles, tracker requests), restores the setting and checks
// that the original numbers are back.
//
// The state these tests start from is the fixture (test/host/fixtureRepository.mjs) with what suiteSetup adds,
// through git and the extension's commands, and suiteTeardown takes away again: 14 commits (the 13 of the
// fixture and Dana Dorn's "Separator constant (PROJ-12)" on format.ts), the entry TD-7f3a1c accepted, and two
// more open entries on handleInvoice (PROJ-77). The fixture's commits, in
// days before the run: 120 Alice (invoice.ts created, format.ts), 110 Bob (invoice: computeTotal), 100 Carol
// (invoice: refresh), 90 Alice (invoice: computeTotal), 80 Bob (handler.ts, index.ts), 75 Alice
// (receipt.ts), 70 Carol (invoice: refresh), 60 Alice (invoice: computeTotal), 50 Bob (invoice: computeTotal;
// format.ts), 40 Carol (invoice: refresh), 30 Alice (handler.ts), 20 Bob (invoice: computeTotal), 10 Carol
// (ledger entry, .vscode/settings.json), then Dana (format.ts), minutes before these tests.
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { isDeepStrictEqual } = require('node:util');
const vscode = require('vscode');
const pkg = require('../../../package.json');
const {
  FIXTURE, LENSES, workspaceRoot, activateApi, settle, waitFor, lensesOf, rowsOf, pick, hoverText, frontMatter, snapshotLedger, restoreLedger, commitSeparator, resetHead,
  addHandlerEntries,
} = require('./helpers');

const FORMAT = 'src/util/format.ts';
const INDEX = 'src/index.ts';

// What the default settings show (as trusted.test.js checks them on the fresh fixture; Dana's commit
// touched format.ts only, whose cognitive complexity is 0). Significant: percentile ≥ 50 (the fixture's
// deprecated codeLens.hotspotPercentile), ≥ 3 revisions, cognitive ≥ 15: invoice.ts and computeTotal only;
// refresh (cognitive 5) and handleInvoice (2 changes, cognitive 2) have no hotspot lens.
const { file: FILE_LENS, computeTotal: COMPUTE_TOTAL_LENS, refresh: REFRESH_LENS, debt: DEBT_LENS } = LENSES;
const COMPUTE_TOTAL_LINE = FIXTURE.computeTotalLines[0];
const REFRESH_LINE = FIXTURE.refreshLines[0];

const BASELINE_HOTSPOT_ROWS = [
  { label: path.posix.basename(FIXTURE.invoice), description: `#1 · score 234 · 9 changes · cognitive 26 · ${path.posix.dirname(FIXTURE.invoice)}`, contextValue: 'hotspotFile.significant' },
  { label: path.posix.basename(FIXTURE.handler), description: `#2 · score 4 · 2 changes · cognitive 2 · ${path.posix.dirname(FIXTURE.handler)}`, contextValue: 'hotspotFile' },
  { label: path.posix.basename(FIXTURE.receipt), description: `#3 · score 1 · 1 change · cognitive 1 · ${path.posix.dirname(FIXTURE.receipt)}`, contextValue: 'hotspotFile' },
];
const BASELINE_INVOICE_LENSES = [
  { line: 1, title: FILE_LENS },
  { line: COMPUTE_TOTAL_LINE, title: COMPUTE_TOTAL_LENS },
  { line: REFRESH_LINE, title: DEBT_LENS },
];

/** Every setting these tests change, with its default (package.json). */
const DEFAULTS = {
  'scan.windowMonths': 12,
  'scan.xrayTop': 20,
  'scan.complexityMetric': 'cognitive',
  'scan.exclude': [],
  'scan.botPattern': '',
  'ledger.folder': '.techdebt',
  'hotspots.maxFiles': 50,
  'codeLens.hotspots': true,
  'codeLens.debt': true,
  'codeLens.maxFunctionLenses': 3,
  'significance.minRevisions': 3,
  'significance.minComplexity': 0,
  'backlog.liveLookups': true,
};

/** A ledger entry as the fixture's TD-7f3a1c is written (test/host/fixtureRepository.mjs: entryFileText), on receiptLines. */
const RECEIPT_ENTRY = {
  id: 'TD-5e7701',
  title: 'Receipt lines are formatted by hand',
  file: 'TD-5e7701-receipt-lines-are-formatted-by-hand.md',
  text: [
    '---',
    'id: TD-5e7701',
    'title: Receipt lines are formatted by hand',
    'status: open',
    'severity: medium',
    'principal: 1d',
    'backlog:',
    '  - PROJ-88',
    'anchors:',
    '  - path: src/billing/receipt.ts',
    '    symbol: receiptLines',
    '    lines: [4, 11]',
    'created: 2026-01-15T10:00:00Z',
    'author: Alice Anders',
    '---',
    '',
    'Quantity and price are joined by hand; the invoice formatter should do it.',
    '',
  ].join('\n'),
};

/** A mock of GitHub's REST API (as in liveBacklog.test.js): issue #12 of acme/billing, 404 otherwise; records every request. */
function startMockGitHub() {
  const requests = [];
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method, url: request.url });
    if (request.method === 'GET' && request.url === '/repos/acme/billing/issues/12') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({
        html_url: 'https://github.com/acme/billing/issues/12',
        number: 12,
        title: 'Extract the invoice cache into its own service',
        state: 'open',
        labels: [{ name: 'tech-debt' }],
        assignee: null,
      }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ message: 'Not Found' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, requests, port: server.address().port }));
  });
}

suite('Debt Lens settings (trusted)', () => {
  let api;
  let folder;
  let root;
  let engine;
  let invoiceUri;
  let handlerUri;
  let receiptUri;
  /** The user-level values these tests found, put back after each test (undefined: not set). */
  const original = {};
  let gitStatusBefore;
  let workspaceSettingsBefore;
  /** The fixture as suiteSetup found it: its ledger folder, HEAD and format.ts, for suiteTeardown. */
  let fixtureLedger;
  let fixtureHead;
  let fixtureFormat;

  const config = () => vscode.workspace.getConfiguration('debtLens');
  const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const invoiceOf = () => engine.report.files.find((file) => file.path === FIXTURE.invoice);
  const fileOf = (rel) => engine.report.files.find((file) => file.path === rel);
  const fnOf = (file, name) => file.functions.find((fn) => fn.name === name);
  const titles = async (uri) => (await lensesOf(uri)).map(({ line, title }) => ({ line, title }));
  const debtLenses = async (uri) => (await titles(uri)).filter((lens) => lens.title.startsWith('⚠'));

  /** Writes a user setting and waits until the extension host sees it (its change event has fired then). */
  async function setUserSetting(key, value) {
    await config().update(key, value, vscode.ConfigurationTarget.Global);
    await waitFor(() => isDeepStrictEqual(config().inspect(key)?.globalValue, value), 10000, `debtLens.${key} = ${JSON.stringify(value)} in the user settings`);
  }

  /** A scan setting: writes it, then waits for the rescan the extension schedules on its own. */
  async function rescanWith(key, value) {
    const before = engine.report;
    await setUserSetting(key, value);
    await api.whenIdle();
    assert.notEqual(engine.report, before, `no rescan after debtLens.${key} changed to ${JSON.stringify(value)}`);
    assert.equal(engine.status.kind, 'ready', JSON.stringify(engine.status));
  }

  /** Puts the user setting back as the suite found it and checks that the default applies again. */
  async function restore(key, { rescan }) {
    if (rescan) {
      await rescanWith(key, original[key]);
    } else {
      await setUserSetting(key, original[key]);
    }
    assert.deepEqual(config().get(key), DEFAULTS[key], `debtLens.${key} is not back to its default`);
  }

  /** Exports the current report with the automation argument `{ format, uri }`; returns the written text. */
  async function exportAs(format, extension) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-settings-export-'));
    const out = path.join(dir, `report.${extension}`);
    try {
      const written = await vscode.commands.executeCommand('debtLens.exportReport', { format, uri: vscode.Uri.file(out) });
      assert.equal(written, out);
      return fs.readFileSync(out, 'utf8');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The time of the last commit that touched `rel`, as an ISO date (the reports' lastChange). */
  const lastChange = (rel) => new Date(Number(git('log', '-1', '--format=%ct', '--', rel).trim()) * 1000).toISOString();
  const entryTitled = (title) => engine.entries.find((entry) => entry.title === title);

  /** What the default settings show: the report's numbers, the Hotspots view and the lenses on invoice.ts. */
  async function assertBaseline() {
    const report = engine.report;
    assert.equal(report.stats.commits, 14);
    assert.equal(report.complexityMetric, 'cognitive');
    const since = new Date(report.window.until);
    since.setUTCMonth(since.getUTCMonth() - 12);
    assert.equal(report.window.since, since.toISOString(), 'a 12-month window');
    const invoice = invoiceOf();
    assert.deepEqual(
      { rank: invoice.rank, score: invoice.score, revisions: invoice.revisions, authors: invoice.authors, cognitive: invoice.cognitive, excluded: invoice.excluded, xray: invoice.xray },
      { rank: 1, score: 234, revisions: 9, authors: 3, cognitive: 26, excluded: null, xray: true },
    );
    assert.deepEqual([fnOf(invoice, 'computeTotal').revisions, fnOf(invoice, 'InvoiceService.refresh').revisions], [6, 4]);
    assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), BASELINE_HOTSPOT_ROWS);
    assert.deepEqual(await titles(invoiceUri), BASELINE_INVOICE_LENSES);
  }

  /** The ledger as suiteSetup wrote it in .techdebt, read again after the ledger folder came back. */
  async function assertLedgerBaseline(entryIds) {
    assert.deepEqual(engine.entries.map((entry) => entry.id).sort(), entryIds);
    assert.equal(engine.report.ledger.folder, '.techdebt');
    // TD-7f3a1c (accepted by suiteSetup) and the two entries suiteSetup wrote on handleInvoice.
    assert.deepEqual(pick(await rowsOf(api.trees.debt), ['label', 'description']), [{ label: 'Open', description: '2' }, { label: 'Accepted', description: '1' }, { label: 'Markers', description: '1' }]);
    assert.deepEqual(await debtLenses(receiptUri), []);
    assert.equal((await debtLenses(handlerUri)).length, 2);
    await assertBaseline();
  }

  suiteSetup(async () => {
    folder = workspaceRoot();
    root = folder.uri.fsPath;
    assert.equal(vscode.workspace.isTrusted, true);
    api = await activateApi();
    engine = await settle(api, ['ready', 'failed', 'not-git']);
    assert.equal(engine.status.kind, 'ready', JSON.stringify(engine.status));
    invoiceUri = vscode.Uri.file(path.join(root, FIXTURE.invoice));
    handlerUri = vscode.Uri.file(path.join(root, FIXTURE.handler));
    receiptUri = vscode.Uri.file(path.join(root, FIXTURE.receipt));
    for (const key of Object.keys(DEFAULTS)) {
      const inspected = config().inspect(key);
      original[key] = inspected?.globalValue;
      assert.equal(inspected?.workspaceValue, undefined, `the fixture's workspace settings set debtLens.${key}`);
      assert.deepEqual(config().get(key), DEFAULTS[key], `debtLens.${key} does not start at its default`);
    }
    // The starting point: a 14th commit, TD-7f3a1c accepted, two more entries on handleInvoice.
    fixtureLedger = snapshotLedger(root);
    fixtureHead = git('rev-parse', 'HEAD').trim();
    fixtureFormat = fs.readFileSync(path.join(root, FORMAT));
    await commitSeparator(api, root);
    await vscode.commands.executeCommand('debtLens.setStatus', { kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id }, 'accepted');
    await waitFor(() => engine.entries.find((entry) => entry.id === FIXTURE.entry.id)?.status === 'accepted', 20000, 'the engine to read TD-7f3a1c accepted');
    await addHandlerEntries(api, folder);
    gitStatusBefore = git('status', '--porcelain', '--untracked-files=all');
    workspaceSettingsBefore = fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8');
  });

  suiteTeardown(async () => {
    // A failed test restores its setting in `finally`; this is the last safety net for the scenarios after.
    for (const key of Object.keys(DEFAULTS)) {
      if (api && !isDeepStrictEqual(config().inspect(key)?.globalValue, original[key])) {
        await config().update(key, original[key], vscode.ConfigurationTarget.Global);
      }
    }
    if (api) {
      await api.whenIdle();
    }
    if (fixtureLedger) {
      await restoreLedger(api, root, fixtureLedger);
    }
    if (fixtureHead) {
      await resetHead(api, root, fixtureHead, { [FORMAT]: fixtureFormat });
    }
  });

  test('the starting point: default settings, 14 commits, invoice.ts first', async () => {
    await assertBaseline();
  });

  test('debtLens.exportReport markdown: the hotspot table, the hottest functions and the ledger', async () => {
    const text = await exportAs('markdown', 'md');
    const report = engine.report;
    const head = git('rev-parse', 'HEAD').trim();
    const handlerEntry = entryTitled('Handler mixes HTTP and billing');
    const refundEntry = entryTitled('Refunds are not handled');
    assert.ok(handlerEntry && refundEntry, `the entries suiteSetup wrote: ${engine.entries.map((entry) => entry.title)}`);
    const lines = text.split('\n');
    // The rows of the two entries suiteSetup wrote have ids drawn at random: checked apart.
    const randomRows = lines.filter((line) => line.startsWith(`| ${handlerEntry.id} `) || line.startsWith(`| ${refundEntry.id} `)).sort();
    assert.equal(randomRows.length, 2, text);
    assert.match(randomRows.find((line) => line.startsWith(`| ${handlerEntry.id} `)), new RegExp(`^\\| ${handlerEntry.id} Handler mixes HTTP and billing \\| medium \\| open \\| 4h \\| \\d+ \\| \\d+ \\| PROJ-77 \\| \`src/api/handler\\.ts\` handleInvoice \\|$`));
    assert.match(randomRows.find((line) => line.startsWith(`| ${refundEntry.id} `)), new RegExp(`^\\| ${refundEntry.id} Refunds are not handled \\| low \\| open \\|  \\| \\d+ \\| \\d+ \\| PROJ-77 \\| \`src/api/handler\\.ts\` handleInvoice \\|$`));
    assert.deepEqual(lines.filter((line) => !randomRows.includes(line)), [
      '# Debt Lens hotspot report',
      '',
      `Repository \`${fs.realpathSync(root)}\` at \`${head.slice(0, 12)}\` · window ${report.window.since.slice(0, 10)} → ${report.window.until.slice(0, 10)} · 14 commits · 5 ranked files · 1 significant`,
      '',
      'Score = revisions × cognitive complexity. 🔥 = significant: percentile ≥ 50, ≥ 3 revisions, cognitive ≥ 15, production code only.',
      '',
      '## Hotspots',
      '',
      '| # | File | Score | Percentile | Revisions | Churn (+/−) | Cognitive | Cyclomatic | LOC | Authors | Tickets |',
      '|--:|:-----|------:|-----------:|----------:|:-----------:|----------:|-----------:|----:|--------:|:--------|',
      '| 1 | 🔥 `src/billing/invoice.ts` | 234 | 90 | 9 | +89 / −5 | 26 | 19 | 75 | 3 | PROJ-12, PROJ-40 |',
      '| 2 | `src/api/handler.ts` | 4 | 70 | 2 | +20 / −0 | 2 | 3 | 17 | 2 |  |',
      '| 3 | `src/billing/receipt.ts` | 1 | 50 | 1 | +11 / −0 | 1 | 3 | 10 | 1 |  |',
      '| 4 | `src/util/format.ts` | 0 | 20 | 3 | +10 / −1 | 0 | 3 | 7 | 3 | PROJ-12, PROJ-40 |',
      '| 4 | `src/index.ts` | 0 | 20 | 1 | +2 / −0 | 0 | 0 | 2 | 1 |  |',
      '',
      '## Hottest functions',
      '',
      '| File | Function | Lines | Score | Revisions | Cognitive | Cyclomatic | LOC |',
      '|:-----|:---------|:-----:|------:|----------:|----------:|-----------:|----:|',
      '| `src/billing/invoice.ts` | `computeTotal` | 27–56 | 126 | 6 | 21 | 11 | 30 |',
      '| `src/billing/invoice.ts` | `InvoiceService.refresh` | 63–79 | 20 | 4 | 5 | 5 | 17 |',
      '| `src/billing/invoice.ts` | `InvoiceService.cache` | 59–59 | 0 | 1 | 0 | 1 | 1 |',
      '| `src/api/handler.ts` | `handleInvoice` | 10–20 | 4 | 2 | 2 | 3 | 10 |',
      '| `src/billing/receipt.ts` | `receiptLines` | 4–11 | 1 | 1 | 1 | 2 | 8 |',
      '| `src/billing/receipt.ts` | `receiptLines.<anonymous>@5` | 5–5 | 0 | 1 | 0 | 1 | 1 |',
      '',
      '## Debt ledger',
      '',
      '3 entries in `.techdebt`, 0 orphaned; 1 TODO/FIXME markers in the code.',
      '',
      '| Entry | Severity | Status | Principal | Changes in window | Churn | Tickets | Where |',
      '|:------|:---------|:-------|:----------|------------------:|------:|:--------|:------|',
      '| TD-7f3a1c Invoice refresh is copy-pasted | high | accepted | 2d | 4 | 23 | PROJ-123, PROJ-12, PROJ-40 | `src/billing/invoice.ts` InvoiceService.refresh |',
      '',
    ]);
  });

  test('debtLens.exportReport csv: one row per tracked file, ranked first', async () => {
    const text = await exportAs('csv', 'csv');
    // RFC 4180: CRLF after every record, the last one included.
    assert.deepEqual(text.split('\r\n'), [
      // Report schema 2: every file's category (none of the fixture's paths is a test path).
      'path,rank,percentile,score,significant,revisions,added,deleted,authors,mainDeveloper,busFactor,loc,cyclomatic,cognitive,importers,lastChange,excluded,tickets,category',
      `src/billing/invoice.ts,1,90,234,true,9,89,5,3,Alice Anders,1,75,19,26,3,${lastChange(FIXTURE.invoice)},,PROJ-12 PROJ-40,production`,
      `src/api/handler.ts,2,70,4,false,2,20,0,2,Bob Brown,1,17,3,2,1,${lastChange(FIXTURE.handler)},,,production`,
      `src/billing/receipt.ts,3,50,1,false,1,11,0,1,Alice Anders,1,10,3,1,0,${lastChange(FIXTURE.receipt)},,,production`,
      `src/util/format.ts,4,20,0,false,3,10,1,3,Alice Anders,1,7,3,0,2,${lastChange(FORMAT)},,PROJ-12 PROJ-40,production`,
      `src/index.ts,4,20,0,false,1,2,0,1,Bob Brown,1,2,0,0,0,${lastChange(INDEX)},,,production`,
      `${FIXTURE.entry.file},,,,false,1,18,0,1,Carol Chen,1,,,,,${lastChange(FIXTURE.entry.file)},,,production`,
      `.vscode/settings.json,,,,false,1,3,0,1,Carol Chen,1,,,,,${lastChange('.vscode/settings.json')},,,production`,
      `tsconfig.json,,,,false,1,11,0,1,Alice Anders,1,,,,,${lastChange('tsconfig.json')},,,production`,
      '',
    ]);
  });

  test('debtLens.exportReport sarif: the significant hotspot and the entries as code-scanning results', async () => {
    const sarif = JSON.parse(await exportAs('sarif', 'sarif'));
    const fingerprint = (identity) => ({ 'debtLens/v1': createHash('sha256').update(identity, 'utf8').digest('hex') });
    const location = (rel, [startLine, endLine], symbol) => ({
      physicalLocation: { artifactLocation: { uri: rel, uriBaseId: '%SRCROOT%' }, region: { startLine, endLine } },
      logicalLocations: [{ fullyQualifiedName: symbol }],
    });
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    const [run] = sarif.runs;
    assert.deepEqual([run.tool.driver.name, run.tool.driver.version], ['Debt Lens', pkg.version]);
    assert.deepEqual(run.tool.driver.rules.map((rule) => rule.id), ['debt-lens/hotspot', 'debt-lens/debt-entry']);
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(fs.realpathSync(root)).href}/` } });
    assert.deepEqual(run.properties, {
      head: git('rev-parse', 'HEAD').trim(),
      windowSince: engine.report.window.since,
      windowUntil: engine.report.window.until,
      complexityMetric: 'cognitive',
      // The rule the results follow: the fixture's percentile (50) and the default floors; the window ends at HEAD.
      significancePercentile: 50,
      significance: { percentile: 50, minRevisions: 3, minComplexity: 15, minFunctionComplexity: 15, includeTests: false },
      windowEnd: 'head',
    });
    // invoice.ts is the only significant hotspot; its region is its hottest function.
    assert.deepEqual(run.results.filter((result) => result.ruleId === 'debt-lens/hotspot'), [{
      ruleId: 'debt-lens/hotspot',
      ruleIndex: 0,
      level: 'warning',
      message: { text: 'Hotspot #1 (percentile 90): score 234 = 9 revisions × cognitive complexity 26. Hottest function: computeTotal (lines 27–56, 6 revisions, cognitive complexity 21). Tickets: PROJ-12, PROJ-40.' },
      locations: [location(FIXTURE.invoice, FIXTURE.computeTotalLines, 'computeTotal')],
      partialFingerprints: fingerprint(`hotspot|${FIXTURE.invoice}`),
      properties: { rank: 1, score: 234, percentile: 90, revisions: 9, cognitive: 26, cyclomatic: 19, loc: 75, authors: 3, busFactor: 1, tickets: ['PROJ-12', 'PROJ-40'] },
    }]);
    const entries = run.results.filter((result) => result.ruleId === 'debt-lens/debt-entry');
    assert.deepEqual(entries.map((result) => [result.properties.id, result.level]).sort(), [
      [entryTitled('Handler mixes HTTP and billing').id, 'warning'],
      [entryTitled('Refunds are not handled').id, 'note'],
      [FIXTURE.entry.id, 'error'],
    ].sort());
    assert.deepEqual(entries.find((result) => result.properties.id === FIXTURE.entry.id), {
      ruleId: 'debt-lens/debt-entry',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'TD-7f3a1c: Invoice refresh is copy-pasted (principal 2d). Backlog: PROJ-123.' },
      locations: [location(FIXTURE.invoice, FIXTURE.refreshLines, 'InvoiceService.refresh')],
      partialFingerprints: fingerprint(`entry|${FIXTURE.entry.id}|0`),
      properties: {
        id: FIXTURE.entry.id,
        status: 'accepted',
        severity: 'high',
        principal: '2d',
        tags: ['billing'],
        backlog: ['PROJ-123'],
        entryPath: FIXTURE.entry.file,
        interest: { revisions: 4, churn: 23, tickets: ['PROJ-12', 'PROJ-40'] },
        orphaned: false,
      },
    });
  });

  test('debtLens.scan.windowMonths 1: only the last month\'s commits count', async () => {
    // The commits 20 and 10 days old and Dana's are inside a month whatever the date; "Reject non-GET invoice
    // requests" (30 days old, handler.ts) is inside only when the month before today has 30 days or more.
    const handlerCommit = Number(git('log', '-1', '--format=%ct', '--grep=Reject non-GET invoice requests').trim());
    try {
      await rescanWith('scan.windowMonths', 1);
      const report = engine.report;
      const since = new Date(report.window.until);
      since.setUTCMonth(since.getUTCMonth() - 1);
      assert.equal(report.window.since, since.toISOString(), 'a one-month window');
      const handlerInside = handlerCommit >= Math.floor(since.getTime() / 1000);
      assert.equal(report.stats.commits, handlerInside ? 4 : 3);
      const invoice = invoiceOf();
      // Only Bob's "total of an empty invoice is 0" (20 days) is left of invoice.ts's 9 commits.
      assert.deepEqual(
        { rank: invoice.rank, score: invoice.score, revisions: invoice.revisions, authors: invoice.authors, mainDeveloper: invoice.mainDeveloper, tickets: invoice.tickets, significant: invoice.significant },
        // One change is below the floor of 3 revisions: first, but not significant.
        { rank: 1, score: 26, revisions: 1, authors: 1, mainDeveloper: 'Bob Brown', tickets: ['PROJ-12'], significant: false },
      );
      assert.deepEqual([fnOf(invoice, 'computeTotal').revisions, fnOf(invoice, 'computeTotal').rank, fnOf(invoice, 'InvoiceService.refresh').revisions], [1, 1, 0]);
      assert.deepEqual([fileOf(FORMAT).revisions, fileOf(FORMAT).authors], [1, 1], 'format.ts: Dana\'s commit only');
      assert.equal(fileOf(FIXTURE.receipt).revisions, 0);
      assert.equal(fileOf(FIXTURE.handler).revisions, handlerInside ? 1 : 0);
      assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), [
        { label: path.posix.basename(FIXTURE.invoice), description: `#1 · score 26 · 1 change · cognitive 26 · ${path.posix.dirname(FIXTURE.invoice)}`, contextValue: 'hotspotFile' },
        ...(handlerInside ? [{ label: path.posix.basename(FIXTURE.handler), description: `#2 · score 2 · 1 change · cognitive 2 · ${path.posix.dirname(FIXTURE.handler)}`, contextValue: 'hotspotFile' }] : []),
      ]);
      // Nothing changed three times in the month: no hotspot lens, the entry's alone.
      assert.equal(engine.report.stats.significantFiles, 0);
      assert.deepEqual(await titles(invoiceUri), [{ line: REFRESH_LINE, title: DEBT_LENS }]);
    } finally {
      await restore('scan.windowMonths', { rescan: true });
    }
    await assertBaseline();
  });

  test('debtLens.scan.xrayTop 0: no function history, so no function lenses and no function ranks', async () => {
    try {
      await rescanWith('scan.xrayTop', 0);
      const report = engine.report;
      assert.equal(report.stats.xrayFiles, 0);
      assert.deepEqual(report.files.filter((file) => file.xray).map((file) => file.path), []);
      const invoice = invoiceOf();
      // The file's own numbers do not need X-Ray.
      assert.deepEqual({ rank: invoice.rank, score: invoice.score, revisions: invoice.revisions, significant: invoice.significant }, { rank: 1, score: 234, revisions: 9, significant: true });
      for (const name of ['computeTotal', 'InvoiceService.refresh']) {
        const fn = fnOf(invoice, name);
        assert.deepEqual({ revisions: fn.revisions, churn: fn.churn, score: fn.score, rank: fn.rank, percentile: fn.percentile }, { revisions: null, churn: null, score: null, rank: null, percentile: null }, name);
      }
      assert.deepEqual([fnOf(invoice, 'computeTotal').cognitive, fnOf(invoice, 'InvoiceService.refresh').cognitive], [21, 5]);
      // The file lens and the entry's lens stay; the function lenses need X-Ray.
      assert.deepEqual(await titles(invoiceUri), [
        { line: 1, title: FILE_LENS },
        { line: REFRESH_LINE, title: DEBT_LENS },
      ]);
      assert.deepEqual((await titles(handlerUri)).filter((lens) => lens.title.startsWith('🔥')), []);
      // The Hotspots view lists the complex functions by complexity, without change counts.
      const files = await rowsOf(api.trees.hotspots);
      assert.deepEqual(pick(files), BASELINE_HOTSPOT_ROWS);
      assert.deepEqual(pick(await rowsOf(api.trees.hotspots, files[0].node)), [
        { label: 'computeTotal', description: 'cognitive 21', contextValue: 'hotspotFunction' },
        { label: 'InvoiceService.refresh', description: 'cognitive 5', contextValue: 'hotspotFunction' },
      ]);
      // The hover inside refresh falls back to the file's numbers.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(invoiceUri));
      const hover = await hoverText(invoiceUri, REFRESH_LINE + 5);
      assert.ok(hover.includes(`${FIXTURE.invoice}** — hotspot file #1 (percentile 90)`), hover);
      assert.ok(hover.includes('9 changes in 12 mo · cognitive 26 · 3 authors'), hover);
      assert.doesNotMatch(hover, /hotspot #\d/, 'a function rank without X-Ray');
    } finally {
      await restore('scan.xrayTop', { rescan: true });
    }
    await assertBaseline();
    const functions = await rowsOf(api.trees.hotspots, (await rowsOf(api.trees.hotspots))[0].node);
    assert.deepEqual(pick(functions), [
      { label: 'computeTotal', description: 'score 126 · 6 changes · cognitive 21', contextValue: 'hotspotFunction' },
      { label: 'InvoiceService.refresh', description: 'score 20 · 4 changes · cognitive 5', contextValue: 'hotspotFunction' },
    ]);
  });

  test('debtLens.scan.complexityMetric cyclomatic: scores are revisions × cyclomatic complexity', async () => {
    try {
      await rescanWith('scan.complexityMetric', 'cyclomatic');
      const report = engine.report;
      assert.equal(report.complexityMetric, 'cyclomatic');
      // invoice.ts 9 × 19, format.ts 3 × 3 (cognitive 0: unranked by default), handler.ts 2 × 3, receipt.ts 1 × 3, index.ts 1 × 0.
      const standings = [FIXTURE.invoice, FORMAT, FIXTURE.handler, FIXTURE.receipt, INDEX].map((rel) => {
        const file = fileOf(rel);
        return { path: rel, rank: file.rank, score: file.score, cyclomatic: file.cyclomatic, significant: file.significant };
      });
      assert.deepEqual(standings, [
        { path: FIXTURE.invoice, rank: 1, score: 171, cyclomatic: 19, significant: true },
        { path: FORMAT, rank: 2, score: 9, cyclomatic: 3, significant: false },
        { path: FIXTURE.handler, rank: 3, score: 6, cyclomatic: 3, significant: false },
        { path: FIXTURE.receipt, rank: 4, score: 3, cyclomatic: 3, significant: false },
        { path: INDEX, rank: 5, score: 0, cyclomatic: 0, significant: false },
      ]);
      // The rows name the complexity their score multiplies.
      const rows = await rowsOf(api.trees.hotspots);
      assert.deepEqual(pick(rows), [
        { label: path.posix.basename(FIXTURE.invoice), description: `#1 · score 171 · 9 changes · cyclomatic 19 · ${path.posix.dirname(FIXTURE.invoice)}`, contextValue: 'hotspotFile.significant' },
        { label: path.posix.basename(FORMAT), description: `#2 · score 9 · 3 changes · cyclomatic 3 · ${path.posix.dirname(FORMAT)}`, contextValue: 'hotspotFile' },
        { label: path.posix.basename(FIXTURE.handler), description: `#3 · score 6 · 2 changes · cyclomatic 3 · ${path.posix.dirname(FIXTURE.handler)}`, contextValue: 'hotspotFile' },
        { label: path.posix.basename(FIXTURE.receipt), description: `#4 · score 3 · 1 change · cyclomatic 3 · ${path.posix.dirname(FIXTURE.receipt)}`, contextValue: 'hotspotFile' },
      ]);
      // The tooltip is escaped Markdown (appendText): compare its plain text.
      const tooltip = (await api.trees.hotspots.getTreeItem(rows[0].node)).tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
      assert.match(tooltip, /^Rank #1 \(percentile 90\) · score 171 = 9 changes in 12 months × cyclomatic 19$/m);
      // The file lens names the metric too; functions are still ranked by changes × cognitive, so their
      // lenses are those of the default.
      assert.deepEqual(
        await titles(invoiceUri),
        BASELINE_INVOICE_LENSES.map((lens) => (lens.title === FILE_LENS ? { ...lens, title: FILE_LENS.replace('cognitive 26', 'cyclomatic 19') } : lens)),
      );
    } finally {
      await restore('scan.complexityMetric', { rescan: true });
    }
    await assertBaseline();
  });

  test('debtLens.scan.exclude: a matching file is not ranked, listed or annotated as a hotspot', async () => {
    try {
      await rescanWith('scan.exclude', ['**/invoice.ts']);
      const invoice = invoiceOf();
      // Still in the report with its history, but unranked.
      assert.deepEqual(
        { excluded: invoice.excluded, rank: invoice.rank, score: invoice.score, percentile: invoice.percentile, significant: invoice.significant, revisions: invoice.revisions, xray: invoice.xray },
        { excluded: 'userExclude', rank: null, score: null, percentile: null, significant: false, revisions: 9, xray: false },
      );
      assert.equal(engine.report.stats.rankedFiles, 4);
      assert.equal(engine.report.stats.significantFiles, 0);
      assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), [
        { label: path.posix.basename(FIXTURE.handler), description: `#1 · score 4 · 2 changes · cognitive 2 · ${path.posix.dirname(FIXTURE.handler)}`, contextValue: 'hotspotFile' },
        { label: path.posix.basename(FIXTURE.receipt), description: `#2 · score 1 · 1 change · cognitive 1 · ${path.posix.dirname(FIXTURE.receipt)}`, contextValue: 'hotspotFile' },
      ]);
      // invoice.ts keeps only the entry's lens; handleInvoice is now the first function, but with 2 changes and
      // cognitive 2 not significant: no hotspot lens anywhere.
      assert.deepEqual(await titles(invoiceUri), [{ line: REFRESH_LINE, title: DEBT_LENS }]);
      const handleInvoice = fnOf(fileOf(FIXTURE.handler), 'handleInvoice');
      assert.deepEqual([handleInvoice.rank, handleInvoice.significant], [1, false]);
      assert.deepEqual((await titles(handlerUri)).filter((lens) => lens.title.startsWith('🔥')), []);
    } finally {
      await restore('scan.exclude', { rescan: true });
    }
    await assertBaseline();
  });

  test('debtLens.scan.botPattern: the commits of a matching author are left out', async () => {
    try {
      // Matched against `name <email>`: Bob's 4 commits (110, 80, 50 and 20 days old) no longer count.
      await rescanWith('scan.botPattern', 'bob@example\\.com');
      const report = engine.report;
      assert.equal(report.stats.commits, 10);
      const invoice = invoiceOf();
      assert.deepEqual(
        { rank: invoice.rank, score: invoice.score, revisions: invoice.revisions, authors: invoice.authors, tickets: invoice.tickets },
        { rank: 1, score: 156, revisions: 6, authors: 2, tickets: ['PROJ-12', 'PROJ-40'] },
      );
      assert.deepEqual([fnOf(invoice, 'computeTotal').revisions, fnOf(invoice, 'InvoiceService.refresh').revisions], [3, 4]);
      assert.deepEqual([fileOf(FIXTURE.handler).revisions, fileOf(FORMAT).revisions, fileOf(INDEX).revisions], [1, 2, 0]);
      assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), [
        { label: path.posix.basename(FIXTURE.invoice), description: `#1 · score 156 · 6 changes · cognitive 26 · ${path.posix.dirname(FIXTURE.invoice)}`, contextValue: 'hotspotFile.significant' },
        { label: path.posix.basename(FIXTURE.handler), description: `#2 · score 2 · 1 change · cognitive 2 · ${path.posix.dirname(FIXTURE.handler)}`, contextValue: 'hotspotFile' },
        { label: path.posix.basename(FIXTURE.receipt), description: `#3 · score 1 · 1 change · cognitive 1 · ${path.posix.dirname(FIXTURE.receipt)}`, contextValue: 'hotspotFile' },
      ]);
      assert.deepEqual(await titles(invoiceUri), [
        { line: 1, title: '🔥 Hotspot file #1 · 6 changes in 12 mo · cognitive 26 · 2 authors · PROJ-12, PROJ-40' },
        // computeTotal's own commits without Bob's: Alice's three (created, PROJ-40 tax, PROJ-12 coupons).
        { line: COMPUTE_TOTAL_LINE, title: '🔥 Hotspot #1 · 3 changes in 12 mo · cognitive 21 · 1 author · PROJ-12, PROJ-40' },
        { line: REFRESH_LINE, title: DEBT_LENS },
      ]);
      const impact = await vscode.commands.executeCommand('debtLens.showImpact', { kind: 'file', folder: folder.uri.toString(), path: FIXTURE.invoice });
      assert.deepEqual(impact.files[0].authors.map((author) => author.name).sort(), ['Alice Anders', 'Carol Chen']);
    } finally {
      await restore('scan.botPattern', { rescan: true });
    }
    await assertBaseline();
  });

  test('debtLens.ledger.folder: the views and lenses read the entries of the other folder', async () => {
    const ledger = path.join(root, 'docs', 'debt');
    assert.equal(fs.existsSync(path.join(root, 'docs')), false, 'the fixture has a docs folder of its own');
    const receiptLens = { line: 4, title: `⚠ ${RECEIPT_ENTRY.id} ${RECEIPT_ENTRY.title} · medium · PROJ-88` };
    const baselineEntries = engine.entries.map((entry) => entry.id).sort();
    try {
      fs.mkdirSync(ledger, { recursive: true });
      fs.writeFileSync(path.join(ledger, RECEIPT_ENTRY.file), RECEIPT_ENTRY.text);
      await rescanWith('ledger.folder', 'docs/debt');
      assert.deepEqual(engine.entries.map((entry) => entry.id), [RECEIPT_ENTRY.id]);
      assert.equal(engine.report.ledger.folder, 'docs/debt');
      const groups = await rowsOf(api.trees.debt);
      assert.deepEqual(pick(groups, ['label', 'description']), [{ label: 'Open', description: '1' }, { label: 'Markers', description: '1' }]);
      const entries = await rowsOf(api.trees.debt, groups[0].node);
      assert.deepEqual(pick(entries), [{ label: RECEIPT_ENTRY.title, description: `${RECEIPT_ENTRY.id} · medium · PROJ-88`, contextValue: 'debtEntry' }]);
      assert.deepEqual(pick(await rowsOf(api.trees.debt, entries[0].node), ['label', 'description']), [{ label: `${FIXTURE.receipt} · receiptLines`, description: 'lines 4–11' }]);
      // PROJ-12's newest commit is Dana's "Separator constant (PROJ-12)": the title without the reference.
      assert.deepEqual(pick(await rowsOf(api.trees.backlog), ['label', 'description']), [
        { label: 'PROJ-88', description: '1 entry' },
        { label: 'PROJ-12', description: 'Separator constant · 1 hotspot file' },
        { label: 'PROJ-40', description: 'round totals to cents · 1 hotspot file' },
      ]);
      // The lenses follow: the entry on receiptLines, none left on invoice.ts or handler.ts.
      assert.deepEqual(await debtLenses(receiptUri), [receiptLens]);
      assert.deepEqual(await titles(invoiceUri), BASELINE_INVOICE_LENSES.filter((lens) => lens.title !== DEBT_LENS));
      assert.deepEqual(await debtLenses(handlerUri), []);
    } finally {
      try {
        await restore('ledger.folder', { rescan: true });
      } finally {
        fs.rmSync(path.join(root, 'docs'), { recursive: true, force: true });
      }
    }
    await assertLedgerBaseline(baselineEntries);
  });

  test('debtLens.ledger.folder: entries added to and removed from the other folder are read without a new setting', async () => {
    // An existing folder of the fixture: the file watcher of this host (code-server) reports no file inside a
    // folder created after the workspace opened, so docs/debt above cannot show it. Without the watcher
    // following the setting, the entry would be read only by the next commit or settings change.
    const file = path.join(root, '.vscode', RECEIPT_ENTRY.file);
    const baselineEntries = engine.entries.map((entry) => entry.id).sort();
    try {
      await rescanWith('ledger.folder', '.vscode');
      assert.deepEqual(engine.entries, []);
      assert.deepEqual(pick(await rowsOf(api.trees.debt), ['label', 'description']), [{ label: 'Markers', description: '1' }]);
      fs.writeFileSync(file, RECEIPT_ENTRY.text);
      await waitFor(() => engine.entries.some((entry) => entry.id === RECEIPT_ENTRY.id), 20000, `${RECEIPT_ENTRY.id} written into .vscode to be read`);
      await api.whenIdle();
      const groups = await rowsOf(api.trees.debt);
      assert.deepEqual(pick(groups, ['label', 'description']), [{ label: 'Open', description: '1' }, { label: 'Markers', description: '1' }]);
      assert.deepEqual(pick(await rowsOf(api.trees.debt, groups[0].node)), [{ label: RECEIPT_ENTRY.title, description: `${RECEIPT_ENTRY.id} · medium · PROJ-88`, contextValue: 'debtEntry' }]);
      assert.deepEqual(await debtLenses(receiptUri), [{ line: 4, title: `⚠ ${RECEIPT_ENTRY.id} ${RECEIPT_ENTRY.title} · medium · PROJ-88` }]);
      fs.rmSync(file);
      await waitFor(() => engine.entries.length === 0, 20000, `${RECEIPT_ENTRY.id} deleted from .vscode to be dropped`);
      await api.whenIdle();
      assert.deepEqual(await debtLenses(receiptUri), []);
    } finally {
      fs.rmSync(file, { force: true });
      await restore('ledger.folder', { rescan: true });
    }
    await assertLedgerBaseline(baselineEntries);
  });

  test('debtLens.toggleAnchorDecorations: the entry\'s lines lose their gutter marks and get them back; no user setting is left', async () => {
    await vscode.window.showTextDocument(invoiceUri);
    const marked = [[FIXTURE.refreshLines[0], FIXTURE.refreshLines[1]]];
    await waitFor(() => api.anchorHighlights(invoiceUri).length > 0, 10000, 'the anchor highlights of invoice.ts');
    assert.deepEqual(api.anchorHighlights(invoiceUri), marked);
    await vscode.commands.executeCommand('debtLens.toggleAnchorDecorations');
    try {
      await waitFor(() => api.anchorHighlights(invoiceUri).length === 0, 10000, 'no anchor highlights');
      assert.equal(config().inspect('decorations.anchors')?.globalValue, false);
      // The debt lens is not a highlight: it stays.
      assert.ok((await titles(invoiceUri)).some((lens) => lens.title === DEBT_LENS));
    } finally {
      await vscode.commands.executeCommand('debtLens.toggleAnchorDecorations');
    }
    await waitFor(() => api.anchorHighlights(invoiceUri).length > 0, 10000, 'the anchor highlights back');
    assert.deepEqual(api.anchorHighlights(invoiceUri), marked);
    // Back at the default, the toggle removes its value instead of writing `true` into the user settings.
    assert.equal(config().inspect('decorations.anchors')?.globalValue, undefined);
  });

  test('debtLens.hotspots.maxFiles 1: the Hotspots view lists one file', async () => {
    try {
      await setUserSetting('hotspots.maxFiles', 1);
      assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), BASELINE_HOTSPOT_ROWS.slice(0, 1));
      // A view setting: nothing is rescanned, the report still ranks every file.
      assert.equal(engine.report.files.filter((file) => (file.score ?? 0) > 0).length, 3);
    } finally {
      await restore('hotspots.maxFiles', { rescan: false });
    }
    assert.deepEqual(pick(await rowsOf(api.trees.hotspots)), BASELINE_HOTSPOT_ROWS);
  });

  test('debtLens.codeLens.hotspots false: only the debt lenses remain', async () => {
    try {
      await setUserSetting('codeLens.hotspots', false);
      await waitFor(async () => (await lensesOf(invoiceUri)).length === 1, 10000, 'the hotspot lenses to go');
      assert.deepEqual(await titles(invoiceUri), [{ line: REFRESH_LINE, title: DEBT_LENS }]);
      assert.deepEqual((await titles(handlerUri)).filter((lens) => lens.title.startsWith('🔥')), []);
      assert.equal((await titles(handlerUri)).length, 2, 'the two entries suiteSetup anchored to handleInvoice keep their lenses');
    } finally {
      await restore('codeLens.hotspots', { rescan: false });
    }
    await waitFor(async () => (await lensesOf(invoiceUri)).length === 3, 10000, 'the hotspot lenses back');
    assert.deepEqual(await titles(invoiceUri), BASELINE_INVOICE_LENSES);
  });

  test('debtLens.codeLens.debt false: only the hotspot lenses remain', async () => {
    try {
      await setUserSetting('codeLens.debt', false);
      await waitFor(async () => (await lensesOf(invoiceUri)).length === 2, 10000, 'the debt lens to go');
      assert.deepEqual(await titles(invoiceUri), BASELINE_INVOICE_LENSES.filter((lens) => lens.title !== DEBT_LENS));
      // handler.ts: the two entries' lenses go, and handleInvoice is not significant.
      assert.deepEqual(await titles(handlerUri), []);
    } finally {
      await restore('codeLens.debt', { rescan: false });
    }
    await waitFor(async () => (await lensesOf(invoiceUri)).length === 3, 10000, 'the debt lens back');
    assert.deepEqual(await titles(invoiceUri), BASELINE_INVOICE_LENSES);
  });

  test('debtLens.significance.minComplexity 5: refresh is significant, its lens after the entry\'s on their line; codeLens.maxFunctionLenses 1 keeps computeTotal\'s alone', async () => {
    try {
      // A significance setting: the scan computes `significant`, so the extension rescans.
      await rescanWith('significance.minComplexity', 5);
      // The metric is cognitive: the functions' floor moves with the files'.
      assert.deepEqual(engine.report.significance, { percentile: 50, minRevisions: 3, minComplexity: 5, minFunctionComplexity: 5, includeTests: false });
      // refresh: percentile 81.3, 4 changes, cognitive 5; the other functions changed fewer than 3 times.
      assert.deepEqual(invoiceOf().functions.filter((fn) => fn.significant).map((fn) => fn.name), ['computeTotal', 'InvoiceService.refresh']);
      // In the order the editor shows them: on refresh's line the entry's lens comes first, someone wrote it on purpose.
      assert.deepEqual(await titles(invoiceUri), [
        { line: 1, title: FILE_LENS },
        { line: COMPUTE_TOTAL_LINE, title: COMPUTE_TOTAL_LENS },
        { line: REFRESH_LINE, title: DEBT_LENS },
        { line: REFRESH_LINE, title: REFRESH_LENS },
      ]);
      try {
        // A lens setting: no rescan. One function lens per file: the top score, computeTotal's 126 (refresh 20).
        await setUserSetting('codeLens.maxFunctionLenses', 1);
        await waitFor(async () => (await lensesOf(invoiceUri)).length === 3, 10000, 'refresh\'s hotspot lens to go');
        assert.deepEqual(await titles(invoiceUri), [
          { line: 1, title: FILE_LENS },
          { line: COMPUTE_TOTAL_LINE, title: COMPUTE_TOTAL_LENS },
          { line: REFRESH_LINE, title: DEBT_LENS },
        ]);
      } finally {
        await restore('codeLens.maxFunctionLenses', { rescan: false });
      }
      await waitFor(async () => (await lensesOf(invoiceUri)).length === 4, 10000, 'refresh\'s hotspot lens back');
    } finally {
      await restore('significance.minComplexity', { rescan: true });
    }
    await assertBaseline();
  });

  test('debtLens.significance.minRevisions 1 and minComplexity 1: a hover inside receiptLines\' callback speaks of receiptLines', async () => {
    const receiptDocument = await vscode.workspace.openTextDocument(receiptUri);
    // Line 5: `const lines = invoice.lines.map((line) => …)`; the arrow is the function receiptLines.<anonymous>@5.
    const callbackLine = 5;
    const inCallback = receiptDocument.lineAt(callbackLine - 1).text.indexOf('=>');
    assert.ok(inCallback > 0, receiptDocument.lineAt(callbackLine - 1).text);
    try {
      await rescanWith('significance.minRevisions', 1);
      await rescanWith('significance.minComplexity', 1);
      const receipt = fileOf(FIXTURE.receipt);
      const callback = fnOf(receipt, `receiptLines.<anonymous>@${callbackLine}`);
      // receiptLines: percentile 56.3, 1 change, cognitive 1. Its callback: percentile 25, cognitive 0.
      assert.deepEqual([fnOf(receipt, 'receiptLines').significant, callback.significant, callback.startLine, callback.endLine], [true, false, callbackLine, callbackLine]);
      await vscode.window.showTextDocument(receiptDocument);
      const hover = await hoverText(receiptUri, callbackLine, inCallback);
      assert.ok(hover.startsWith('**receiptLines** — hotspot #4 (percentile 56.3)  \n1 change in 12 mo · churn 8 lines · cognitive 1 · cyclomatic 2 · 8 LOC  \n1 author · main developer Alice Anders (100 %) · bus factor 1'), hover);
      assert.doesNotMatch(hover, /anonymous|hotspot file #/, hover);
      // The links only: the text says "(100 %)", which is no URI encoding.
      const links = decodeURIComponent(hover.slice(hover.indexOf('[Show impact]')));
      assert.ok(links.includes(`[Show impact](command:debtLens.showImpact?[{"kind":"symbol","folder":"${folder.uri.toString()}","path":"${FIXTURE.receipt}","symbol":"receiptLines","line":4}])`), links);
    } finally {
      await restore('significance.minComplexity', { rescan: true });
      await restore('significance.minRevisions', { rescan: true });
    }
    await assertBaseline();
  });

  test('debtLens.backlog.liveLookups false: Show Impact asks no tracker', async () => {
    const mock = await startMockGitHub();
    const configFile = path.join(root, '.techdebt', 'config.yml');
    const entryFile = path.join(root, FIXTURE.entry.file);
    const entryBefore = fs.readFileSync(entryFile);
    const target = { kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id };
    const itemOf = (impact) => impact.backlog.find((candidate) => candidate.id === '#12');
    assert.equal(fs.existsSync(configFile), false, 'liveBacklog.test.js left its config.yml');
    try {
      fs.writeFileSync(configFile, ['github:', '  owner: acme', '  repo: billing', `  apiBase: http://127.0.0.1:${mock.port}`, ''].join('\n'));
      assert.deepEqual(await vscode.commands.executeCommand('debtLens.linkBacklogItem', target, '#12'), ['PROJ-123', '#12']);
      await waitFor(() => engine.entries.find((entry) => entry.id === FIXTURE.entry.id)?.backlog.includes('#12'), 20000, 'the engine to read the link');
      await api.whenIdle();
      try {
        await setUserSetting('backlog.liveLookups', false);
        const impact = await vscode.commands.executeCommand('debtLens.showImpact', target);
        // Linked and listed, but without the tracker's details (no `details`, no `lookupFailed`): nothing was asked.
        assert.deepEqual(impact.backlog, [
          { id: 'PROJ-123', fromEntry: true, fromHistory: false },
          { id: '#12', fromEntry: true, fromHistory: false },
          { id: 'PROJ-12', fromEntry: false, fromHistory: true },
          { id: 'PROJ-40', fromEntry: false, fromHistory: true },
        ]);
        assert.deepEqual(mock.requests, []);
      } finally {
        await restore('backlog.liveLookups', { rescan: false });
      }
      // On again: the same Show Impact asks the tracker once and shows its title.
      const impact = await vscode.commands.executeCommand('debtLens.showImpact', target);
      assert.deepEqual(mock.requests.map(({ method, url }) => `${method} ${url}`), ['GET /repos/acme/billing/issues/12']);
      assert.deepEqual([itemOf(impact).details?.title, itemOf(impact).details?.state], ['Extract the invoice cache into its own service', 'open']);
    } finally {
      fs.rmSync(configFile, { force: true });
      fs.writeFileSync(entryFile, entryBefore);
      await new Promise((resolve) => mock.server.close(resolve));
    }
    const backlog = frontMatter(entryBefore.toString('utf8')).backlog;
    await waitFor(() => isDeepStrictEqual(engine.entries.find((entry) => entry.id === FIXTURE.entry.id)?.backlog, backlog), 20000, 'the engine to read the restored entry');
    await api.whenIdle();
  });

  test('nothing was written into the fixture repository, and no user setting is left changed', async () => {
    assert.equal(git('status', '--porcelain', '--untracked-files=all'), gitStatusBefore);
    assert.equal(fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8'), workspaceSettingsBefore);
    for (const key of Object.keys(DEFAULTS)) {
      assert.deepEqual(config().inspect(key)?.globalValue, original[key], `debtLens.${key} in the user settings`);
      assert.deepEqual(config().get(key), DEFAULTS[key], `debtLens.${key}`);
    }
    await assertBaseline();
  });
});
