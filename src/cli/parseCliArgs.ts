import { parseArgs } from 'node:util';
import type { ComplexityMetric } from '../core/scan/scanReport';

export type OutputFormat = 'table' | 'json' | 'markdown' | 'csv';

export interface ScanCommand {
  readonly command: 'scan';
  readonly path: string | undefined;
  readonly format: OutputFormat;
  readonly top: number | undefined;
  readonly since: Date | undefined;
  readonly until: Date | undefined;
  readonly useCache: boolean;
  readonly churn: boolean;
  readonly cacheDir: string | undefined;
  readonly excludes: readonly string[];
  readonly metric: ComplexityMetric;
  readonly xrayTop: number;
  readonly xrayFiles: readonly string[];
  readonly projectKeys: readonly string[];
  readonly botPattern: string | undefined;
  readonly significant: number;
  readonly coupling: { readonly minRevisions: number; readonly minShared: number; readonly minDegree: number; readonly maxChangesetSize: number };
  readonly quiet: boolean;
}

export type CliCommand = ScanCommand | { readonly command: 'help' } | { readonly command: 'version' };

/** A mistake in the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `Usage: debt-lens scan [path] [options]

Scans a git repository (default: the current folder) and prints its hotspots:
files and functions where high complexity meets frequent change.

Options:
  --format <table|json|markdown|csv>  output format (default: table)
  --top <n>             list only the n highest-ranked files (table default: 20)
  --since <date>        start of the history window: YYYY-MM-DD, or 6m, 90d, 2y, 8w ago
                        (default: 12 months before --until)
  --until <date>        end of the history window (default: now)
  --metric <name>       complexity in the score: cognitive (default), cyclomatic or loc
  --xray <n>            function-level history for the n top files (default: 20)
  --xray-file <path>    also X-Ray this file, path relative to the repository root (repeatable)
  --exclude <glob>      do not rank matching paths (repeatable), e.g. 'test/**'
  --project-key <KEY>   a Jira/Linear project key used in commit messages (repeatable)
  --significant <pct>   percentile at or above which a hotspot is significant (default: 90)
  --bots <regex>        authors to leave out, matched on name or e-mail; "" keeps all
                        (default: [bot], dependabot, renovate, github-actions and similar)
  --coupling-min-revisions <n>  coupling: least mean revisions of a pair (default: 5)
  --coupling-min-shared <n>     coupling: least shared revisions (default: 5)
  --coupling-min-degree <pct>   coupling: least degree (default: 30)
  --coupling-max-changeset <n>  coupling: leave out commits touching more files (default: 30)
  --no-churn            skip counting added/deleted lines: a history pass several
                        times cheaper; ranks are unchanged, churn columns empty
  --no-cache            ignore the scan cache and do not write it
  --cache-dir <dir>     where the scan cache lives (default: $DEBT_LENS_CACHE_DIR,
                        else the user cache folder, e.g. ~/.cache/debt-lens)
  --quiet               no progress output
  -h, --help            show this help
  -v, --version         show the version

The report goes to standard output; progress and warnings go to standard error.
Exit codes: 0 done, 1 the scan failed, 2 bad usage, 130 interrupted.`;

/** Parses `argv` (without node and script). Throws UsageError with a message fit to print. */
export function parseCliArgs(argv: readonly string[], now: Date): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        top: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        metric: { type: 'string' },
        xray: { type: 'string' },
        'xray-file': { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        'project-key': { type: 'string', multiple: true },
        significant: { type: 'string' },
        bots: { type: 'string' },
        'coupling-min-revisions': { type: 'string' },
        'coupling-min-shared': { type: 'string' },
        'coupling-min-degree': { type: 'string' },
        'coupling-max-changeset': { type: 'string' },
        'no-cache': { type: 'boolean' },
        'no-churn': { type: 'boolean' },
        'cache-dir': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return { command: 'help' };
  }
  if (values.version) {
    return { command: 'version' };
  }
  const [command, ...rest] = positionals;
  if (command !== undefined && command !== 'scan') {
    throw new UsageError(`unknown command '${command}' (expected 'scan')`);
  }
  if (rest.length > 1) {
    throw new UsageError(`scan takes one path, got ${rest.length}: ${rest.join(' ')}`);
  }
  const format = values.format ?? 'table';
  if (!['table', 'json', 'markdown', 'csv'].includes(format)) {
    throw new UsageError(`--format must be table, json, markdown or csv, not '${format}'`);
  }
  const metric = values.metric ?? 'cognitive';
  if (!['cognitive', 'cyclomatic', 'loc'].includes(metric)) {
    throw new UsageError(`--metric must be cognitive, cyclomatic or loc, not '${metric}'`);
  }
  const until = values.until === undefined ? undefined : parseDateOption('--until', values.until, now);
  const since = values.since === undefined ? undefined : parseDateOption('--since', values.since, until ?? now);
  if (since && since.getTime() >= (until ?? now).getTime()) {
    throw new UsageError(`--since (${since.toISOString().slice(0, 10)}) must be before --until (${(until ?? now).toISOString().slice(0, 10)})`);
  }
  for (const key of values['project-key'] ?? []) {
    if (!/^[A-Z][A-Z0-9_]+$/.test(key)) {
      throw new UsageError(`--project-key must look like PROJ (capital letters, digits, _), not '${key}'`);
    }
  }
  const significant = values.significant === undefined ? 90 : parseCount('--significant', values.significant);
  if (significant > 100) {
    throw new UsageError(`--significant is a percentile from 0 to 100, not ${significant}`);
  }
  if (values.bots !== undefined) {
    try {
      new RegExp(values.bots, 'i');
    } catch (error) {
      throw new UsageError(`--bots is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  const count = (option: 'coupling-min-revisions' | 'coupling-min-shared' | 'coupling-min-degree' | 'coupling-max-changeset', fallback: number): number =>
    values[option] === undefined ? fallback : parseCount(`--${option}`, values[option]);
  return {
    command: 'scan',
    path: rest[0],
    format: format as OutputFormat,
    top: values.top === undefined ? undefined : parseCount('--top', values.top),
    since,
    until,
    useCache: !values['no-cache'],
    churn: !values['no-churn'],
    cacheDir: values['cache-dir'],
    excludes: values.exclude ?? [],
    metric: metric as ComplexityMetric,
    xrayTop: values.xray === undefined ? 20 : parseCount('--xray', values.xray),
    xrayFiles: values['xray-file'] ?? [],
    projectKeys: values['project-key'] ?? [],
    botPattern: values.bots,
    significant,
    coupling: {
      minRevisions: count('coupling-min-revisions', 5),
      minShared: count('coupling-min-shared', 5),
      minDegree: count('coupling-min-degree', 30),
      maxChangesetSize: count('coupling-max-changeset', 30),
    },
    quiet: values.quiet ?? false,
  };
}

function parseCount(option: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`${option} takes a whole number, not '${text}'`);
  }
  return Number(text);
}

/** Accepts an ISO date (YYYY-MM-DD, or a full timestamp) or a span back from `reference`: 90d, 8w, 6m, 2y. */
export function parseDateOption(option: string, text: string, reference: Date): Date {
  const relative = /^(\d+)\s*(d|w|m|y)$/i.exec(text.trim());
  if (relative) {
    const amount = Number(relative[1]);
    const date = new Date(reference.getTime());
    switch (relative[2]!.toLowerCase()) {
      case 'd':
        date.setUTCDate(date.getUTCDate() - amount);
        break;
      case 'w':
        date.setUTCDate(date.getUTCDate() - 7 * amount);
        break;
      case 'm':
        date.setUTCMonth(date.getUTCMonth() - amount);
        break;
      default:
        date.setUTCFullYear(date.getUTCFullYear() - amount);
    }
    return date;
  }
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const date = new Date(text.trim().length === 10 ? `${text.trim()}T00:00:00Z` : text.trim());
    if (!Number.isNaN(date.getTime())) {
      return date;
    }
  }
  throw new UsageError(`${option} takes a date like 2026-01-31 or a span like 6m, 90d, 2y; '${text}' is neither`);
}
