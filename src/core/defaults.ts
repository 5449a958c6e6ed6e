/**
 * Every default a user can see: the engine uses these values, the CLI's help prints them, and the
 * editor's settings fall back to them. `package.json`'s `contributes.configuration` repeats them for
 * the Settings editor (it cannot import code); a unit test holds the two equal.
 */

/** Months of history in the default window, counted back from its end. */
export const DEFAULT_WINDOW_MONTHS = 12;
/** Files that get function-level history (X-Ray). */
export const DEFAULT_XRAY_TOP = 20;
/** Percentile at or above which a ranked file or function is significant. */
export const DEFAULT_SIGNIFICANCE_PERCENTILE = 90;
export const DEFAULT_COMPLEXITY_METRIC = 'cognitive';
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
  'codeLens.hotspotPercentile': { default: DEFAULT_SIGNIFICANCE_PERCENTILE, minimum: 0, maximum: 100 },
  'decorations.anchors': true,
  'scan.onStartup': true,
  'scan.windowMonths': { default: DEFAULT_WINDOW_MONTHS, minimum: 1, maximum: 120 },
  'scan.xrayTop': { default: DEFAULT_XRAY_TOP, minimum: 0, maximum: 500 },
  'scan.complexityMetric': DEFAULT_COMPLEXITY_METRIC,
  'scan.exclude': [] as readonly string[],
  'scan.maxFileBytes': { default: DEFAULT_MAX_FILE_BYTES, minimum: 1024, maximum: 1_073_741_824 },
  'scan.botPattern': '',
  'ledger.folder': DEFAULT_LEDGER_FOLDER,
  'backlog.liveLookups': true,
  'backlog.jiraBaseUrl': '',
  'hotspots.maxFiles': { default: 50, minimum: 1, maximum: 1000 },
  'debtTree.groupBy': 'status',
} as const satisfies Record<string, boolean | string | readonly string[] | NumberSetting>;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
