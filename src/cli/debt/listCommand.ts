import * as path from 'node:path';
import { loadTrackerSettings } from '../../core/backlog/trackerSettings';
import type { EntryPriority } from '../../core/cost/entryPriority';
import { byPriority } from '../../core/cost/entryPriority';
import { entryJson } from '../../core/ledger/entryJson';
import type { LedgerDiagnostic } from '../../core/ledger/ledgerEntry';
import type { LedgerStore } from '../../core/ledger/ledgerStore';
import type { ResolvedEntry } from '../../core/ledger/reanchorPlan';
import { resolveEntry } from '../../core/ledger/reanchorPlan';
import { createRepositoryAnchorResolver } from '../../core/ledger/repositoryAnchorResolver';
import { csvTable } from '../../core/report/csv';
import { cacheFileFor } from '../../core/scan/scanCache';
import { scanRepository } from '../../core/scan/scanRepository';
import { defaultCacheDirectory } from '../cacheDirectory';
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
  if (command.sort === 'priority') {
    const prices = await priceEntries(store, io);
    const priced = resolved.map((item) => ({ item, id: item.entry.id, price: prices.get(item.entry.id) ?? UNPRICED, priority: prices.get(item.entry.id)?.priority ?? null }));
    priced.sort(byPriority);
    await io.out(formatList(priced.map(({ item }) => item), snapshot.diagnostics, command.format, store.folder, new Map(priced.map(({ id, price }) => [id, price]))));
  } else {
    await io.out(formatList(resolved, snapshot.diagnostics, command.format, store.folder));
  }
  return command.strict && snapshot.diagnostics.length > 0 ? 1 : 0;
}

const UNPRICED: EntryPriority = { principalHours: null, monthlyInterest: null, priority: null };

/**
 * Each entry's priority, from a scan of the window as `scan` runs it (the same cache, config.yml's
 * `cost:` keys) but without X-Ray: an entry's interest is measured on its anchors alone.
 */
async function priceEntries(store: LedgerStore, io: DebtIo): Promise<ReadonlyMap<string, EntryPriority>> {
  const { settings } = await loadTrackerSettings(store.repoRoot, store.folder);
  const env = io.env ?? process.env;
  const cacheDir = defaultCacheDirectory(env);
  const { report } = await scanRepository({
    cwd: store.repoRoot,
    now: io.now(),
    ledgerFolder: store.folder,
    xrayTop: 0,
    cacheFile: (root) => cacheFileFor(path.resolve(cacheDir), root),
    bugFixPattern: settings.cost?.bugFixPattern,
    bugLabels: settings.cost?.bugLabels,
    hoursPerPoint: settings.cost?.hoursPerPoint,
    workers: 1,
  });
  return new Map(report.ledger.entries.map((entry) => [entry.id, { principalHours: entry.principalHours, monthlyInterest: entry.monthlyInterest, priority: entry.priority }]));
}

const LIST_COLUMNS = ['id', 'status', 'severity', 'principal', 'anchors', 'title'];
const PRIORITY_COLUMNS = ['id', 'status', 'severity', 'principal', 'interest/month', 'priority', 'anchors', 'title'];

function listRow(resolved: ResolvedEntry, price?: EntryPriority): string[] {
  const { entry } = resolved;
  const anchors = resolved.anchors.length === 0 ? '-' : resolved.anchors.map((a) => a.state).join(',');
  if (price === undefined) {
    return [entry.id, entry.status, entry.severity, entry.principal ?? '-', anchors, entry.title];
  }
  const interest = price.monthlyInterest === null ? '-' : `${price.monthlyInterest.hoursPerMonth} h`;
  return [entry.id, entry.status, entry.severity, entry.principal ?? '-', interest, price.priority === null ? '-' : String(price.priority), anchors, entry.title];
}

function formatList(entries: readonly ResolvedEntry[], diagnostics: readonly LedgerDiagnostic[], format: OutputFormat, folder: string, prices?: ReadonlyMap<string, EntryPriority>): string {
  const columns = prices ? PRIORITY_COLUMNS : LIST_COLUMNS;
  const row = (item: ResolvedEntry): string[] => listRow(item, prices ? (prices.get(item.entry.id) ?? UNPRICED) : undefined);
  switch (format) {
    case 'json':
      return JSON.stringify({ entries: entries.map((item) => ({ ...entryJson(item), ...prices?.get(item.entry.id) })), diagnostics }, null, 2) + '\n';
    case 'markdown':
      return entries.length === 0
        ? `No debt entries in \`${folder}\`.\n`
        : plainMarkdownTable(columns, entries.map(row));
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
        : plainTextTable(columns, entries.map(row));
  }
}
