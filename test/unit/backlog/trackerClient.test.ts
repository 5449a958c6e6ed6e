import { strict as assert } from 'node:assert';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError } from '../../../src/core/history/gitProcess';
import type { LookupResult } from '../../../src/core/backlog/trackerClient';
import { createGitHubClient, createJiraClient } from '../../../src/core/backlog/trackerClient';

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

interface TestServer {
  readonly base: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 (random port) that records every request and answers with `route`. */
async function startServer(route: Route): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    route(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free on 127.0.0.1, so connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

const T0 = new Date('2025-03-01T12:00:00.000Z');

/** The issue of GitHub's "Get an issue" example, trimmed to the fields read plus a few ignored ones. */
const GITHUB_ISSUE = {
  id: 1,
  node_id: 'MDU6SXNzdWUx',
  url: 'https://api.github.com/repos/octocat/Hello-World/issues/1347',
  html_url: 'https://github.com/octocat/Hello-World/issues/1347',
  number: 1347,
  state: 'open',
  state_reason: null,
  title: 'Found a bug',
  body: "I'm having a problem with this.",
  user: { login: 'octocat', id: 1 },
  labels: [{ id: 208045946, node_id: 'MDU6TGFiZWwyMDgwNDU5NDY=', name: 'bug', description: "Something isn't working", color: 'f29513', default: true }],
  assignee: { login: 'octocat', id: 1 },
  assignees: [{ login: 'octocat', id: 1 }],
  locked: true,
  comments: 0,
  created_at: '2011-04-22T13:33:48Z',
};

describe('createGitHubClient', () => {
  let server: TestServer | undefined;
  let now: Date;
  const clock = (): Date => now;

  beforeEach(() => {
    now = T0;
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads title, state, labels, assignee and link from the documented issue shape, with the token as bearer', async () => {
    server = await startServer((_request, response) => json(response, 200, GITHUB_ISSUE, { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1740833400' }));
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', token: 'gho_secret', clock });
    const result = await client.lookup('octocat', 'Hello-World', 1347);
    assert.deepEqual(result, {
      ok: true,
      details: {
        id: 'octocat/Hello-World#1347',
        title: 'Found a bug',
        state: 'open',
        labels: ['bug'],
        assignee: 'octocat',
        url: 'https://github.com/octocat/Hello-World/issues/1347',
        isPullRequest: false,
        fetchedAt: T0,
      },
    } satisfies LookupResult);
    assert.equal(server.requests.length, 1);
    const [request] = server.requests;
    assert.equal(request!.method, 'GET');
    assert.equal(request!.url, '/repos/octocat/Hello-World/issues/1347');
    assert.equal(request!.headers.accept, 'application/vnd.github+json');
    assert.equal(request!.headers['x-github-api-version'], '2022-11-28');
    assert.equal(request!.headers.authorization, 'Bearer gho_secret');
  });

  it('sends no Authorization header without a token, and marks pull requests', async () => {
    const pull = {
      ...GITHUB_ISSUE,
      number: 7,
      title: 'Refactor the parser',
      state: 'closed',
      html_url: 'https://github.com/octocat/Hello-World/pull/7',
      labels: [],
      assignee: null,
      pull_request: { url: 'https://api.github.com/repos/octocat/Hello-World/pulls/7', html_url: 'https://github.com/octocat/Hello-World/pull/7', merged_at: null },
    };
    server = await startServer((_request, response) => json(response, 200, pull));
    const client = createGitHubClient({ apiBase: `${server.base}/`, webBase: 'https://github.com', clock });
    assert.deepEqual(await client.lookup('octocat', 'Hello-World', 7), {
      ok: true,
      details: {
        id: 'octocat/Hello-World#7',
        title: 'Refactor the parser',
        state: 'closed',
        labels: [],
        assignee: null,
        url: 'https://github.com/octocat/Hello-World/pull/7',
        isPullRequest: true,
        fetchedAt: T0,
      },
    } satisfies LookupResult);
    assert.equal(server.requests[0]!.url, '/repos/octocat/Hello-World/issues/7');
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it('encodes owner and repository into the path', async () => {
    server = await startServer((_request, response) => json(response, 404, { message: 'Not Found' }));
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', clock });
    await client.lookup('a b', 'c?d', 1);
    assert.equal(server.requests[0]!.url, '/repos/a%20b/c%3Fd/issues/1');
  });

  it('reports 401 as unauthorized, asking to sign in again when a token was sent', async () => {
    server = await startServer((_request, response) => json(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }));
    const withToken = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', token: 'expired', clock });
    assert.deepEqual(await withToken.lookup('octocat', 'Hello-World', 1347), {
      ok: false,
      reason: 'unauthorized',
      message: 'GitHub rejected the sign-in; sign in again.',
      url: 'https://github.com/octocat/Hello-World/issues/1347',
    } satisfies LookupResult);
    const anonymous = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', clock });
    assert.deepEqual(await anonymous.lookup('octocat', 'Hello-World', 1347), {
      ok: false,
      reason: 'unauthorized',
      message: 'Sign in to GitHub to see details.',
      url: 'https://github.com/octocat/Hello-World/issues/1347',
    } satisfies LookupResult);
  });

  it('reports 404 as not-found and other statuses as error', async () => {
    let status = 404;
    server = await startServer((_request, response) => json(response, status, { message: 'Not Found' }));
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://ghe.acme.com', clock });
    assert.deepEqual(await client.lookup('acme', 'app', 9), {
      ok: false,
      reason: 'not-found',
      message: 'acme/app#9 was not found on GitHub, or is not visible to this account.',
      url: 'https://ghe.acme.com/acme/app/issues/9',
    } satisfies LookupResult);
    status = 502;
    assert.deepEqual(await client.lookup('acme', 'app', 9), {
      ok: false,
      reason: 'error',
      message: 'GitHub answered HTTP 502.',
      url: 'https://ghe.acme.com/acme/app/issues/9',
    } satisfies LookupResult);
  });

  it('treats a 403 without rate-limit headers as forbidden', async () => {
    server = await startServer((_request, response) => json(response, 403, { message: 'Resource not accessible by integration' }, { 'x-ratelimit-remaining': '4990' }));
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', token: 't', clock });
    assert.deepEqual(await client.lookup('acme', 'app', 3), {
      ok: false,
      reason: 'forbidden',
      message: 'No permission to read acme/app#3 on GitHub.',
      url: 'https://github.com/acme/app/issues/3',
    } satisfies LookupResult);
    assert.equal((await client.lookup('acme', 'app', 3)).ok, false);
    assert.equal(server.requests.length, 2, 'a permission problem does not stop later calls');
  });

  it('on a 403 with x-ratelimit-remaining 0, waits until x-ratelimit-reset without calling again', async () => {
    const reset = T0.getTime() / 1000 + 600;
    let limited = true;
    server = await startServer((_request, response) =>
      limited
        ? json(response, 403, { message: 'API rate limit exceeded for 127.0.0.1.' }, { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core' })
        : json(response, 200, GITHUB_ISSUE),
    );
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', clock });
    const expected: LookupResult = {
      ok: false,
      reason: 'rate-limited',
      message: 'GitHub rate limit reached; details resume at 2025-03-01T12:10:00.000Z.',
      retryAfter: new Date('2025-03-01T12:10:00.000Z'),
      url: 'https://github.com/octocat/Hello-World/issues/1347',
    };
    assert.deepEqual(await client.lookup('octocat', 'Hello-World', 1347), expected);
    now = new Date(T0.getTime() + 599_000);
    assert.deepEqual(await client.lookup('octocat', 'Hello-World', 1347), expected);
    assert.deepEqual(await client.lookup('octocat', 'Hello-World', 2), { ...expected, url: 'https://github.com/octocat/Hello-World/issues/2' });
    assert.equal(server.requests.length, 1, 'no request before the reset');

    limited = false;
    now = new Date(T0.getTime() + 600_000);
    assert.equal((await client.lookup('octocat', 'Hello-World', 1347)).ok, true);
    assert.equal(server.requests.length, 2);
  });

  it('honours retry-after on a 429 (secondary rate limit)', async () => {
    server = await startServer((_request, response) => json(response, 429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '30' }));
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', token: 't', clock });
    const result = await client.lookup('acme', 'app', 5);
    assert.deepEqual(result, {
      ok: false,
      reason: 'rate-limited',
      message: 'GitHub rate limit reached; details resume at 2025-03-01T12:00:30.000Z.',
      retryAfter: new Date('2025-03-01T12:00:30.000Z'),
      url: 'https://github.com/acme/app/issues/5',
    } satisfies LookupResult);
    await client.lookup('acme', 'app', 5);
    assert.equal(server.requests.length, 1);
  });

  it('answers rate-limited, not undefined, for a 429 with retry-after 0, and asks again at once', async () => {
    server = await startServer((_request, response) => json(response, 429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '0' }));
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', token: 't', clock });
    const expected: LookupResult = {
      ok: false,
      reason: 'rate-limited',
      message: 'GitHub rate limit reached; details resume at 2025-03-01T12:00:00.000Z.',
      retryAfter: T0,
      url: 'https://github.com/acme/app/issues/5',
    };
    assert.deepEqual(await client.lookup('acme', 'app', 5), expected);
    assert.deepEqual(await client.lookup('acme', 'app', 5), expected);
    assert.equal(server.requests.length, 2, 'the window was over: the second lookup asks again');
  });

  it('stops before the reset after a success that spent the last request', async () => {
    const reset = T0.getTime() / 1000 + 60;
    server = await startServer((_request, response) => json(response, 200, GITHUB_ISSUE, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }));
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', clock });
    assert.equal((await client.lookup('octocat', 'Hello-World', 1347)).ok, true);
    const second = await client.lookup('octocat', 'Hello-World', 1);
    assert.equal(second.ok === false && second.reason, 'rate-limited');
    assert.deepEqual(second.ok === false && second.retryAfter, new Date('2025-03-01T12:01:00.000Z'));
    assert.equal(server.requests.length, 1);
  });

  it('gives up after timeoutMs on a slow server, as timeout', async () => {
    server = await startServer((_request, response) => {
      setTimeout(() => json(response, 200, GITHUB_ISSUE), 3000).unref();
    });
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', timeoutMs: 150, clock });
    const started = Date.now();
    assert.deepEqual(await client.lookup('octocat', 'Hello-World', 1347), {
      ok: false,
      reason: 'timeout',
      message: 'GitHub did not answer within 150 ms.',
      url: 'https://github.com/octocat/Hello-World/issues/1347',
    } satisfies LookupResult);
    assert.ok(Date.now() - started < 2000, 'did not wait for the slow answer');
  });

  it('reports a refused connection as offline', async () => {
    const port = await closedPort();
    const client = createGitHubClient({ apiBase: `http://127.0.0.1:${port}`, webBase: 'https://github.com', clock });
    assert.deepEqual(await client.lookup('octocat', 'Hello-World', 1347), {
      ok: false,
      reason: 'offline',
      message: `GitHub cannot be reached: 127.0.0.1:${port} refused the connection (nothing listens there?).`,
      url: 'https://github.com/octocat/Hello-World/issues/1347',
    } satisfies LookupResult);
  });

  it('reports an answer of an unexpected shape as error', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>captive portal</html>');
    });
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', clock });
    assert.deepEqual(await client.lookup('octocat', 'Hello-World', 1347), {
      ok: false,
      reason: 'error',
      message: 'GitHub sent an answer Debt Lens does not understand.',
      url: 'https://github.com/octocat/Hello-World/issues/1347',
    } satisfies LookupResult);
  });

  it('derives the web base from the API base for failures', async () => {
    const port = await closedPort();
    const enterprise = createGitHubClient({ apiBase: `http://127.0.0.1:${port}/api/v3`, clock });
    const result = await enterprise.lookup('acme', 'app', 4);
    assert.equal(result.ok === false && result.url, `http://127.0.0.1:${port}/acme/app/issues/4`);
  });

  it('throws CancelledError when the caller aborts, not a failure result', async () => {
    server = await startServer((_request, response) => {
      setTimeout(() => json(response, 200, GITHUB_ISSUE), 3000).unref();
    });
    const client = createGitHubClient({ apiBase: server.base, webBase: 'https://github.com', clock });
    const controller = new AbortController();
    const pending = client.lookup('octocat', 'Hello-World', 1347, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, CancelledError);
  });
});

const JIRA_ISSUE = {
  expand: 'renderedFields,names,schema',
  id: '10002',
  self: 'https://acme.atlassian.net/rest/api/3/issue/10002',
  key: 'PROJ-12',
  fields: {
    summary: 'Split the billing module',
    status: {
      self: 'https://acme.atlassian.net/rest/api/3/status/3',
      description: '',
      iconUrl: 'https://acme.atlassian.net/images/icons/statuses/inprogress.png',
      name: 'In Progress',
      id: '3',
      statusCategory: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
    },
    assignee: { self: 'https://acme.atlassian.net/rest/api/3/user?accountId=5b10a2844c20165700ede21g', accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof', active: true },
    labels: ['tech-debt', 'billing'],
  },
};

describe('createJiraClient', () => {
  let server: TestServer | undefined;
  let now: Date;
  const clock = (): Date => now;

  beforeEach(() => {
    now = T0;
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads summary, status, assignee and labels, with email and token as basic auth', async () => {
    server = await startServer((_request, response) => json(response, 200, JIRA_ISSUE));
    const client = createJiraClient({ baseUrl: server.base, email: 'me@acme.com', token: 'api-token', clock });
    assert.deepEqual(await client.lookup('PROJ-12'), {
      ok: true,
      details: {
        id: 'PROJ-12',
        title: 'Split the billing module',
        state: 'In Progress',
        labels: ['tech-debt', 'billing'],
        assignee: 'Mia Krystof',
        url: `${server.base}/browse/PROJ-12`,
        fetchedAt: T0,
      },
    } satisfies LookupResult);
    const [request] = server.requests;
    assert.equal(request!.method, 'GET');
    assert.equal(request!.url, '/rest/api/3/issue/PROJ-12?fields=summary,status,assignee,labels');
    assert.equal(request!.headers.accept, 'application/json');
    assert.equal(request!.headers.authorization, `Basic ${Buffer.from('me@acme.com:api-token').toString('base64')}`);
  });

  it('sends a token alone as bearer (Data Center), nothing without a token, and keeps a context path', async () => {
    server = await startServer((_request, response) => json(response, 200, { ...JIRA_ISSUE, fields: { ...JIRA_ISSUE.fields, assignee: null, labels: [] } }));
    const bearer = createJiraClient({ baseUrl: `${server.base}/jira/`, token: 'pat', clock });
    assert.deepEqual(await bearer.lookup('PROJ-12'), {
      ok: true,
      details: { id: 'PROJ-12', title: 'Split the billing module', state: 'In Progress', labels: [], assignee: null, url: `${server.base}/jira/browse/PROJ-12`, fetchedAt: T0 },
    } satisfies LookupResult);
    const anonymous = createJiraClient({ baseUrl: server.base, clock });
    await anonymous.lookup('PROJ-12');
    assert.equal(server.requests[0]!.url, '/jira/rest/api/3/issue/PROJ-12?fields=summary,status,assignee,labels');
    assert.equal(server.requests[0]!.headers.authorization, 'Bearer pat');
    assert.equal(server.requests[1]!.headers.authorization, undefined);
  });

  it('maps 401, 403 and 404 to unauthorized, forbidden and not-found', async () => {
    let status = 401;
    server = await startServer((_request, response) => json(response, status, { errorMessages: ['nope'], errors: {} }));
    const client = createJiraClient({ baseUrl: server.base, clock });
    const url = `${server.base}/browse/PROJ-404`;
    assert.deepEqual(await client.lookup('PROJ-404'), { ok: false, reason: 'unauthorized', message: 'Sign in to Jira to see details.', url } satisfies LookupResult);
    status = 403;
    assert.deepEqual(await client.lookup('PROJ-404'), { ok: false, reason: 'forbidden', message: 'No permission to read PROJ-404 on Jira.', url } satisfies LookupResult);
    status = 404;
    assert.deepEqual(await client.lookup('PROJ-404'), {
      ok: false,
      reason: 'not-found',
      message: 'PROJ-404 was not found on Jira, or is not visible to this account.',
      url,
    } satisfies LookupResult);
    assert.equal(server.requests.length, 3);
  });

  it('honours Retry-After on a 429 and holds later lookups', async () => {
    server = await startServer((_request, response) => json(response, 429, { errorMessages: ['Rate limit exceeded.'] }, { 'retry-after': '120', 'x-ratelimit-limit': '100' }));
    const client = createJiraClient({ baseUrl: server.base, token: 't', email: 'e@x', clock });
    const expected: LookupResult = {
      ok: false,
      reason: 'rate-limited',
      message: 'Jira rate limit reached; details resume at 2025-03-01T12:02:00.000Z.',
      retryAfter: new Date('2025-03-01T12:02:00.000Z'),
      url: `${server.base}/browse/PROJ-1`,
    };
    assert.deepEqual(await client.lookup('PROJ-1'), expected);
    assert.deepEqual(await client.lookup('PROJ-1'), expected);
    assert.equal(server.requests.length, 1);
  });

  it('answers rate-limited, not undefined, for a 429 with Retry-After 0', async () => {
    server = await startServer((_request, response) => json(response, 429, { errorMessages: ['Rate limit exceeded.'] }, { 'retry-after': '0' }));
    const client = createJiraClient({ baseUrl: server.base, clock });
    assert.deepEqual(await client.lookup('PROJ-1'), {
      ok: false,
      reason: 'rate-limited',
      message: 'Jira rate limit reached; details resume at 2025-03-01T12:00:00.000Z.',
      retryAfter: T0,
      url: `${server.base}/browse/PROJ-1`,
    } satisfies LookupResult);
  });

  it('names the cause when fetch refuses the port (9, a "bad port"), without trying it', async () => {
    let calls = 0;
    const client = createJiraClient({
      baseUrl: 'http://127.0.0.1:9',
      clock,
      fetch: () => {
        calls++;
        return Promise.reject(new TypeError('fetch failed'));
      },
    });
    assert.deepEqual(await client.lookup('PROJ-3'), {
      ok: false,
      reason: 'error',
      message: 'fetch refuses port 9 (a port browsers and Node block for safety); serve Jira on another port.',
      url: 'http://127.0.0.1:9/browse/PROJ-3',
    } satisfies LookupResult);
    assert.equal(calls, 0);
    // The real fetch, to the same port: refused by the same rule, so the same answer.
    assert.equal((await createJiraClient({ baseUrl: 'http://127.0.0.1:9', clock }).lookup('PROJ-3')).ok, false);
  });

  it('names the cause of a failed connection from the code undici puts in the error\'s cause', async () => {
    /** How undici's fetch fails: a TypeError whose cause is the system or TLS error. */
    const failingWith = (code: string | undefined, message: string) => (): Promise<Response> =>
      Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error(message), code === undefined ? {} : { code }) }));
    const answer = async (code: string | undefined, message = 'x'): Promise<[string, string]> => {
      const result = await createJiraClient({ baseUrl: 'https://jira.example.com', clock, fetch: failingWith(code, message) }).lookup('PROJ-3');
      assert.equal(result.ok, false);
      return result.ok ? ['', ''] : [result.reason, result.message];
    };
    assert.deepEqual(await answer('ENOTFOUND'), ['offline', 'Jira cannot be reached: jira.example.com cannot be looked up (offline, or a mistyped address?).']);
    assert.deepEqual(await answer('EAI_AGAIN'), ['offline', 'Jira cannot be reached: jira.example.com cannot be looked up (offline, or a mistyped address?).']);
    assert.deepEqual(await answer('ECONNRESET'), ['offline', 'Jira cannot be reached: jira.example.com closed the connection before answering.']);
    assert.deepEqual(await answer('EHOSTUNREACH'), ['offline', 'Jira cannot be reached: no network route to jira.example.com (offline?).']);
    assert.deepEqual(await answer('UND_ERR_CONNECT_TIMEOUT'), ['timeout', 'Jira cannot be reached: connecting to jira.example.com timed out.']);
    assert.deepEqual(await answer('CERT_HAS_EXPIRED'), ['error', "Jira's TLS certificate is not trusted (CERT_HAS_EXPIRED); for a private certificate authority, set NODE_EXTRA_CA_CERTS."]);
    assert.deepEqual(await answer('DEPTH_ZERO_SELF_SIGNED_CERT'), ['error', "Jira's TLS certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); for a private certificate authority, set NODE_EXTRA_CA_CERTS."]);
    assert.deepEqual(await answer('ERR_SSL_WRONG_VERSION_NUMBER'), ['error', 'The TLS handshake with jira.example.com failed (ERR_SSL_WRONG_VERSION_NUMBER); is Jira served over https there?']);
    assert.deepEqual(await answer('EWHATEVER'), ['error', 'The request to Jira failed (EWHATEVER).']);
    assert.deepEqual(await answer(undefined, 'unknown scheme'), ['error', 'The request to Jira failed: unknown scheme.']);
  });

  it('times out on a slow server and reports a refused connection as offline', async () => {
    server = await startServer((_request, response) => {
      setTimeout(() => json(response, 200, JIRA_ISSUE), 3000).unref();
    });
    const slow = createJiraClient({ baseUrl: server.base, timeoutMs: 100, clock });
    assert.deepEqual(await slow.lookup('PROJ-12'), {
      ok: false,
      reason: 'timeout',
      message: 'Jira did not answer within 100 ms.',
      url: `${server.base}/browse/PROJ-12`,
    } satisfies LookupResult);
    const port = await closedPort();
    const offline = createJiraClient({ baseUrl: `http://127.0.0.1:${port}`, clock });
    assert.deepEqual(await offline.lookup('PROJ-12'), {
      ok: false,
      reason: 'offline',
      message: `Jira cannot be reached: 127.0.0.1:${port} refused the connection (nothing listens there?).`,
      url: `http://127.0.0.1:${port}/browse/PROJ-12`,
    } satisfies LookupResult);
  });
});
