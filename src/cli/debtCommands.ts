import { DEFAULT_WINDOW_MONTHS } from '../core/defaults';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CancelledError, EmptyRepositoryError, GitCommandError, GitNotFoundError, NotAGitRepositoryError, runGit } from '../core/history/gitProcess';
import { inspectRepository, originRemoteUrl } from '../core/history/repositoryInfo';
import { readCommitMessages } from '../core/history/gitLog';
import { discoverProjectKeys } from '../core/backlog/backlogReferences';
import type { BacklogItemDetails, LookupResult } from '../core/backlog/trackerClient';
import { createLiveBacklogLookup } from '../core/backlog/liveBacklogLookup';
import type { InferredGitHub } from '../core/backlog/trackerConfig';
import type { ResolvedBacklogLink, TrackerSettings, TrackerSettingsDiagnostic } from '../core/backlog/trackerSettings';
import { loadTrackerSettings, resolveBacklogLinks, resolveGitHub } from '../core/backlog/trackerSettings';
import { createAnchor, InvalidLineRangeError, UnknownSymbolError } from '../core/ledger/anchorFingerprint';
import { createRepositoryAnchorResolver, listWorkTreeFiles } from '../core/ledger/repositoryAnchorResolver';
import type { HarvestedMarker } from '../core/ledger/harvestMarkers';
import { harvestMarkers } from '../core/ledger/harvestMarkers';
import { findMarkers } from '../core/ledger/markers';
import { entryDraftFromMarker } from '../core/ledger/promoteMarker';
import type { LedgerDiagnostic, LedgerEntry } from '../core/ledger/ledgerEntry';
import { LedgerConflictError, LedgerEntryMalformedError, LedgerEntryNotFoundError, LedgerFolderError, LedgerInvalidEntryError, LedgerStore } from '../core/ledger/ledgerStore';
import type { AnchorResolver } from '../core/ledger/resolveAnchors';
import type { ResolvedAnchor, ResolvedEntry } from '../core/ledger/reanchorPlan';
import { anchorText, describeReanchorPlan, planReanchor, resolveEntry } from '../core/ledger/reanchorPlan';
import type { DebtCommand, OutputFormat } from './parseCliArgs';

/** What the debt commands need from the process: output sinks, the current folder and the clock. */
export interface DebtIo {
  /** Standard output; called once per command with everything it prints. */
  readonly out: (text: string) => Promise<void>;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly now: () => Date;
  /** Where tracker tokens are read (`debt show --live`); `process.env` when absent. */
  readonly env?: NodeJS.ProcessEnv;
}

/** An expected failure of a debt command: printed as one line, with its exit code. */
class DebtFailure extends Error {
  override readonly name = 'DebtFailure';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** Files larger than this are not searched for markers: generated or vendored, not written by hand. */
const MAX_MARKER_FILE_BYTES = 1 << 20;

/**
 * Runs one `debt-lens debt …` command and returns its exit code: 0 done, 1 failed, 2 bad usage. An
 * expected failure (no such entry, a malformed file, not a repository…) prints one line on `err`.
 */
export async function runDebt(command: DebtCommand, io: DebtIo): Promise<number> {
  const target = path.resolve(io.cwd, command.repo ?? '.');
  try {
    const root = await repositoryRoot(target);
    const store = new LedgerStore({ repoRoot: root, folder: command.ledgerDir, clock: io.now });
    switch (command.sub) {
      case 'list':
        return await listEntries(command, store, io);
      case 'show':
        return await showEntry(command, store, io);
      case 'add':
        return await addEntry(command, store, io);
      case 'status':
        return await changeStatus(command, store, io);
      case 'reanchor':
        return await reanchor(command, store, io);
      case 'markers':
        return await listMarkers(command, store, io);
      case 'promote':
        return await promoteMarker(command, store, io);
    }
  } catch (error) {
    const failure = describeFailure(error, target);
    if (failure === undefined) {
      io.err(`debt-lens: debt ${command.sub} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      return 1;
    }
    io.err(`debt-lens: ${failure.message}\n`);
    return failure.exitCode;
  }
}

async function repositoryRoot(target: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(target);
  } catch {
    throw new DebtFailure(`no such folder: ${target}`, 1);
  }
  if (!stat.isDirectory()) {
    throw new DebtFailure(`not a folder: ${target}`, 1);
  }
  return (await inspectRepository(target)).root;
}

/** The line and exit code of an expected error; `undefined` for a bug, which is shown with its stack. */
function describeFailure(error: unknown, target: string): { message: string; exitCode: number } | undefined {
  if (error instanceof DebtFailure) {
    return { message: error.message, exitCode: error.exitCode };
  }
  if (error instanceof CancelledError) {
    return { message: 'interrupted', exitCode: 130 };
  }
  if (error instanceof NotAGitRepositoryError) {
    return { message: `not a git repository: ${target}`, exitCode: 1 };
  }
  if (error instanceof GitNotFoundError) {
    return { message: `${error.message}; install git and try again`, exitCode: 1 };
  }
  if (error instanceof EmptyRepositoryError) {
    return { message: `the repository has no commits yet: ${target}`, exitCode: 1 };
  }
  if (error instanceof LedgerFolderError) {
    return { message: `--ledger-dir ${error.folder} is not inside the repository`, exitCode: 2 };
  }
  if (error instanceof LedgerInvalidEntryError) {
    return { message: error.message, exitCode: 2 };
  }
  if (
    error instanceof LedgerEntryNotFoundError ||
    error instanceof LedgerEntryMalformedError ||
    error instanceof LedgerConflictError ||
    error instanceof UnknownSymbolError ||
    error instanceof InvalidLineRangeError ||
    error instanceof GitCommandError
  ) {
    return { message: error.message, exitCode: 1 };
  }
  return undefined;
}

// ---- list and show ----------------------------------------------------------------------------

async function listEntries(command: Extract<DebtCommand, { sub: 'list' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const snapshot = await store.load();
  reportDiagnostics(snapshot.diagnostics, io);
  const entries = snapshot.entries.filter(
    (entry) =>
      (command.status === undefined || entry.status === command.status) &&
      (command.severity === undefined || entry.severity === command.severity) &&
      (command.tag === undefined || entry.tags.includes(command.tag)),
  );
  const resolver = await resolverFor(store.repoRoot, entries);
  const resolved = entries.map((entry) => resolveEntry(entry, resolver));
  await io.out(formatList(resolved, snapshot.diagnostics, command.format, store.folder));
  return command.strict && snapshot.diagnostics.length > 0 ? 1 : 0;
}

async function showEntry(command: Extract<DebtCommand, { sub: 'show' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const snapshot = await store.load();
  const entry = snapshot.entries.find((candidate) => candidate.id === command.id);
  if (entry === undefined) {
    const problems = diagnosticsOf(command.id, snapshot.diagnostics);
    if (problems.length > 0) {
      reportDiagnostics(problems, io);
      throw new LedgerEntryMalformedError(command.id, problems);
    }
    throw new LedgerEntryNotFoundError(command.id);
  }
  const resolver = await resolverFor(store.repoRoot, [entry]);
  const links = entry.backlog.length === 0 ? [] : await backlogLinks(entry.backlog, store, command.live, io);
  await io.out(formatShow(resolveEntry(entry, resolver), links, command.format));
  return 0;
}

/** A backlog reference with its link and, for `--live`, what its tracker says or why it could not. */
interface BacklogLine {
  readonly ref: string;
  readonly url: string | null;
  readonly details: BacklogItemDetails | null;
  /** `null` without `--live` and on success; a lookup failure reason, or `unsupported` when no client can ask. */
  readonly reason: string | null;
  readonly message: string | null;
  readonly retryAfter: Date | null;
}

async function backlogLinks(refs: readonly string[], store: LedgerStore, live: boolean, io: DebtIo): Promise<BacklogLine[]> {
  const { settings: configured, diagnostics } = await loadTrackerSettings(store.repoRoot, store.folder);
  reportSettingsDiagnostics(diagnostics, io);
  const settings: TrackerSettings = { ...configured, projectKeys: [...(await projectKeysOf(store.repoRoot, configured.projectKeys, io))] };
  const origin = await originRemoteUrl(store.repoRoot);
  const github = resolveGitHub(settings, origin);
  const links = resolveBacklogLinks(refs, settings, github);
  if (!live) {
    return links.map(({ ref, url }) => ({ ref, url, details: null, reason: null, message: null, retryAfter: null }));
  }
  const lookup = liveLookup(settings, github, origin, io);
  return Promise.all(
    links.map(async (link): Promise<BacklogLine> => {
      const result = await lookup(link);
      if (result === undefined) {
        return { ref: link.ref, url: link.url, details: null, reason: 'unsupported', message: 'No tracker to ask about this reference.', retryAfter: null };
      }
      if (result.ok) {
        return { ref: link.ref, url: link.url ?? result.details.url, details: result.details, reason: null, message: null, retryAfter: null };
      }
      return { ref: link.ref, url: link.url ?? result.url, details: null, reason: result.reason, message: result.message, retryAfter: result.retryAfter ?? null };
    }),
  );
}

/**
 * Asks GitHub or Jira about one reference, with tokens from the environment (`GITHUB_TOKEN` or
 * `GH_TOKEN`; `JIRA_TOKEN` with `JIRA_EMAIL` for Jira Cloud), sent only to the hosts `tokenHosts`
 * trusts plus those listed in `DEBT_LENS_TRUSTED_HOSTS`. `undefined` when no client can.
 */
function liveLookup(settings: TrackerSettings, github: InferredGitHub | undefined, originUrl: string | undefined, io: DebtIo): (link: ResolvedBacklogLink) => Promise<LookupResult | undefined> {
  const env = io.env ?? process.env;
  const token = (name: string): string | undefined => (env[name] === undefined || env[name]!.trim() === '' ? undefined : env[name]!.trim());
  const gitHubToken = token('GITHUB_TOKEN') ?? token('GH_TOKEN');
  const jiraToken = token('JIRA_TOKEN');
  const jiraEmail = token('JIRA_EMAIL');
  const live = createLiveBacklogLookup({
    settings,
    github,
    originUrl,
    credentials: { ...(gitHubToken !== undefined && { gitHubToken }), ...(jiraToken !== undefined && { jiraToken }), ...(jiraEmail !== undefined && { jiraEmail }) },
    trustedHosts: (env.DEBT_LENS_TRUSTED_HOSTS ?? '').split(','),
    clock: io.now,
  });
  return (link) => live.lookup(link);
}

function reportSettingsDiagnostics(diagnostics: readonly TrackerSettingsDiagnostic[], io: DebtIo): void {
  for (const d of diagnostics) {
    io.err(`${d.path}:${d.line}: ${d.message} [${d.code}]\n`);
  }
}

/** Problems of the files named after `id` (`TD-x.md`, `TD-x-slug.md`). */
function diagnosticsOf(id: string, diagnostics: readonly LedgerDiagnostic[]): LedgerDiagnostic[] {
  return diagnostics.filter((d) => {
    const name = path.posix.basename(d.path);
    return name === `${id}.md` || name.startsWith(`${id}-`);
  });
}

function reportDiagnostics(diagnostics: readonly LedgerDiagnostic[], io: DebtIo): void {
  for (const d of diagnostics) {
    io.err(`${d.path}:${d.line}: ${d.message} [${d.code}]\n`);
  }
}

// ---- add and status ---------------------------------------------------------------------------

async function addEntry(command: Extract<DebtCommand, { sub: 'add' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const { rel, text } = await readRepositoryFile(store.repoRoot, command.file, `--file ${command.file}`);
  const anchor = createAnchor({ path: rel, text, lines: command.lines, symbol: command.symbol });
  const entry = await store.add(
    {
      title: command.title,
      severity: command.severity,
      ...(command.principal !== undefined && { principal: command.principal }),
      tags: command.tags,
      backlog: command.backlog,
      anchors: [anchor],
      ...((await gitUserName(store.repoRoot)) ?? {}),
    },
    command.body,
  );
  await io.out(`${entry.id} ${entry.path}\n`);
  return 0;
}

/** A file inside the repository: its `/`-separated relative path and its text. */
async function readRepositoryFile(root: string, file: string, what: string): Promise<{ rel: string; text: string }> {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new DebtFailure(`${what} is not a file inside the repository ${root}`, 2);
  }
  const rel = relative.split(path.sep).join('/');
  try {
    return { rel, text: await fs.readFile(absolute, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DebtFailure(code === 'ENOENT' ? `no such file: ${rel}` : code === 'EISDIR' ? `not a file: ${rel}` : `cannot read ${rel}: ${code ?? String(error)}`, 1);
  }
}

/** `{ author }` from `git config user.name`, or undefined when it is not set. */
async function gitUserName(root: string): Promise<{ author: string } | undefined> {
  try {
    const name = (await runGit({ cwd: root }, ['config', 'user.name'])).trim();
    return name === '' ? undefined : { author: name };
  } catch (error) {
    if (error instanceof GitCommandError) {
      return undefined;
    }
    throw error;
  }
}

async function changeStatus(command: Extract<DebtCommand, { sub: 'status' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const before = (await store.load()).entries.find((entry) => entry.id === command.id);
  if (before !== undefined && before.status === command.status) {
    await io.out(`${command.id} is already ${command.status}\n`);
    return 0;
  }
  // An unknown or malformed entry is reported by the store's typed errors.
  const after = await store.update(command.id, { status: command.status });
  await io.out(`${after.id} ${before?.status ?? '?'} → ${after.status}\n`);
  return 0;
}

// ---- reanchor ---------------------------------------------------------------------------------

async function reanchor(command: Extract<DebtCommand, { sub: 'reanchor' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const snapshot = await store.load();
  reportDiagnostics(snapshot.diagnostics, io);
  const plan = planReanchor(snapshot.entries, await resolverFor(store.repoRoot, snapshot.entries));
  if (!command.dryRun) {
    for (const rewrite of plan.rewrites) {
      await store.update(rewrite.id, { anchors: rewrite.next });
    }
  }
  const rewritten = plan.rewrites.length;
  const entries = `${rewritten} ${rewritten === 1 ? 'entry' : 'entries'}`;
  const orphans = `${plan.orphaned} orphaned ${plan.orphaned === 1 ? 'anchor' : 'anchors'} left as is`;
  const lines = describeReanchorPlan(plan);
  lines.push(command.dryRun ? `Dry run: ${entries} would be rewritten, ${orphans}; nothing written.` : `${entries} rewritten, ${orphans}.`);
  await io.out(lines.join('\n') + '\n');
  return 0;
}

// ---- promote ----------------------------------------------------------------------------------

async function promoteMarker(command: Extract<DebtCommand, { sub: 'promote' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const { rel, text } = await readRepositoryFile(store.repoRoot, command.file, command.file);
  const { settings, diagnostics } = await loadTrackerSettings(store.repoRoot, store.folder);
  reportSettingsDiagnostics(diagnostics, io);
  const projectKeys = await projectKeysOf(store.repoRoot, [...settings.projectKeys, ...command.projectKeys], io);
  const marker = findMarkers(rel, text, { projectKeys }).find((candidate) => candidate.line === command.line);
  if (marker === undefined) {
    throw new DebtFailure(`no TODO/FIXME/HACK/XXX/@deprecated marker at ${rel}:${command.line}`, 1);
  }
  const draft = entryDraftFromMarker(marker);
  // As `debt add --lines`: the anchor widens to the enclosing named function when there is one.
  const anchor = createAnchor({ path: rel, text, lines: draft.anchor.lines });
  const entry = await store.add(
    {
      title: command.title ?? draft.title,
      severity: command.severity ?? draft.severity,
      backlog: draft.backlog,
      anchors: [anchor],
      ...((await gitUserName(store.repoRoot)) ?? {}),
    },
    draft.body,
  );
  await io.out(`${entry.id} ${entry.path}\n`);
  return 0;
}

// ---- markers ----------------------------------------------------------------------------------

async function listMarkers(command: Extract<DebtCommand, { sub: 'markers' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const root = store.repoRoot;
  const { settings, diagnostics } = await loadTrackerSettings(root, store.folder);
  reportSettingsDiagnostics(diagnostics, io);
  const projectKeys = await projectKeysOf(root, [...settings.projectKeys, ...command.projectKeys], io);
  const files = await listWorkTreeFiles({ cwd: root });
  const markers = await harvestMarkers({
    git: { cwd: root },
    files,
    readFile: async (file) => {
      try {
        const absolute = path.join(root, ...file.split('/'));
        const stat = await fs.stat(absolute);
        if (!stat.isFile() || stat.size > MAX_MARKER_FILE_BYTES) {
          return undefined;
        }
        const text = await fs.readFile(absolute, 'utf8');
        return text.includes('\0') ? undefined : text;
      } catch {
        return undefined;
      }
    },
    options: { projectKeys, ...(command.tags.length > 0 && { tags: command.tags }), ...(command.patterns.length > 0 && { patterns: command.patterns }) },
    now: io.now(),
  });
  await io.out(formatMarkers(markers, command.format));
  return 0;
}

// ---- resolution -------------------------------------------------------------------------------

/**
 * The project keys whose `KEY-12` tokens are backlog references: the configured ones (config.yml,
 * `--project-key`) and those the default window's commit messages use, discovered as the scan
 * discovers them, so `debt` reads `PROJ-12` as the scan's tickets do. A repository with no commit yet
 * has none to discover.
 */
async function projectKeysOf(root: string, configured: readonly string[], io: DebtIo): Promise<Set<string>> {
  const since = new Date(io.now().getTime());
  since.setUTCMonth(since.getUTCMonth() - DEFAULT_WINDOW_MONTHS);
  let messages: string[] = [];
  try {
    messages = await readCommitMessages({ cwd: root }, since);
  } catch (error) {
    if (!(error instanceof EmptyRepositoryError)) {
      throw error;
    }
  }
  return new Set([...configured, ...discoverProjectKeys(messages)]);
}

/** The shared repository resolver (see `createRepositoryAnchorResolver`) for these entries' anchors. */
function resolverFor(root: string, entries: readonly LedgerEntry[]): Promise<AnchorResolver> {
  return createRepositoryAnchorResolver({ cwd: root }, entries.flatMap((entry) => entry.anchors));
}

// ---- output -----------------------------------------------------------------------------------

function anchorStates(resolved: ResolvedEntry): string {
  return resolved.anchors.length === 0 ? '-' : resolved.anchors.map((a) => a.state).join(',');
}

function anchorJson(anchor: ResolvedAnchor): Record<string, unknown> {
  const { resolution } = anchor;
  return {
    path: anchor.stored.path,
    symbol: anchor.stored.symbol ?? null,
    lines: anchor.stored.lines ?? null,
    fingerprint: anchor.stored.fingerprint ?? null,
    state: anchor.state,
    how: resolution.status === 'resolved' ? resolution.how : null,
    reason: resolution.status === 'orphaned' ? resolution.reason : null,
    current:
      resolution.status === 'resolved'
        ? { path: resolution.anchor.path, symbol: resolution.anchor.symbol ?? null, lines: resolution.anchor.lines ?? null, fingerprint: resolution.anchor.fingerprint ?? null }
        : null,
  };
}

function entryJson({ entry, anchors }: ResolvedEntry, withBody: boolean): Record<string, unknown> {
  return {
    id: entry.id,
    title: entry.title,
    status: entry.status,
    severity: entry.severity,
    principal: entry.principal ?? null,
    tags: entry.tags,
    backlog: entry.backlog,
    created: entry.created,
    updated: entry.updated ?? null,
    author: entry.author ?? null,
    path: entry.path,
    anchors: anchors.map(anchorJson),
    ...(withBody && { body: entry.body }),
  };
}

const LIST_COLUMNS = ['id', 'status', 'severity', 'principal', 'anchors', 'title'];

function listRow(resolved: ResolvedEntry): string[] {
  const { entry } = resolved;
  return [entry.id, entry.status, entry.severity, entry.principal ?? '-', anchorStates(resolved), entry.title];
}

function formatList(entries: readonly ResolvedEntry[], diagnostics: readonly LedgerDiagnostic[], format: OutputFormat, folder: string): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ entries: entries.map((e) => entryJson(e, false)), diagnostics }, null, 2) + '\n';
    case 'markdown':
      return entries.length === 0 ? `No debt entries in \`${folder}\`.\n` : markdownTable(LIST_COLUMNS, entries.map(listRow));
    case 'csv':
      return csv(
        [...LIST_COLUMNS, 'tags', 'backlog', 'file'],
        entries.map((e) => [
          e.entry.id,
          e.entry.status,
          e.entry.severity,
          e.entry.principal ?? '',
          e.anchors.map((a) => a.state).join(';'),
          e.entry.title,
          e.entry.tags.join(';'),
          e.entry.backlog.join(';'),
          e.entry.path,
        ]),
      );
    default:
      return entries.length === 0 ? `No debt entries in ${folder}.\n` : alignedTable(LIST_COLUMNS, entries.map(listRow));
  }
}

/** What a backlog line says after its link: the item's title, state and assignee, or why not. */
function backlogNote(line: BacklogLine): string {
  if (line.details !== null) {
    const { title, state, assignee } = line.details;
    return `${title} [${state}${assignee === undefined ? '' : assignee === null ? ', unassigned' : `, ${assignee}`}]`;
  }
  if (line.reason === null) {
    return '';
  }
  const reason = line.reason === 'rate-limited' && line.retryAfter !== null ? `rate-limited until ${line.retryAfter.toISOString()}` : line.reason;
  return `(${reason}${line.message === null ? '' : `: ${line.message}`})`;
}

function backlogJson(line: BacklogLine): Record<string, unknown> {
  return {
    ref: line.ref,
    url: line.url,
    details:
      line.details === null
        ? null
        : {
            id: line.details.id,
            title: line.details.title,
            state: line.details.state,
            assignee: line.details.assignee ?? null,
            labels: line.details.labels ?? [],
            url: line.details.url,
            isPullRequest: line.details.isPullRequest ?? false,
          },
    reason: line.reason,
    message: line.message,
    retryAfter: line.retryAfter?.toISOString() ?? null,
  };
}

function formatShow(resolved: ResolvedEntry, links: readonly BacklogLine[], format: OutputFormat): string {
  const { entry, anchors } = resolved;
  const fields: Array<[string, string]> = [
    ['status', entry.status],
    ['severity', entry.severity],
    ['principal', entry.principal ?? '-'],
    ['tags', entry.tags.join(', ') || '-'],
    ['backlog', entry.backlog.join(', ') || '-'],
    ['created', entry.created],
    ['updated', entry.updated ?? '-'],
    ['author', entry.author ?? '-'],
    ['file', entry.path],
  ];
  const anchorLine = (a: ResolvedAnchor): string =>
    a.resolution.status === 'orphaned'
      ? `${anchorText(a.stored)} (${a.resolution.reason})`
      : a.resolution.moved
        ? `${anchorText(a.stored)} → ${anchorText(a.resolution.anchor)} (${a.resolution.how})`
        : anchorText(a.stored);
  const body = entry.body.trim() === '' ? '' : `\n${entry.body.endsWith('\n') ? entry.body : `${entry.body}\n`}`;
  switch (format) {
    case 'json':
      return JSON.stringify({ ...entryJson(resolved, false), links: links.map(backlogJson), body: entry.body }, null, 2) + '\n';
    case 'markdown': {
      const out = [`# ${entry.id}: ${entry.title}`, '', ...fields.map(([name, value]) => `- **${name}:** ${value}`), '', '## Anchors', ''];
      out.push(...(anchors.length === 0 ? ['None.'] : anchors.map((a) => `- ${a.state}: \`${anchorLine(a)}\``)));
      if (links.length > 0) {
        out.push('', '## Backlog', '');
        for (const line of links) {
          const note = backlogNote(line);
          const ref = line.url === null ? `\`${line.ref}\`` : `[${line.ref.replace(/[[\]\\]/g, '\\$&')}](<${line.url}>)`;
          out.push(`- ${ref}${note === '' ? '' : ` ${note}`}`);
        }
      }
      return out.join('\n') + '\n' + body;
    }
    case 'csv':
      return csv(
        ['id', 'title', ...fields.map(([name]) => name), 'anchors', 'body'],
        [[entry.id, entry.title, ...fields.map(([, value]) => (value === '-' ? '' : value)), anchors.map((a) => `${a.state} ${anchorLine(a)}`).join(';'), entry.body]],
      );
    default: {
      const width = Math.max(...fields.map(([name]) => name.length));
      const out = [`${entry.id}  ${entry.title}`, ...fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`), '', 'anchors'];
      if (anchors.length === 0) {
        out.push('  (none)');
      }
      for (const a of anchors) {
        out.push(`  ${a.state.padEnd('orphaned'.length)}  ${anchorLine(a)}`);
      }
      if (links.length > 0) {
        out.push('', 'links');
        const refWidth = Math.max(...links.map((line) => line.ref.length));
        for (const line of links) {
          const note = backlogNote(line);
          out.push(`  ${line.ref.padEnd(refWidth)}  ${line.url ?? '(no link)'}${note === '' ? '' : `  ${note}`}`);
        }
      }
      return out.join('\n') + '\n' + body;
    }
  }
}

const MARKER_COLUMNS = ['location', 'tag', 'author', 'age', 'text', 'refs'];

function markerRow(marker: HarvestedMarker): string[] {
  return [
    `${marker.path}:${marker.line}`,
    marker.tag,
    marker.author ?? '-',
    marker.ageDays === null ? '-' : `${marker.ageDays}d`,
    marker.text,
    marker.references.map((r) => r.id).join(',') || '-',
  ];
}

function formatMarkers(markers: readonly HarvestedMarker[], format: OutputFormat): string {
  switch (format) {
    case 'json':
      return (
        JSON.stringify(
          markers.map((m) => ({
            path: m.path,
            line: m.line,
            column: m.column,
            tag: m.tag,
            text: m.text,
            references: m.references.map((r) => r.id),
            blame: m.blame,
            author: m.author,
            commit: m.commit,
            ageDays: m.ageDays,
          })),
          null,
          2,
        ) + '\n'
      );
    case 'markdown':
      return markers.length === 0 ? 'No markers.\n' : markdownTable(MARKER_COLUMNS, markers.map(markerRow));
    case 'csv':
      return csv(
        ['path', 'line', 'tag', 'author', 'age_days', 'text', 'refs'],
        markers.map((m) => [m.path, String(m.line), m.tag, m.author ?? '', m.ageDays === null ? '' : String(m.ageDays), m.text, m.references.map((r) => r.id).join(';')]),
      );
    default:
      return markers.length === 0 ? 'No markers.\n' : alignedTable(MARKER_COLUMNS, markers.map(markerRow));
  }
}

/** Left-aligned columns two spaces apart, a dashed rule under the header, the last column unpadded. */
function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}

/** RFC 4180 with CRLF, as the scan's CSV; a leading = + - @ is quoted off so spreadsheets do not run it. */
function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string): string => {
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
