import type { ReviewGate } from '../core/report/reviewGates';
import { parseReviewGates, ReviewGateSyntaxError } from '../core/report/reviewGates';
import type { ScanCommand } from './parseCliArgs';
import { parseCliArgs, UsageError } from './parseCliArgs';

export type ReviewFormat = 'table' | 'json' | 'markdown' | 'sarif';

export interface ReviewCommand {
  readonly command: 'review';
  readonly base: string | undefined;
  readonly head: string | undefined;
  readonly worktree: boolean;
  readonly format: ReviewFormat;
  readonly failOn: readonly ReviewGate[];
  /** The scan's settings, applied to the scan at base (and the cache, ledger folder, quiet). */
  readonly scan: ScanCommand;
}

export const REVIEW_HELP = `Usage: debt-lens review [path] [--base <ref>] [--head <ref>] [--worktree] [options]

Reviews a branch before it merges: the functions it adds, changes and removes with their
complexity before and after, the hotspots it touches (ranked by a scan at the base), new
complex functions, files that usually change with the changed ones but did not, debt entries
whose code it touches or orphans, the backlog items it cites, and a verdict: ok, attention
or worse.

  --base <ref>          review against the merge-base with this ref (default: the upstream
                        of the current branch, else origin/HEAD, else main, else master)
  --head <ref>          the commit reviewed (default: HEAD)
  --worktree            count uncommitted and untracked changes as part of the head
  --format <table|json|markdown|sarif>  output format (default: table); markdown is a
                        pull-request comment, sarif lists only what the branch introduces
  --fail-on <rules>     exit 3 when a gate fails, e.g. worse or complexity-increase>5
                        (rules: worse, orphaned, complexity-increase>N, missing-cochange>=DEG)

The scan options (--since, --metric, --significant, --min-revisions, --min-complexity,
--include-tests, --test-glob, --exclude, --bots, --coupling-*, --project-key, --ledger-dir,
--no-cache, --cache-dir, --quiet) apply to the scan at the base. The base is checked out into
the cache folder (a repository borrowing this one's objects; nothing is written to this one).

Verdict: worse when a significant hotspot's complexity rises, an anchor is orphaned or a new
function reaches the complexity floor; attention when a significant hotspot or a debt entry is
touched, or a partner coupled at 70 % or more is missing; ok otherwise.

Exit codes: 0 done, 1 the review failed, 2 bad usage, 3 a --fail-on gate failed, 130 interrupted.`;

const FORMATS: readonly ReviewFormat[] = ['table', 'json', 'markdown', 'sarif'];

/**
 * Parses what follows `review`: its own options here, every other one by the scan's parser, so the
 * two read the shared settings identically. Throws UsageError with a message fit to print.
 */
export function parseReviewArgs(argv: readonly string[], now: Date): ReviewCommand | { readonly command: 'help' } {
  const rest: string[] = [];
  const own: { base?: string; head?: string; format?: string; failOn?: string; worktree?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || (inline === undefined && next.startsWith('-'))) {
        throw new UsageError(`review: option '${name}' needs a value`);
      }
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '--base':
        own.base = value();
        break;
      case '--head':
        own.head = value();
        break;
      case '--format':
      case '-f':
        own.format = value();
        break;
      case '--fail-on':
        own.failOn = value();
        break;
      case '--worktree':
        own.worktree = true;
        break;
      default:
        rest.push(arg);
    }
  }
  const format = own.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be table, json, markdown or sarif, not '${format}'`);
  }
  let failOn: ReviewGate[] = [];
  if (own.failOn !== undefined) {
    try {
      failOn = parseReviewGates(own.failOn);
    } catch (error) {
      if (error instanceof ReviewGateSyntaxError) {
        throw new UsageError(`--fail-on: ${error.message}`);
      }
      throw error;
    }
  }
  if (own.worktree && own.head !== undefined) {
    throw new UsageError('review takes --head or --worktree, not both (the work tree is on top of HEAD)');
  }
  const scan = parseCliArgs(['scan', ...rest], now);
  if (scan.command !== 'scan') {
    return { command: 'help' };
  }
  return { command: 'review', base: own.base, head: own.head, worktree: own.worktree ?? false, format: format as ReviewFormat, failOn, scan };
}
