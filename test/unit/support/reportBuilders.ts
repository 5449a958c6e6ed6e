import type { FileReport, FunctionReport } from '../../../src/core/scan/scanReport';

/** A file row of a scan report: unchanged, unparsed and unranked unless `fields` says otherwise. */
export function fileReport(path: string, fields: Partial<FileReport>): FileReport {
  return {
    path,
    revisions: 0,
    added: null,
    deleted: null,
    authors: 0,
    mainDeveloper: null,
    ownership: null,
    fragmentation: 0,
    busFactor: 0,
    firstChange: null,
    lastChange: null,
    tickets: [],
    loc: null,
    cyclomatic: null,
    cognitive: null,
    score: null,
    rank: null,
    percentile: null,
    significant: false,
    excluded: null,
    importers: null,
    transitiveImporters: null,
    functions: [],
    xray: false,
    ...fields,
  };
}

/** A function row: a 3-line function of complexity 1/0, without X-Ray, unless `overrides` says otherwise. */
export function functionRow(overrides: Partial<FunctionReport>): FunctionReport {
  return {
    name: 'f', kind: 'function', startLine: 1, endLine: 3, cyclomatic: 1, cognitive: 0, loc: 3, nesting: 0, params: 0,
    revisions: null, churn: null, score: null, rank: null, percentile: null, ...overrides,
  };
}

/** A parsed, ranked file row (src/a.ts, rank 5, one change by Alice), unless `overrides` says otherwise. */
export function rankedFileRow(overrides: Partial<FileReport>): FileReport {
  return {
    path: 'src/a.ts', revisions: 1, added: 1, deleted: 0, authors: 1, mainDeveloper: 'Alice', ownership: 1, fragmentation: 0, busFactor: 1,
    firstChange: null, lastChange: null, tickets: [], loc: 10, cyclomatic: 1, cognitive: 0, score: 0, rank: 5, percentile: 10, significant: false,
    excluded: null, importers: 0, transitiveImporters: 0, functions: [], xray: false, ...overrides,
  };
}
