import { strict as assert } from 'node:assert';
import type { HistorySummary } from '../../../src/core/history/fileHistory';
import { aggregateHistory } from '../../../src/core/history/fileHistory';
import type { CommitRecord } from '../../../src/core/history/logParser';
import type { FileImpact, Impact } from '../../../src/core/impact/impactOf';
import type { ScanReport } from '../../../src/core/scan/scanReport';
import { hotspotMapModel, impactTitle, impactViewModel, innermostFunction, MAX_HOTSPOT_TILES } from '../../../src/editor/impactViewModel';
import type { FileSpec, FunctionSpec } from '../support/reportBuilders';
import { scanReport } from '../support/reportBuilders';

const REFRESH: FunctionSpec = { name: 'Session.refresh', kind: 'method', startLine: 2, endLine: 11, cyclomatic: 4, cognitive: 6, loc: 10, revisions: 7, churn: 22, score: 42, rank: 1, percentile: 75 };
const INNER: FunctionSpec = { name: 'Session.refresh.retry', kind: 'arrow', startLine: 5, endLine: 7, loc: 3 };

function report(files: readonly FileSpec[]): ScanReport {
  // session.ts (cognitive 14) is significant under a complexity floor of 10.
  return scanReport(files, { window: { since: '2025-11-21T00:00:00.000Z', until: '2026-02-10T00:00:00.000Z', end: 'head' }, significance: { minComplexity: 10 } });
}

/**
 * session.ts first of ten ranked files (percentile 95), the only one X-Rayed: Session.refresh is the
 * hotter of its two functions (percentile 75). api.ts's three commits moved it and changed no line.
 * README.md is not parsed; the seven empty files rank last and are too small for the map.
 */
const REPORT = report([
  { path: 'src/session.ts', revisions: 7, added: 30, deleted: 8, loc: 120, cognitive: 14, cyclomatic: 11, score: 98, rank: 1, percentile: 95, significant: true, functions: [REFRESH, INNER], xray: true },
  { path: 'src/api.ts', revisions: 3, added: 0, deleted: 0, loc: 40, cognitive: 2, score: 6, rank: 3, percentile: 75 },
  { path: 'src/util.ts', revisions: 12, loc: 200, cognitive: 5, score: 60, rank: 2, percentile: 85 },
  { path: 'README.md', revisions: 9, loc: null },
  ...['empty', 'empty-2', 'empty-3', 'empty-4', 'empty-5', 'empty-6', 'empty-7'].map((name): FileSpec => ({ path: `src/${name}.ts`, revisions: 1, loc: 0, cyclomatic: 0, cognitive: 0, score: 0, rank: 4 })),
]);

const SESSION: FileImpact = {
  path: 'src/session.ts',
  hotspot: { revisions: 7, score: 98, rank: 1, percentile: 95, significant: true },
  authors: [
    { name: 'Ada', email: 'ada@example.com', added: 24, revisions: 5, share: 0.8 },
    { name: 'Bob', email: 'bob@example.com', added: 6, revisions: 2, share: 0.2 },
  ],
  mainDeveloper: 'Ada',
  ownership: 0.8,
  busFactor: 1,
  coupling: [{ path: 'src/api.ts', shared: 3, degree: 60 }],
  importers: ['src/api.ts', 'src/main.ts'],
  transitiveImporters: ['src/api.ts', 'src/cli.ts', 'src/main.ts'],
};

const SYMBOL_IMPACT: Impact = {
  target: { kind: 'symbol', path: 'src/session.ts', symbol: 'Session.refresh' },
  anchors: [{ path: 'src/session.ts', symbol: 'Session.refresh', lines: [2, 11] }],
  orphanedAnchors: 0,
  files: [SESSION],
  symbols: [{ path: 'src/session.ts', name: 'Session.refresh', startLine: 2, endLine: 11, cognitive: 6, churn: 22, revisions: 7, score: 42, rank: 1, percentile: 75 }],
  interest: {
    revisions: 3,
    churn: 17,
    tickets: ['PROJ-7'],
    byMonth: [
      { month: '2025-11', revisions: 0, churn: 0 },
      { month: '2025-12', revisions: 2, churn: 12 },
      { month: '2026-01', revisions: 0, churn: 0 },
      { month: '2026-02', revisions: 1, churn: 5 },
    ],
    commits: ['c3', 'c2', 'c1'],
    changes: [
      { commit: 'c3', commitTime: Date.parse('2026-02-02T00:00:00Z') / 1000, added: 3, churn: 5 },
      { commit: 'c2', commitTime: Date.parse('2025-12-20T00:00:00Z') / 1000, added: 1, churn: 2 },
      { commit: 'c1', commitTime: Date.parse('2025-12-10T00:00:00Z') / 1000, added: 10, churn: 10 },
    ],
    // Bob wrote c1 and c3 inside refresh, Ada c2: the function's people are not the file's (Ada 80 %).
    authors: [
      { name: 'Bob', email: 'bob@example.com', added: 13, revisions: 2 },
      { name: 'Ada', email: 'ada@example.com', added: 1, revisions: 1 },
    ],
  },
  backlog: [
    {
      id: 'PROJ-7',
      fromEntry: true,
      fromHistory: true,
      details: { title: 'Refresh <script>alert(1)</script> races', state: 'In Progress', url: 'https://jira.example.com/browse/PROJ-7', fetchedAt: '2026-02-01T00:00:00.000Z' },
    },
    { id: '#12', fromEntry: false, fromHistory: true, details: { title: 'Evil link', state: 'open', url: 'javascript:alert(1)', fetchedAt: '2026-02-01T00:00:00.000Z' } },
    { id: 'PROJ-9', fromEntry: true, fromHistory: false, lookupFailed: true },
  ],
  entries: [{ id: 'TD-0a1b', title: 'Token refresh is tangled', status: 'open', severity: 'high', principal: '2d', path: '.techdebt/TD-0a1b.md' }],
};

/** The history a scan reads from these commits (newest first), each changing the files that name its index, by Ada. */
function history(files: Record<string, readonly { commit: number; added: number | null; deleted: number | null }[]>, commitTimes: readonly string[]): HistorySummary {
  const commits = commitTimes.map((time, index): CommitRecord => ({
    hash: `c${index}`,
    authorName: 'Ada',
    authorEmail: 'ada@example.com',
    authorTime: Date.parse(time) / 1000,
    commitTime: Date.parse(time) / 1000,
    message: `Change ${index}`,
    files: Object.entries(files).flatMap(([path, changes]) => changes.filter((change) => change.commit === index).map((change) => ({ path, status: 'M' as const, added: change.added, deleted: change.deleted }))),
  }));
  return aggregateHistory(commits);
}

describe('impactViewModel', () => {
  it('titles the panel after the symbol, the file, or the entry id and title', () => {
    assert.equal(impactTitle(SYMBOL_IMPACT), 'Debt Lens Impact: Session.refresh');
    assert.equal(impactTitle({ ...SYMBOL_IMPACT, target: { kind: 'file', path: 'src/session.ts' } }), 'Debt Lens Impact: src/session.ts');
    assert.equal(impactTitle({ ...SYMBOL_IMPACT, target: { kind: 'entry', id: 'TD-0a1b' } }, 'Token refresh is tangled'), 'Debt Lens Impact: TD-0a1b Token refresh is tangled');
  });

  it('summarizes a symbol by its own rank, interest, complexity and people', () => {
    const model = impactViewModel(SYMBOL_IMPACT, { report: REPORT, folderName: 'app' });
    assert.equal(model.subtitle, 'app · src/session.ts');
    assert.equal(model.entry, undefined);
    // Bob added 13 of the 14 lines added inside refresh.
    assert.deepEqual(model.summary, [
      { label: 'Function rank', value: '#1 · percentile 75' },
      { label: 'Revisions', value: '3' },
      { label: 'Cognitive complexity', value: '6' },
      { label: 'Churn', value: '17 lines' },
      { label: 'Authors', value: '2' },
      { label: 'Main developer', value: 'Bob (92.9 %)' },
      { label: 'Bus factor', value: '1' },
      { label: 'Debt entries', value: '1' },
      { label: 'Backlog items', value: '3' },
    ]);
  });

  it('tables a function\'s authors from its own commits: their revisions sum to the function\'s', () => {
    const { authors } = impactViewModel(SYMBOL_IMPACT, { report: REPORT, folderName: 'app' });
    assert.equal(authors.note, 'Authors of the 3 commits that changed this function: lines added inside it.');
    assert.deepEqual(authors.table.rows.map((row) => row.map((cell) => cell.text)), [
      ['Bob', '13', '2', '92.9 %'],
      ['Ada', '1', '1', '7.1 %'],
    ]);
    assert.deepEqual(authors.labels, ['Bob', 'Ada']);
  });

  it('names the file\'s people as the file\'s where the function\'s commits are not read (no interest)', () => {
    const model = impactViewModel({ ...SYMBOL_IMPACT, interest: null }, { report: REPORT, folderName: 'app' });
    assert.deepEqual(model.summary.slice(4, 6), [
      { label: 'File\'s main developer', value: 'Ada (80 %)' },
      { label: 'File\'s bus factor', value: '1' },
    ]);
    assert.equal(model.authors.note, 'The file\'s authors: the commits that changed it anywhere.');
    assert.deepEqual(model.authors.table.rows.map((row) => row[0]!.text), ['Ada', 'Bob']);
    // A file's own panel: its people are the file's, unlabelled.
    const file = impactViewModel({ ...SYMBOL_IMPACT, target: { kind: 'file', path: 'src/session.ts' }, symbols: [] }, { report: REPORT, folderName: 'app' });
    assert.deepEqual(file.summary.slice(4, 6), [
      { label: 'Main developer', value: 'Ada (80 %)' },
      { label: 'Bus factor', value: '1' },
    ]);
    assert.equal(file.authors.note, 'Authors of the commits that changed the file.');
  });

  it('opens an entry\'s panel with the entry: status, severity, principal, author, age, interest since created, Set Status and Open Entry; the summary counts other entries', () => {
    const impact: Impact = {
      ...SYMBOL_IMPACT,
      target: { kind: 'entry', id: 'TD-7f3a' },
      entry: { id: 'TD-7f3a', title: 'Refresh is copy-pasted', status: 'accepted', severity: 'high', principal: '2d', author: 'Carol', path: '.techdebt/TD-7f3a.md', created: '2025-12-15', tags: [], backlog: ['PROJ-7'], sinceCreated: { revisions: 2, churn: 7 } },
    };
    const model = impactViewModel(impact, { report: REPORT, folderName: 'app', now: new Date('2026-02-10T12:00:00Z') });
    assert.deepEqual(model.entry, {
      id: 'TD-7f3a',
      title: 'Refresh is copy-pasted',
      facts: [
        { label: 'Status', value: 'accepted' },
        { label: 'Severity', value: 'high' },
        { label: 'Principal', value: '2d' },
        { label: 'Author', value: 'Carol' },
        { label: 'Age', value: '57 days (since 2025-12-15)' },
        { label: 'Interest since created', value: '2 changes · 7 lines' },
      ],
      actions: [
        { label: 'Set Status', link: { type: 'setStatus', id: 'TD-7f3a' } },
        { label: 'Open Entry', link: { type: 'openEntry', id: 'TD-7f3a' } },
      ],
    });
    assert.deepEqual(model.summary.at(-2), { label: 'Other entries', value: '1' });
    assert.equal(model.authors.note, 'Authors of the 3 commits that changed the entry\'s code: lines added inside it.');
    const bare = impactViewModel({ ...impact, entry: { ...impact.entry!, principal: undefined, author: undefined, sinceCreated: null } }, { report: REPORT, folderName: 'app', now: new Date('2026-02-10T12:00:00Z') });
    assert.deepEqual(bare.entry?.facts.slice(2, 6).map((fact) => fact.value), ['—', '—', '57 days (since 2025-12-15)', '—']);
  });

  it('charts the interest by month, revisions and churn', () => {
    const { trend } = impactViewModel(SYMBOL_IMPACT, { report: REPORT, folderName: 'app' });
    assert.deepEqual(trend, {
      months: ['2025-11', '2025-12', '2026-01', '2026-02'],
      revisions: [0, 2, 0, 1],
      churn: [0, 12, 0, 5],
      source: 'interest',
      note: 'Commits that changed this code, by month (committer date, UTC).',
    });
  });

  it('says there were no changes when the interest counts none', () => {
    const quiet: Impact = { ...SYMBOL_IMPACT, interest: { revisions: 0, churn: 0, tickets: [], byMonth: [{ month: '2025-11', revisions: 0, churn: 0 }], commits: [], changes: [], authors: [] } };
    const { trend } = impactViewModel(quiet, { report: REPORT, folderName: 'app' });
    assert.equal(trend.source, 'none');
    assert.equal(trend.note, 'No changes in the window (2025-11-21 to 2026-02-10).');
  });

  it('falls back to the files\' history by month when there is no interest, counting a shared commit once', () => {
    const api: FileImpact = { ...SESSION, path: 'src/api.ts', authors: [], coupling: [], importers: [], transitiveImporters: [] };
    const impact: Impact = { ...SYMBOL_IMPACT, target: { kind: 'entry', id: 'TD-0a1b' }, files: [SESSION, api], symbols: [], interest: null };
    const summary = history(
      {
        'src/session.ts': [
          { commit: 0, added: 4, deleted: 1 },
          { commit: 1, added: 10, deleted: 0 },
        ],
        'src/api.ts': [
          { commit: 1, added: 2, deleted: 2 },
          { commit: 2, added: 1, deleted: 0 },
        ],
      },
      // Newest first, as the history lists them; the last one is before the window.
      ['2026-02-03T10:00:00Z', '2025-12-31T23:59:59Z', '2025-01-05T00:00:00Z'],
    );
    const { trend } = impactViewModel(impact, { report: REPORT, history: summary, folderName: 'app' });
    assert.deepEqual(trend, {
      months: ['2025-11', '2025-12', '2026-01', '2026-02'],
      revisions: [0, 1, 0, 1],
      churn: [0, 14, 0, 5],
      source: 'history',
      note: 'Commits that changed these files, by month (committer date, UTC).',
    });
  });

  it('leaves churn out of the fallback when the history has none (fast pass)', () => {
    const impact: Impact = { ...SYMBOL_IMPACT, interest: null };
    const summary = history({ 'src/session.ts': [{ commit: 0, added: null, deleted: null }] }, ['2026-01-15T00:00:00Z']);
    const { trend } = impactViewModel(impact, { report: REPORT, history: summary, folderName: 'app' });
    assert.deepEqual(trend.revisions, [0, 0, 1, 0]);
    assert.equal(trend.churn, null);
  });

  it('lists the files and symbols measured, with links to their code', () => {
    const { complexity } = impactViewModel(SYMBOL_IMPACT, { report: REPORT, folderName: 'app' });
    assert.deepEqual(complexity.columns, ['Code', 'Kind', 'Cognitive', 'Cyclomatic', 'LOC', 'Revisions', 'Churn', 'Score']);
    assert.deepEqual(
      complexity.rows.map((row) => row.map((cell) => cell.text)),
      [
        ['src/session.ts', 'file', '14', '11', '120', '7', '38', '98'],
        ['Session.refresh', 'method', '6', '4', '10', '7', '22', '42'],
      ],
    );
    assert.deepEqual(complexity.rows[1]![0]!.link, { type: 'openFile', path: 'src/session.ts', line: 2 });
  });

  it('merges authors over the files and sums the smallest shares as Others', () => {
    const names = ['Ann', 'Ben', 'Cid', 'Dot', 'Eve', 'Fay', 'Gus'];
    const many: FileImpact = { ...SESSION, authors: names.map((name, i) => ({ name, email: `${name.toLowerCase()}@x.org`, added: 7 - i, revisions: 1, share: (7 - i) / 28 })) };
    const other: FileImpact = { ...SESSION, path: 'src/api.ts', authors: [{ name: 'Gus', email: 'GUS@x.org', added: 1, revisions: 1, share: 1 }] };
    const { authors } = impactViewModel({ ...SYMBOL_IMPACT, target: { kind: 'file', path: 'src/session.ts' }, files: [many, other] }, { report: REPORT, folderName: 'app' });
    // 29 lines in all: Ann 7, Ben 6, Cid 5, Dot 4, Eve 3, then Gus 1 + 1 (one author, the email's case aside) and Fay 2.
    assert.deepEqual(authors.labels, ['Ann', 'Ben', 'Cid', 'Dot', 'Eve', 'Others (2)']);
    assert.deepEqual(authors.percents, [24.1, 20.7, 17.2, 13.8, 10.3, 13.8]);
    // Equal lines: more revisions first.
    assert.deepEqual(authors.table.rows.slice(5).map((row) => row.map((cell) => cell.text)), [
      ['Gus', '2', '2', '6.9 %'],
      ['Fay', '2', '1', '6.9 %'],
    ]);
  });

  it('lists coupled files, importers, backlog items and entries as links', () => {
    const model = impactViewModel(SYMBOL_IMPACT, { report: REPORT, folderName: 'app' });
    assert.deepEqual(model.coupled.columns, ['Changes with', 'Shared commits', 'Degree']);
    assert.deepEqual(model.coupled.rows, [[{ text: 'src/api.ts', link: { type: 'openFile', path: 'src/api.ts' } }, { text: '3', numeric: true }, { text: '60 %', numeric: true }]]);
    assert.deepEqual(model.importers.rows.map((row) => row[0]!.text), ['src/api.ts', 'src/main.ts']);
    assert.equal(model.importersNote, '3 files depend on it directly or through other files.');
    assert.deepEqual(model.backlog.rows, [
      [
        { text: 'PROJ-7', link: { type: 'openExternal', url: 'https://jira.example.com/browse/PROJ-7' }, hint: 'https://jira.example.com/browse/PROJ-7' },
        // Markup stays text: the webview sets it with textContent.
        { text: 'Refresh <script>alert(1)</script> races' },
        { text: 'In Progress' },
        { text: 'entry and commits' },
      ],
      // A tracker's URL that is not http(s) is never linked; the host opens the item its own way.
      [{ text: '#12', link: { type: 'openBacklog', ref: '#12' } }, { text: 'Evil link' }, { text: 'open' }, { text: 'commits' }],
      [{ text: 'PROJ-9', link: { type: 'openBacklog', ref: 'PROJ-9' } }, { text: 'could not be looked up' }, { text: '—' }, { text: 'entry' }],
    ]);
    assert.deepEqual(model.entries.rows, [
      [{ text: 'TD-0a1b', hint: '.techdebt/TD-0a1b.md', link: { type: 'openEntry', id: 'TD-0a1b' } }, { text: 'Token refresh is tangled' }, { text: 'open' }, { text: 'high' }, { text: '2d' }],
    ]);
  });

  it('ranks an entry by its best-ranked file and notes anchors no longer found', () => {
    const api: FileImpact = { ...SESSION, path: 'src/api.ts', hotspot: { revisions: 3, score: 6, rank: 3, percentile: 75, significant: false } };
    const impact: Impact = { ...SYMBOL_IMPACT, target: { kind: 'entry', id: 'TD-1' }, files: [api, SESSION], symbols: [], interest: null, orphanedAnchors: 1 };
    const model = impactViewModel(impact, { report: REPORT, folderName: 'app' });
    assert.equal(model.subtitle, 'app · 2 files · 1 anchor no longer found');
    assert.deepEqual(model.summary.slice(0, 4), [
      { label: 'Hotspot rank', value: '#1 · percentile 95' },
      { label: 'Revisions', value: '7' },
      { label: 'Cognitive complexity', value: '16' },
      { label: 'Churn', value: '38 lines' },
    ]);
    assert.deepEqual(model.summary.at(-1), { label: 'Anchors not found', value: '1' });
    assert.deepEqual(model.coupled.columns, ['File', 'Changes with', 'Shared commits', 'Degree']);
  });
});

describe('hotspotMapModel', () => {
  it('maps the ranked, measured files, best rank first, with the most revisions for the scale', () => {
    const model = hotspotMapModel(REPORT, 'app');
    assert.deepEqual(
      model.tiles.map((tile) => [tile.path, tile.name, tile.loc, tile.revisions, tile.rank, tile.complexity]),
      [
        ['src/session.ts', 'session.ts', 120, 7, 1, 14],
        ['src/util.ts', 'util.ts', 200, 12, 2, 5],
        ['src/api.ts', 'api.ts', 40, 3, 3, 2],
      ],
    );
    assert.equal(model.maxRevisions, 12);
    assert.equal(model.title, 'Debt Lens Hotspot Map');
    assert.equal(model.subtitle, 'app · 3 ranked files · area: lines of code, colour: revisions since 2025-11-21');
  });

  it(`keeps the best ${MAX_HOTSPOT_TILES} files of a large repository`, () => {
    // Fewer changes down the list: each file has a rank of its own.
    const files = Array.from({ length: MAX_HOTSPOT_TILES + 2 }, (_, i): FileSpec => ({ path: `f${i}.ts`, revisions: MAX_HOTSPOT_TILES + 2 - i, loc: 10, cognitive: 1, rank: i + 1 }));
    const model = hotspotMapModel(report(files), 'big');
    assert.equal(model.tiles.length, MAX_HOTSPOT_TILES);
    assert.equal(model.tiles.at(-1)!.rank, MAX_HOTSPOT_TILES);
    assert.match(model.subtitle, /\(the top 500 of 502\)/);
  });
});

describe('innermostFunction', () => {
  it('picks the smallest function around the line, and nothing outside any', () => {
    assert.equal(innermostFunction(REPORT, 'src/session.ts', 6), 'Session.refresh.retry');
    assert.equal(innermostFunction(REPORT, 'src/session.ts', 2), 'Session.refresh');
    assert.equal(innermostFunction(REPORT, 'src/session.ts', 12), undefined);
    assert.equal(innermostFunction(undefined, 'src/session.ts', 6), undefined);
  });
});


describe('the impact panel: Cost', () => {
  const costly: ScanReport = {
    ...REPORT,
    cost: { ...REPORT.cost, byMonth: [{ month: '2026-01', commits: 20, bugFixCommits: 5 }] },
    tickets: [12, 30, 48].map((hours, index) => ({ id: `PROJ-${index + 1}`, commits: 2, files: 1, title: 't', kind: 'change' as const, firstCommit: '', lastCommit: '', leadTimeHours: hours, leadTimeSource: 'commits' as const })),
    files: REPORT.files.map((file) =>
      file.path === 'src/session.ts'
        ? { ...file, functions: file.functions.map((fn) => (fn.name === 'Session.refresh' ? { ...fn, cost: { commits: 7, bugFixCommits: 4, bugFixShare: 4 / 7, tickets: 2, medianLeadTimeHours: 39 } } : fn)) }
        : file,
    ),
  };

  it("sets the function's own cost beside the repository's, with the bug-fix ratio", () => {
    const { cost } = impactViewModel(SYMBOL_IMPACT, { report: costly, folderName: 'app' });
    assert.deepEqual(cost.columns, ['', 'This code', 'Repository']);
    assert.deepEqual(cost.rows.map((row) => row.map((cell) => cell.text)), [
      ['Commits', '7', '20'],
      ['Bug-fix commits', '4', '5'],
      ['Bug-fix share', '57 % (2.3×)', '25 %'],
      ['Tickets', '2', '3'],
      ['Median lead time', '39 h', '30 h'],
    ]);
  });

  it('says why there is no cost where X-Ray did not run', () => {
    const { cost } = impactViewModel({ ...SYMBOL_IMPACT, target: { kind: 'symbol', path: 'src/api.ts', symbol: 'handle' } }, { report: REPORT, folderName: 'app' });
    assert.deepEqual(cost.rows, []);
    assert.equal(cost.empty, 'No cost measured: function history (X-Ray) did not run for this code.');
  });
});
