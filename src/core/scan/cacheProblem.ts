import type { FileChangeStatus } from '../history/logParser';
import type { ExclusionReason } from '../hotspots/pathFilter';
import type { FunctionKind } from '../metrics/functionMetrics';

/**
 * What is wrong with a parsed cache file, or undefined when every value is one the scan could have
 * written: shapes and ranges alike. A well-typed but impossible value (a complexity of -1e308, a line
 * 0, a fractional count) would otherwise reach the report as if measured, so the whole cache is
 * refused and rebuilt rather than trusted.
 *
 * @param version the format the scan writes; another one is refused.
 */
export function cacheProblem(data: unknown, root: string, version: number): string | undefined {
  if (!isRecord(data)) {
    return 'not an object';
  }
  if (data.version !== version) {
    return `format ${String(data.version)} is not ${version}`;
  }
  if (data.root !== root) {
    return 'written for another repository';
  }
  if (!isRecord(data.metrics) || !isRecord(data.xray)) {
    return 'missing sections';
  }
  for (const analysis of Object.values(data.metrics)) {
    const problem = analysisProblem(analysis);
    if (problem !== undefined) {
      return problem;
    }
  }
  for (const entry of Object.values(data.xray)) {
    if (!isRecord(entry) || typeof entry.key !== 'string' || !isRecord(entry.functions)) {
      return 'malformed X-Ray entry';
    }
    for (const stats of Object.values(entry.functions)) {
      if (!isRecord(stats) || !isCount(stats.revisions) || !isCount(stats.churn)) {
        return 'impossible X-Ray counts';
      }
      // One [commit position, lines added inside] per revision: a function's own authors and tickets.
      if (!Array.isArray(stats.commits) || stats.commits.length !== stats.revisions || !stats.commits.every(isCountPair)) {
        return 'impossible X-Ray commits';
      }
    }
  }
  if (data.intervals !== undefined && !(isRecord(data.intervals) && Object.values(data.intervals).every(isInterval))) {
    return 'malformed cost intervals';
  }
  return data.history === undefined ? undefined : historyProblem(data.history);
}

/** A bootstrap interval as `bootstrapRatioInterval` returns it: finite ordered bounds, or the reason there are none. */
function isInterval(value: unknown): boolean {
  if (!isRecord(value)) {
    return false;
  }
  return value.ok === true
    ? typeof value.low === 'number' && typeof value.high === 'number' && Number.isFinite(value.low) && Number.isFinite(value.high) && value.low <= value.high
    : value.ok === false && typeof value.reason === 'string';
}

const FUNCTION_KINDS: ReadonlySet<FunctionKind> = new Set<FunctionKind>([
  'function',
  'method',
  'getter',
  'setter',
  'constructor',
  'arrow',
  'functionExpression',
  'fieldInitializer',
  'staticBlock',
]);
const EXCLUSIONS: ReadonlySet<ExclusionReason> = new Set<ExclusionReason>(['lockfile', 'minified', 'generated', 'vendored', 'userExclude']);
const STATUSES: ReadonlySet<FileChangeStatus> = new Set<FileChangeStatus>(['A', 'M', 'D', 'R', 'C', 'T']);
const COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

function analysisProblem(analysis: unknown): string | undefined {
  if (!isRecord(analysis) || !Array.isArray(analysis.functions) || !Array.isArray(analysis.specifiers)) {
    return 'malformed metrics entry';
  }
  if (![analysis.loc, analysis.cyclomatic, analysis.cognitive, analysis.maxCyclomatic, analysis.maxCognitive].every(isCount)) {
    return 'impossible file metrics';
  }
  if (!analysis.specifiers.every((specifier) => typeof specifier === 'string')) {
    return 'malformed module specifiers';
  }
  if (analysis.parseError !== undefined && typeof analysis.parseError !== 'string') {
    return 'malformed parse error';
  }
  if (analysis.exclusion !== undefined && !EXCLUSIONS.has(analysis.exclusion as ExclusionReason)) {
    return 'unknown exclusion';
  }
  if (analysis.markers !== undefined && !(isRecord(analysis.markers) && Object.values(analysis.markers).every(isCount))) {
    return 'impossible marker counts';
  }
  for (const fn of analysis.functions as unknown[]) {
    if (!isFunctionTuple(fn)) {
      return 'malformed function entry';
    }
  }
  return undefined;
}

/** `[name, kind, startLine, endLine, cyclomatic, cognitive, loc, nesting, params]` (see `FunctionTuple`). */
function isFunctionTuple(fn: unknown): boolean {
  if (!Array.isArray(fn) || fn.length !== 9) {
    return false;
  }
  const [name, kind, startLine, endLine, ...counts] = fn as unknown[];
  return (
    typeof name === 'string' &&
    FUNCTION_KINDS.has(kind as FunctionKind) &&
    isCount(startLine) &&
    startLine >= 1 &&
    isCount(endLine) &&
    endLine >= startLine &&
    counts.every(isCount)
  );
}

function historyProblem(history: unknown): string | undefined {
  if (
    !isRecord(history) ||
    typeof history.head !== 'string' ||
    !Number.isSafeInteger(history.since) ||
    typeof history.mailmapKey !== 'string' ||
    !Array.isArray(history.commits) ||
    (history.mode !== undefined && history.mode !== 'full' && history.mode !== 'fast') ||
    (history.boundary !== undefined && typeof history.boundary !== 'string') ||
    (history.exactRenames !== undefined && history.exactRenames !== true) ||
    (history.unreadable !== undefined && !(Array.isArray(history.unreadable) && history.unreadable.every((path) => typeof path === 'string')))
  ) {
    return 'malformed history';
  }
  for (const commit of history.commits as unknown[]) {
    if (
      !isRecord(commit) ||
      typeof commit.hash !== 'string' ||
      !COMMIT_ID.test(commit.hash) ||
      typeof commit.authorName !== 'string' ||
      typeof commit.authorEmail !== 'string' ||
      typeof commit.message !== 'string' ||
      !Number.isSafeInteger(commit.authorTime) ||
      !Number.isSafeInteger(commit.commitTime) ||
      !Array.isArray(commit.files)
    ) {
      return 'malformed commit';
    }
    for (const change of commit.files as unknown[]) {
      if (
        !isRecord(change) ||
        typeof change.path !== 'string' ||
        (change.oldPath !== undefined && typeof change.oldPath !== 'string') ||
        !STATUSES.has(change.status as FileChangeStatus) ||
        !(change.added === null || isCount(change.added)) ||
        !(change.deleted === null || isCount(change.deleted))
      ) {
        return 'malformed file change';
      }
    }
  }
  return undefined;
}

/** A count as the scan writes one: a whole number from 0 up (never NaN, infinite or negative). */
function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isCountPair(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && isCount(value[0]) && isCount(value[1]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
