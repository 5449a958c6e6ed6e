import { CancelledError } from '../history/gitProcess';

/** The time source, injected so rate-limit windows and fetch times are testable. */
export type Clock = () => Date;

/** What a tracker says about one item, enough for a hover or a tree label. */
export interface BacklogItemDetails {
  /** As the reference writes it: `owner/repo#12`, `PROJ-12`. */
  readonly id: string;
  readonly title: string;
  /** The tracker's own words: GitHub `open`/`closed`, a Jira status name such as `In Progress`. */
  readonly state: string;
  readonly labels?: readonly string[];
  /** `null` when the item is unassigned; absent when the tracker does not say. */
  readonly assignee?: string | null;
  /** The page to open in the browser. */
  readonly url: string;
  /** GitHub's issues API also answers for pull requests; a pull request is shown differently. */
  readonly isPullRequest?: boolean;
  readonly fetchedAt: Date;
}

/** Why details are missing; the editor still shows the link, with this as the explanation. */
export type LookupFailureReason = 'offline' | 'unauthorized' | 'forbidden' | 'rate-limited' | 'not-found' | 'timeout' | 'error';

/**
 * A lookup never throws for tracker or network trouble (only for cancellation): a missing title is
 * normal, and the reason is data the UI shows next to the link.
 */
export type LookupResult =
  | { readonly ok: true; readonly details: BacklogItemDetails }
  | {
      readonly ok: false;
      readonly reason: LookupFailureReason;
      /** One short sentence for the user. */
      readonly message: string;
      /** For `rate-limited`: no request is made before this time. */
      readonly retryAfter?: Date;
      /** The item's page, so the link still works. */
      readonly url: string;
    };

/** The `fetch` function; Node 20's global one unless a test or a proxy-aware one is passed in. */
export type FetchFunction = typeof fetch;

/**
 * Starts a timer and returns what cancels it: the deadline of a request runs on it, injected so a
 * test decides when a deadline passes instead of racing a real one.
 */
export type StartTimer = (callback: () => void, ms: number) => () => void;

const realTimer: StartTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

export interface GitHubClientOptions {
  /** `https://api.github.com` or `https://<host>/api/v3` (see `inferGitHubFromRemote`). */
  readonly apiBase: string;
  /** Where issue pages live when the response cannot say (failures); derived from `apiBase` when absent. */
  readonly webBase?: string;
  /** An OAuth or personal access token; without one only public repositories answer (60 requests an hour). */
  readonly token?: string;
  readonly fetch?: FetchFunction;
  /** Per request, including reading the body. Default 5000. */
  readonly timeoutMs?: number;
  readonly clock: Clock;
  /** Real timers by default. */
  readonly startTimer?: StartTimer;
}

export interface GitHubClient {
  /** `GET {apiBase}/repos/{owner}/{repo}/issues/{number}`; pull requests answer here too. */
  lookup(owner: string, repo: string, number: number, signal?: AbortSignal): Promise<LookupResult>;
}

export interface JiraClientOptions {
  /** The site, e.g. `https://acme.atlassian.net` or a Data Center base URL with its context path. */
  readonly baseUrl: string;
  /** Cloud: an API token (sent with `email` as basic auth). Data Center: a personal access token (bearer). */
  readonly token?: string;
  readonly email?: string;
  readonly fetch?: FetchFunction;
  /** Per request, including reading the body. Default 5000. */
  readonly timeoutMs?: number;
  readonly clock: Clock;
  /** Real timers by default. */
  readonly startTimer?: StartTimer;
}

export interface JiraClient {
  /** `GET {baseUrl}/rest/api/3/issue/{key}?fields=summary,status,assignee,labels`. */
  lookup(key: string, signal?: AbortSignal): Promise<LookupResult>;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** GitHub asks clients hit by a rate limit without a reset time to wait at least a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/**
 * The ports `fetch` refuses to connect to (the Fetch standard's "bad ports", as Node 20's undici
 * has them): a request there fails at once, with no code to tell it by, so it is recognised here
 * before it is made.
 */
const BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161,
  179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060,
  5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);
/** Certificate problems, as Node's TLS names them (OpenSSL's verify results, and a host name mismatch). */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A GitHub REST client for issue and pull request details. It honours rate limits: after a 403 or
 * 429 that says the limit is spent (`x-ratelimit-remaining: 0` with `x-ratelimit-reset`, or
 * `retry-after`), and after a success that used the last request, every lookup answers
 * `rate-limited` without calling GitHub until the reset, because calling again only extends a
 * secondary limit.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const apiBase = options.apiBase.replace(/\/+$/, '');
  const webBase = (options.webBase ?? webBaseOf(apiBase)).replace(/\/+$/, '');
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
  };
  if (options.token !== undefined && options.token !== '') {
    headers.Authorization = `Bearer ${options.token}`;
  }
  const limiter = new RateLimitGate(options.clock);
  return {
    async lookup(owner, repo, number, signal): Promise<LookupResult> {
      const id = `${owner}/${repo}#${number}`;
      const path = `${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
      const url = `${webBase}/${path}/issues/${number}`;
      if (!Number.isSafeInteger(number) || number < 1) {
        return { ok: false, reason: 'not-found', message: `${id} is not an issue number.`, url };
      }
      const blocked = limiter.check(url, 'GitHub');
      if (blocked !== undefined) {
        return blocked;
      }
      const response = await request(`${apiBase}/repos/${path}/issues/${number}`, headers, options, signal, url, 'GitHub');
      if (!response.ok) {
        return response.failure;
      }
      const { status, headers: answer, body } = response;
      const now = options.clock();
      if (status === 200) {
        if (answer.get('x-ratelimit-remaining') === '0') {
          limiter.block(resetTime(answer, now) ?? new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS), url, 'GitHub');
        }
        const details = gitHubDetails(body, id, url, now);
        return details === undefined ? malformed(url, 'GitHub') : { ok: true, details };
      }
      const limitedUntil = status === 403 || status === 429 ? rateLimitUntil(answer, now, status === 429) : undefined;
      if (limitedUntil !== undefined) {
        return limiter.block(limitedUntil, url, 'GitHub');
      }
      return statusFailure(status, url, 'GitHub', id, options.token !== undefined && options.token !== '');
    },
  };
}

/**
 * A Jira REST client (Cloud with email and API token, Data Center with a personal access token)
 * for summary, status, assignee and labels. A 429 with `Retry-After` (or `X-RateLimit-Reset`) holds
 * further lookups until then, as Atlassian asks.
 */
export function createJiraClient(options: JiraClientOptions): JiraClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token !== undefined && options.token !== '') {
    headers.Authorization =
      options.email !== undefined && options.email !== ''
        ? `Basic ${Buffer.from(`${options.email}:${options.token}`, 'utf8').toString('base64')}`
        : `Bearer ${options.token}`;
  }
  const limiter = new RateLimitGate(options.clock);
  return {
    async lookup(key, signal): Promise<LookupResult> {
      const url = `${baseUrl}/browse/${encodeURIComponent(key)}`;
      const blocked = limiter.check(url, 'Jira');
      if (blocked !== undefined) {
        return blocked;
      }
      const endpoint = `${baseUrl}/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary,status,assignee,labels`;
      const response = await request(endpoint, headers, options, signal, url, 'Jira');
      if (!response.ok) {
        return response.failure;
      }
      const { status, headers: answer, body } = response;
      const now = options.clock();
      if (status === 200) {
        const details = jiraDetails(body, key, url, now);
        return details === undefined ? malformed(url, 'Jira') : { ok: true, details };
      }
      if (status === 429 || (status === 503 && answer.has('retry-after'))) {
        return limiter.block(rateLimitUntil(answer, now, true) ?? new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS), url, 'Jira');
      }
      return statusFailure(status, url, 'Jira', key, options.token !== undefined && options.token !== '');
    },
  };
}

/** Remembers until when a tracker asked not to be called. */
class RateLimitGate {
  private until: Date | undefined;

  constructor(private readonly clock: Clock) {}

  /**
   * Holds lookups until `until` (or a later time already held) and answers the lookup that was
   * refused: `rate-limited` even when the tracker's window is already over (`Retry-After: 0`), since
   * this answer did not carry the item.
   */
  block(until: Date, url: string, tracker: string): LookupResult {
    if (this.until === undefined || until > this.until) {
      this.until = until;
    }
    return limited(this.until, url, tracker);
  }

  check(url: string, tracker: string): LookupResult | undefined {
    if (this.until === undefined) {
      return undefined;
    }
    if (this.clock() >= this.until) {
      this.until = undefined;
      return undefined;
    }
    return limited(this.until, url, tracker);
  }
}

function limited(until: Date, url: string, tracker: string): LookupResult {
  return { ok: false, reason: 'rate-limited', message: `${tracker} rate limit reached; details resume at ${until.toISOString()}.`, retryAfter: until, url };
}

type Answer =
  | { readonly ok: true; readonly status: number; readonly headers: Headers; readonly body: unknown }
  | { readonly ok: false; readonly failure: LookupResult };

/**
 * One GET with a deadline. Transport trouble becomes a failure result; only the caller's own
 * cancellation throws (CancelledError), since that is not something to report.
 */
async function request(
  endpoint: string,
  headers: Record<string, string>,
  options: { readonly fetch?: FetchFunction; readonly timeoutMs?: number; readonly startTimer?: StartTimer },
  signal: AbortSignal | undefined,
  url: string,
  tracker: string,
): Promise<Answer> {
  if (signal?.aborted) {
    throw new CancelledError();
  }
  const refused = refusedPort(endpoint, tracker, url);
  if (refused !== undefined) {
    return { ok: false, failure: refused };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const cancelTimer = (options.startTimer ?? realTimer)(() => deadline.abort(), timeoutMs);
  const combined = signal === undefined ? deadline.signal : AbortSignal.any([deadline.signal, signal]);
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(endpoint, { method: 'GET', headers, signal: combined, redirect: 'follow' });
    // Only a success's body is read: error bodies are not needed, and are drained by cancelling them.
    let body: unknown;
    if (response.status === 200) {
      try {
        body = await response.json();
      } catch (error) {
        if (combined.aborted) {
          throw error;
        }
        return { ok: false, failure: malformed(url, tracker) };
      }
    } else {
      await response.body?.cancel().catch(() => undefined);
    }
    return { ok: true, status: response.status, headers: response.headers, body };
  } catch (error) {
    if (signal?.aborted) {
      throw new CancelledError();
    }
    if (deadline.signal.aborted) {
      return { ok: false, failure: { ok: false, reason: 'timeout', message: `${tracker} did not answer within ${timeoutMs} ms.`, url } };
    }
    return { ok: false, failure: transportFailure(error, endpoint, tracker, url) };
  } finally {
    cancelTimer();
  }
}

/** A request `fetch` would refuse without trying: to one of its {@link BAD_PORTS}. */
function refusedPort(endpoint: string, tracker: string, url: string): LookupResult | undefined {
  let port: number;
  try {
    port = Number(new URL(endpoint).port);
  } catch {
    return undefined;
  }
  return BAD_PORTS.has(port)
    ? { ok: false, reason: 'error', message: `fetch refuses port ${port} (a port browsers and Node block for safety); serve ${tracker} on another port.`, url }
    : undefined;
}

/**
 * Why the connection failed, named: undici reports the system or TLS error as the `cause` of its
 * `TypeError`, and that error's `code` is the typed part. Name lookups, refused, reset and
 * unreachable connections are `offline` (the next attempt may work), a connect timeout is `timeout`,
 * certificate and handshake problems `error`.
 */
function transportFailure(error: unknown, endpoint: string, tracker: string, url: string): LookupResult {
  const { code, detail } = errorCause(error);
  const host = hostOf(endpoint);
  const failure = (reason: LookupFailureReason, message: string): LookupResult => ({ ok: false, reason, message, url });
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return failure('offline', `${tracker} cannot be reached: ${host} cannot be looked up (offline, or a mistyped address?).`);
    case 'ECONNREFUSED':
      return failure('offline', `${tracker} cannot be reached: ${host} refused the connection (nothing listens there?).`);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return failure('offline', `${tracker} cannot be reached: ${host} closed the connection before answering.`);
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return failure('offline', `${tracker} cannot be reached: no network route to ${host} (offline?).`);
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return failure('timeout', `${tracker} cannot be reached: connecting to ${host} timed out.`);
  }
  if (code !== undefined && CERTIFICATE_CODES.has(code)) {
    return failure('error', `${tracker}'s TLS certificate is not trusted (${code}); for a private certificate authority, set NODE_EXTRA_CA_CERTS.`);
  }
  if (code !== undefined && /^ERR_(SSL|TLS)_|^EPROTO$/.test(code)) {
    return failure('error', `The TLS handshake with ${host} failed (${code}); is ${tracker} served over https there?`);
  }
  return failure('error', `The request to ${tracker} failed${code !== undefined ? ` (${code})` : detail !== undefined ? `: ${detail}` : ''}.`);
}

/** The innermost `code` in an error's `cause` chain, else the message of the innermost cause. */
function errorCause(error: unknown): { code?: string; detail?: string } {
  let code: string | undefined;
  let detail: string | undefined;
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const own = (current as { code?: unknown }).code;
    if (typeof own === 'string') {
      code = own;
    }
    if (depth > 0 && current.message !== '') {
      detail = current.message;
    }
    current = current.cause;
  }
  return { ...(code !== undefined && { code }), ...(detail !== undefined && { detail }) };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

function statusFailure(status: number, url: string, tracker: string, id: string, withToken: boolean): LookupResult {
  switch (status) {
    case 401:
      return {
        ok: false,
        reason: 'unauthorized',
        message: withToken ? `${tracker} rejected the sign-in; sign in again.` : `Sign in to ${tracker} to see details.`,
        url,
      };
    case 403:
      return { ok: false, reason: 'forbidden', message: `No permission to read ${id} on ${tracker}.`, url };
    case 404:
    case 410:
      // Both trackers also answer 404 for items the user may not see, so the message says so.
      return { ok: false, reason: 'not-found', message: `${id} was not found on ${tracker}, or is not visible to this account.`, url };
    default:
      return { ok: false, reason: 'error', message: `${tracker} answered HTTP ${status}.`, url };
  }
}

function malformed(url: string, tracker: string): LookupResult {
  return { ok: false, reason: 'error', message: `${tracker} sent an answer Debt Lens does not understand.`, url };
}

/**
 * The end of a rate-limit window from the headers, or `undefined` when they do not describe one.
 * `retry-after` is seconds (or an HTTP date); `x-ratelimit-reset` is epoch seconds (GitHub) or an
 * ISO timestamp (Jira). A 403 is a rate limit only when `x-ratelimit-remaining` is `0` or
 * `retry-after` is present (otherwise it is a permission problem); a 429 always is.
 */
function rateLimitUntil(headers: Headers, now: Date, always: boolean): Date | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) {
      return new Date(now.getTime() + seconds * 1000);
    }
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) {
      return new Date(Math.max(date, now.getTime()));
    }
  }
  if (headers.get('x-ratelimit-remaining') !== '0' && !always) {
    return undefined;
  }
  return resetTime(headers, now) ?? new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS);
}

function resetTime(headers: Headers, now: Date): Date | undefined {
  const reset = headers.get('x-ratelimit-reset');
  if (reset === null || reset.trim() === '') {
    return undefined;
  }
  const seconds = Number(reset);
  const at = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(reset);
  return Number.isNaN(at) ? undefined : new Date(Math.max(at, now.getTime()));
}

function gitHubDetails(body: unknown, id: string, fallbackUrl: string, fetchedAt: Date): BacklogItemDetails | undefined {
  if (!isRecord(body) || typeof body.title !== 'string' || typeof body.state !== 'string') {
    return undefined;
  }
  const labels = Array.isArray(body.labels)
    ? body.labels.flatMap((label: unknown) => (typeof label === 'string' ? [label] : isRecord(label) && typeof label.name === 'string' ? [label.name] : []))
    : [];
  const assignee = isRecord(body.assignee) && typeof body.assignee.login === 'string' ? body.assignee.login : null;
  return {
    id,
    title: body.title,
    state: body.state,
    labels,
    assignee,
    url: typeof body.html_url === 'string' && /^https?:\/\//.test(body.html_url) ? body.html_url : fallbackUrl,
    isPullRequest: isRecord(body.pull_request),
    fetchedAt,
  };
}

function jiraDetails(body: unknown, key: string, url: string, fetchedAt: Date): BacklogItemDetails | undefined {
  if (!isRecord(body) || !isRecord(body.fields)) {
    return undefined;
  }
  const { fields } = body;
  const title = fields.summary;
  if (typeof title !== 'string') {
    return undefined;
  }
  const state = isRecord(fields.status) && typeof fields.status.name === 'string' ? fields.status.name : undefined;
  if (state === undefined) {
    return undefined;
  }
  const assignee = isRecord(fields.assignee) && typeof fields.assignee.displayName === 'string' ? fields.assignee.displayName : null;
  const labels = Array.isArray(fields.labels) ? fields.labels.filter((label: unknown): label is string => typeof label === 'string') : [];
  // The response's `key` is canonical (a moved issue answers under its new key).
  const id = typeof body.key === 'string' ? body.key : key;
  return { id, title, state, labels, assignee, url, fetchedAt };
}

/** `https://api.github.com` → `https://github.com`; `https://host/api/v3` → `https://host`; `api.x.ghe.com` → `x.ghe.com`. */
function webBaseOf(apiBase: string): string {
  try {
    const url = new URL(apiBase);
    if (url.hostname === 'api.github.com') {
      return 'https://github.com';
    }
    if (url.hostname.startsWith('api.') && url.hostname.endsWith('.ghe.com')) {
      return `${url.protocol}//${url.host.slice('api.'.length)}`;
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api\/v3$/, '')}`;
  } catch {
    return apiBase;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
