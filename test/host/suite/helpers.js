// Helpers shared by the in-host test files (plain CommonJS: the extension host requires them).
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const pkg = require('../../../package.json');

const EXTENSION_ID = `${pkg.publisher}.${pkg.name}`; // debt-lens.debt-lens

/** What the fixture repository (test/host/fixtureRepository.mjs) was written to produce, as the tests expect it. */
const FIXTURE = {
  invoice: 'src/billing/invoice.ts',
  handler: 'src/api/handler.ts',
  receipt: 'src/billing/receipt.ts',
  entry: {
    id: 'TD-7f3a1c',
    title: 'Invoice refresh is copy-pasted',
    file: '.techdebt/TD-7f3a1c-invoice-refresh-is-copy-pasted.md',
  },
  /** 1-based lines in the final invoice.ts */
  computeTotalLines: [27, 56],
  refreshLines: [63, 79],
};

/**
 * The lenses of invoice.ts with the default settings (significance: percentile ≥ 50 from the fixture's
 * deprecated codeLens.hotspotPercentile, ≥ 3 revisions, cognitive ≥ 15). The file and computeTotal (6
 * changes, cognitive 21, by Alice and Bob: the function's own 2 authors, not the file's 3) are significant;
 * InvoiceService.refresh (4 changes, cognitive 5) is not, so above it only the entry's lens.
 */
const LENSES = {
  file: '🔥 Hotspot file #1 · 9 changes in 12 mo · cognitive 26 · 3 authors · PROJ-12, PROJ-40',
  computeTotal: '🔥 Hotspot #1 · 6 changes in 12 mo · cognitive 21 · 2 authors · PROJ-12, PROJ-40',
  debt: '⚠ TD-7f3a1c Invoice refresh is copy-pasted · high · PROJ-123',
  /** refresh's lens where the complexity floor lets cognitive 5 through: its own 2 authors, Alice and Carol. */
  refresh: '🔥 Hotspot #2 · 4 changes in 12 mo · cognitive 5 · 2 authors · PROJ-12, PROJ-40',
};

function workspaceRoot() {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1, 'the runner opens exactly one workspace folder');
  return folders[0];
}

async function activateApi() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  assert.equal(extension.isActive, true);
  assert.ok(api && api.registry && api.trees && typeof api.whenIdle === 'function', 'activate() returns { registry, trees, whenIdle }');
  return api;
}

async function waitFor(probe, ms = 60000, what = 'condition') {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > until) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until the folder's engine left `idle` for one of `kinds` (the startup scan starts just after
 * activation), then until no scan runs or is scheduled.
 */
async function settle(api, kinds, ms = 90000) {
  const engine = await waitFor(() => api.registry.all[0], ms, 'an engine for the folder');
  await waitFor(() => kinds.includes(engine.status.kind), ms, `engine status ${kinds.join(' or ')} (is ${engine.status.kind})`);
  await api.whenIdle();
  return engine;
}

/**
 * The lenses of a document in the order the editor shows them: by line, and on a line in the provider's order
 * (VS Code sorts by line, provider and column, stably), so a test sees the debt lens before a hotspot lens.
 */
async function lensesOf(uri) {
  await vscode.workspace.openTextDocument(uri);
  const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses
    .filter((lens) => lens.command)
    .map((lens) => ({ line: lens.range.start.line + 1, title: lens.command.title, command: lens.command.command, arguments: lens.command.arguments }));
}

/** Rows of a tree provider: `{ node, label, description, contextValue, id, collapsible }`. */
async function rowsOf(provider, parent) {
  const nodes = (await provider.getChildren(parent)) ?? [];
  return Promise.all(nodes.map(async (node) => {
    const item = await provider.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : item.label?.label;
    return { node, label, description: item.description, contextValue: item.contextValue, id: item.id, collapsible: item.collapsibleState };
  }));
}

function pick(rows, fields = ['label', 'description', 'contextValue']) {
  return rows.map((row) => Object.fromEntries(fields.map((field) => [field, row[field]])));
}

/** The Markdown text of hovers at a 1-based line (and 0-based character), with Markdown escapes removed. */
async function hoverText(uri, line, character = 4) {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, character))) ?? [];
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~&])/g, '$1');
}

/** Every file under `dir` (but .git) with its bytes. */
function snapshotFiles(dir) {
  const files = new Map();
  const walk = (rel) => {
    for (const dirent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${dirent.name}` : dirent.name;
      if (dirent.name === '.git' && rel === '') {
        continue;
      }
      if (dirent.isDirectory()) {
        walk(child);
      } else if (dirent.isFile()) {
        files.set(child, fs.readFileSync(path.join(dir, child)));
      }
    }
  };
  walk('');
  return files;
}

/** Front matter of a ledger entry file, parsed with the `yaml` package. */
function frontMatter(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  assert.ok(match, `no front matter in:\n${text}`);
  return require('yaml').parse(match[1]);
}

/** Every `scan-cache` folder or file under `dir`. */
function findScanCaches(dir) {
  const found = [];
  const walk = (current, depth) => {
    if (depth > 8 || !fs.existsSync(current)) {
      return;
    }
    for (const dirent of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, dirent.name);
      if (dirent.name === 'scan-cache') {
        found.push(full);
      } else if (dirent.isDirectory()) {
        walk(full, depth + 1);
      }
    }
  };
  walk(dir, 0);
  return found.filter((cache) => !fs.statSync(cache).isDirectory() || fs.readdirSync(cache).length > 0);
}

/** The second repository of the multi-root scenario (createSecondRepository in test/host/fixtureRepository.mjs). */
const SECOND_FIXTURE = {
  rates: 'src/rates.ts',
  zones: 'src/zones.ts',
  label: 'src/label.ts',
  commits: 6,
  entry: {
    id: 'TD-5b2e90',
    title: 'Zone surcharges are hard-coded',
    file: '.techdebt/TD-5b2e90-zone-surcharges-are-hard-coded.md',
  },
  /** 1-based lines in the final rates.ts */
  shippingRateLines: [9, 27],
};

/** The workspace's folders, asserting how many the runner opened. */
function workspaceFolderList(count) {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, count, `the runner opens ${count} workspace folder(s): ${folders.map((folder) => folder.uri.fsPath).join(', ')}`);
  return folders;
}

/** {@link settle} for every folder: waits for `count` engines, each in one of `kinds`, then until idle. */
async function settleAll(api, count, kinds, ms = 90000) {
  const engines = await waitFor(() => (api.registry.all.length === count ? api.registry.all : undefined), ms, `${count} engines`);
  for (const engine of engines) {
    await waitFor(() => kinds.includes(engine.status.kind), ms, `engine status of ${engine.folder.name} ${kinds.join(' or ')} (is ${engine.status.kind})`);
  }
  await api.whenIdle();
  return engines;
}

/** The folder the scan cache of the repository at `root` gets (scanCache.ts: `cacheFileFor`). */
function scanCacheFolderName(root) {
  const id = require('node:crypto').createHash('sha1').update(root).digest('hex').slice(0, 16);
  return `${path.basename(root).replace(/[^\w.-]/g, '_')}-${id}`;
}

/** The fixture's history as a scan of it must rank it: 13 commits, invoice.ts first, and its two most changed functions. */
function assertFixtureRanked(report) {
  assert.equal(report.stats.commits, 13);
  // The rule of issue 11 with the fixture's percentile (its .vscode/settings.json sets the deprecated codeLens.hotspotPercentile).
  assert.deepEqual(report.significance, { percentile: 50, minRevisions: 3, minComplexity: 15, minFunctionComplexity: 15, includeTests: false });
  assert.equal(report.window.end, 'head');
  const invoice = report.files.find((file) => file.path === FIXTURE.invoice);
  assert.deepEqual(
    { rank: invoice.rank, revisions: invoice.revisions, authors: invoice.authors, cognitive: invoice.cognitive, significant: invoice.significant, tickets: invoice.tickets },
    { rank: 1, revisions: 9, authors: 3, cognitive: 26, significant: true, tickets: ['PROJ-12', 'PROJ-40'] },
  );
  const fn = (name) => invoice.functions.find((candidate) => candidate.name === name);
  // Each function's own facts: computeTotal changed by Alice and Bob, refresh by Alice and Carol.
  const own = ({ revisions, cognitive, significant, authors, tickets }) => ({ revisions, cognitive, significant, authors, tickets });
  assert.deepEqual(own(fn('computeTotal')), { revisions: 6, cognitive: 21, significant: true, authors: 2, tickets: ['PROJ-12', 'PROJ-40'] });
  // Below the complexity floor (cognitive 15): not significant, however often it changed.
  assert.deepEqual(own(fn('InvoiceService.refresh')), { revisions: 4, cognitive: 5, significant: false, authors: 2, tickets: ['PROJ-12', 'PROJ-40'] });
}

/** Every git call the runner's logging wrapper saw so far (`<cwd>\t<args>` lines; DEBT_LENS_HOST_GIT_LOG). */
function gitCalls() {
  const gitLog = process.env.DEBT_LENS_HOST_GIT_LOG;
  assert.ok(gitLog, 'the runner sets DEBT_LENS_HOST_GIT_LOG');
  assert.ok(fs.existsSync(gitLog), `no git log file ${gitLog}`);
  return fs.readFileSync(gitLog, 'utf8');
}

// State a test changes is put back by the test itself, so that every test runs alone or in any order
// (DEBT_LENS_HOST_ORDER, DEBT_LENS_HOST_GREP in suite/index.js): the ledger folder, HEAD, files, settings.

/** The files of the fixture's ledger folder (.techdebt), name → bytes, for {@link restoreLedger}. */
function snapshotLedger(root) {
  const dir = path.join(root, '.techdebt');
  return new Map(fs.readdirSync(dir, { withFileTypes: true }).filter((dirent) => dirent.isFile()).map((dirent) => [dirent.name, fs.readFileSync(path.join(dir, dirent.name))]));
}

/** What the engine must read from a ledger's entry files: id, title, status, severity and backlog of each. */
function ledgerFacts(entries) {
  return JSON.stringify(entries.map(({ id, title, status, severity, backlog }) => ({ id, title, status, severity, backlog: backlog ?? [] })).sort((a, b) => a.id.localeCompare(b.id)));
}

/**
 * Puts the ledger folder back as {@link snapshotLedger} found it (files added since are removed, changed ones
 * rewritten), then waits until the engine has read it and no scan runs or is scheduled.
 */
async function restoreLedger(api, root, snapshot) {
  const dir = path.join(root, '.techdebt');
  for (const name of fs.readdirSync(dir)) {
    if (!snapshot.has(name)) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
  for (const [name, bytes] of snapshot) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file) || !fs.readFileSync(file).equals(bytes)) {
      fs.writeFileSync(file, bytes);
    }
  }
  const expected = ledgerFacts([...snapshot].filter(([name]) => name.endsWith('.md')).map(([, bytes]) => frontMatter(bytes.toString('utf8'))));
  await waitFor(() => ledgerFacts(api.registry.all[0].entries) === expected, 20000, 'the engine to read the restored ledger');
  await api.whenIdle();
}

/** Runs `body`, then puts the ledger folder back as it was (see {@link restoreLedger}), `body` failed or not. */
async function keepingLedger(api, root, body) {
  const snapshot = snapshotLedger(root);
  try {
    return await body();
  } finally {
    await restoreLedger(api, root, snapshot);
  }
}

/**
 * Dana Dorn commits a line appended to src/util/format.ts ("Separator constant (PROJ-12)"), now: HEAD moves,
 * and the extension rescans on its own. Resolves with the new HEAD once the engine's report is at it.
 */
async function commitSeparator(api, root) {
  const format = 'src/util/format.ts';
  fs.appendFileSync(path.join(root, format), '\nexport const SEPARATOR = \' · \';\n');
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Dana Dorn', GIT_AUTHOR_EMAIL: 'dana@example.com', GIT_COMMITTER_NAME: 'Dana Dorn', GIT_COMMITTER_EMAIL: 'dana@example.com' };
  execFileSync('git', ['add', format], { cwd: root, env });
  execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'Separator constant (PROJ-12)'], { cwd: root, env });
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const engine = api.registry.all[0];
  await waitFor(() => engine.report?.head === head, 30000, 'a rescan at the new HEAD');
  await api.whenIdle();
  return head;
}

/**
 * Moves HEAD back to `head` and puts back the bytes of `files` (repository-relative path → bytes) that its
 * commits since changed, then waits for the rescan at `head` (a full one: the cached history is newer).
 */
async function resetHead(api, root, head, files) {
  execFileSync('git', ['reset', '-q', head], { cwd: root });
  for (const [rel, bytes] of Object.entries(files)) {
    fs.writeFileSync(path.join(root, rel), bytes);
  }
  const engine = api.registry.all[0];
  await waitFor(() => engine.report?.head === head && !engine.isScanning, 30000, `a rescan back at ${head.slice(0, 8)}`);
  await api.whenIdle();
}

/**
 * Two open entries on handleInvoice in handler.ts, written through the commands a user runs: Tag Selection of
 * lines 10–20 ("Handler mixes HTTP and billing", medium, 4h, PROJ-77) and Promote Marker of the TODO on line 17
 * ("Refunds are not handled", low, PROJ-77). Resolves with their ids once the engine has read both.
 */
async function addHandlerEntries(api, folder) {
  const root = folder.uri.fsPath;
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, FIXTURE.handler))));
  editor.selection = new vscode.Selection(9, 0, 19, 1);
  const tagged = await vscode.commands.executeCommand('debtLens.tagSelection', { title: 'Handler mixes HTTP and billing', severity: 'medium', principal: '4h', backlog: ['PROJ-77'] });
  const promoted = await vscode.commands.executeCommand('debtLens.promoteMarker', { kind: 'marker', folder: folder.uri.toString(), path: FIXTURE.handler, line: 17 }, 'Refunds are not handled');
  assert.match(String(tagged), /^TD-[0-9a-f]{6}$/);
  assert.match(String(promoted), /^TD-[0-9a-f]{6}$/);
  const engine = api.registry.all[0];
  await waitFor(() => [tagged, promoted].every((id) => engine.entries.some((entry) => entry.id === id)), 20000, 'the engine to read the two entries on handleInvoice');
  await api.whenIdle();
  return [tagged, promoted];
}

module.exports = {
  EXTENSION_ID, FIXTURE, LENSES, SECOND_FIXTURE, workspaceRoot, workspaceFolderList, activateApi, waitFor, settle, settleAll, lensesOf, rowsOf, pick, hoverText,
  snapshotFiles, frontMatter, findScanCaches, scanCacheFolderName, assertFixtureRanked, gitCalls,
  snapshotLedger, restoreLedger, keepingLedger, commitSeparator, resetHead, addHandlerEntries,
};
