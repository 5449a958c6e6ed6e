import * as path from 'node:path';
import type { EntryJson } from '../../core/ledger/entryJson';
import { entryJson } from '../../core/ledger/entryJson';
import type { LedgerDiagnostic } from '../../core/ledger/ledgerEntry';
import type { LedgerStore } from '../../core/ledger/ledgerStore';
import { LedgerEntryNotFoundError } from '../../core/ledger/ledgerEntry';
import { LedgerEntryMalformedError } from '../../core/ledger/ledgerStore';
import type { ResolvedAnchor, ResolvedEntry } from '../../core/ledger/reanchorPlan';
import { anchorText, resolveEntry } from '../../core/ledger/reanchorPlan';
import { createRepositoryAnchorResolver } from '../../core/ledger/repositoryAnchorResolver';
import { csvTable } from '../../core/report/csv';
import { neutraliseControls, neutraliseControlsInLines } from '../../core/report/textTable';
import type { DebtCommand, OutputFormat } from '../parseCliArgs';
import type { BacklogLine } from './backlogLinks';
import { backlogLinks } from './backlogLinks';
import type { DebtIo } from './debtIo';
import { reportDiagnostics } from './debtIo';

/** `debt show --format json`: the entry as `debt list` gives it, its backlog links and its body. */
export interface ShownEntryJson extends EntryJson {
  readonly links: readonly BacklogLinkJson[];
  readonly body: string;
}

/** A backlog link in {@link ShownEntryJson}; `details` only from a live lookup. */
export interface BacklogLinkJson {
  readonly ref: string;
  readonly url: string | null;
  readonly details: {
    readonly id: string;
    readonly title: string;
    readonly state: string;
    readonly assignee: string | null;
    readonly labels: readonly string[];
    readonly url: string;
    readonly isPullRequest: boolean;
  } | null;
  readonly reason: string | null;
  readonly message: string | null;
  /** ISO 8601. */
  readonly retryAfter: string | null;
}

/** `debt show`: one entry, its anchors as the code is now, and its backlog links (live on request). */
export async function showCommand(command: Extract<DebtCommand, { sub: 'show' }>, store: LedgerStore, io: DebtIo): Promise<number> {
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
  const resolver = await createRepositoryAnchorResolver({ cwd: store.repoRoot }, entry.anchors);
  const links = entry.backlog.length === 0 ? [] : await backlogLinks(entry.backlog, store, command.live, io);
  await io.out(formatShow(resolveEntry(entry, resolver), links, command.format));
  return 0;
}

/** Problems of the files named after `id` (`TD-x.md`, `TD-x-slug.md`). */
function diagnosticsOf(id: string, diagnostics: readonly LedgerDiagnostic[]): LedgerDiagnostic[] {
  return diagnostics.filter((d) => {
    const name = path.posix.basename(d.path);
    return name === `${id}.md` || name.startsWith(`${id}-`);
  });
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

function backlogJson(line: BacklogLine): BacklogLinkJson {
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
  // Table and Markdown go to a terminal: what the entry, the repository or a tracker wrote is shown,
  // never run (an ESC sequence in a title). JSON and CSV keep it as written.
  const shown = { title: neutraliseControls(entry.title), fields: fields.map(([name, value]): [string, string] => [name, neutraliseControls(value)]), body: neutraliseControlsInLines(body) };
  const shownAnchor = (a: ResolvedAnchor): string => neutraliseControls(anchorLine(a));
  switch (format) {
    case 'json':
      return JSON.stringify({ ...entryJson(resolved), links: links.map(backlogJson), body: entry.body } satisfies ShownEntryJson, null, 2) + '\n';
    case 'markdown': {
      const out = [`# ${entry.id}: ${shown.title}`, '', ...shown.fields.map(([name, value]) => `- **${name}:** ${value}`), '', '## Anchors', ''];
      out.push(...(anchors.length === 0 ? ['None.'] : anchors.map((a) => `- ${a.state}: \`${shownAnchor(a)}\``)));
      if (links.length > 0) {
        out.push('', '## Backlog', '');
        for (const line of links) {
          const note = backlogNote(line);
          const ref = line.url === null ? `\`${line.ref}\`` : `[${line.ref.replace(/[[\]\\]/g, '\\$&')}](<${line.url}>)`;
          out.push(neutraliseControls(`- ${ref}${note === '' ? '' : ` ${note}`}`));
        }
      }
      return out.join('\n') + '\n' + shown.body;
    }
    case 'csv':
      return csvTable(
        ['id', 'title', ...fields.map(([name]) => name), 'anchors', 'body'],
        [[entry.id, entry.title, ...fields.map(([, value]) => (value === '-' ? '' : value)), anchors.map((a) => `${a.state} ${anchorLine(a)}`).join(';'), entry.body]],
      );
    default: {
      const width = Math.max(...fields.map(([name]) => name.length));
      const out = [`${entry.id}  ${shown.title}`, ...shown.fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`), '', 'anchors'];
      if (anchors.length === 0) {
        out.push('  (none)');
      }
      for (const a of anchors) {
        out.push(`  ${a.state.padEnd('orphaned'.length)}  ${shownAnchor(a)}`);
      }
      if (links.length > 0) {
        out.push('', 'links');
        const refWidth = Math.max(...links.map((line) => line.ref.length));
        for (const line of links) {
          const note = backlogNote(line);
          out.push(neutraliseControls(`  ${line.ref.padEnd(refWidth)}  ${line.url ?? '(no link)'}${note === '' ? '' : `  ${note}`}`));
        }
      }
      return out.join('\n') + '\n' + shown.body;
    }
  }
}
