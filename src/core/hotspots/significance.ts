import picomatch from 'picomatch';
import { DEFAULT_MIN_COMPLEXITY, DEFAULT_MIN_REVISIONS, DEFAULT_SIGNIFICANCE_PERCENTILE, DEFAULT_TEST_GLOBS } from '../defaults';

/** Test and fixture code is ranked apart from production code, and is not significant unless asked for. */
export type FileCategory = 'production' | 'test';

/** The complexity a file's score multiplies (functions' scores always multiply cognitive). */
export type ScoreMetric = keyof typeof DEFAULT_MIN_COMPLEXITY;

/**
 * When a hotspot is significant: all floors hold. A percentile alone always flags a tenth of any
 * repository, however healthy; the revision and complexity floors keep a file changed once, or a
 * trivial one, out of it whatever its rank.
 */
export interface SignificanceRule {
  /** Percentile (within the file's category) at or above which a hotspot may be significant. */
  readonly percentile: number;
  readonly minRevisions: number;
  /** Least complexity of a file, in the score's metric. */
  readonly minComplexity: number;
  /** Least cognitive complexity of a function (a function's score always multiplies cognitive). */
  readonly minFunctionComplexity: number;
  /** Test files (and their functions) may be significant too. */
  readonly includeTests: boolean;
}

/** What a user may set of the rule; what is left out takes the defaults. */
export interface SignificanceSettings {
  readonly percentile?: number;
  readonly minRevisions?: number;
  /** In the score's metric; default: that metric's own ({@link DEFAULT_MIN_COMPLEXITY}). */
  readonly minComplexity?: number;
  readonly includeTests?: boolean;
}

/**
 * The rule a scan applies. The function floor follows `minComplexity` only when the metric is
 * cognitive: 300 lines of code or cyclomatic 10 say nothing of a function's cognitive complexity,
 * so with another metric functions keep the cognitive default.
 */
export function significanceRule(metric: ScoreMetric, settings: SignificanceSettings = {}): SignificanceRule {
  const minComplexity = settings.minComplexity ?? DEFAULT_MIN_COMPLEXITY[metric];
  return {
    percentile: settings.percentile ?? DEFAULT_SIGNIFICANCE_PERCENTILE,
    minRevisions: settings.minRevisions ?? DEFAULT_MIN_REVISIONS,
    minComplexity,
    minFunctionComplexity: metric === 'cognitive' ? minComplexity : DEFAULT_MIN_COMPLEXITY.cognitive,
    includeTests: settings.includeTests ?? false,
  };
}

/** A ranked hotspot as the rule sees it: a file (complexity in the score's metric) or a function (cognitive). */
export interface SignificanceCandidate {
  readonly category: FileCategory;
  readonly score: number;
  readonly percentile: number;
  readonly revisions: number;
  readonly complexity: number;
}

/**
 * Whether a ranked file or function is significant: a positive score, percentile ≥ P, revisions ≥ R,
 * complexity ≥ `minComplexity` (pass the rule's function floor for a function), and production code
 * unless tests are included. `percentile` overrides only P (`--fail-on hotspot-percentile>=P`).
 */
export function meetsSignificance(
  candidate: SignificanceCandidate,
  rule: SignificanceRule,
  minComplexity: number,
  percentile: number = rule.percentile,
): boolean {
  return (
    candidate.score > 0 &&
    candidate.percentile >= percentile &&
    candidate.revisions >= rule.minRevisions &&
    candidate.complexity >= minComplexity &&
    (candidate.category === 'production' || rule.includeTests)
  );
}

/** A report's file, as much as the rule needs. */
export interface SignificanceFile {
  readonly category: FileCategory;
  readonly score: number | null;
  readonly percentile: number | null;
  readonly revisions: number;
  readonly loc: number | null;
  readonly cyclomatic: number | null;
  readonly cognitive: number | null;
}

/**
 * {@link meetsSignificance} on a report's file, so SARIF, the CI gates and the tables can apply the
 * rule the report states (with another percentile) without the scan. Unranked files never are.
 */
export function isSignificantFile(file: SignificanceFile, rule: SignificanceRule, metric: ScoreMetric, percentile: number = rule.percentile): boolean {
  const complexity = file[metric];
  if (file.score === null || file.percentile === null || complexity === null) {
    return false;
  }
  return meetsSignificance({ category: file.category, score: file.score, percentile: file.percentile, revisions: file.revisions, complexity }, rule, rule.minComplexity, percentile);
}

/**
 * The category test from the test globs (repository-relative, `/`-separated; dotfiles included).
 * `globs` replace {@link DEFAULT_TEST_GLOBS}; empty or absent means the defaults.
 */
export function createCategoryMatcher(globs: readonly string[] = []): (path: string) => FileCategory {
  const isTest = picomatch([...testGlobsOf(globs)], { dot: true });
  return (path) => (isTest(path) ? 'test' : 'production');
}

/** The globs a scan uses: the given ones, or the defaults when none are given. */
export function testGlobsOf(globs: readonly string[] = []): readonly string[] {
  return globs.length > 0 ? globs : DEFAULT_TEST_GLOBS;
}
