/**
 * Do the hotspots predict trouble here? (metrics.md, "Backtest"; the test Kim et al., ICSE 2007, ran
 * on bug caches.) Files are ranked on the first three quarters of the window; the last quarter's
 * bug-fix commits are the trouble to predict.
 */

/** The share of ranked files in the top set. */
export const BACKTEST_TOP_SHARE = 0.1;
/** Fewest ranked files for a backtest: below it a tenth is not a set to speak of. */
export const MIN_BACKTEST_FILES = 10;

/** One ranked file as the backtest sees it. */
export interface BacktestFile {
  readonly path: string;
  /** The complexity the score multiplies (the report's metric), at HEAD. */
  readonly complexity: number;
  readonly loc: number;
}

/** One counted commit: when, whether a bug fix, and the ranked files it changed. */
export interface BacktestCommit {
  /** Committer date, unix seconds: the date the window compares. */
  readonly time: number;
  readonly bugFix: boolean;
  /** A mass commit (more than `massCommitFiles` files) predicts nothing of any one file: left out. */
  readonly mass: boolean;
  /** Paths of ranked files it changed. */
  readonly files: readonly string[];
}

export interface Backtest {
  readonly topShare: number;
  /** Where the window was cut, ISO: ranked before, tested from. */
  readonly cutoff: string;
  /** N: the ranked files. */
  readonly rankedFiles: number;
  /** s: the files in the top set, ⌈N × topShare⌉. */
  readonly topFiles: number;
  /** The last quarter's bug-fix commits that changed a ranked file (mass commits left out): n. */
  readonly bugFixCommits: number;
  /** Their share that changed a top file when ranked by revisions × complexity. */
  readonly hitRate: number;
  /** The share a random top set would reach: mean over the commits of 1 − C(N−s, k)/C(N, k). */
  readonly chance: number;
  /** The hit rate of rankings by revisions alone and by lines of code alone. */
  readonly byRevisions: number;
  readonly byLoc: number;
}

export type BacktestResult = { readonly ok: true; readonly backtest: Backtest } | { readonly ok: false; readonly reason: string };

/**
 * Ranks `files` by revisions before the cut × complexity (complexity at HEAD: the past versions are
 * not parsed), takes the top ⌈N/10⌉ (ties by revisions, then path), and counts the bug-fix commits
 * after the cut that changed one of them.
 */
export function runBacktest(files: readonly BacktestFile[], commits: readonly BacktestCommit[], window: { readonly since: Date; readonly until: Date }): BacktestResult {
  const n = files.length;
  if (n < MIN_BACKTEST_FILES) {
    return { ok: false, reason: `backtest: ${n} ranked files; it needs at least ${MIN_BACKTEST_FILES}` };
  }
  const cut = (window.since.getTime() + (window.until.getTime() - window.since.getTime()) * 0.75) / 1000;
  const revisions = new Map(files.map((file) => [file.path, 0]));
  const trouble: (readonly string[])[] = [];
  for (const commit of commits) {
    if (commit.mass) {
      continue;
    }
    if (commit.time < cut) {
      for (const path of commit.files) {
        const count = revisions.get(path);
        if (count !== undefined) {
          revisions.set(path, count + 1);
        }
      }
    } else if (commit.bugFix) {
      const ranked = commit.files.filter((path) => revisions.has(path));
      if (ranked.length > 0) {
        trouble.push(ranked);
      }
    }
  }
  if (trouble.length === 0) {
    return { ok: false, reason: 'backtest: no bug-fix commit of the last quarter of the window changed a ranked file' };
  }
  const s = Math.ceil(n * BACKTEST_TOP_SHARE);
  const revisionsOf = (file: BacktestFile): number => revisions.get(file.path) ?? 0;
  const byPath = (a: BacktestFile, b: BacktestFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const top = (order: (a: BacktestFile, b: BacktestFile) => number): ReadonlySet<string> => new Set([...files].sort((a, b) => order(a, b) || byPath(a, b)).slice(0, s).map((file) => file.path));
  const hitRate = (set: ReadonlySet<string>): number => trouble.filter((paths) => paths.some((path) => set.has(path))).length / trouble.length;
  const byScore = top((a, b) => revisionsOf(b) * b.complexity - revisionsOf(a) * a.complexity || revisionsOf(b) - revisionsOf(a));
  const byRevisions = top((a, b) => revisionsOf(b) - revisionsOf(a));
  const byLoc = top((a, b) => b.loc - a.loc);
  const chance = trouble.reduce((sum, paths) => sum + chanceOfHit(n, s, paths.length), 0) / trouble.length;
  return {
    ok: true,
    backtest: {
      topShare: BACKTEST_TOP_SHARE,
      cutoff: new Date(cut * 1000).toISOString(),
      rankedFiles: n,
      topFiles: s,
      bugFixCommits: trouble.length,
      hitRate: hitRate(byScore),
      chance,
      byRevisions: hitRate(byRevisions),
      byLoc: hitRate(byLoc),
    },
  };
}

/**
 * The chance that k files drawn at random from N include one of s given ones: 1 − C(N−s, k)/C(N, k),
 * with the quotient as the product Π (N−s−i)/(N−i) over i < k, which neither overflows nor loses
 * precision to factorials; it is 0 (certain hit) once k exceeds N − s.
 */
export function chanceOfHit(n: number, s: number, k: number): number {
  let miss = 1;
  for (let i = 0; i < k; i++) {
    const left = n - s - i;
    if (left <= 0) {
      return 1;
    }
    miss *= left / (n - i);
  }
  return 1 - miss;
}
