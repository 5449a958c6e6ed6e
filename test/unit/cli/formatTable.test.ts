import * as assert from 'node:assert/strict';
import { formatTable } from '../../../src/cli/formatTable';
import { displayWidth } from '../../../src/core/report/textTable';
import { scanReport } from '../support/reportBuilders';

const LONG = 'src/features/billing/invoices/reconciliation/monthlyStatementReconciler.ts';

/** Ten ranked files; the first, with the long path, alone at or above the 90th percentile. */
function report(): ReturnType<typeof scanReport> {
  return scanReport(
    [
      { path: LONG, revisions: 40, cognitive: 30, added: 1200, deleted: 800 },
      ...Array.from({ length: 9 }, (_, i) => ({ path: `src/small${i}.ts`, revisions: i + 1, cognitive: 1 })),
    ],
    { root: '/home/me/project', head: '3f1c2b4a5d6e7f80', commits: 40 },
  );
}

describe('formatTable', () => {
  it('explains the abbreviated columns in one line under the header, no wider than 100 columns', () => {
    const lines = formatTable(report(), 20, 120).split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      'Hotspots in /home/me/project @ 3f1c2b4a · 2025-11-21 → 2026-11-21 · 40 commits · 10 ranked files',
      'score = revisions × cognitive complexity; 🔥 = at or above the 90th percentile',
      'pctl percentile · revs revisions · cogn/cyclo cognitive/cyclomatic complexity · loc lines of code',
      '',
      ' #  score  pctl  revs  cogn  cyclo  loc  authors   churn +/-  file',
    ]);
    assert.ok(displayWidth(lines[2]!) <= 100);
  });

  it('keeps the 🔥 of a significant file at 100 columns and shortens the path after it', () => {
    const lines = formatTable(report(), 20, 100).split('\n');
    const top = lines.find((line) => line.startsWith(' 1 '));
    assert.ok(top !== undefined, lines.join('\n'));
    assert.equal(displayWidth(top), 100, top);
    assert.match(top, / 🔥 …[^ ]*\/monthlyStatementReconciler\.ts$/);
    // At 160 columns the whole path fits, the flame before it.
    assert.ok(formatTable(report(), 20, 160).includes(`🔥 ${LONG}\n`));
  });
});
