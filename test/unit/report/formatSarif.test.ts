import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { formatSarif } from '../../../src/core/report/formatSarif';
import { scanRepository } from '../../../src/core/scan/scanRepository';
import { buildScanFixture, NOW } from '../scan/scanFixture';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import type { LedgerReportEntry } from '../../../src/core/report/formatSarif';
import type { FileReport, ScanReport } from '../../../src/core/scan/scanReport';
import { DEFAULT_BUG_FIX, EMPTY_REPOSITORY_COST, functionRow, rankedFileRow } from '../support/reportBuilders';
import { sarifValidator } from '../support/sarifValidator';


const fn = functionRow;
const file = rankedFileRow;

/**
 * Ranked files: session.ts (significant, X-Rayed, hottest function Session.refresh 2–11), util.ts
 * (significant, no X-Ray) and a.ts (not significant).
 */
function report(files?: readonly FileReport[]): ScanReport {
  return {
    schemaVersion: 1,
    ledger: { folder: '.techdebt', entries: [], orphaned: 0, diagnostics: [], markers: { total: 0, byTag: {} } },
    root: '/repo/root',
    head: 'abc123',
    window: { since: '2025-11-21T00:00:00.000Z', until: '2026-11-21T00:00:00.000Z', end: 'head' },
    complexityMetric: 'cognitive',
    significancePercentile: 50,
    significance: { percentile: 50, minRevisions: 3, minComplexity: 1, minFunctionComplexity: 1, includeTests: false },
    categories: { testGlobs: [] },
    massCommitFiles: 30,
    stats: { commits: 9, trackedFiles: 3, parsedFiles: 3, rankedFiles: 3, testFiles: 0, significantFiles: 2, xrayFiles: 1, cache: 'off', durationMs: 1 },
    files: files ?? [
      file({
        path: 'src/session.ts', revisions: 7, cognitive: 6, cyclomatic: 4, loc: 12, score: 42, rank: 1, percentile: 83.3, significant: true,
        tickets: ['PROJ-1', '#12'], authors: 3, xray: true,
        functions: [
          fn({ name: 'Session.helper', startLine: 13, endLine: 15, cognitive: 1, revisions: 2, score: 2, rank: 2 }),
          fn({ name: 'Session.refresh', kind: 'method', startLine: 2, endLine: 11, cognitive: 6, revisions: 5, score: 30, rank: 1 }),
        ],
      }),
      file({ path: 'src/util.ts', revisions: 6, cognitive: 1, score: 6, rank: 2, percentile: 50, significant: true }),
      file({ path: 'src/a.ts', revisions: 0, score: 0, rank: 3, percentile: 16.7 }),
    ],
    coupling: [],
    tickets: [],
    cost: EMPTY_REPOSITORY_COST,
    bugFix: DEFAULT_BUG_FIX,
    errors: [],
    warnings: [],
  };
}

function entry(overrides: Partial<LedgerEntry> & Pick<LedgerEntry, 'id'>): LedgerEntry {
  return {
    title: 'Debt', status: 'open', severity: 'medium', tags: [], backlog: [], anchors: [], created: '2026-01-01', body: '',
    path: `.techdebt/${overrides.id}.md`, ...overrides,
  };
}

/**
 * - TD-aaaa01: open, critical, anchored to Session.refresh, which moved to lines 4–13;
 * - TD-bbbb02: scheduled, medium, on src/lib.ts (whole file) and on src/old.ts (gone: orphaned);
 * - TD-cccc03: accepted, low, no anchor;
 * - TD-dddd04: paid, high, on src/util.ts: history, so no result and no cover.
 */
function ledger(): LedgerReportEntry[] {
  return [
    {
      entry: entry({
        id: 'TD-aaaa01', title: 'Session refresh is copy-pasted', severity: 'critical', principal: '3d', backlog: ['PROJ-12', '#45'], tags: ['auth'],
        anchors: [{ path: 'src/session.ts', symbol: 'Session.refresh', lines: [2, 11], fingerprint: 'f1' }],
        path: '.techdebt/TD-aaaa01-session-refresh-is-copy-pasted.md',
      }),
      anchors: [{ status: 'resolved', how: 'symbol', moved: true, anchor: { path: 'src/session.ts', symbol: 'Session.refresh', lines: [4, 13], fingerprint: 'f2' } }],
      interest: { revisions: 5, churn: 12, tickets: ['PROJ-1'] },
    },
    {
      entry: entry({ id: 'TD-bbbb02', title: 'Two homes for one helper', status: 'scheduled', anchors: [{ path: 'src/lib.ts' }, { path: 'src/old.ts', symbol: 'old' }] }),
      anchors: [
        { status: 'resolved', how: 'file', moved: false, anchor: { path: 'src/lib.ts' } },
        { status: 'orphaned', reason: 'file-missing' },
      ],
    },
    { entry: entry({ id: 'TD-cccc03', title: 'No end-to-end tests', status: 'accepted', severity: 'low' }), anchors: [] },
    {
      entry: entry({ id: 'TD-dddd04', title: 'Paid already', status: 'paid', severity: 'high', anchors: [{ path: 'src/util.ts' }] }),
      anchors: [{ status: 'resolved', how: 'file', moved: false, anchor: { path: 'src/util.ts' } }],
    },
  ];
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

interface Projected {
  ruleId: string;
  level: string;
  text: string;
  locations: unknown;
  fingerprint: string;
  properties: Record<string, unknown>;
}

interface SarifLogShape {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri?: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: unknown; partialFingerprints: Record<string, string>; properties: Record<string, unknown> }[];
  }[];
}

function sarif(scan = report(), entries = ledger()): SarifLogShape {
  return JSON.parse(JSON.stringify(formatSarif({ report: scan, entries, toolVersion: '0.1.0', informationUri: 'https://example.com/debt-lens' }))) as SarifLogShape;
}

function results(log: SarifLogShape): Projected[] {
  return log.runs[0]!.results.map((r) => ({
    ruleId: r.ruleId, level: r.level, text: r.message.text, locations: r.locations, fingerprint: r.partialFingerprints['debtLens/v1']!, properties: r.properties,
  }));
}

const at = (uri: string, lines?: [number, number], symbol?: string): unknown => {
  const physicalLocation = lines === undefined ? { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } : { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine: lines[0], endLine: lines[1] } };
  return symbol === undefined ? { physicalLocation } : { physicalLocation, logicalLocations: [{ fullyQualifiedName: symbol }] };
};

describe('formatSarif', () => {
  let validate: ValidateFunction;

  before(() => {
    validate = sarifValidator();
  });

  it('validates against the official SARIF 2.1.0 schema, which rejects a broken log', () => {
    const log = sarif();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const broken = structuredClone(log);
    broken.runs[0]!.results[0]!.level = 'fatal';
    assert.equal(validate(broken), false, 'an unknown level is refused');
    const noFingerprintText = structuredClone(log) as unknown as { runs: { results: { partialFingerprints: unknown }[] }[] };
    noFingerprintText.runs[0]!.results[0]!.partialFingerprints = { 'debtLens/v1': 42 };
    assert.equal(validate(noFingerprintText), false, 'a fingerprint must be a string');
  });

  it('describes the tool, its two rules and the source root', () => {
    const run = sarif().runs[0]!;
    assert.equal(run.tool.driver.name, 'Debt Lens');
    assert.equal(run.tool.driver.version, '0.1.0');
    assert.equal(run.tool.driver.informationUri, 'https://example.com/debt-lens');
    assert.deepEqual(
      run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level]),
      [['debt-lens/hotspot', 'warning'], ['debt-lens/debt-entry', 'warning']],
    );
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/root/' } });
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.ruleIndex]), [
      ['debt-lens/hotspot', 0], ['debt-lens/hotspot', 0], ['debt-lens/debt-entry', 1], ['debt-lens/debt-entry', 1], ['debt-lens/debt-entry', 1], ['debt-lens/debt-entry', 1],
    ]);
  });

  it('reports each significant hotspot at its hottest X-Rayed function, or the whole file without X-Ray', () => {
    const [session, util] = results(sarif());
    assert.deepEqual(session, {
      ruleId: 'debt-lens/hotspot',
      level: 'warning',
      text: 'Hotspot #1 (percentile 83.3): score 42 = 7 revisions × cognitive complexity 6. Hottest function: Session.refresh (lines 2–11, 5 revisions, cognitive complexity 6). Tickets: PROJ-1, #12.',
      locations: [at('src/session.ts', [2, 11], 'Session.refresh')],
      fingerprint: sha('hotspot|src/session.ts'),
      properties: { rank: 1, score: 42, percentile: 83.3, revisions: 7, cognitive: 6, cyclomatic: 4, loc: 12, authors: 3, busFactor: 1, tickets: ['PROJ-1', '#12'] },
    });
    assert.deepEqual([util!.text, util!.locations, util!.fingerprint], [
      'Hotspot #2 (percentile 50): score 6 = 6 revisions × cognitive complexity 1.',
      [at('src/util.ts')],
      sha('hotspot|src/util.ts'),
    ]);
  });

  it('reports open, accepted and scheduled entries per anchor with a level from severity; orphans at the entry file; paid ones not at all', () => {
    const entries = results(sarif()).slice(2);
    assert.deepEqual(
      entries.map((r) => [r.level, r.text, r.locations, r.fingerprint, r.properties.orphaned]),
      [
        ['error', 'TD-aaaa01: Session refresh is copy-pasted (principal 3d). Backlog: PROJ-12, #45.', [at('src/session.ts', [4, 13], 'Session.refresh')], sha('entry|TD-aaaa01|0'), false],
        ['warning', 'TD-bbbb02: Two homes for one helper.', [at('src/lib.ts')], sha('entry|TD-bbbb02|0'), false],
        ['warning', 'TD-bbbb02: Two homes for one helper. Orphaned: src/old.ts (old): the file no longer exists.', [at('.techdebt/TD-bbbb02.md', [1, 1])], sha('entry|TD-bbbb02|1'), true],
        ['note', 'TD-cccc03: No end-to-end tests.', [at('.techdebt/TD-cccc03.md', [1, 1])], sha('entry|TD-cccc03|0'), false],
      ],
    );
    assert.deepEqual(entries[0]!.properties, {
      id: 'TD-aaaa01', status: 'open', severity: 'critical', principal: '3d', tags: ['auth'], backlog: ['PROJ-12', '#45'],
      entryPath: '.techdebt/TD-aaaa01-session-refresh-is-copy-pasted.md', interest: { revisions: 5, churn: 12, tickets: ['PROJ-1'] }, orphaned: false,
    });
  });

  it('keeps fingerprints across runs and when a hotspot or an anchor moves or rescores', () => {
    const first = results(sarif()).map((r) => r.fingerprint);
    assert.deepEqual(results(sarif()).map((r) => r.fingerprint), first);
    assert.equal(new Set(first).size, first.length, 'fingerprints are unique within a run');

    const scan = report();
    const [session, ...rest] = scan.files;
    const changed = {
      ...session!,
      score: 60, revisions: 10, rank: 1, percentile: 90,
      functions: [fn({ name: 'Session.refresh', startLine: 20, endLine: 31, cognitive: 6, revisions: 8, score: 48, rank: 1 })],
    };
    const entries = ledger();
    entries[0] = { ...entries[0]!, anchors: [{ status: 'resolved', how: 'fingerprint', moved: true, anchor: { path: 'src/session.ts', symbol: 'Session.refresh', lines: [20, 31], fingerprint: 'f2' } }] };
    const moved = results(sarif({ ...scan, files: [changed, ...rest] }, entries));
    assert.deepEqual(moved.map((r) => r.fingerprint), first);
    assert.deepEqual(moved[0]!.locations, [at('src/session.ts', [20, 31], 'Session.refresh')]);
    assert.match(moved[0]!.text, /^Hotspot #1 \(percentile 90\): score 60 = 10 revisions/);
  });

  it('writes repository-relative, percent-encoded URIs, never absolute paths', () => {
    const scan = report([file({ path: 'src/odd name#1%.ts', score: 9, rank: 1, percentile: 50, significant: true, revisions: 3, cognitive: 3 })]);
    const log = sarif(scan, []);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(results(log).map((r) => r.locations), [[at('src/odd%20name%231%25.ts')]]);
    assert.equal(results(log)[0]!.fingerprint, sha('hotspot|src/odd name#1%.ts'));
    assert.doesNotMatch(JSON.stringify(log.runs[0]!.results), /\/repo\/root/);
  });

  it('names the score metric the scan used', () => {
    const scan = { ...report([file({ path: 'src/a.ts', score: 80, rank: 1, percentile: 50, significant: true, revisions: 2, loc: 40 })]), complexityMetric: 'loc' as const };
    assert.equal(results(sarif(scan, []))[0]!.text, 'Hotspot #1 (percentile 50): score 80 = 2 revisions × 40 lines of code.');
  });

  it('turns a real scan into a valid log with the significant hotspot at its hottest function', async () => {
    const repo = buildScanFixture();
    try {
      // The fixture's session.ts has cognitive 6: below the default floor of 15.
      const { report: scan } = await scanRepository({ cwd: repo.dir, now: NOW, significance: { percentile: 85, minComplexity: 5 } });
      const log = sarif(scan, []);
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.deepEqual(
        results(log).map((r) => [r.text, r.locations, r.fingerprint]),
        [[
          'Hotspot #1 (percentile 87.5): score 42 = 7 revisions × cognitive complexity 6. Hottest function: Session.refresh (lines 2–11, 7 revisions, cognitive complexity 6). Tickets: #7, #12, PROJ-1, PROJ-2.',
          [at('src/session.ts', [2, 11], 'Session.refresh')],
          sha('hotspot|src/session.ts'),
        ]],
      );
      assert.ok(log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri.startsWith('file:///'));
    } finally {
      repo.cleanup();
    }
  });
});
