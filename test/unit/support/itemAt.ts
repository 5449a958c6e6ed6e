import assert from 'node:assert/strict';

/** `items[index]`, failing the test (rather than reading `undefined` on) when there is no such item. */
export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  assert.ok(item !== undefined, `expected an item at ${index}, got ${items.length} items`);
  return item;
}
