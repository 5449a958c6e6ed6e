import * as assert from 'node:assert/strict';
import { formatCsv } from '../../../src/core/report/formatCsv';
import type { FileSpec } from '../support/reportBuilders';
import { scanReport } from '../support/reportBuilders';

function file(overrides: Partial<FileSpec>): FileSpec {
  return {
    path: 'src/a.ts', revisions: 3, added: 10, deleted: 2, authors: 2, mainDeveloper: 'Alice', ownership: 0.8, fragmentation: 0.44, busFactor: 1,
    firstChange: '2026-10-01T00:00:00.000Z', lastChange: '2026-11-01T00:00:00.000Z', tickets: ['PROJ-1', '#4'], loc: 40, cyclomatic: 7, cognitive: 9,
    importers: 2, transitiveImporters: 3, ...overrides,
  };
}

describe('formatCsv', () => {
  it('writes one quoted-where-needed row per file and defuses formula-like cells', () => {
    // The odd file is generated: not ranked, so its rank, percentile and score cells are empty.
    const report = scanReport([file({ score: 27, rank: 1, percentile: 50 }), file({ path: 'odd, "name".ts', mainDeveloper: '=cmd()', excluded: 'generated' })]);
    assert.equal(
      formatCsv(report),
      'path,rank,percentile,score,significant,revisions,added,deleted,authors,mainDeveloper,busFactor,loc,cyclomatic,cognitive,importers,lastChange,excluded,tickets,category\r\n' +
        'src/a.ts,1,50,27,false,3,10,2,2,Alice,1,40,7,9,2,2026-11-01T00:00:00.000Z,,PROJ-1 #4,production\r\n' +
        '"odd, ""name"".ts",,,,false,3,10,2,2,\'=cmd(),1,40,7,9,2,2026-11-01T00:00:00.000Z,generated,PROJ-1 #4,production\r\n',
    );
  });
});
