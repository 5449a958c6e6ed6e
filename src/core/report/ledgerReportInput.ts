import type { LedgerEntry } from '../ledger/ledgerEntry';
import type { AnchorResolution, OrphanReason, ResolvedHow } from '../ledger/resolveAnchors';
import type { ScanReport } from '../scan/scanReport';
import { zip } from '../zip';
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
      // The report writes `how` and `reason` as text; read back, they are what the resolver said.
      const anchors = zip(entry.anchors, stored.anchors).map(([anchor, storedAnchor]): AnchorResolution =>
        anchor.status === 'resolved'
          ? { status: 'resolved', how: anchor.how as ResolvedHow, moved: anchor.moved, anchor: storedAnchor }
          : { status: 'orphaned', reason: anchor.reason as OrphanReason },
      );
      return { entry: stored, anchors, interest: entry.interest };
    }),
  };
}
