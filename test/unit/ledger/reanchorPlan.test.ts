import { strict as assert } from 'node:assert';
import type { Anchor } from '../../../src/core/ledger/anchor';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import { anchorText, describeReanchorPlan, planReanchor } from '../../../src/core/ledger/reanchorPlan';
import type { AnchorResolution, AnchorResolver } from '../../../src/core/ledger/resolveAnchors';

function entry(id: string, anchors: readonly Anchor[]): LedgerEntry {
  return { id, title: id, status: 'open', severity: 'medium', tags: [], backlog: [], anchors, created: '2026-01-01', body: '', path: `.techdebt/${id}.md` };
}

/** Resolves anchors by their path, as a table says. */
function resolverOf(table: Record<string, AnchorResolution>): AnchorResolver {
  return { resolve: (anchor) => table[anchor.path] ?? { status: 'resolved', how: 'symbol', anchor, moved: false } };
}

const FOO: Anchor = { path: 'src/a.ts', symbol: 'Foo', lines: [2, 5], fingerprint: 'fp1:aa' };
const FOO_MOVED: Anchor = { path: 'src/b.ts', symbol: 'Foo', lines: [10, 13], fingerprint: 'fp1:aa' };
const BAR: Anchor = { path: 'src/gone.ts', lines: [1, 1] };
const BAZ: Anchor = { path: 'src/c.ts', symbol: 'Baz', lines: [3, 4] };

describe('planReanchor', () => {
  const resolver = resolverOf({
    'src/a.ts': { status: 'resolved', how: 'renamed-symbol', anchor: FOO_MOVED, moved: true },
    'src/gone.ts': { status: 'orphaned', reason: 'file-missing' },
  });

  it('rewrites every anchor of an entry with a moved one, keeping orphaned anchors as written', () => {
    const plan = planReanchor([entry('TD-000001', [FOO, BAR, BAZ]), entry('TD-000002', [BAZ]), entry('TD-000003', [BAR])], resolver);
    assert.deepEqual(plan.rewrites, [{ id: 'TD-000001', previous: [FOO, BAR, BAZ], next: [FOO_MOVED, BAR, BAZ] }]);
    assert.equal(plan.orphaned, 2);
    assert.deepEqual(
      plan.entries.map((e) => e.anchors.map((a) => a.state)),
      [['moved', 'orphaned', 'ok'], ['ok'], ['orphaned']],
    );
  });

  it('describes moves and orphans in ledger order, and says nothing of anchors in place', () => {
    const plan = planReanchor([entry('TD-000001', [FOO, BAR, BAZ]), entry('TD-000002', [BAZ])], resolver);
    assert.deepEqual(describeReanchorPlan(plan), [
      'TD-000001 moved src/a.ts:2-5 Foo → src/b.ts:10-13 Foo (renamed-symbol)',
      'TD-000001 orphaned src/gone.ts:1-1 (file-missing), left as is',
    ]);
  });

  it('plans nothing when no anchor moved', () => {
    const plan = planReanchor([entry('TD-000002', [BAZ]), entry('TD-000004', [])], resolver);
    assert.deepEqual(plan.rewrites, []);
    assert.equal(plan.orphaned, 0);
    assert.deepEqual(describeReanchorPlan(plan), []);
  });

  it('writes an anchor as path, lines and symbol', () => {
    assert.equal(anchorText(FOO), 'src/a.ts:2-5 Foo');
    assert.equal(anchorText({ path: 'README.md' }), 'README.md');
  });
});
