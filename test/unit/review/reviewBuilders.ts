import type { EntryChangeReport, FileChangeReport, FunctionChangeReport, MissingCoChange, NewComplexFunction, ReviewReport } from '../../../src/core/review/reviewReport';

export function fileChange(overrides: Partial<FileChangeReport> & Pick<FileChangeReport, 'path'>): FileChangeReport {
  return { previousPath: null, change: 'modified', category: 'production', before: 5, after: 5, hotspotRank: null, score: null, significant: false, linesAdded: 1, linesDeleted: 1, ...overrides };
}

export function functionChange(overrides: Partial<FunctionChangeReport> & Pick<FunctionChangeReport, 'path' | 'name'>): FunctionChangeReport {
  return {
    previousName: null, change: 'modified', startLine: 1, endLine: 5, before: { cognitive: 3, cyclomatic: 2 }, after: { cognitive: 3, cyclomatic: 2 },
    linesAdded: 1, linesDeleted: 1, hotspotRank: null, score: null, significant: false, ...overrides,
  };
}

export function newComplex(overrides: Partial<NewComplexFunction> & Pick<NewComplexFunction, 'path' | 'name'>): NewComplexFunction {
  return { startLine: 1, cognitive: 15, cyclomatic: 8, category: 'production', ...overrides };
}

export function entryChange(overrides: Partial<EntryChangeReport> & Pick<EntryChangeReport, 'id' | 'state'>): EntryChangeReport {
  return { title: 'Debt', status: 'open', severity: 'medium', path: 'src/a.ts', symbol: null, file: `.techdebt/${overrides.id}.md`, backlog: [], ...overrides };
}

export function coChange(overrides: Partial<MissingCoChange> = {}): MissingCoChange {
  return { changed: 'src/a.ts', partner: 'src/b.ts', degree: 70, shared: 7, ...overrides };
}

/** A review with nothing in it (verdict ok) that a test fills. */
export function reviewReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return {
    schemaVersion: 1, kind: 'review', root: '/repo', base: 'a'.repeat(40), baseSource: 'upstream', baseRef: 'origin/main', head: 'b'.repeat(40), worktree: false,
    verdict: 'ok', complexityMetric: 'cognitive', significance: { percentile: 90, minRevisions: 3, minComplexity: 15, minFunctionComplexity: 15, includeTests: false },
    commits: 1, files: [], functions: [], newComplexFunctions: [], missingCoChanges: [], entries: [], tickets: [], reasons: [], warnings: [], durationMs: 1,
    ...overrides,
  };
}
