import { strict as assert } from 'node:assert';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CachedEntry } from '../../../src/core/backlog/backlogCache';
import { createCachedLookup, createMemoryStore } from '../../../src/core/backlog/backlogCache';
import type { LookupResult, StartTimer } from '../../../src/core/backlog/trackerClient';
import { createJiraClient } from '../../../src/core/backlog/trackerClient';
import { itemAt } from '../support/itemAt';

interface CountingServer {
  readonly base: string;
  /** Requests per issue key. */
  readonly hits: Map<string, number>;
  /** Resolves once `count` requests for `key` have arrived (at once if they have). */
  arrived(key: string, count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A Jira-like server on 127.0.0.1 that counts requests per key. `PROJ-*` exists and `GONE-*`
 * answers 404, both after `delayMs`; `SLOW-*` answers only after the test is over.
 */
async function startJira(delayMs: number): Promise<CountingServer> {
  const hits = new Map<string, number>();
  const waiting: { key: string; count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    const key = /\/issue\/([^?]+)/.exec(request.url ?? '')?.[1] ?? '';
    hits.set(key, (hits.get(key) ?? 0) + 1);
    for (const waiter of waiting.filter((w) => w.key === key && w.count <= (hits.get(key) ?? 0))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
    const answer = (res: ServerResponse): void => {
      const found = key.startsWith('PROJ-');
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          found
            ? { id: '1', key, fields: { summary: `Summary of ${key}`, status: { name: 'To Do' }, assignee: null, labels: [] } }
            : { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
        ),
      );
    };
    if (key.startsWith('PROJ-') || key.startsWith('GONE-')) {
      setTimeout(() => answer(response), delayMs);
    } else {
      setTimeout(() => answer(response), 3000).unref();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    arrived: (key, count) => ((hits.get(key) ?? 0) >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ key, count, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const T0 = new Date('2025-03-01T12:00:00.000Z');
const MINUTE = 60_000;

/**
 * Request deadlines that pass only when the test fires them: with real ones, a test raced an 80 or
 * 200 ms deadline against a local server and lost whenever the machine stalled (issue 10, case 22).
 */
function manualTimers(): { readonly startTimer: StartTimer; fire(): void } {
  const pending = new Set<() => void>();
  return {
    startTimer: (callback) => {
      pending.add(callback);
      return () => pending.delete(callback);
    },
    fire: () => {
      for (const callback of [...pending]) {
        pending.delete(callback);
        callback();
      }
    },
  };
}

describe('createCachedLookup', () => {
  let server: CountingServer | undefined;
  let now: Date;
  const clock = (): Date => now;
  const at = (ms: number): Date => new Date(T0.getTime() + ms);

  beforeEach(() => {
    now = T0;
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reuses a success until the TTL ends, then asks again', async () => {
    server = await startJira(0);
    const jira = createJiraClient({ baseUrl: server.base, timeoutMs: 200, clock, startTimer: manualTimers().startTimer });
    const cached = createCachedLookup((key: string) => jira.lookup(key), { ttlMs: 10 * MINUTE, negativeTtlMs: MINUTE, clock });
    const first = await cached.lookup('PROJ-1');
    now = at(10 * MINUTE - 1);
    assert.deepEqual(await cached.lookup('PROJ-1'), first);
    assert.equal(server.hits.get('PROJ-1'), 1);
    now = at(10 * MINUTE);
    const fresh = await cached.lookup('PROJ-1');
    assert.equal(server.hits.get('PROJ-1'), 2);
    assert.deepEqual(fresh.ok && fresh.details.fetchedAt, at(10 * MINUTE));
  });

  it('keeps not-found for the shorter negative TTL', async () => {
    server = await startJira(0);
    const jira = createJiraClient({ baseUrl: server.base, timeoutMs: 200, clock, startTimer: manualTimers().startTimer });
    const cached = createCachedLookup((key: string) => jira.lookup(key), { ttlMs: 10 * MINUTE, negativeTtlMs: MINUTE, clock });
    assert.equal((await cached.lookup('GONE-1')).ok, false);
    now = at(MINUTE - 1);
    await cached.lookup('GONE-1');
    assert.equal(server.hits.get('GONE-1'), 1);
    now = at(MINUTE);
    await cached.lookup('GONE-1');
    assert.equal(server.hits.get('GONE-1'), 2);
  });

  it('never keeps timeouts or offline answers', async () => {
    server = await startJira(0);
    const timers = manualTimers();
    const jira = createJiraClient({ baseUrl: server.base, timeoutMs: 80, clock, startTimer: timers.startTimer });
    const cached = createCachedLookup((key: string) => jira.lookup(key), { ttlMs: 10 * MINUTE, negativeTtlMs: MINUTE, clock });
    const timedOut: LookupResult = { ok: false, reason: 'timeout', message: 'Jira did not answer within 80 ms.', url: `${server.base}/browse/SLOW-1` };
    // The deadline passes once the server holds the request, never before.
    const timeOut = async (request: number): Promise<LookupResult> => {
      const pending = cached.lookup('SLOW-1');
      await server!.arrived('SLOW-1', request);
      timers.fire();
      return pending;
    };
    assert.deepEqual(await timeOut(1), timedOut);
    assert.deepEqual(await timeOut(2), timedOut);
    assert.equal(server.hits.get('SLOW-1'), 2);

    let calls = 0;
    const offline = createCachedLookup(
      (key: string): Promise<LookupResult> => {
        calls++;
        return Promise.resolve({ ok: false, reason: 'offline', message: 'Jira cannot be reached (offline?).', url: `https://j.example/browse/${key}` });
      },
      { ttlMs: 10 * MINUTE, negativeTtlMs: MINUTE, clock },
    );
    await offline.lookup('PROJ-1');
    await offline.lookup('PROJ-1');
    assert.equal(calls, 2);
  });

  it('shares one request among concurrent lookups of the same item', async () => {
    server = await startJira(100);
    const jira = createJiraClient({ baseUrl: server.base, timeoutMs: 2000, clock, startTimer: manualTimers().startTimer });
    const cached = createCachedLookup((key: string) => jira.lookup(key), { ttlMs: 10 * MINUTE, negativeTtlMs: MINUTE, clock });
    const results = await Promise.all([cached.lookup('PROJ-7'), cached.lookup('PROJ-7'), cached.lookup('PROJ-8'), cached.lookup('PROJ-7')]);
    assert.equal(server.hits.get('PROJ-7'), 1);
    assert.equal(server.hits.get('PROJ-8'), 1);
    assert.equal(results[0], results[1]);
    assert.equal(results[0], results[3]);
    assert.deepEqual(results[2].ok && results[2].details.title, 'Summary of PROJ-8');
    await cached.lookup('PROJ-7');
    assert.equal(server.hits.get('PROJ-7'), 1);
  });

  it('keeps a rate limit until its retryAfter, and nothing for errors', async () => {
    const answers: LookupResult[] = [
      { ok: false, reason: 'rate-limited', message: 'limited', retryAfter: at(30_000), url: 'https://x.example/1' },
      { ok: false, reason: 'error', message: 'HTTP 502', url: 'https://x.example/1' },
      { ok: false, reason: 'error', message: 'HTTP 502', url: 'https://x.example/1' },
    ];
    let calls = 0;
    const cached = createCachedLookup((): Promise<LookupResult> => Promise.resolve(itemAt(answers, calls++)), { ttlMs: 10 * MINUTE, negativeTtlMs: MINUTE, clock });
    assert.deepEqual(await cached.lookup(), answers[0]);
    now = at(29_999);
    assert.deepEqual(await cached.lookup(), answers[0]);
    assert.equal(calls, 1);
    now = at(30_000);
    assert.deepEqual(await cached.lookup(), answers[1]);
    assert.deepEqual(await cached.lookup(), answers[2]);
    assert.equal(calls, 3);
  });

  it('persists through JSON and serves restored entries with their dates revived', async () => {
    server = await startJira(0);
    const jira = createJiraClient({ baseUrl: server.base, timeoutMs: 200, clock, startTimer: manualTimers().startTimer });
    const store = createMemoryStore();
    const cached = createCachedLookup((key: string) => jira.lookup(key), { ttlMs: 10 * MINUTE, negativeTtlMs: MINUTE, clock, store });
    const original = await cached.lookup('PROJ-3');
    const persisted = JSON.parse(JSON.stringify(store)) as Record<string, CachedEntry>;
    assert.deepEqual(persisted, {
      '["PROJ-3"]': {
        result: {
          ok: true,
          details: { id: 'PROJ-3', title: 'Summary of PROJ-3', state: 'To Do', labels: [], assignee: null, url: `${server.base}/browse/PROJ-3`, fetchedAt: '2025-03-01T12:00:00.000Z' },
        },
        expiresAt: '2025-03-01T12:10:00.000Z',
      },
    });

    const restored = createCachedLookup((key: string) => jira.lookup(key), {
      ttlMs: 10 * MINUTE,
      negativeTtlMs: MINUTE,
      clock,
      store: createMemoryStore({ ...persisted, broken: { result: { ok: 'maybe' }, expiresAt: 'never' } }),
    });
    now = at(5 * MINUTE);
    assert.deepEqual(await restored.lookup('PROJ-3'), original);
    assert.equal(server.hits.get('PROJ-3'), 1);
  });

  it('ignores stored values it does not understand', async () => {
    let calls = 0;
    const store = createMemoryStore();
    store.set('["A-1"]', { result: { ok: false, reason: 'exploded', message: 'x', url: 'u' }, expiresAt: '2099-01-01T00:00:00.000Z' } as unknown as CachedEntry);
    const cached = createCachedLookup(
      (_key: string): Promise<LookupResult> => {
        calls++;
        return Promise.resolve({ ok: false, reason: 'not-found', message: 'gone', url: 'https://x.example/A-1' });
      },
      { ttlMs: MINUTE, negativeTtlMs: MINUTE, clock, store },
    );
    assert.deepEqual(await cached.lookup('A-1'), { ok: false, reason: 'not-found', message: 'gone', url: 'https://x.example/A-1' });
    assert.equal(calls, 1);
  });

  it('forgets one item on invalidate and everything on clear, including answers still in flight', async () => {
    let calls = 0;
    let release: (() => void) | undefined;
    const store = createMemoryStore();
    const cached = createCachedLookup(
      async (key: string): Promise<LookupResult> => {
        calls++;
        if (key === 'late') {
          await new Promise<void>((resolve) => (release = resolve));
        }
        return { ok: false, reason: 'unauthorized', message: 'Sign in to Jira to see details.', url: `https://x.example/${key}` };
      },
      { ttlMs: MINUTE, negativeTtlMs: MINUTE, clock, store },
    );
    await cached.lookup('a');
    await cached.lookup('b');
    cached.invalidate('a');
    await cached.lookup('a');
    await cached.lookup('b');
    assert.equal(calls, 3);

    const late = cached.lookup('late');
    await new Promise((resolve) => setImmediate(resolve));
    cached.clear();
    release!();
    await late;
    assert.deepEqual(store.toJSON(), {}, 'the answer from before the sign-in is not stored');
    await cached.lookup('a');
    assert.equal(calls, 5);
  });

  it('passes a thrown error (cancellation) to every waiting caller and does not keep it', async () => {
    let calls = 0;
    const cached = createCachedLookup(
      (): Promise<LookupResult> => {
        calls++;
        return Promise.reject(new Error('stopped'));
      },
      { ttlMs: MINUTE, negativeTtlMs: MINUTE, clock },
    );
    await Promise.all([assert.rejects(cached.lookup(), /stopped/), assert.rejects(cached.lookup(), /stopped/)]);
    assert.equal(calls, 1);
    await assert.rejects(cached.lookup(), /stopped/);
    assert.equal(calls, 2);
  });
});
