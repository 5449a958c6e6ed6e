import { strict as assert } from 'node:assert';
import { entryFieldsJson, entryJson } from '../../../src/core/ledger/entryJson';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import type { ResolvedEntry } from '../../../src/core/ledger/reanchorPlan';

const ENTRY: LedgerEntry = {
  id: 'TD-7f3a1c',
  title: 'Invoice refresh is copy-pasted',
  status: 'open',
  severity: 'high',
  principal: '2d',
  tags: ['billing'],
  backlog: ['PROJ-3'],
  anchors: [{ path: 'src/invoice.ts', symbol: 'refresh', lines: [3, 9], fingerprint: 'fp1:aa' }, { path: 'src/gone.ts' }],
  created: '2026-01-02',
  author: 'Alice',
  body: 'Three copies.\n',
  path: '.techdebt/TD-7f3a1c-invoice-refresh.md',
};

describe('entryFieldsJson', () => {
  it('starts every JSON view of an entry with the same fields, absent ones null', () => {
    const { principal: _principal, ...noPrincipal } = ENTRY;
    assert.deepEqual(entryFieldsJson(noPrincipal), { id: 'TD-7f3a1c', title: ENTRY.title, status: 'open', severity: 'high', principal: null, tags: ['billing'], backlog: ['PROJ-3'] });
  });
});

describe('entryJson', () => {
  it('is the debt commands’ shape: fields, dates, the file as `path`, and each anchor as stored and as found', () => {
    const moved = { path: 'src/billing.ts', symbol: 'refresh', lines: [10, 16] as const, fingerprint: 'fp1:aa' };
    const resolved: ResolvedEntry = {
      entry: ENTRY,
      anchors: [
        { stored: ENTRY.anchors[0]!, state: 'moved', resolution: { status: 'resolved', how: 'fingerprint', anchor: moved, moved: true } },
        { stored: ENTRY.anchors[1]!, state: 'orphaned', resolution: { status: 'orphaned', reason: 'file-missing' } },
      ],
    };
    const json = entryJson(resolved);
    assert.deepEqual(Object.keys(json), ['id', 'title', 'status', 'severity', 'principal', 'tags', 'backlog', 'created', 'updated', 'author', 'path', 'anchors']);
    assert.deepEqual(json, {
      ...entryFieldsJson(ENTRY),
      created: '2026-01-02',
      updated: null,
      author: 'Alice',
      path: ENTRY.path,
      anchors: [
        { path: 'src/invoice.ts', symbol: 'refresh', lines: [3, 9], fingerprint: 'fp1:aa', state: 'moved', how: 'fingerprint', reason: null, current: moved },
        { path: 'src/gone.ts', symbol: null, lines: null, fingerprint: null, state: 'orphaned', how: null, reason: 'file-missing', current: null },
      ],
    });
  });
});
