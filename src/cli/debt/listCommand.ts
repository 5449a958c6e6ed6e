import { entryJson } from '../../core/ledger/entryJson';
import type { LedgerDiagnostic } from '../../core/ledger/ledgerEntry';
import type { LedgerStore } from '../../core/ledger/ledgerStore';
import type { ResolvedEntry } from '../../core/ledger/reanchorPlan';
import { resolveEntry } from '../../core/ledger/reanchorPlan';
import { createRepositoryAnchorResolver } from '../../core/ledger/repositoryAnchorResolver';
import { csvTable } from '../../core/report/csv';
import type { DebtCommand, OutputFormat } from '../parseCliArgs';
import type { DebtIo } from './debtIo';
import { reportDiagnostics } from './debtIo';
import { plainMarkdownTable, plainTextTable } from './plainTables';

/** `debt list`: the entries that pass the filters, with the state of their anchors. */
export async function listCommand(command: Extract<DebtCommand, { sub: 'list' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const snapshot = await store.load();
  reportDiagnostics(snapshot.diagnostics, io);
  const entries = snapshot.entries.filter(
    (entry) =>
      (command.status === undefined || entry.status === command.status) &&
      (command.severity === undefined || entry.severity === command.severity) &&
      (command.tag === undefined || entry.tags.includes(command.tag)),
  );
  const resolver = await createRepositoryAnchorResolver({ cwd: store.repoRoot }, entries.flatMap((entry) => entry.anchors));
  const resolved = entries.map((entry) => resolveEntry(entry, resolver));
  await io.out(formatList(resolved, snapshot.diagnostics, command.format, store.folder));
  return command.strict && snapshot.diagnostics.length > 0 ? 1 : 0;
}

const LIST_COLUMNS = ['id', 'status', 'severity', 'principal', 'anchors', 'title'];

function listRow(resolved: ResolvedEntry): string[] {
  const { entry } = resolved;
  const anchors = resolved.anchors.length === 0 ? '-' : resolved.anchors.map((a) => a.state).join(',');
  return [entry.id, entry.status, entry.severity, entry.principal ?? '-', anchors, entry.title];
}

function formatList(entries: readonly ResolvedEntry[], diagnostics: readonly LedgerDiagnostic[], format: OutputFormat, folder: string): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ entries: entries.map(entryJson), diagnostics }, null, 2) + '\n';
    case 'markdown':
      return entries.length === 0
        ? `No debt entries in \`${folder}\`.\n`
        : plainMarkdownTable(LIST_COLUMNS, entries.map(listRow));
    case 'csv':
      return csvTable(
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
      return entries.length === 0
        ? `No debt entries in ${folder}.\n`
        : plainTextTable(LIST_COLUMNS, entries.map(listRow));
  }
}
