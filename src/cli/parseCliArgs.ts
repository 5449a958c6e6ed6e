import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import {
  DEFAULT_COUPLING,
  DEFAULT_LEDGER_FOLDER,
  DEFAULT_MASS_COMMIT_FILES,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MIN_COMPLEXITY,
  DEFAULT_MIN_REVISIONS,
  DEFAULT_REPORT_TOP,
  DEFAULT_SIGNIFICANCE_PERCENTILE,
  DEFAULT_TEST_GLOBS,
  DEFAULT_WINDOW_MONTHS,
  DEFAULT_XRAY_TOP,
} from '../core/defaults';
import type { FailOnRule } from '../core/report/failOn';
import { FailOnSyntaxError, parseFailOn } from '../core/report/failOn';
import type { DebtSeverity, DebtStatus } from '../core/ledger/ledgerEntry';
import { DEBT_SEVERITIES, DEBT_STATUSES, PRINCIPAL_PATTERN } from '../core/ledger/ledgerEntry';
import type { ComplexityMetric } from '../core/scan/scanReport';
import type { WindowSpan } from '../core/scan/scanWindow';
import { parseWindowSpan, spanBefore } from '../core/scan/scanWindow';

export type OutputFormat = 'table' | 'json' | 'markdown' | 'csv' | 'sarif';

export interface ScanCommand {
  readonly command: 'scan';
  readonly path: string | undefined;
  readonly format: OutputFormat;
  readonly top: number | undefined;
  /** A date, or a span counted back from the window's end (known only once HEAD is read). */
  readonly since: Date | WindowSpan | undefined;
  /** An explicit end date; undefined for HEAD's committer date or, with `windowEnd: 'now'`, the clock. */
  readonly until: Date | undefined;
  /** `--until now` brings back the clock as the window's end. */
  readonly windowEnd: 'head' | 'now';
  readonly useCache: boolean;
  /** `--churn` true, `--no-churn` false, neither undefined: churn except in a partial clone (see `ScanOptions.churn`). */
  readonly churn: boolean | undefined;
  /** CI gates; when one fails the scan still prints its report, then exits 3. */
  readonly failOn: readonly FailOnRule[];
  readonly ledgerDir: string | undefined;
  readonly cacheDir: string | undefined;
  readonly excludes: readonly string[];
  readonly metric: ComplexityMetric;
  readonly xrayTop: number;
  readonly xrayFiles: readonly string[];
  readonly maxFileBytes: number;
  readonly projectKeys: readonly string[];
  readonly botPattern: string | undefined;
  readonly significant: number;
  /** undefined: the defaults (the metric's own complexity floor). */
  readonly minRevisions: number | undefined;
  readonly minComplexity: number | undefined;
  readonly includeTests: boolean;
  /** Empty: the default test globs. */
  readonly testGlobs: readonly string[];
  readonly massCommitFiles: number;
  /** undefined: config.yml's `cost.bugFixPattern`, else the default rule. */
  readonly bugFixPattern: string | undefined;
  /** Ask the trackers about every ticket of the window (kind, lead time), through the backlog cache. */
  readonly live: boolean;
  readonly coupling: { readonly minRevisions: number; readonly minShared: number; readonly minDegree: number; readonly maxChangesetSize: number };
  readonly quiet: boolean;
}

/** What every `debt` subcommand reads: the repository and its ledger folder. */
export interface DebtTarget {
  readonly command: 'debt';
  /** `--repo`, relative to the current folder; the current folder when absent. */
  readonly repo: string | undefined;
  /** `--ledger-dir`, relative to the repository root. */
  readonly ledgerDir: string;
}

export type DebtCommand = DebtTarget &
  (
    | {
        readonly sub: 'list';
        readonly format: OutputFormat;
        readonly status: DebtStatus | undefined;
        readonly severity: DebtSeverity | undefined;
        readonly tag: string | undefined;
        readonly strict: boolean;
        /** `ledger`: the ledger's order; `priority`: interest ÷ principal, highest first (needs a scan of the history). */
        readonly sort: 'ledger' | 'priority';
      }
    | {
        readonly sub: 'show';
        readonly id: string;
        readonly format: OutputFormat;
        /** Look backlog items up on their trackers (tokens from the environment). */
        readonly live: boolean;
      }
    | {
        readonly sub: 'add';
        readonly title: string;
        readonly severity: DebtSeverity;
        readonly principal: string | undefined;
        readonly tags: readonly string[];
        readonly backlog: readonly string[];
        /** Relative to the repository root (or absolute inside it). */
        readonly file: string;
        readonly lines: readonly [number, number] | undefined;
        readonly symbol: string | undefined;
        readonly body: string;
      }
    | { readonly sub: 'status'; readonly id: string; readonly status: DebtStatus }
    | { readonly sub: 'reanchor'; readonly dryRun: boolean }
    | { readonly sub: 'markers'; readonly format: OutputFormat; readonly projectKeys: readonly string[]; readonly tags: readonly string[]; readonly patterns: readonly string[] }
    | {
        readonly sub: 'promote';
        /** The marker's file, relative to the repository root (or absolute inside it). */
        readonly file: string;
        /** 1-based line of the marker. */
        readonly line: number;
        readonly title: string | undefined;
        readonly severity: DebtSeverity | undefined;
        readonly projectKeys: readonly string[];
      }
  );

/** `report`: a scan, then the stakeholder report of it (HTML or Markdown) instead of the hotspot listing. */
export interface ReportCommand extends Omit<ScanCommand, 'command' | 'format'> {
  readonly command: 'report';
  readonly format: 'html' | 'markdown';
  /** The file to write; standard output when undefined. */
  readonly output: string | undefined;
}

export type CliCommand = ScanCommand | ReportCommand | DebtCommand | { readonly command: 'help' } | { readonly command: 'version' };

/** A mistake in the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `Usage: debt-lens scan [path] [options]

Scans a git repository (default: the current folder) and prints its hotspots:
files and functions where high complexity meets frequent change.

Options:
  --format <table|json|markdown|csv|sarif>  output format (default: table); sarif lists
                        significant hotspots and active debt entries for code scanning
  --top <n>             list only the n highest-ranked files (table default: ${DEFAULT_REPORT_TOP})
  --since <date>        start of the history window: YYYY-MM-DD, or 6m, 90d, 2y, 8w
                        before its end (default: ${DEFAULT_WINDOW_MONTHS} months before --until)
  --until <date|now>    end of the history window (default: HEAD's commit date, so a
                        commit gives the same report on any day; now: the clock)
  --metric <name>       complexity in the score: cognitive (default), cyclomatic or loc
  --xray <n>            function-level history for the n top files (default: ${DEFAULT_XRAY_TOP})
  --xray-file <path>    also X-Ray this file, path relative to the repository root (repeatable)
  --exclude <glob>      do not rank matching paths (repeatable), e.g. 'test/**'
  --max-file-bytes <n>  do not read or rank source files larger than n bytes
                        (default: ${DEFAULT_MAX_FILE_BYTES})
  --project-key <KEY>   a Jira/Linear project key used in commit messages (repeatable)
  --significant <pct>   percentile at or above which a hotspot is significant (default: ${DEFAULT_SIGNIFICANCE_PERCENTILE}),
                        among the files of its category; the floors below must hold too
  --min-revisions <n>   a significant hotspot changed at least n times (default: ${DEFAULT_MIN_REVISIONS})
  --min-complexity <n>  a significant file's complexity in --metric at least n (default:
                        cognitive ${DEFAULT_MIN_COMPLEXITY.cognitive}, cyclomatic ${DEFAULT_MIN_COMPLEXITY.cyclomatic}, loc ${DEFAULT_MIN_COMPLEXITY.loc}); functions: cognitive
  --include-tests       test files may be significant too (they are always ranked apart)
  --test-glob <glob>    test and fixture paths (repeatable; replaces the defaults:
                        ${DEFAULT_TEST_GLOBS.join(' ')})
  --mass-commit <n>     a commit touching more files attributes its tickets to none
                        (default: ${DEFAULT_MASS_COMMIT_FILES})
  --bug-fix-pattern <regex>  commit subjects that are bug fixes (default: fix:, fix(…):,
                        or fix, bug, hotfix, regression as words; config.yml cost.bugFixPattern)
  --live                ask GitHub/Jira about each ticket: bug labels and types, and lead
                        times from the tracker's own dates (cached; tokens from the environment)
  --bots <regex>        authors to leave out, matched on name or e-mail; "" keeps all
                        (default: [bot], dependabot, renovate, github-actions and similar)
  --coupling-min-revisions <n>  coupling: least mean revisions of a pair (default: ${DEFAULT_COUPLING.minRevisions})
  --coupling-min-shared <n>     coupling: least shared revisions (default: ${DEFAULT_COUPLING.minShared})
  --coupling-min-degree <pct>   coupling: least degree (default: ${DEFAULT_COUPLING.minDegree})
  --coupling-max-changeset <n>  coupling: leave out commits touching more files (default: ${DEFAULT_COUPLING.maxChangesetSize})
  --no-churn            skip counting added/deleted lines: a history pass several
                        times cheaper; ranks are unchanged, churn columns empty
  --churn               count churn and run X-Ray even in a partial clone, fetching
                        the blobs they read (by default a partial clone fetches none)
  --fail-on <rules>     exit 3 when a CI gate fails, e.g. new-hotspot,orphaned,critical>0
                        (rules: new-hotspot, orphaned, low|medium|high|critical>N,
                        hotspot-percentile>=P)
  --ledger-dir <dir>    the debt ledger folder (default: ${DEFAULT_LEDGER_FOLDER})
  --no-cache            ignore the scan cache and do not write it
  --cache-dir <dir>     where the scan cache lives (default: $DEBT_LENS_CACHE_DIR,
                        else the user cache folder, e.g. ~/.cache/debt-lens)
  --quiet               no progress output
  -h, --help            show this help
  -v, --version         show the version

The report goes to standard output; progress and warnings go to standard error.
Exit codes: 0 done, 1 the scan failed, 2 bad usage, 3 a --fail-on gate failed, 130 interrupted.

Usage: debt-lens report [path] [--format html|markdown] [-o file] [scan options]

Scans as above, then writes the stakeholder report: an executive summary (where the debt
lives, what it costs in this repository's own numbers, with caveats, and the entries by
status with their principal), the top hotspots with owners, tickets and entries, the
entries by priority, changes and bug fixes by month, and the method. HTML (the default) is
one self-contained file: inline SVG charts, no script, no remote content.
  --format <html|markdown>  the document's format (default: html)
  -o, --output <file>   write it to this file (default: standard output)

Usage: debt-lens debt <list|show|add|status|reanchor|markers|promote> [options]

Reads and writes the debt ledger, one Markdown file per entry. Anchors are resolved in
memory; entry files change only through add, status and reanchor.

  debt list [--status <s>] [--severity <s>] [--tag <t>] [--strict] [--sort <ledger|priority>] [--format <f>]
                        entries with their anchors' state: ok, moved or orphaned; problems of
                        malformed entry files go to standard error (--strict: then exit 1);
                        --sort priority scans the history and orders by interest ÷ principal,
                        the cheapest relief first (entries without either last)
  debt show <ID> [--live] [--format <f>]
                        one entry, its anchors' resolution, its backlog links and its body;
                        --live fetches each item's title, state and assignee (tokens from
                        GITHUB_TOKEN or GH_TOKEN, JIRA_TOKEN and JIRA_EMAIL)
  debt add --title <t> --file <path> [--lines <a-b> | --symbol <name>] [--severity <s>]
           [--principal <3d>] [--tag <t>]... [--backlog <ref>]... [--body <text>]
                        registers debt anchored to code (path relative to the repository
                        root; severity default: medium); prints the new id and file
  debt status <ID> <open|accepted|scheduled|paid|wontfix>
                        changes one entry's status
  debt reanchor [--dry-run]
                        rewrites the anchors of moved code; orphaned anchors are listed and kept
  debt markers [--tag <TAG>]... [--pattern <regex>]... [--project-key <KEY>]... [--format <f>]
                        TODO/FIXME/HACK/XXX/@deprecated comments with author and age
  debt promote <PATH:LINE> [--title <t>] [--severity <s>] [--project-key <KEY>]...
                        turns the marker at that line into an entry anchored to its
                        function (title and backlog from the marker); prints the id and file

Options of every debt command:
  --repo <path>         the repository (default: the current folder)
  --ledger-dir <dir>    the ledger folder, relative to the repository root (default: ${DEFAULT_LEDGER_FOLDER})
  --format <table|json|markdown|csv>  output format of list, show and markers (default: table)

Tracker links (project keys, Jira site, custom URL templates) come from <ledger-dir>/config.yml;
GitHub issues link to the repository of the origin remote.

Exit codes: 0 done, 1 failed (no such entry, malformed entry, git error…), 2 bad usage.`;

const DEBT_SUBCOMMANDS = ['list', 'show', 'add', 'status', 'reanchor', 'markers', 'promote'] as const;
type DebtSub = (typeof DEBT_SUBCOMMANDS)[number];

/** The options of each debt subcommand, on top of --repo, --ledger-dir and --help. */
const DEBT_OPTIONS = {
  list: {
    format: { type: 'string', short: 'f' },
    status: { type: 'string' },
    severity: { type: 'string' },
    tag: { type: 'string' },
    strict: { type: 'boolean' },
    sort: { type: 'string' },
  },
  show: { format: { type: 'string', short: 'f' }, live: { type: 'boolean' } },
  add: {
    title: { type: 'string' },
    severity: { type: 'string' },
    principal: { type: 'string' },
    tag: { type: 'string', multiple: true },
    backlog: { type: 'string', multiple: true },
    file: { type: 'string' },
    lines: { type: 'string' },
    symbol: { type: 'string' },
    body: { type: 'string' },
  },
  status: {},
  reanchor: { 'dry-run': { type: 'boolean' } },
  markers: {
    format: { type: 'string', short: 'f' },
    'project-key': { type: 'string', multiple: true },
    tag: { type: 'string', multiple: true },
    pattern: { type: 'string', multiple: true },
  },
  promote: { title: { type: 'string' }, severity: { type: 'string' }, 'project-key': { type: 'string', multiple: true } },
} as const;

const POSITIONALS: Record<DebtSub, readonly string[]> = {
  list: [],
  show: ['<ID>'],
  add: [],
  status: ['<ID>', '<STATUS>'],
  reanchor: [],
  markers: [],
  promote: ['<PATH:LINE>'],
};

/** Parses `argv` (without node and script). Throws UsageError with a message fit to print. */
export function parseCliArgs(argv: readonly string[], now: Date): CliCommand {
  if (argv[0] === 'debt') {
    return parseDebtArgs(argv.slice(1));
  }
  const parsed = parseOptions(
    {
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
        'max-file-bytes': { type: 'string' },
        'project-key': { type: 'string', multiple: true },
        significant: { type: 'string' },
        'min-revisions': { type: 'string' },
        'min-complexity': { type: 'string' },
        'include-tests': { type: 'boolean' },
        'test-glob': { type: 'string', multiple: true },
        'mass-commit': { type: 'string' },
        'bug-fix-pattern': { type: 'string' },
        live: { type: 'boolean' },
        bots: { type: 'string' },
        'coupling-min-revisions': { type: 'string' },
        'coupling-min-shared': { type: 'string' },
        'coupling-min-degree': { type: 'string' },
        'coupling-max-changeset': { type: 'string' },
        'no-cache': { type: 'boolean' },
        'no-churn': { type: 'boolean' },
        churn: { type: 'boolean' },
        'fail-on': { type: 'string' },
        'ledger-dir': { type: 'string' },
        'cache-dir': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    },
    '',
  );
  const { values, positionals } = parsed;
  if (values.help) {
    return { command: 'help' };
  }
  if (values.version) {
    return { command: 'version' };
  }
  const [command, ...rest] = positionals;
  if (command !== undefined && command !== 'scan' && command !== 'report') {
    throw new UsageError(`unknown command '${command}' (expected 'scan', 'report' or 'debt')`);
  }
  const verb = command ?? 'scan';
  if (rest.length > 1) {
    throw new UsageError(`${verb} takes one path, got ${rest.length}: ${rest.join(' ')}`);
  }
  const format = values.format ?? (verb === 'report' ? 'html' : 'table');
  if (verb === 'report' && !['html', 'markdown'].includes(format)) {
    throw new UsageError(`report --format must be html or markdown, not '${format}'`);
  }
  if (verb === 'scan' && !['table', 'json', 'markdown', 'csv', 'sarif'].includes(format)) {
    throw new UsageError(`--format must be table, json, markdown, csv or sarif, not '${format}'`);
  }
  if (verb === 'scan' && values.output !== undefined) {
    throw new UsageError('--output is an option of report; scan writes to standard output');
  }
  if (values.output !== undefined && values.output.trim() === '') {
    throw new UsageError('--output needs a file name');
  }
  let failOn: FailOnRule[] = [];
  if (values['fail-on'] !== undefined) {
    try {
      failOn = parseFailOn(values['fail-on']);
    } catch (error) {
      if (error instanceof FailOnSyntaxError) {
        throw new UsageError(`--fail-on: ${error.message}`);
      }
      throw error;
    }
  }
  if (values.churn && values['no-churn']) {
    throw new UsageError('--churn and --no-churn cannot be given together');
  }
  const metric = values.metric ?? 'cognitive';
  if (!['cognitive', 'cyclomatic', 'loc'].includes(metric)) {
    throw new UsageError(`--metric must be cognitive, cyclomatic or loc, not '${metric}'`);
  }
  const untilNow = values.until?.trim().toLowerCase() === 'now';
  const until = values.until === undefined || untilNow ? undefined : parseDateOption('--until', values.until, now);
  // Without an end date a span counts back from the end the scan finds (HEAD's date, or the clock).
  const span = until === undefined && values.since !== undefined ? parseWindowSpan(values.since) : undefined;
  // Parsed against the clock as well, so a span reaching past the dates a Date can hold is refused here.
  const sinceDate = values.since === undefined ? undefined : parseDateOption('--since', values.since, until ?? now);
  const since = span ?? sinceDate;
  const end = until ?? (untilNow ? now : undefined);
  if (since instanceof Date && end !== undefined && since.getTime() >= end.getTime()) {
    throw new UsageError(`--since (${since.toISOString().slice(0, 10)}) must be before --until (${end.toISOString().slice(0, 10)})`);
  }
  for (const key of values['project-key'] ?? []) {
    if (!/^[A-Z][A-Z0-9_]+$/.test(key)) {
      throw new UsageError(`--project-key must look like PROJ (capital letters, digits, _), not '${key}'`);
    }
  }
  const significant = values.significant === undefined ? DEFAULT_SIGNIFICANCE_PERCENTILE : Number(values.significant);
  if (values.significant !== undefined && (!/^\d+$/.test(values.significant) || significant > 100)) {
    throw new UsageError(`--significant is a whole percentile from 0 to 100, not '${values.significant}'`);
  }
  if (values.bots !== undefined) {
    try {
      new RegExp(values.bots, 'i');
    } catch (error) {
      throw new UsageError(`--bots is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  const massCommitFiles = values['mass-commit'] === undefined ? DEFAULT_MASS_COMMIT_FILES : parseCount('--mass-commit', values['mass-commit']);
  if (massCommitFiles < 1) {
    throw new UsageError('--mass-commit takes a number of files of at least 1');
  }
  if ((values['test-glob'] ?? []).some((glob) => glob.trim() === '')) {
    throw new UsageError('--test-glob must not be empty');
  }
  const count = (option: 'coupling-min-revisions' | 'coupling-min-shared' | 'coupling-min-degree' | 'coupling-max-changeset', fallback: number): number =>
    values[option] === undefined ? fallback : parseCount(`--${option}`, values[option]);
  const scan: Omit<ScanCommand, 'command' | 'format'> = {
    path: rest[0],
    top: values.top === undefined ? undefined : parseCount('--top', values.top),
    since,
    until,
    windowEnd: untilNow ? 'now' : 'head',
    useCache: !values['no-cache'],
    churn: values['no-churn'] ? false : values.churn ? true : undefined,
    failOn,
    ledgerDir: values['ledger-dir'],
    cacheDir: values['cache-dir'],
    excludes: values.exclude ?? [],
    metric: metric as ComplexityMetric,
    xrayTop: values.xray === undefined ? DEFAULT_XRAY_TOP : parseCount('--xray', values.xray),
    xrayFiles: values['xray-file'] ?? [],
    maxFileBytes: values['max-file-bytes'] === undefined ? DEFAULT_MAX_FILE_BYTES : parseCount('--max-file-bytes', values['max-file-bytes']),
    projectKeys: values['project-key'] ?? [],
    botPattern: values.bots,
    significant,
    minRevisions: values['min-revisions'] === undefined ? undefined : parseCount('--min-revisions', values['min-revisions']),
    minComplexity: values['min-complexity'] === undefined ? undefined : parseCount('--min-complexity', values['min-complexity']),
    includeTests: values['include-tests'] ?? false,
    testGlobs: values['test-glob'] ?? [],
    massCommitFiles,
    bugFixPattern: checkedPattern('--bug-fix-pattern', values['bug-fix-pattern']),
    live: values.live ?? false,
    coupling: {
      minRevisions: count('coupling-min-revisions', DEFAULT_COUPLING.minRevisions),
      minShared: count('coupling-min-shared', DEFAULT_COUPLING.minShared),
      minDegree: count('coupling-min-degree', DEFAULT_COUPLING.minDegree),
      maxChangesetSize: count('coupling-max-changeset', DEFAULT_COUPLING.maxChangesetSize),
    },
    quiet: values.quiet ?? false,
  };
  return verb === 'report'
    ? { ...scan, command: 'report', format: format as 'html' | 'markdown', output: values.output }
    : { ...scan, command: 'scan', format: format as OutputFormat };
}

/** Parses what follows `debt`. Throws UsageError with a message fit to print. */
export function parseDebtArgs(argv: readonly string[]): CliCommand {
  const [sub, ...args] = argv;
  if (sub === '-h' || sub === '--help') {
    return { command: 'help' };
  }
  if (sub === undefined || !(DEBT_SUBCOMMANDS as readonly string[]).includes(sub)) {
    const known = `list, show, add, status, reanchor, markers or promote`;
    throw new UsageError(sub === undefined ? `debt needs a subcommand: ${known}` : `unknown debt subcommand '${sub}' (expected ${known})`);
  }
  const name = sub as DebtSub;
  const parsed = parseOptions(
    {
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ...DEBT_OPTIONS[name],
        repo: { type: 'string' },
        'ledger-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    `debt ${name}: `,
  );
  // Each subcommand's own option set; read through one loose view.
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const text = (key: string): string | undefined => values[key] as string | undefined;
  /** The option parsed when given. */
  const optional = <T>(key: string, parse: (value: string) => T): T | undefined => {
    const value = text(key);
    return value === undefined ? undefined : parse(value);
  };
  const list = (key: string): string[] => (values[key] as string[] | undefined) ?? [];
  if (values.help) {
    return { command: 'help' };
  }
  const { positionals } = parsed;
  const wanted = POSITIONALS[name];
  if (positionals.length !== wanted.length) {
    const usage = wanted.length === 0 ? 'takes no arguments' : `takes ${wanted.join(' ')}`;
    throw new UsageError(`debt ${name} ${usage}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  // As many as the subcommand takes (checked above); the fallbacks are never read.
  const [first = '', second = ''] = positionals;
  const ledgerDir = text('ledger-dir') ?? DEFAULT_LEDGER_FOLDER;
  if (ledgerDir.trim() === '') {
    throw new UsageError('--ledger-dir must not be empty');
  }
  const target: DebtTarget = { command: 'debt', repo: text('repo'), ledgerDir };
  switch (name) {
    case 'list':
      return {
        ...target,
        sub: name,
        format: parseFormat(text('format')),
        status: optional('status', (value) => parseStatus('--status', value)),
        severity: optional('severity', parseSeverity),
        tag: text('tag'),
        strict: values.strict === true,
        sort: optional('sort', parseSort) ?? 'ledger',
      };
    case 'show':
      return { ...target, sub: name, id: first, format: parseFormat(text('format')), live: values.live === true };
    case 'add': {
      const title = text('title')?.trim();
      if (title === undefined || title === '') {
        throw new UsageError('debt add needs --title');
      }
      const file = text('file');
      if (file === undefined || file.trim() === '') {
        throw new UsageError('debt add needs --file');
      }
      if (text('lines') !== undefined && text('symbol') !== undefined) {
        throw new UsageError('debt add takes --lines or --symbol, not both');
      }
      const principal = text('principal');
      if (principal !== undefined && !PRINCIPAL_PATTERN.test(principal)) {
        throw new UsageError(`--principal takes a number and a unit (h, d, w, sp or pt) like 3d, not '${principal}'`);
      }
      return {
        ...target,
        sub: name,
        title,
        severity: optional('severity', parseSeverity) ?? 'medium',
        principal,
        tags: list('tag'),
        backlog: list('backlog'),
        file,
        lines: optional('lines', parseLines),
        symbol: text('symbol'),
        body: text('body') ?? '',
      };
    }
    case 'status':
      return { ...target, sub: name, id: first, status: parseStatus('status', second) };
    case 'reanchor':
      return { ...target, sub: name, dryRun: values['dry-run'] === true };
    case 'markers':
      checkProjectKeys(list('project-key'));
      for (const pattern of list('pattern')) {
        try {
          new RegExp(pattern);
        } catch (error) {
          throw new UsageError(`--pattern is not a valid regular expression: ${(error as Error).message}`);
        }
      }
      return { ...target, sub: name, format: parseFormat(text('format')), projectKeys: list('project-key'), tags: list('tag'), patterns: list('pattern') };
    case 'promote': {
      checkProjectKeys(list('project-key'));
      const [, file, line] = /^(.+):(\d+)$/.exec(first) ?? [];
      if (file === undefined || Number(line) < 1 || file.trim() === '') {
        throw new UsageError(`debt promote takes the marker's place as PATH:LINE (line from 1), like src/a.ts:12, not '${first}'`);
      }
      const title = text('title')?.trim();
      if (title === '') {
        throw new UsageError('--title must not be empty');
      }
      return {
        ...target,
        sub: name,
        file,
        line: Number(line),
        title,
        severity: optional('severity', parseSeverity),
        projectKeys: list('project-key'),
      };
    }
  }
}

/**
 * `parseArgs` with its errors as one-line UsageErrors, `context` before each. node refuses a value
 * that starts with a dash (`--top -1`) as "ambiguous", in three lines that never say what a valid
 * value is: a value that looks like a negative number is taken as the value (`--top=-1`), so the
 * option's own check says what it accepts; any other word with a dash after an option that takes a
 * value is most likely the next option, this one's value forgotten.
 */
function parseOptions<T extends ParseArgsConfig>(config: T, context: string): ReturnType<typeof parseArgs<T>> {
  const options = config.options ?? {};
  const given = config.args ?? [];
  const args: string[] = [];
  for (let i = 0; i < given.length; i++) {
    const arg = given[i]!;
    if (arg === '--') {
      args.push(...given.slice(i));
      break;
    }
    const name = /^--([^=]+)$/.exec(arg)?.[1] ?? Object.keys(options).find((key) => options[key]?.short !== undefined && arg === `-${options[key].short}`);
    const next = given[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && next.length > 1 && next.startsWith('-')) {
      if (!/^-\d/.test(next)) {
        throw new UsageError(`${context}--${name} needs a value before '${next}' (write --${name}=${next} for a value that starts with a dash)`);
      }
      args.push(`--${name}=${next}`);
      i++;
      continue;
    }
    args.push(arg);
  }
  try {
    return parseArgs<T>({ ...config, args });
  } catch (error) {
    throw new UsageError(`${context}${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
}

function checkProjectKeys(keys: readonly string[]): void {
  for (const key of keys) {
    if (!/^[A-Z][A-Z0-9_]+$/.test(key)) {
      throw new UsageError(`--project-key must look like PROJ (capital letters, digits, _), not '${key}'`);
    }
  }
}

function parseFormat(format = 'table'): OutputFormat {
  if (!['table', 'json', 'markdown', 'csv'].includes(format)) {
    throw new UsageError(`--format must be table, json, markdown or csv, not '${format}'`);
  }
  return format as OutputFormat;
}

function parseSort(sort: string): 'ledger' | 'priority' {
  if (sort !== 'ledger' && sort !== 'priority') {
    throw new UsageError(`--sort must be ledger or priority, not '${sort}'`);
  }
  return sort;
}

function parseStatus(what: string, status: string): DebtStatus {
  if (!(DEBT_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`${what} must be ${DEBT_STATUSES.slice(0, -1).join(', ')} or ${DEBT_STATUSES.at(-1)}, not '${status}'`);
  }
  return status as DebtStatus;
}

function parseSeverity(severity: string): DebtSeverity {
  if (!(DEBT_SEVERITIES as readonly string[]).includes(severity)) {
    throw new UsageError(`--severity must be ${DEBT_SEVERITIES.slice(0, -1).join(', ')} or ${DEBT_SEVERITIES.at(-1)}, not '${severity}'`);
  }
  return severity as DebtSeverity;
}

/** `12-30`, or `12` for one line; 1-based and inclusive. */
function parseLines(text: string): readonly [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const first = Number(match?.[1]);
  const last = match?.[2] === undefined ? first : Number(match[2]);
  if (match === null || first < 1 || last < first) {
    throw new UsageError(`--lines takes a range like 12-30 (first line at least 1, last not before first), not '${text}'`);
  }
  return [first, last];
}

function parseCount(option: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`${option} takes a whole number (0 or more), not '${text}'`);
  }
  return Number(text);
}

/** `YYYY-MM-DD`, optionally a time (`T` or a space, `HH:MM[:SS[.fff]]`) and a zone (`Z`, `+02:00`, `-0500`). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/i;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * Accepts an ISO date (YYYY-MM-DD, or a full timestamp) or a span back from `reference`: 90d, 8w, 6m, 2y.
 * A date that does not exist (2024-02-30, 25:00) is refused: `Date` would roll it over into the next
 * month or day, silently moving the window.
 */
export function parseDateOption(option: string, text: string, reference: Date): Date {
  const trimmed = text.trim();
  const span = parseWindowSpan(trimmed);
  if (span) {
    const date = spanBefore(reference, span);
    if (Number.isNaN(date.getTime())) {
      throw new UsageError(`${option} ${trimmed} reaches back further than a date can (about 270,000 years); give a shorter span or a date like 2026-01-31`);
    }
    return date;
  }
  const iso = ISO_DATE.exec(trimmed);
  if (iso) {
    const [, year, month, day, hour = '0', minute = '0', second = '0', , zoneHours = '0', zoneMinutes = '0'] = iso;
    const monthIndex = Number(month) - 1;
    const monthName = MONTHS[monthIndex];
    if (monthName === undefined) {
      throw new UsageError(`${option}: no such date '${trimmed}' (months go from 01 to 12)`);
    }
    const days = daysInMonth(Number(year), monthIndex);
    if (Number(day) < 1 || Number(day) > days) {
      throw new UsageError(`${option}: no such date '${trimmed}' (${monthName} ${year} has ${days} days)`);
    }
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59 || Number(zoneHours) > 23 || Number(zoneMinutes) > 59) {
      throw new UsageError(`${option}: no such time '${trimmed}' (hours go from 00 to 23, minutes and seconds from 00 to 59)`);
    }
    const date = new Date(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed);
    if (!Number.isNaN(date.getTime())) {
      return date;
    }
  }
  throw new UsageError(`${option} takes a date like 2026-01-31 or a span like 6m, 90d, 2y; '${text}' is neither`);
}

/** Days of a month of the proleptic Gregorian calendar; `monthIndex` from 0. */
function daysInMonth(year: number, monthIndex: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][monthIndex] ?? 31;
}

/** A regular expression option, checked here so a typo is a usage error, not a failed scan. */
function checkedPattern(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    new RegExp(value, 'i');
  } catch (error) {
    throw new UsageError(`${flag}: not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  return value;
}
