import { strict as assert } from 'node:assert';
import { entryFileName, LedgerIdExhaustedError, newEntryId } from '../../../src/core/ledger/entryId';

describe('newEntryId', () => {
  const sequence = (...values: number[]): (() => number) => {
    let index = 0;
    return () => values[index++ % values.length] ?? 0;
  };

  it('is TD- and 6 lowercase hex digits from the random source', () => {
    assert.equal(newEntryId([], sequence(0)), 'TD-000000');
    assert.equal(newEntryId([], sequence(0.5)), 'TD-800000');
    assert.equal(newEntryId([], sequence(0.999999999)), 'TD-ffffff');
  });

  it('draws again while the id is taken', () => {
    assert.equal(newEntryId(['TD-800000', 'TD-400000'], sequence(0.5, 0.25, 0.125)), 'TD-200000');
  });

  it('gives up with a typed error when every draw collides', () => {
    assert.throws(() => newEntryId(['TD-800000'], sequence(0.5)), LedgerIdExhaustedError);
  });
});

describe('entryFileName', () => {
  it('is the id and an ASCII slug of the title', () => {
    assert.equal(entryFileName('TD-7f3a2c', 'Session refresh is copy-pasted'), 'TD-7f3a2c-session-refresh-is-copy-pasted.md');
    assert.equal(entryFileName('TD-7f3a2c', '  Café: “naïve” retry —  in PaymentClient.send()! '), 'TD-7f3a2c-cafe-naive-retry-in-paymentclient-send.md');
    assert.equal(entryFileName('TD-7f3a2c', '日本語'), 'TD-7f3a2c.md');
  });

  it('cuts long titles at a word boundary within 50 characters', () => {
    const name = entryFileName('TD-7f3a2c', 'The session refresh logic is copy-pasted across three services and drifts');
    assert.equal(name, 'TD-7f3a2c-the-session-refresh-logic-is-copy-pasted-across.md');
    assert.equal(entryFileName('TD-7f3a2c', 'x'.repeat(80)), `TD-7f3a2c-${'x'.repeat(50)}.md`);
  });
});
