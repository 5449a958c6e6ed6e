/**
 * `TD-` and 4 to 16 lowercase hex digits. New ids have 6 ({@link newEntryId}); shorter and longer
 * ones are accepted so that hand-written and future ids stay valid.
 */
export const ENTRY_ID_PATTERN = /^TD-[0-9a-f]{4,16}$/;

const ID_ATTEMPTS = 1000;
const SLUG_MAX = 50;

/** {@link newEntryId} found no free id; only possible with a broken random source or ~16M entries. */
export class LedgerIdExhaustedError extends Error {
  override readonly name = 'LedgerIdExhaustedError';
  constructor(readonly attempts: number) {
    super(`no free debt entry id after ${attempts} attempts`);
  }
}

/**
 * A new id, `TD-` and 6 hex digits, not in `existingIds`. Six digits (16.7M values) keep ids short
 * enough to say aloud and type in a commit message; the store still guards against a concurrent
 * writer picking the same id.
 *
 * @param random a source like `Math.random`: uniform in [0, 1).
 * @throws LedgerIdExhaustedError after 1000 draws that all collide.
 */
export function newEntryId(existingIds: Iterable<string>, random: () => number): string {
  const taken = new Set(existingIds);
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const value = Math.min(0xffffff, Math.floor(random() * 0x1000000));
    const id = `TD-${value.toString(16).padStart(6, '0')}`;
    if (!taken.has(id)) {
      return id;
    }
  }
  throw new LedgerIdExhaustedError(ID_ATTEMPTS);
}

/**
 * `TD-7f3a2c-session-refresh-is-copy-pasted.md`: the id makes the name unique, the slug makes a
 * folder listing readable. The slug is ASCII lowercase and dashes (accents folded), at most 50
 * characters, cut at a word boundary when one is near; an empty slug leaves just the id.
 */
export function entryFileName(id: string, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let cut = slug;
  if (cut.length > SLUG_MAX) {
    cut = cut.slice(0, SLUG_MAX);
    const lastDash = cut.lastIndexOf('-');
    if (slug[SLUG_MAX] !== '-' && lastDash >= SLUG_MAX / 2) {
      cut = cut.slice(0, lastDash);
    }
    cut = cut.replace(/-+$/, '');
  }
  return cut === '' ? `${id}.md` : `${id}-${cut}.md`;
}
