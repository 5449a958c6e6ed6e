import * as assert from 'node:assert/strict';
import { jsonReportChunks } from '../../../src/core/report/jsonReportChunks';
import type { ScanReport } from '../../../src/core/scan/scanReport';
import { scanReport } from '../support/reportBuilders';

describe('jsonReportChunks', () => {
  // Two files, the second's name to escape; an empty array stays on its key's line, a full one is one element per line.
  const report = scanReport([{ path: 'a.ts' }, { path: 'b "quoted".ts', functions: [{ name: 'x' }] }], { root: '/r', warnings: ['w'] });

  it('writes the same object JSON.stringify would, one file per line', () => {
    const text = [...jsonReportChunks(report)].join('');
    assert.deepEqual(JSON.parse(text), report);
    assert.equal(
      text,
      '{\n' +
      '  "schemaVersion": 2,\n' +
      '  "root": "/r",\n' +
      '  "head": "abc123",\n' +
      '  "window": {"since":"2025-11-21T00:00:00.000Z","until":"2026-11-21T00:00:00.000Z","end":"head"},\n' +
      '  "complexityMetric": "cognitive",\n' +
      '  "significancePercentile": 90,\n' +
      '  "significance": {"percentile":90,"minRevisions":3,"minComplexity":15,"minFunctionComplexity":15,"includeTests":false},\n' +
      '  "categories": {"testGlobs":["**/{test,tests,__tests__,spec,e2e,fixtures,__fixtures__,__mocks__}/**","**/*.{test,spec}.*"]},\n' +
      '  "massCommitFiles": 30,\n' +
      '  "stats": {"commits":1,"trackedFiles":2,"parsedFiles":2,"rankedFiles":2,"testFiles":0,"significantFiles":0,"xrayFiles":0,"cache":"off","durationMs":1},\n' +
      '  "files": [\n' +
      '    {"path":"a.ts","category":"production","revisions":1,"added":1,"deleted":0,"authors":1,"mainDeveloper":"Alice","ownership":1,"fragmentation":0,"busFactor":1,"firstChange":"2026-05-22T12:00:00.000Z","lastChange":"2026-05-22T12:00:00.000Z","tickets":[],"loc":10,"cyclomatic":1,"cognitive":0,"score":0,"rank":1,"percentile":50,"significant":false,"excluded":null,"importers":0,"transitiveImporters":0,"functions":[],"xray":false,"cost":{"commits":0,"bugFixCommits":0,"bugFixShare":null,"tickets":0,"medianLeadTimeHours":null}},\n' +
      '    {"path":"b \\"quoted\\".ts","category":"production","revisions":1,"added":1,"deleted":0,"authors":1,"mainDeveloper":"Alice","ownership":1,"fragmentation":0,"busFactor":1,"firstChange":"2026-05-22T12:00:00.000Z","lastChange":"2026-05-22T12:00:00.000Z","tickets":[],"loc":10,"cyclomatic":1,"cognitive":0,"score":0,"rank":1,"percentile":50,"significant":false,"excluded":null,"importers":0,"transitiveImporters":0,"functions":[{"name":"x","kind":"function","startLine":1,"endLine":3,"cyclomatic":1,"cognitive":0,"loc":3,"nesting":0,"params":0,"revisions":null,"churn":null,"score":null,"rank":null,"percentile":null,"significant":false,"authors":null,"mainDeveloper":null,"ownership":null,"busFactor":null,"tickets":null,"cost":null}],"xray":false,"cost":{"commits":0,"bugFixCommits":0,"bugFixShare":null,"tickets":0,"medianLeadTimeHours":null}}\n' +
      '  ],\n' +
      '  "coupling": [],\n' +
      '  "tickets": [],\n' +
      '  "cost": {"ticketCoverage":null,"leadTimes":{"tracker":0,"commits":0,"none":0},"bands":{"significant":{"files":0,"commits":0,"bugFixCommits":0,"bugFixShare":null,"tickets":0,"medianLeadTimeHours":null,"p90LeadTimeHours":null,"n":0},"rest":{"files":0,"commits":0,"bugFixCommits":0,"bugFixShare":null,"tickets":0,"medianLeadTimeHours":null,"p90LeadTimeHours":null,"n":0}},"ratios":{"bugFixShare":null,"leadTime":null,"reasons":[],"bootstrap":{"replicates":2000,"seed":13}},"backtest":null,"byMonth":[],"notes":[]},\n' +
      '  "bugFix": {"pattern":"^fix(?:\\\\([^)]*\\\\))?!?:|\\\\b(?:fix|bug|hotfix|regression)\\\\b","labels":["bug"]},\n' +
      '  "errors": [],\n' +
      '  "ledger": {"folder":".techdebt","entries":[],"orphaned":0,"diagnostics":[],"markers":{"total":0,"byTag":{}}},\n' +
      '  "warnings": [\n' +
      '    "w"\n' +
      '  ]\n' +
      '}\n',
    );
  });

  it('keeps only the top files when asked', () => {
    assert.deepEqual((JSON.parse([...jsonReportChunks(report, 1)].join('')) as ScanReport).files, [report.files[0]]);
    assert.equal(report.files[0]!.path, 'a.ts');
  });
});
