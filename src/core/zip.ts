/**
 * Pairs each item with the result computed for it, where `results` holds one result per item in the
 * same order (a batched git read, `Promise.all`, a ranking). Throws when the lengths differ: the
 * producer broke that contract, and pairing on would attach results to the wrong items.
 */
export function zip<T, R>(items: readonly T[], results: readonly R[]): [T, R][] {
  if (items.length !== results.length) {
    throw new Error(`zip: ${items.length} items but ${results.length} results`);
  }
  // Unchecked: the lengths are equal.
  return items.map((item, index) => [item, results[index]!]);
}
