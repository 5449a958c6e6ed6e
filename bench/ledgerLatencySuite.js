// Loaded by the extension host (extensionTestsPath) for `npm run bench:ledger` (bench/ledgerLatency.mjs): times
// ledger writes made through the commands, answered programmatically as the in-host tests answer their quick
// inputs, from the moment a command is run to the moment each surface shows the change:
// - lenses: vscode.executeCodeLensProvider on the file returns (or no longer returns) the entry's ⚠ lens, at the
//   expected line;
// - the Tech Debt tree: the extension's api.trees.debt shows the entry in the expected group, or its anchor at
//   the expected lines;
// - the impact panel: the driver reads the panel's webview (this host cannot see the panel's DOM): before each
//   write it marks the table rows on screen and has every frame watch for a row it did not mark (the panel was
//   drawn again) that shows the change, noting when it appeared;
// - the quiet rescan that follows every write: the engine has new scan details (a write patches the report, only
//   a scan replaces the details) and no scan runs.
// Three kinds of write, DEBT_LENS_LEDGER_BENCH_WRITES each (default 5), one after the other, each waiting for the
// last to show everywhere: Tag Selection of a function of the top-ranked file, Set Status of the first entry, and
// Update Moved Anchors after two lines were put in front of (then taken out of) the file on disk.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const dir = process.env.DEBT_LENS_LEDGER_BENCH_DIR;
const WRITES = Number(process.env.DEBT_LENS_LEDGER_BENCH_WRITES || 5);
const POLL_MS = 10;
const SURFACE_TIMEOUT_MS = 30_000;
const STATUS_LABEL = { open: 'Open', accepted: 'Accepted', scheduled: 'Scheduled', paid: 'Paid', wontfix: "Won't fix" };
/** Each write moves the entry in or out of the statuses that keep its lens (all but paid and won't fix). */
const STATUSES = ['paid', 'open', 'wontfix', 'open'];

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(probe, ms, what) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > until) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await sleep(100);
  }
}

function append(file, record) {
  fs.appendFileSync(path.join(dir, file), `${JSON.stringify(record)}\n`);
}

async function lenses(uri) {
  const found = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) ?? [];
  return found.filter((lens) => lens.command).map((lens) => ({ line: lens.range.start.line + 1, title: lens.command.title }));
}

async function rows(provider, parent) {
  const nodes = (await provider.getChildren(parent)) ?? [];
  return Promise.all(nodes.map(async (node) => {
    const item = await provider.getTreeItem(node);
    return { node, label: typeof item.label === 'string' ? item.label : item.label?.label, description: item.description };
  }));
}

/** The entry's row under the group labelled `group` (status grouping), or undefined. */
async function entryRow(api, group, title) {
  const groups = await rows(api.trees.debt);
  const match = groups.find((row) => row.label === group);
  return match ? (await rows(api.trees.debt, match.node)).find((row) => row.label === title) : undefined;
}

/**
 * Runs `write`, then polls the lenses and the tree until `lensOk` and `treeOk` hold and the rescan is done, and
 * waits for the driver to see a row with the cells `panel` in the impact panel. Returns the write's result.
 */
async function timeWrite(api, engine, kind, n, write, { uri, lensOk, treeOk, panel }) {
  const name = `${kind}-${n}`;
  append('events.jsonl', { type: 'mark', n: name, cells: panel });
  await waitFor(() => readSeen().some((record) => record.n === name && record.marked), 20_000, `the driver to mark the panel's rows for ${name}`);
  // The lens check's own round trip through the workbench while nothing happens: what the lens figure cannot go below.
  const probed = Date.now();
  await lenses(uri);
  const idleLensMs = Date.now() - probed;
  // A write patches the report; only a scan publishes new details.
  const scanBefore = engine.details;
  const t0 = Date.now();
  const result = await write();
  const commandMs = Date.now() - t0;
  append('events.jsonl', { type: 'watch', n: name, t0, cells: panel });
  const times = { commandMs, lensMs: null, treeMs: null, rescanMs: null, idleLensMs };
  const until = Date.now() + SURFACE_TIMEOUT_MS;
  while ((times.lensMs === null || times.treeMs === null || times.rescanMs === null) && Date.now() < until) {
    // The tree first: it is read in this host, the lenses through the workbench (a round trip that can take
    // hundreds of milliseconds while the workbench draws), which must not delay the tree's figure.
    if (times.treeMs === null && (await treeOk(result))) {
      times.treeMs = Date.now() - t0;
    }
    if (times.lensMs === null && (await lensOk(result))) {
      times.lensMs = Date.now() - t0;
    }
    if (times.rescanMs === null && engine.details !== scanBefore && !engine.isScanning) {
      times.rescanMs = Date.now() - t0;
    }
    await sleep(POLL_MS);
  }
  await api.whenIdle();
  // The driver's verdict on the panel, then a pause so the next write starts from a quiet host.
  const seen = await waitFor(() => readSeen().find((record) => record.n === name && !record.marked), SURFACE_TIMEOUT_MS + 10_000, `the driver's answer on the panel for ${name}`);
  const record = { kind, n, ...times, panelMs: seen.t === null ? null : seen.t - t0 };
  append('results.jsonl', record);
  console.log(`[ledger-bench] ${JSON.stringify(record)}`);
  await sleep(500);
  return result;
}

/** Asks the driver whether the panel shows a row with `cells` now: a check that what the writes are timed by can be seen at all. */
async function probePanel(name, cells) {
  append('events.jsonl', { type: 'probe', n: name, cells });
  return (await waitFor(() => readSeen().find((record) => record.n === name && record.probe !== undefined), 20_000, `the driver's answer to ${name}`)).probe;
}

function readSeen() {
  const file = path.join(dir, 'seen.jsonl');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
}

/** Functions of `file` that do not overlap, at least three lines long, in order. */
function separateFunctions(file) {
  const picked = [];
  for (const fn of [...file.functions].sort((a, b) => a.startLine - b.startLine)) {
    if (fn.endLine - fn.startLine >= 2 && !fn.name.includes('<') && picked.every((other) => fn.startLine > other.endLine)) {
      picked.push(fn);
    }
  }
  return picked;
}

exports.run = async () => {
  const api = await vscode.extensions.getExtension('debt-lens.debt-lens').activate();
  const engine = await waitFor(() => api.registry.all[0], 60_000, 'an engine');
  const startupStarted = Date.now();
  await waitFor(() => engine.status.kind === 'ready' && engine.report, 900_000, 'the startup scan');
  await api.whenIdle();
  append('setup.jsonl', { startupScanMs: Date.now() - startupStarted, files: engine.report.files.length, commits: engine.report.stats.commits });
  const folder = engine.folder.uri.toString();
  const root = engine.root;
  const target = engine.report.files.find((file) => file.rank !== null && separateFunctions(file).length >= WRITES);
  if (target === undefined) {
    throw new Error(`no ranked file with ${WRITES} separate functions`);
  }
  const functions = separateFunctions(target).slice(0, WRITES);
  const uri = vscode.Uri.file(path.join(root, target.path));
  const original = fs.readFileSync(uri.fsPath, 'utf8');
  append('setup.jsonl', { file: target.path, rank: target.rank, functions: functions.map((fn) => `${fn.name} ${fn.startLine}-${fn.endLine}`) });

  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.One });
  const focusEditor = () => vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  await vscode.commands.executeCommand('debtLens.showImpact', { kind: 'file', folder, path: target.path });
  await focusEditor();
  await sleep(1000);

  // 1. Tag Selection: a new entry on each function.
  const tagged = [];
  for (let n = 1; n <= WRITES; n++) {
    const fn = functions[n - 1];
    const title = `Ledger bench entry ${n}`;
    await focusEditor();
    editor.selection = new vscode.Selection(fn.startLine - 1, 0, fn.endLine - 1, 1);
    const id = await timeWrite(api, engine, 'tagSelection', n, () => vscode.commands.executeCommand('debtLens.tagSelection', { title, severity: 'medium', principal: '2h', backlog: [] }), {
      uri,
      lensOk: async (entryId) => (await lenses(uri)).some((lens) => lens.title.startsWith(`⚠ ${entryId} `)),
      treeOk: async () => (await entryRow(api, STATUS_LABEL.open, title)) !== undefined,
      panel: [title],
    });
    tagged.push({ id, title });
  }
  const first = tagged[0];

  // 2. Set Status of the first entry: paid, open, won't fix, open…
  for (let n = 1; n <= WRITES; n++) {
    const status = STATUSES[(n - 1) % STATUSES.length];
    await timeWrite(api, engine, 'setStatus', n, () => vscode.commands.executeCommand('debtLens.setStatus', { kind: 'entry', folder, id: first.id }, status), {
      uri,
      lensOk: async () => (await lenses(uri)).some((lens) => lens.title.startsWith(`⚠ ${first.id} `)) === (status === 'open'),
      treeOk: async () => (await entryRow(api, STATUS_LABEL[status], first.title)) !== undefined,
      panel: [first.id, status],
    });
  }
  if (engine.entries.find((entry) => entry.id === first.id)?.status !== 'open') {
    await vscode.commands.executeCommand('debtLens.setStatus', { kind: 'entry', folder, id: first.id }, 'open');
    await api.whenIdle();
  }

  // 3. Update Moved Anchors: two lines put in front of the file on disk (then taken out again), and the command
  //    rewrites the anchors. The panel shows the first entry's impact, whose function row names its lines.
  const stored = engine.entries.find((entry) => entry.id === first.id).anchors[0].lines;
  const fn = functions[0];
  await vscode.commands.executeCommand('debtLens.showImpact', { kind: 'entry', folder, id: first.id });
  await focusEditor();
  await api.whenIdle();
  await sleep(1000);
  const probe = [`${target.path}:${fn.startLine}–${fn.endLine}`];
  append('setup.jsonl', { panelProbe: { cells: probe, shown: await probePanel('probe-moved', probe) } });
  try {
    for (let n = 1; n <= WRITES; n++) {
      const shift = n % 2 === 1 ? 2 : 0;
      const text = shift ? `// moved\n// down\n${original}` : original;
      fs.writeFileSync(uri.fsPath, text);
      // The command reads open documents from the editor: wait until it has reloaded the file from disk.
      await waitFor(() => editor.document.getText() === text, 20_000, 'the editor to reload the moved file');
      const [a, b] = [stored[0] + shift, stored[1] + shift];
      await timeWrite(api, engine, 'updateMovedAnchors', n, () => vscode.commands.executeCommand('debtLens.updateMovedAnchors', { folder, confirm: true }), {
        uri,
        lensOk: async () => (await lenses(uri)).some((lens) => lens.title.startsWith(`⚠ ${first.id} `) && lens.line === a),
        treeOk: async () => {
          const row = await entryRow(api, STATUS_LABEL.open, first.title);
          const anchors = row ? await rows(api.trees.debt, row.node) : [];
          return anchors.some((anchor) => String(anchor.description).startsWith(`lines ${a}–${b}`));
        },
        panel: [`${target.path}:${fn.startLine + shift}–${fn.endLine + shift}`],
      });
    }
  } finally {
    fs.writeFileSync(uri.fsPath, original);
  }
  append('setup.jsonl', { done: true });
};
