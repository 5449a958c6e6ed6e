import type { LedgerStore } from '../../core/ledger/ledgerStore';
import { describeReanchorPlan, planReanchor } from '../../core/ledger/reanchorPlan';
import { createRepositoryAnchorResolver } from '../../core/ledger/repositoryAnchorResolver';
import { neutraliseControls } from '../../core/report/textTable';
import type { DebtCommand } from '../parseCliArgs';
import type { DebtIo } from './debtIo';
import { reportDiagnostics } from './debtIo';

/** `debt reanchor`: rewrites the anchors whose code moved (or only says which, with `--dry-run`). */
export async function reanchorCommand(command: Extract<DebtCommand, { sub: 'reanchor' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const snapshot = await store.load();
  reportDiagnostics(snapshot.diagnostics, io);
  const resolver = await createRepositoryAnchorResolver({ cwd: store.repoRoot }, snapshot.entries.flatMap((entry) => entry.anchors));
  const plan = planReanchor(snapshot.entries, resolver);
  if (!command.dryRun) {
    for (const rewrite of plan.rewrites) {
      await store.update(rewrite.id, { anchors: rewrite.next });
    }
  }
  const rewritten = plan.rewrites.length;
  const entries = `${rewritten} ${rewritten === 1 ? 'entry' : 'entries'}`;
  const orphans = `${plan.orphaned} orphaned ${plan.orphaned === 1 ? 'anchor' : 'anchors'} left as is`;
  const lines = describeReanchorPlan(plan).map(neutraliseControls);
  lines.push(command.dryRun ? `Dry run: ${entries} would be rewritten, ${orphans}; nothing written.` : `${entries} rewritten, ${orphans}.`);
  await io.out(lines.join('\n') + '\n');
  return 0;
}
