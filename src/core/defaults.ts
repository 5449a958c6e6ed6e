/**
 * Every default a user can see: the engine uses these values, the CLI's help prints them, and the
 * editor's settings fall back to them. `package.json`'s `contributes.configuration` repeats them for
 * the Settings editor (it cannot import code); a unit test holds the two equal.
 */

/** Months of history in the default window, counted back from its end. */
export const DEFAULT_WINDOW_MONTHS = 12;
/** Files that get function-level history (X-Ray). */
export const DEFAULT_XRAY_TOP = 20;
/** Percentile at or above which a ranked file or function is significant (one of three floors, with the next two). */
export const DEFAULT_SIGNIFICANCE_PERCENTILE = 90;
/** Fewest revisions in the window of a significant file or function: a file changed once is not a hotspot, whatever its rank. */
export const DEFAULT_MIN_REVISIONS = 3;
/**
 * Least complexity of a significant file or function, in the score's metric: cognitive 15 is
 * Sonar's S3776 threshold; cyclomatic 10 is McCabe's; 300 lines of code.
 */
export const DEFAULT_MIN_COMPLEXITY = { cognitive: 15, cyclomatic: 10, loc: 300 } as const;
export const DEFAULT_COMPLEXITY_METRIC = 'cognitive';
/**
 * Test and fixture paths, ranked apart from production code and not significant unless asked for:
 * any folder named like these, or a `*.test.*` / `*.spec.*` file name.
 */
export const DEFAULT_TEST_GLOBS: readonly string[] = [
  '**/{test,tests,__tests__,spec,e2e,fixtures,__fixtures__,__mocks__}/**',
  '**/*.{test,spec}.*',
];
/** The debt ledger's folder, relative to the repository root. */
export const DEFAULT_LEDGER_FOLDER = '.techdebt';
/** Files the terminal table and the Markdown report list. */
export const DEFAULT_REPORT_TOP = 20;
/**
 * Source files larger than this many bytes are never read or parsed, and are listed as not ranked
 * (`oversized`). 1 MiB, as Biome's `files.maxSize` (SonarJS's `sonar.javascript.maxFileSize` is
 * 1,000 KB): hand-written TypeScript rarely passes it, and a syntax tree costs many times its
 * file's size (issue 14 measured a 5 MB generated client adding ~500 MB to a scan's peak).
 */
export const DEFAULT_MAX_FILE_BYTES = 1_048_576;
/** code-maat's defaults for change coupling. */
export const DEFAULT_COUPLING = { minRevisions: 5, minShared: 5, minDegree: 30, maxChangesetSize: 30 } as const;
/**
 * A commit touching more files than this (mass renames, formatting, import rewrites) attributes its
 * backlog references to no file or function: the coupling cap, for the same reason.
 */
export const DEFAULT_MASS_COMMIT_FILES = DEFAULT_COUPLING.maxChangesetSize;
/** Where the default window ends: HEAD's committer date, so the same commit gives the same report on any day. */
export const DEFAULT_WINDOW_END = 'head';
/** Function hotspot lenses per file: the top ones by score. */
export const DEFAULT_MAX_FUNCTION_LENSES = 3;

/** A numeric setting's default and the range the editor clamps it to. */
export interface NumberSetting {
  readonly default: number;
  readonly minimum: number;
  readonly maximum: number;
}

/**
 * The editor's settings (`debtLens.<key>`) with their defaults; numbers carry the range
 * `package.json` declares, which the editor also enforces on values typed into settings.json.
 */
export const SETTING_DEFAULTS = {
  'codeLens.hotspots': true,
  'codeLens.debt': true,
  /** Deprecated for `significance.percentile`; still applies when only it is set. */
  'codeLens.hotspotPercentile': { default: DEFAULT_SIGNIFICANCE_PERCENTILE, minimum: 0, maximum: 100 },
  'codeLens.maxFunctionLenses': { default: DEFAULT_MAX_FUNCTION_LENSES, minimum: 0, maximum: 100 },
  'significance.percentile': { default: DEFAULT_SIGNIFICANCE_PERCENTILE, minimum: 0, maximum: 100 },
  'significance.minRevisions': { default: DEFAULT_MIN_REVISIONS, minimum: 0, maximum: 1000 },
  /** 0: the metric's own default ({@link DEFAULT_MIN_COMPLEXITY}). */
  'significance.minComplexity': { default: 0, minimum: 0, maximum: 100000 },
  'significance.includeTests': false,
  'decorations.anchors': true,
  'scan.onStartup': true,
  'scan.windowMonths': { default: DEFAULT_WINDOW_MONTHS, minimum: 1, maximum: 120 },
  'scan.xrayTop': { default: DEFAULT_XRAY_TOP, minimum: 0, maximum: 500 },
  'scan.complexityMetric': DEFAULT_COMPLEXITY_METRIC,
  'scan.exclude': [] as readonly string[],
  'scan.maxFileBytes': { default: DEFAULT_MAX_FILE_BYTES, minimum: 1024, maximum: 1_073_741_824 },
  'scan.botPattern': '',
  /** Empty: {@link DEFAULT_TEST_GLOBS}; otherwise these replace them. */
  'scan.testGlobs': [] as readonly string[],
  'scan.massCommitFiles': { default: DEFAULT_MASS_COMMIT_FILES, minimum: 1, maximum: 100000 },
  'scan.windowEnd': DEFAULT_WINDOW_END,
  'ledger.folder': DEFAULT_LEDGER_FOLDER,
  'backlog.liveLookups': true,
  'backlog.jiraBaseUrl': '',
  'hotspots.maxFiles': { default: 50, minimum: 1, maximum: 1000 },
  'debtTree.groupBy': 'status',
  /** Empty: the review's own choice of base (the upstream, origin/HEAD, main, master). */
  'review.base': '',
  /** `severity`: severity, then id; `priority`: interest ÷ principal, highest first (the order of `debt list --sort priority`). */
  'debtTree.sortBy': 'severity',
} as const satisfies Record<string, boolean | string | readonly string[] | NumberSetting>;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
