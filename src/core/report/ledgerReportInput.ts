import type { LedgerEntry } from '../ledger/ledgerEntry';
import type { AnchorResolution } from '../ledger/resolveAnchors';
import type { ScanReport } from '../scan/scanReport';
import type { LedgerReportInput } from './formatSarif';

/**
 * The SARIF writer's and the CI gates' view of a scan, rebuilt from the report's ledger section, so
 * that they read exactly what the JSON report says (and could be run on a saved report).
 */
export function ledgerReportInput(report: ScanReport): LedgerReportInput {
  return {
    report,
    entries: report.ledger.entries.map((entry) => {
      const stored: LedgerEntry = {
        id: entry.id,
        title: entry.title,
        status: entry.status,
        severity: entry.severity,
        ...(entry.principal !== null ? { principal: entry.principal } : {}),
        tags: entry.tags,
        backlog: entry.backlog,
        anchors: entry.anchors.map((anchor) => ({
          path: anchor.path,
          ...(anchor.symbol !== null ? { symbol: anchor.symbol } : {}),
          ...(anchor.status === 'resolved' && anchor.lines !== null ? { lines: anchor.lines } : {}),
        })),
        created: '',
        body: '',
        path: entry.file,
      };
      const anchors: AnchorResolution[] = entry.anchors.map((anchor, index) =>
        anchor.status === 'resolved'
          ? ({ status: 'resolved', how: anchor.how, moved: anchor.moved, anchor: stored.anchors[index]! } as AnchorResolution)
          : ({ status: 'orphaned', reason: anchor.reason } as AnchorResolution),
      );
      return { entry: stored, anchors, interest: entry.interest };
    }),
  };
}
