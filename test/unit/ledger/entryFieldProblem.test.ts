import { strict as assert } from 'node:assert';
import { entryFieldProblem, splitReferenceList } from '../../../src/core/ledger/entryFieldProblem';

describe('entryFieldProblem', () => {
  it('accepts what the ledger accepts', () => {
    for (const ref of ['PROJ-12', '#45', 'owner/repo#45', 'AB#12', 'https://tracker.example/item/9']) {
      assert.equal(entryFieldProblem('backlog', ref), undefined, ref);
    }
    for (const principal of ['3d', '1.5sp', '8h', '2w', '13pt']) {
      assert.equal(entryFieldProblem('principal', principal), undefined, principal);
    }
    assert.equal(entryFieldProblem('title', 'Split: the #1 "billing" module'), undefined);
  });

  it("refuses what the ledger refuses, with the ledger's message", () => {
    assert.equal(entryFieldProblem('backlog', 'proj-12'), 'backlog reference proj-12 is not PROJ-12, #45, owner/repo#45, AB#12 or a URL');
    assert.equal(entryFieldProblem('backlog', '#0'), 'backlog reference #0 is not PROJ-12, #45, owner/repo#45, AB#12 or a URL');
    assert.equal(entryFieldProblem('principal', '3'), 'principal 3 needs a number and a unit: h, d, w, sp or pt (3d, 5sp, 8h)');
    assert.equal(entryFieldProblem('principal', '3 days'), 'principal 3 days needs a number and a unit: h, d, w, sp or pt (3d, 5sp, 8h)');
    assert.equal(entryFieldProblem('title', '  '), '`title` is empty');
    for (const title of ['first\nsecond', 'first\rsecond', 'first\u2028second']) {
      assert.equal(entryFieldProblem('title', title), 'the title must be one line (it holds a line break) — put the detail in the body', JSON.stringify(title));
    }
  });
});

describe('splitReferenceList', () => {
  it('splits on commas and white space, drops empties and repeats', () => {
    assert.deepEqual(splitReferenceList(' PROJ-1, #2  #2,,owner/repo#3\tAB#4 '), ['PROJ-1', '#2', 'owner/repo#3', 'AB#4']);
    assert.deepEqual(splitReferenceList(' , '), []);
  });
});
