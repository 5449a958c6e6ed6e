import type { BacklogItemDetails, Clock, LookupFailureReason, LookupResult } from './trackerClient';

/** A {@link LookupResult} in JSON form (dates as ISO strings), so any key-value store can hold it. */
export type StoredLookupResult =
  | { readonly ok: true; readonly details: Omit<BacklogItemDetails, 'fetchedAt'> & { readonly fetchedAt: string } }
  | {
      readonly ok: false;
      readonly reason: LookupFailureReason;
      readonly message: string;
      readonly retryAfter?: string;
      readonly url: string;
    };

/** What the cache keeps per item: plain JSON, so the editor can put it in `globalState` as is. */
export interface CachedEntry {
  readonly result: StoredLookupResult;
  /** ISO timestamp after which the entry is stale. */
  readonly expiresAt: string;
}

/**
 * Where entries live. The editor passes one backed by VS Code's `globalState` so titles survive a
 * reload; values read back are validated, so a store written by another version is harmless.
 */
export interface LookupCacheStore {
  get(key: string): unknown;
  /** `undefined` removes the entry. */
  set(key: string, value: CachedEntry | undefined): void;
  /** Lets {@link CachedLookup.clear} find every entry; without it only in-memory state is cleared. */
  keys?(): Iterable<string>;
}

export interface CachedLookupOptions<A extends readonly unknown[]> {
  /** How long a success is reused. */
  readonly ttlMs: number;
  /**
   * How long `not-found`, `unauthorized` and `forbidden` are reused: shorter than `ttlMs`, since an
   * item may be created or access granted soon, but long enough not to hammer the tracker on each hover.
   */
  readonly negativeTtlMs: number;
  readonly clock: Clock;
  /** An in-memory store by default. */
  readonly store?: LookupCacheStore;
  /** The cache key of a call; `JSON.stringify(args)` by default. Include the tracker when stores are shared. */
  readonly keyOf?: (...args: A) => string;
}

export interface CachedLookup<A extends readonly unknown[]> {
  /** The cached result while fresh, else the result of one call shared by every concurrent caller. */
  lookup(...args: A): Promise<LookupResult>;
  /** Forgets one item, e.g. when the user asks to refresh it. */
  invalidate(...args: A): void;
  /**
   * Forgets everything, e.g. after signing in, when cached `unauthorized` answers are wrong. Calls
   * still in flight finish for their callers but are not stored.
   */
  clear(): void;
}

/**
 * Wraps a tracker lookup with a time-to-live cache, so hovers and tree views never wait on the
 * network twice for the same item and the tracker's rate limit is spent on new items only.
 *
 * Successes are kept for `ttlMs`; `not-found`, `unauthorized`, `forbidden` for `negativeTtlMs`;
 * `rate-limited` until its `retryAfter` (at most `ttlMs`). `offline`, `timeout` and `error` are
 * never kept: they say nothing about the item, and the next attempt may well succeed.
 */
export function createCachedLookup<A extends readonly unknown[]>(
  lookup: (...args: A) => Promise<LookupResult>,
  options: CachedLookupOptions<A>,
): CachedLookup<A> {
  const store = options.store ?? createMemoryStore();
  const keyOf = options.keyOf ?? ((...args: A): string => JSON.stringify(args));
  const inFlight = new Map<string, Promise<LookupResult>>();
  let generation = 0;

  const keep = (result: LookupResult, now: Date): number | undefined => {
    if (result.ok) {
      return options.ttlMs;
    }
    switch (result.reason) {
      case 'not-found':
      case 'unauthorized':
      case 'forbidden':
        return options.negativeTtlMs;
      case 'rate-limited':
        return result.retryAfter === undefined ? undefined : Math.min(result.retryAfter.getTime() - now.getTime(), options.ttlMs);
      default:
        return undefined;
    }
  };

  return {
    lookup(...args: A): Promise<LookupResult> {
      const key = keyOf(...args);
      const now = options.clock();
      const entry = readEntry(store.get(key));
      if (entry !== undefined && now.getTime() < entry.expiresAt.getTime()) {
        return Promise.resolve(entry.result);
      }
      const pending = inFlight.get(key);
      if (pending !== undefined) {
        return pending;
      }
      const started = generation;
      const settle = (): void => {
        if (inFlight.get(key) === call) {
          inFlight.delete(key);
        }
      };
      // Started on a later tick, so `call` is registered before the wrapped lookup can settle it.
      const call: Promise<LookupResult> = Promise.resolve()
        .then(() => lookup(...args))
        .then(
          (result) => {
            settle();
            const at = options.clock();
            const ttl = keep(result, at);
            if (started === generation) {
              store.set(key, ttl !== undefined && ttl > 0 ? { result: toStored(result), expiresAt: new Date(at.getTime() + ttl).toISOString() } : undefined);
            }
            return result;
          },
          (error: unknown) => {
            settle();
            throw error;
          },
        );
      inFlight.set(key, call);
      return call;
    },
    invalidate(...args: A): void {
      const key = keyOf(...args);
      inFlight.delete(key);
      store.set(key, undefined);
    },
    clear(): void {
      generation++;
      inFlight.clear();
      for (const key of [...(store.keys?.() ?? [])]) {
        store.set(key, undefined);
      }
    },
  };
}

/** An in-memory {@link LookupCacheStore}; `toJSON` gives every entry for persisting, `initial` restores them. */
export function createMemoryStore(initial: Readonly<Record<string, unknown>> = {}): LookupCacheStore & { toJSON(): Record<string, CachedEntry> } {
  const entries = new Map<string, CachedEntry>();
  for (const [key, value] of Object.entries(initial)) {
    if (readEntry(value) !== undefined) {
      entries.set(key, value as CachedEntry);
    }
  }
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      if (value === undefined) {
        entries.delete(key);
      } else {
        entries.set(key, value);
      }
    },
    keys: () => entries.keys(),
    toJSON: () => Object.fromEntries(entries),
  };
}

function toStored(result: LookupResult): StoredLookupResult {
  if (result.ok) {
    return { ok: true, details: { ...result.details, fetchedAt: result.details.fetchedAt.toISOString() } };
  }
  const { retryAfter, ...rest } = result;
  return retryAfter === undefined ? rest : { ...rest, retryAfter: retryAfter.toISOString() };
}

const REASONS: ReadonlySet<string> = new Set<LookupFailureReason>(['offline', 'unauthorized', 'forbidden', 'rate-limited', 'not-found', 'timeout', 'error']);

/** Validates a stored value (it may come from disk, written by any version) and revives its dates. */
function readEntry(value: unknown): { result: LookupResult; expiresAt: Date } | undefined {
  if (!isRecord(value) || typeof value.expiresAt !== 'string' || !isRecord(value.result)) {
    return undefined;
  }
  const expiresAt = dateOf(value.expiresAt);
  const stored = value.result;
  if (expiresAt === undefined) {
    return undefined;
  }
  if (stored.ok === true && isRecord(stored.details)) {
    const { details } = stored;
    const fetchedAt = dateOf(details.fetchedAt);
    if (typeof details.id !== 'string' || typeof details.title !== 'string' || typeof details.state !== 'string' || typeof details.url !== 'string' || fetchedAt === undefined) {
      return undefined;
    }
    return { result: { ok: true, details: { ...(details as unknown as BacklogItemDetails), fetchedAt } }, expiresAt };
  }
  if (stored.ok === false && typeof stored.reason === 'string' && REASONS.has(stored.reason) && typeof stored.message === 'string' && typeof stored.url === 'string') {
    const base = { ok: false as const, reason: stored.reason as LookupFailureReason, message: stored.message, url: stored.url };
    const retryAfter = dateOf(stored.retryAfter);
    return { result: retryAfter === undefined ? base : { ...base, retryAfter }, expiresAt };
  }
  return undefined;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
