import * as assert from 'node:assert/strict';
import { jsonReportChunks } from '../../../src/core/report/jsonReportChunks';
import type { ScanReport } from '../../../src/core/scan/scanReport';

describe('jsonReportChunks', () => {
  const report = {
    schemaVersion: 1,
    root: '/r',
    files: [{ path: 'a.ts', functions: [] }, { path: 'b "quoted".ts', functions: [{ name: 'x' }] }],
    coupling: [],
    warnings: ['w'],
  } as unknown as ScanReport;

  it('writes the same object JSON.stringify would, one file per line', () => {
    const text = [...jsonReportChunks(report)].join('');
    assert.deepEqual(JSON.parse(text), report);
    assert.equal(
      text,
      '{\n  "schemaVersion": 1,\n  "root": "/r",\n  "files": [\n    {"path":"a.ts","functions":[]},\n    {"path":"b \\"quoted\\".ts","functions":[{"name":"x"}]}\n  ],\n  "coupling": [],\n  "warnings": [\n    "w"\n  ]\n}\n',
    );
  });

  it('keeps only the top files when asked', () => {
    assert.deepEqual(JSON.parse([...jsonReportChunks(report, 1)].join('')).files, [{ path: 'a.ts', functions: [] }]);
  });
});
