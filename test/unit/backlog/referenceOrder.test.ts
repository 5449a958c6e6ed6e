import * as assert from 'node:assert/strict';
import { compareReferenceIds } from '../../../src/core/backlog/referenceOrder';

describe('compareReferenceIds', () => {
  it('orders numbers by value, not as text: #991 < #992 < #9910, PROJ-9 < PROJ-10', () => {
    assert.deepEqual(['#9910', '#992', '#991'].sort(compareReferenceIds), ['#991', '#992', '#9910']);
    assert.deepEqual(['PROJ-10', 'PROJ-9', 'PROJ-100'].sort(compareReferenceIds), ['PROJ-9', 'PROJ-10', 'PROJ-100']);
    assert.deepEqual(['owner/repo#12', 'owner/repo#3', 'AB#20', 'AB#4'].sort(compareReferenceIds), ['AB#4', 'AB#20', 'owner/repo#3', 'owner/repo#12']);
  });

  it('compares the text around the numbers by code unit, and numbers of any length exactly', () => {
    assert.deepEqual(['PROJ-2', '#5', 'ABC-1'].sort(compareReferenceIds), ['#5', 'ABC-1', 'PROJ-2']);
    assert.ok(compareReferenceIds('#100000000000000000001', '#100000000000000000000') > 0, 'beyond 2^53');
    assert.ok(compareReferenceIds('PROJ-9', 'PROJ-9a') < 0, 'a prefix first');
  });

  it('is a total order: equal numbers written differently fall back to the text, equal ids are 0', () => {
    assert.ok(compareReferenceIds('#07', '#7') < 0);
    assert.ok(compareReferenceIds('#7', '#07') > 0);
    assert.equal(compareReferenceIds('#7', '#7'), 0);
  });
});
