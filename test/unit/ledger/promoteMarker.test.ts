import { strict as assert } from 'node:assert';
import { findMarkerToPromote, promotedEntry } from '../../../src/core/ledger/promoteMarker';

const TEXT = ['export function load(id: string): number {', '  // FIXME(PROJ-12): retries forever, see #45', '  return id.length;', '}', '// TODO tidy up', ''].join('\n');

describe('findMarkerToPromote', () => {
  it('finds the marker on the line and drafts its entry, reading KEY-12 only for the project keys given', () => {
    const promotion = findMarkerToPromote('src/load.ts', TEXT, 2, new Set(['PROJ']));
    assert.deepEqual(promotion?.draft, {
      title: 'retries forever, see #45',
      severity: 'medium',
      backlog: ['PROJ-12', '#45'],
      anchor: { path: 'src/load.ts', lines: [2, 2] },
      body: 'Promoted from a `FIXME` marker at `src/load.ts:2`:\n\n> FIXME (PROJ-12): retries forever, see #45\n',
    });
    assert.equal(promotion?.marker.tag, 'FIXME');
    assert.deepEqual(findMarkerToPromote('src/load.ts', TEXT, 2, new Set())?.draft.backlog, ['#45']);
  });

  it('is undefined on a line without a marker', () => {
    assert.equal(findMarkerToPromote('src/load.ts', TEXT, 3, new Set(['PROJ'])), undefined);
  });
});

describe('promotedEntry', () => {
  it('anchors to the enclosing named function and keeps the draft unless the user chose otherwise', () => {
    const { draft } = findMarkerToPromote('src/load.ts', TEXT, 2, new Set(['PROJ']))!;
    const promoted = promotedEntry(draft, TEXT, {});
    assert.deepEqual(
      { ...promoted, anchor: { ...promoted.anchor, fingerprint: typeof promoted.anchor.fingerprint } },
      { title: draft.title, severity: 'medium', backlog: ['PROJ-12', '#45'], anchor: { path: 'src/load.ts', symbol: 'load', lines: [1, 4], fingerprint: 'string' }, body: draft.body },
    );
    const chosen = promotedEntry(draft, TEXT, { title: 'Bound the retries', severity: 'critical' });
    assert.deepEqual([chosen.title, chosen.severity], ['Bound the retries', 'critical']);
  });

  it('anchors a marker outside any function to its own line', () => {
    const { draft } = findMarkerToPromote('src/load.ts', TEXT, 5, new Set())!;
    const promoted = promotedEntry(draft, TEXT, {});
    assert.deepEqual([promoted.anchor.symbol, promoted.anchor.lines, promoted.severity, promoted.title], [undefined, [5, 5], 'low', 'tidy up']);
  });
});
