import { strict as assert } from 'node:assert';
import { DEBT_SEVERITIES } from '../../../src/core/ledger/ledgerEntry';
import { entryFieldProblem, splitReferenceList } from '../../../src/core/ledger/entryFieldProblem';
import type { EntryRules } from '../../../src/editor/entryInputValidation';
import {
  entryInputFromArgument,
  isEntryArgument,
  parseReferenceInput,
  principalProblem,
  selectedLines,
  titleProblem,
} from '../../../src/editor/entryInputValidation';

const RULES: EntryRules = { DEBT_SEVERITIES, entryFieldProblem, splitReferenceList };

describe('entry input validation', () => {
  it('requires a one-line title of at most 120 characters', () => {
    assert.equal(titleProblem('', RULES), 'A title is required.');
    assert.equal(titleProblem('   ', RULES), 'A title is required.');
    assert.equal(titleProblem('a\nb', RULES), 'The title must be one line.');
    assert.equal(titleProblem('x'.repeat(121), RULES), 'At most 120 characters (121 now).');
    assert.equal(titleProblem(` ${'x'.repeat(120)} `, RULES), undefined);
  });

  it('takes an empty principal as unknown and checks the rest as the ledger does', () => {
    assert.equal(principalProblem('  ', RULES), undefined);
    assert.equal(principalProblem(' 5sp ', RULES), undefined);
    assert.equal(principalProblem('5', RULES), 'principal 5 needs a number and a unit: h, d, w, sp or pt (3d, 5sp, 8h)');
  });

  it('reads a reference list and names the first reference the ledger refuses', () => {
    assert.deepEqual(parseReferenceInput('PROJ-12, #45 owner/repo#7 #45', RULES), { refs: ['PROJ-12', '#45', 'owner/repo#7'] });
    assert.deepEqual(parseReferenceInput('', RULES), { refs: [] });
    assert.deepEqual(parseReferenceInput('PROJ-12 proj-13 x', RULES), {
      refs: ['PROJ-12', 'proj-13', 'x'],
      problem: 'backlog reference proj-13 is not PROJ-12, #45, owner/repo#45, AB#12 or a URL',
    });
  });

  it('checks the automation argument like the prompts', () => {
    assert.deepEqual(entryInputFromArgument({ title: ' Split billing ', severity: 'high', principal: '3d', backlog: ['PROJ-1', 'PROJ-1', '#2'] }, RULES), {
      input: { title: 'Split billing', severity: 'high', principal: '3d', backlog: ['PROJ-1', '#2'] },
    });
    assert.deepEqual(entryInputFromArgument({ title: 'T' }, RULES), { input: { title: 'T', severity: 'medium', backlog: [] } });
    assert.deepEqual(entryInputFromArgument({ title: 'T', severity: 'urgent' }, RULES), { problem: 'severity must be one of low, medium, high, critical, not "urgent".' });
    assert.deepEqual(entryInputFromArgument({ title: '' }, RULES), { problem: 'title: A title is required.' });
    assert.deepEqual(entryInputFromArgument({ title: 3 }, RULES), { problem: '`title` must be text.' });
    assert.deepEqual(entryInputFromArgument({ title: 'T', principal: '2' }, RULES), { problem: 'principal 2 needs a number and a unit: h, d, w, sp or pt (3d, 5sp, 8h)' });
    assert.deepEqual(entryInputFromArgument({ title: 'T', backlog: 'PROJ-1' }, RULES), { problem: '`backlog` must be a list of references such as PROJ-12 or #45.' });
    assert.deepEqual(entryInputFromArgument({ title: 'T', backlog: ['nope'] }, RULES), { problem: 'backlog reference nope is not PROJ-12, #45, owner/repo#45, AB#12 or a URL' });
  });

  it('tells the automation argument from a URI or a tree row', () => {
    assert.equal(isEntryArgument({ title: 'T' }), true);
    assert.equal(isEntryArgument({ scheme: 'file', path: '/a.ts' }), false);
    assert.equal(isEntryArgument(undefined), false);
    assert.equal(isEntryArgument(['title']), false);
  });

  it('takes whole lines, not the line a selection ends at the start of', () => {
    assert.deepEqual(selectedLines({ line: 4 }, { line: 9, character: 0 }), [5, 9]);
    assert.deepEqual(selectedLines({ line: 4 }, { line: 9, character: 3 }), [5, 10]);
    assert.deepEqual(selectedLines({ line: 4 }, { line: 4, character: 0 }), [5, 5]);
  });
});
