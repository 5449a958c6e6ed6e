import type { FileReport } from '../../../src/core/scan/scanReport';

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
