/**
 * `JSON.stringify(value)`, exactly, as a sequence of pieces: objects and arrays down to `depth`
 * levels are written member by member, anything deeper in one piece. A cache holding 200,000
 * commits is then written without ever being one string (which, with its UTF-8 copy for the write,
 * was a few hundred MB of a scan's peak).
 */
export function* compactJsonChunks(value: unknown, depth: number): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Top-level undefined (or a function) has no JSON; its callers leave such members out first.
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) {
        yield ',';
      }
      const element: unknown = value[i];
      // As JSON.stringify: an element with no JSON (undefined, a function) is null.
      yield* hasJson(element) ? compactJsonChunks(element, depth - 1) : ['null'];
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    // As JSON.stringify: a member with no JSON is left out.
    if (!hasJson(member)) {
      continue;
    }
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* compactJsonChunks(member, depth - 1);
  }
  yield '}';
}

function hasJson(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}
