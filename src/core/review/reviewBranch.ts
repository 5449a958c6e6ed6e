import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseBacklogReferences } from '../backlog/backlogReferences';
import { projectKeysOf } from '../backlog/projectKeys';
import { compareReferenceIds } from '../backlog/referenceOrder';
import { DEFAULT_COMPLEXITY_METRIC, DEFAULT_LEDGER_FOLDER } from '../defaults';
import type { GitOptions } from '../history/gitProcess';
import { runGit } from '../history/gitProcess';
import type { Hunk } from '../history/patchParser';
import { inspectRepository } from '../history/repositoryInfo';
import { createCategoryMatcher, testGlobsOf } from '../hotspots/significance';
import type { FileAnalysis } from '../metrics/analyzeFile';
import { analyzeFile } from '../metrics/analyzeFile';
import { isSourcePath } from '../metrics/sourcePaths';
import { CACHE_FORMAT_VERSION, loadScanCache, saveScanCache } from '../scan/scanCache';
import type { ScanOptions, ScanResult } from '../scan/scanRepository';
import { scanRepository } from '../scan/scanRepository';
import type { ComplexityMetric, FileReport, FunctionReport } from '../scan/scanReport';
import { listDirtyPaths } from '../scan/workingTree';
import type { ChangedFile } from './branchChanges';
import { readBranchChanges } from './branchChanges';
import type { CommitCheckout } from './commitCheckout';
import { checkoutCommit } from './commitCheckout';
import type { MeasuredFunction } from './matchFunctions';
import { matchFunctions } from './matchFunctions';
import { commitOf, resolveReviewBase } from './reviewBase';
import { ReviewHeadError } from './reviewErrors';
import type { ResolvedLedger } from './reviewEntries';
import { readResolvedLedger, reviewEntries } from './reviewEntries';
import type { FileChangeReport, FunctionChangeReport, MissingCoChange, NewComplexFunction, ReviewReport } from './reviewReport';
import { REVIEW_REPORT_SCHEMA_VERSION } from './reviewReport';
import { decideVerdict } from './reviewVerdict';

/** What a review takes: the scan's settings (applied to the scan at base) and what to compare. */
export interface ReviewOptions extends Omit<ScanOptions, 'cwd' | 'cacheFile' | 'xrayPaths'> {
  /** Any folder inside the repository. */
  readonly cwd: string;
  /** The ref to review against (its merge-base with the head); default: see `resolveReviewBase`. */
  readonly base?: string;
  /** The ref reviewed; default HEAD. */
  readonly head?: string;
  /** Count the work tree's uncommitted and untracked changes as the head's (the head must be HEAD). */
  readonly worktree?: boolean;
  /** The scan cache file of a repository root (the scan at base uses its checkout's own); undefined: no cache. */
  readonly cacheFile?: (root: string) => string;
  /**
   * Where the checkout of a side lives between reviews (a folder of the cache), so the next review
   * rewrites only what differs and finds its scan cache warm; undefined: temporary checkouts.
   */
  readonly checkoutDir?: (root: string, side: 'base' | 'head') => string;
  /**
   * Where the review keeps the metrics of the head versions it parsed (scan cache format, metrics
   * only), so the next review of the branch, after another push, parses only what changed again.
   */
  readonly headMetricsFile?: (root: string) => string;
}

/**
 * Reviews a branch: what it does between its base and its head to functions and files (complexity
 * before and after, measured on the two versions only), to the hotspots ranked at base, to the
 * files that usually change with the ones it changes (coupling at base), and to the debt ledger
 * (entries touched, anchors orphaned, resolved at head by the re-anchoring cascade), with the
 * backlog items it cites and a verdict (`decideVerdict`).
 *
 * The base is scanned as `debt-lens scan` would scan a checkout of it (same settings, its window
 * ending at the base's commit date), so ranks and significance are those the team saw before the
 * branch. Throws the scan's typed errors, `NoReviewBaseError` and {@link ReviewHeadError}.
 */
export async function reviewBranch(options: ReviewOptions): Promise<ReviewReport> {
  const started = Date.now();
  const info = await inspectRepository({ cwd: options.cwd, signal: options.signal, binary: options.gitBinary });
  const git: GitOptions = { cwd: info.root, signal: options.signal, binary: options.gitBinary };
  const worktree = options.worktree ?? false;
  const head = options.head === undefined ? info.head : await commitOf(git, options.head);
  if (head === undefined) {
    throw new ReviewHeadError(`--head: no commit '${options.head}'`);
  }
  if (worktree && head !== info.head) {
    throw new ReviewHeadError('--worktree reviews the work tree, whose head is HEAD: leave out --head or --worktree');
  }
  const base = await resolveReviewBase(git, head, options.base);
  const metric: ComplexityMetric = options.complexityMetric ?? DEFAULT_COMPLEXITY_METRIC;
  const folder = options.ledgerFolder ?? DEFAULT_LEDGER_FOLDER;
  const warnings: string[] = [];

  const checkouts: CommitCheckout[] = [];
  try {
    const [changes, baseScan, messages, headLedger] = await Promise.all([
      readBranchChanges({ git, base: base.sha, head, worktree }),
      scanAtBase(git, base.sha, options, checkouts),
      readBranchMessages(git, base.sha, head),
      ledgerAtHead(git, info.head, head, worktree, folder, options, checkouts),
    ]);
    warnings.push(...baseScan.report.warnings.map((warning) => `scan at base: ${warning}`));
    const baseFiles = new Map(baseScan.report.files.map((file) => [file.path, file]));
    const categoryOf = createCategoryMatcher(testGlobsOf(options.testGlobs));
    const headAnalyses = await analyzeHeadVersions(git, changes, worktree, [options.cacheFile?.(info.root), options.headMetricsFile?.(info.root)], info.root, warnings);

    const files: FileChangeReport[] = [];
    const functions: FunctionChangeReport[] = [];
    const newComplexFunctions: NewComplexFunction[] = [];
    const floor = baseScan.report.significance.minFunctionComplexity;
    for (const change of changes) {
      const shown = change.path ?? change.previousPath;
      if (shown === null || !isSourcePath(shown)) {
        continue;
      }
      const before = change.previousPath === null ? undefined : baseFiles.get(change.previousPath);
      const after = change.path === null ? undefined : headAnalyses.get(change.path);
      if (after?.parseError !== undefined) {
        warnings.push(`${change.path}: does not parse at head (${after.parseError}); its functions are not compared`);
      }
      const category = categoryOf(shown);
      files.push(fileChange(change, shown, category, before, after, metric));
      const beforeFunctions: readonly FunctionReport[] = before?.functions ?? [];
      const afterFunctions: readonly MeasuredFunction[] = after?.parseError === undefined ? (after?.functions ?? []) : [];
      for (const match of matchFunctions(beforeFunctions, afterFunctions, change.hunks)) {
        const old = match.before as FunctionReport | undefined;
        const fn = match.after ?? old!;
        const where = match.after === undefined ? change.previousPath! : change.path!;
        functions.push({
          path: where,
          name: fn.name,
          previousName: match.renamed && old !== undefined ? old.name : null,
          change: old === undefined ? 'added' : match.after === undefined ? 'removed' : 'modified',
          startLine: fn.startLine,
          endLine: fn.endLine,
          before: old === undefined ? null : { cognitive: old.cognitive, cyclomatic: old.cyclomatic },
          after: match.after === undefined ? null : { cognitive: match.after.cognitive, cyclomatic: match.after.cyclomatic },
          linesAdded: match.linesAdded,
          linesDeleted: match.linesDeleted,
          hotspotRank: old?.rank ?? null,
          score: old?.score ?? null,
          significant: old?.significant ?? false,
        });
        if (old === undefined && match.after !== undefined && match.after.cognitive >= floor) {
          newComplexFunctions.push({ path: where, name: fn.name, startLine: fn.startLine, cognitive: match.after.cognitive, cyclomatic: match.after.cyclomatic, category });
        }
      }
    }

    const missingCoChanges = missingPartners(changes, baseScan);
    const hunksByHead = new Map(changes.flatMap((change): [string, readonly Hunk[]][] => (change.path === null ? [] : [[change.path, change.hunks]])));
    const baseLedger: ResolvedLedger = baseScan.details.ledger;
    const entries = reviewEntries(headLedger, baseLedger, (file) => hunksByHead.get(file));
    const tickets = branchTickets(messages, entries.flatMap((entry) => entry.backlog), baseScan, options.projectKeys ?? []);
    const { verdict, reasons } = decideVerdict({ files, functions, newComplexFunctions, missingCoChanges, entries, complexityMetric: metric, significance: baseScan.report.significance });
    return {
      schemaVersion: REVIEW_REPORT_SCHEMA_VERSION,
      kind: 'review',
      root: info.root,
      base: base.sha,
      baseSource: base.source,
      baseRef: base.ref,
      head,
      worktree,
      verdict,
      complexityMetric: metric,
      significance: baseScan.report.significance,
      commits: messages.length,
      files,
      functions,
      newComplexFunctions,
      missingCoChanges,
      entries,
      tickets,
      reasons,
      warnings,
      durationMs: Date.now() - started,
    };
  } finally {
    await Promise.all(checkouts.map((checkout) => checkout.dispose()));
  }
}

/** The scan of a checkout of the base, with the review's settings; its checkout is added to `checkouts` for disposal. */
async function scanAtBase(git: GitOptions, sha: string, options: ReviewOptions, checkouts: CommitCheckout[]): Promise<ScanResult> {
  const checkout = await checkoutCommit(git, sha, options.checkoutDir?.(git.cwd, 'base'));
  checkouts.push(checkout);
  const { cwd: _cwd, base: _base, head: _head, worktree: _worktree, cacheFile, checkoutDir: _checkoutDir, ...scan } = options;
  return scanRepository({ ...scan, cwd: checkout.dir, cacheFile });
}

/**
 * The ledger at head, resolved there. The work tree is the head when it is asked for, or when it is
 * HEAD's tree unchanged; otherwise the head is checked out.
 */
async function ledgerAtHead(git: GitOptions, headOfTree: string, head: string, worktree: boolean, folder: string, options: ReviewOptions, checkouts: CommitCheckout[]): Promise<ResolvedLedger> {
  if (worktree || (head === headOfTree && (await listDirtyPaths(git)).size === 0)) {
    return readResolvedLedger(git.cwd, folder, git.signal);
  }
  const checkout = await checkoutCommit(git, head, options.checkoutDir?.(git.cwd, 'head'));
  checkouts.push(checkout);
  return readResolvedLedger(checkout.dir, folder, git.signal);
}

/** Messages of the branch's non-merge commits, newest first. */
async function readBranchMessages(git: GitOptions, base: string, head: string): Promise<string[]> {
  const output = await runGit(git, ['log', '--no-merges', '--format=%B%x00', '--end-of-options', `${base}..${head}`, '--']);
  return output
    .split('\0')
    .map((message) => message.replace(/^\n/, ''))
    .filter((message) => message.trim() !== '');
}

/**
 * The head version's analysis of each changed source file, by head path: from a cache when one holds
 * the blob (the metrics caches are keyed by content: the scan's of the repository, and the review's
 * own, `cacheFiles[1]`, which is rewritten with this review's head versions), else parsed here.
 */
async function analyzeHeadVersions(
  git: GitOptions,
  changes: readonly ChangedFile[],
  worktree: boolean,
  cacheFiles: readonly [string | undefined, string | undefined],
  root: string,
  warnings: string[],
): Promise<Map<string, FileAnalysis>> {
  const wanted = changes.filter((change): change is ChangedFile & { path: string; headBlob: string } => change.path !== null && change.headBlob !== null && isSourcePath(change.path));
  const analyses = new Map<string, FileAnalysis>();
  if (wanted.length === 0) {
    return analyses;
  }
  const metricsOf = async (file: string | undefined): Promise<Readonly<Record<string, FileAnalysis>>> => {
    const loaded = file === undefined ? undefined : await loadScanCache(file, root);
    return loaded?.status === 'loaded' ? loaded.data.metrics : {};
  };
  const hitIn = (metrics: Readonly<Record<string, FileAnalysis>>, blob: string): FileAnalysis | undefined =>
    Object.prototype.hasOwnProperty.call(metrics, blob) ? metrics[blob] : undefined;
  // The review's own cache is small; the scan's (megabytes on a large repository) is read only for what it lacks.
  const ownCache = await metricsOf(cacheFiles[1]);
  const scanCache = wanted.every((change) => hitIn(ownCache, change.headBlob) !== undefined) ? {} : await metricsOf(cacheFiles[0]);
  const lookup = (blob: string): FileAnalysis | undefined => hitIn(ownCache, blob) ?? hitIn(scanCache, blob);
  const byBlob: Record<string, FileAnalysis> = {};
  let parsed = 0;
  await Promise.all(
    wanted.map(async (change) => {
      let analysis = lookup(change.headBlob);
      if (analysis === undefined) {
        const text = worktree ? await fs.readFile(path.join(git.cwd, change.path), 'utf8') : await runGit(git, ['cat-file', 'blob', change.headBlob]);
        analysis = analyzeFile(change.path, text);
        parsed++;
      }
      analyses.set(change.path, analysis);
      byBlob[change.headBlob] = analysis;
    }),
  );
  const [, own] = cacheFiles;
  if (own !== undefined && parsed > 0) {
    try {
      await saveScanCache(own, { version: CACHE_FORMAT_VERSION, root, metrics: byBlob, xray: {} });
    } catch (error) {
      warnings.push(`could not write the review's cache: ${(error as Error).message}`);
    }
  }
  return analyses;
}

function fileChange(change: ChangedFile, shown: string, category: FileChangeReport['category'], before: FileReport | undefined, after: FileAnalysis | undefined, metric: ComplexityMetric): FileChangeReport {
  const afterComplexity = after === undefined || after.parseError !== undefined ? null : after[metric];
  return {
    path: shown,
    previousPath: change.path !== null && change.previousPath !== null && change.previousPath !== change.path ? change.previousPath : null,
    change: change.previousPath === null ? 'added' : change.path === null ? 'removed' : 'modified',
    category,
    before: before === undefined ? null : before[metric],
    after: afterComplexity,
    hotspotRank: before?.rank ?? null,
    score: before?.score ?? null,
    significant: before?.significant ?? false,
    linesAdded: change.linesAdded,
    linesDeleted: change.linesDeleted,
  };
}

/**
 * Partners of the changed files in the base's change coupling that the branch does not change, by
 * degree then shared revisions. Every changed file counts, not only source files: a README or a
 * schema that always moves with the code is a partner too.
 */
function missingPartners(changes: readonly ChangedFile[], baseScan: ScanResult): MissingCoChange[] {
  const touched = new Set(changes.flatMap((change) => [change.path, change.previousPath].filter((file): file is string => file !== null)));
  const headPathOf = new Map(changes.flatMap((change): [string, string][] => (change.previousPath !== null && change.path !== null ? [[change.previousPath, change.path]] : [])));
  const missing: MissingCoChange[] = [];
  for (const pair of baseScan.report.coupling) {
    for (const [changed, partner] of [[pair.a, pair.b], [pair.b, pair.a]] as const) {
      const now = headPathOf.get(changed);
      if (now !== undefined && !touched.has(partner)) {
        missing.push({ changed: now, partner, degree: pair.degree, shared: pair.shared });
      }
    }
  }
  return missing.sort((x, y) => y.degree - x.degree || y.shared - x.shared || compare(x.changed, y.changed) || compare(x.partner, y.partner));
}

/**
 * The backlog items the branch's commits cite and those of the entries it affects, deduplicated,
 * numbers by value. Project keys: the configured ones, those the base's history cites as tickets,
 * and those the branch's own messages use.
 */
function branchTickets(messages: readonly string[], entryBacklog: readonly string[], baseScan: ScanResult, configured: readonly string[]): string[] {
  const knownKeys = baseScan.report.tickets.flatMap((ticket) => /^([A-Z][A-Z0-9_]+)-\d+$/.exec(ticket.id)?.[1] ?? []);
  const projectKeys = projectKeysOf([...configured, ...knownKeys], messages);
  const ids = new Set<string>();
  for (const message of messages) {
    for (const reference of parseBacklogReferences(message, { projectKeys })) {
      ids.add(reference.id);
    }
  }
  for (const id of entryBacklog) {
    ids.add(id);
  }
  return [...ids].sort(compareReferenceIds);
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
