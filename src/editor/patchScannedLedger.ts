/**
 * A write the editor made to the ledger, applied to what a folder's engine holds so that lenses,
 * trees and the impact panel show it at once: from what the command knows (the entry the store wrote,
 * the anchors it just resolved), with no file read back and no scan. Plain data, no `vscode`.
 */
import { entryFieldsJson } from '../core/ledger/entryJson';
import type { LedgerEntry } from '../core/ledger/ledgerEntry';
import type { AnchorResolution } from '../core/ledger/resolveAnchors';
import type { AnchorReport, EntryReport, ScannedLedger } from '../core/scan/scanLedger';
import { zip } from '../core/zip';

/** What one ledger write changed. */
export interface LedgerWrite {
  /** Entries added or rewritten, as the store returned them. */
  readonly written: readonly WrittenEntry[];
  /** Ids of entries whose files were removed. */
  readonly removed: readonly string[];
}

export interface WrittenEntry {
  readonly entry: LedgerEntry;
  /**
   * Where each of the entry's anchors is now, parallel to `entry.anchors`, when the write changed them
   * (Update Moved Anchors and its Undo); absent when it left them alone, so the scan's still hold.
   */
  readonly resolutions?: readonly AnchorResolution[];
}

/** The folder's entries after the write, in the store's order (by file). */
export function patchLedgerEntries(entries: readonly LedgerEntry[], write: LedgerWrite): LedgerEntry[] {
  const gone = new Set([...write.removed, ...write.written.map(({ entry }) => entry.id)]);
  return [...entries.filter((entry) => !gone.has(entry.id)), ...write.written.map(({ entry }) => entry)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The scan's ledger after the write: the entries it measured get their new fields and, where the write
 * moved them, their anchors where the command just found the code; removed ones leave. Interest, cost
 * and priority stay as measured, for the code is the same: the next scan refreshes them. An entry the
 * scan has not seen (written since) is not added: without interest to report, it is taken at its
 * stored anchors by every reader, as before any scan.
 */
export function patchScannedLedger(ledger: ScannedLedger, write: LedgerWrite): ScannedLedger {
  const removed = new Set(write.removed);
  const written = new Map(write.written.map((item) => [item.entry.id, item]));
  const reports = ledger.report.entries.flatMap((report): EntryReport[] => {
    if (removed.has(report.id)) {
      return [];
    }
    const item = written.get(report.id);
    return [item === undefined ? report : patchedReport(report, item)];
  });
  const resolutions = new Map(ledger.resolutions);
  for (const id of removed) {
    resolutions.delete(id);
  }
  for (const { entry, resolutions: now } of write.written) {
    if (now !== undefined && resolutions.has(entry.id)) {
      resolutions.set(entry.id, now);
    }
  }
  return {
    report: { ...ledger.report, entries: reports, orphaned: reports.filter((report) => report.anchors.some((anchor) => anchor.status === 'orphaned')).length },
    entries: ledger.entries.flatMap((entry) => (removed.has(entry.id) ? [] : [written.get(entry.id)?.entry ?? entry])),
    resolutions,
  };
}

function patchedReport(report: EntryReport, { entry, resolutions }: WrittenEntry): EntryReport {
  return {
    ...report,
    ...entryFieldsJson(entry),
    file: entry.path,
    anchors:
      resolutions === undefined
        ? report.anchors
        : zip(entry.anchors, resolutions).map(([anchor, resolution]): AnchorReport =>
            // As the scan reports an anchor (scanLedger's entryReport).
            resolution.status === 'resolved'
              ? { status: 'resolved', how: resolution.how, moved: resolution.moved, path: resolution.anchor.path, symbol: resolution.anchor.symbol ?? null, lines: resolution.anchor.lines ?? null }
              : { status: 'orphaned', reason: resolution.reason, path: anchor.path, symbol: anchor.symbol ?? null },
          ),
  };
}
