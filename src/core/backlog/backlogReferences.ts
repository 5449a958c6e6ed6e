/** A reference to a backlog item found in text (a commit message, a debt entry). */
export interface BacklogReference {
  readonly kind: 'jira' | 'github' | 'azure' | 'linear' | 'url';
  /**
   * Canonical, and the identity used to deduplicate and count: `PROJ-12` (Jira, Linear), `#45` (an
   * issue of the repository itself), `owner/repo#45`, `AB#12` (Azure Boards); for `url`, the URL.
   */
  readonly id: string;
  /** Present when the reference was written as a URL. */
  readonly url?: string;
}

export interface BacklogParseOptions {
  /**
   * Uppercase project keys whose `KEY-123` tokens are references (configured, or found by
   * {@link discoverProjectKeys}). Other `ABC-123` tokens are ignored: most are not tickets
   * (`UTF-8`, `SHA-256`).
   */
  readonly projectKeys: ReadonlySet<string>;
  /** Which tracker `KEY-123` keys belong to; `jira` by default. */
  readonly keyTracker?: 'jira' | 'linear';
}

export interface KeyDiscoveryOptions {
  /** A key used with at least this many distinct numbers is accepted; default 2. */
  readonly minDistinctNumbers?: number;
  /** Keys never accepted, added to {@link DEFAULT_KEY_DENYLIST}. */
  readonly denylist?: Iterable<string>;
}

/**
 * Tokens shaped like `ABC-123` that name standards, algorithms, platforms and versions rather than
 * tickets. Discovery never accepts them, however often they appear; a configured key still wins.
 */
export const DEFAULT_KEY_DENYLIST: ReadonlySet<string> = new Set([
  'UTF', 'UCS', 'ISO', 'IEC', 'IEEE', 'ECMA', 'ES', 'RFC', 'BCP', 'PEP', 'JSR', 'JEP', 'KB', 'MS',
  'SHA', 'MD', 'AES', 'DES', 'RSA', 'DSA', 'ECDSA', 'HMAC', 'CRC', 'TLS', 'SSL', 'HTTP', 'HTTPS', 'BASE',
  'CVE', 'CWE', 'GHSA', 'OWASP', 'COVID', 'SARS',
  'WIN', 'WIN32', 'WIN64', 'X86', 'X64', 'AMD', 'AMD64', 'ARM', 'ARM64', 'AARCH', 'IA', 'I386', 'I686', 'RISCV', 'MIPS', 'PPC',
  'IPV', 'IP', 'TCP', 'UDP', 'CP', 'WINDOWS', 'LATIN', 'KOI', 'EUC', 'GB', 'BIG', 'ASCII', 'ANSI', 'EBCDIC',
  'GPL', 'LGPL', 'AGPL', 'BSD', 'MIT', 'MPL', 'APACHE', 'CC', 'EPL',
  'NODE', 'PY', 'PYTHON', 'PHP', 'JAVA', 'JDK', 'JRE', 'GCC', 'LLVM', 'CLANG', 'MSVC', 'IE', 'ECMASCRIPT',
  'HTML', 'CSS', 'XML', 'JSON', 'YAML', 'UTC', 'GMT', 'PR', 'MR', 'GH', 'AB',
]);

const ISSUE_NUMBER = '[1-9]\\d{0,8}';
const KEY_TOKEN = new RegExp(`(?<![\\w-])([A-Z][A-Z0-9_]{1,9})-(${ISSUE_NUMBER})(?![\\w])`, 'g');
const URL_TOKEN = /\bhttps?:\/\/[^\s<>"'`]+/g;
const AZURE_TOKEN = new RegExp(`(?<![\\w#])AB#(${ISSUE_NUMBER})(?!\\w)`, 'g');
const GITHUB_REPO_TOKEN = new RegExp(`(?<![\\w/.-])([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})#(${ISSUE_NUMBER})(?!\\w)`, 'g');
const GH_TOKEN = new RegExp(`(?<![\\w-])GH-(${ISSUE_NUMBER})(?!\\w)`, 'g');
/**
 * `#123` alone. Not after a word character, `&` (HTML entity `&#123;`), `/` or `#`; a leading zero
 * never starts an issue number (`#000`, `#0a0` are colours), and a letter or `-` after the digits
 * makes it something else (`#123abc`, `#1-2`).
 */
const HASH_TOKEN = new RegExp(`(?<![\\w&/#])#(${ISSUE_NUMBER})(?![\\w-])`, 'g');
/** `color: #123456` and the like: a CSS colour made of digits only. */
const CSS_COLOUR_CONTEXT = /(?:colou?r|background(?:-color)?|border(?:-[a-z]+)?|fill|stroke|outline(?:-color)?|shadow)\s*[:=]\s*$/i;
const TRAILING_URL_PUNCTUATION = /[).,;:!?\]}>*_]+$/;

interface Found {
  readonly at: number;
  readonly reference: BacklogReference;
}

/**
 * Finds the backlog references in one text, deduplicated by `id` and in order of first appearance.
 *
 * Precedence, so one mention yields one reference: full URLs first (their `#fragment` and path keys
 * are not read again), then `AB#12` (not also `#12`), `owner/repo#45` (not also `#45`), `GH-12`
 * (always GitHub, even if `GH` is a project key), `KEY-12` for the given project keys, and last
 * `#12`. URLs recognised: GitHub issues and pull requests (id `owner/repo#N`), Jira `/browse/KEY-N`
 * on any host, Linear `linear.app/<team>/issue/KEY-N`, Azure DevOps `_workitems/edit/N` (id `AB#N`),
 * and GitLab-style `/-/issues/N` or `/issues/N` on other hosts (kind `url`, id the URL). Other links
 * are not backlog items and are ignored.
 */
export function parseBacklogReferences(text: string, options: BacklogParseOptions): BacklogReference[] {
  const found: Found[] = [];
  let rest = text;
  /** Records what `make` accepts and blanks it (same length, so offsets hold) for the later patterns. */
  const take = (pattern: RegExp, make: (match: RegExpExecArray, scanned: string) => BacklogReference | undefined, blankAll = false): void => {
    let out = '';
    let last = 0;
    for (const match of rest.matchAll(pattern)) {
      const reference = make(match, rest);
      if (reference !== undefined) {
        found.push({ at: match.index, reference });
      } else if (!blankAll) {
        continue;
      }
      out += rest.slice(last, match.index) + ' '.repeat(match[0].length);
      last = match.index + match[0].length;
    }
    rest = out + rest.slice(last);
  };

  // Every link is blanked, recognised or not: a `#123` fragment or a key in a wiki path is not a mention.
  take(URL_TOKEN, (match) => referenceFromUrl(match[0].replace(TRAILING_URL_PUNCTUATION, '')), true);
  take(AZURE_TOKEN, (match) => ({ kind: 'azure', id: `AB#${match[1]}` }));
  take(GITHUB_REPO_TOKEN, (match) => ({ kind: 'github', id: `${match[1]}/${match[2]}#${match[3]}` }));
  take(GH_TOKEN, (match) => ({ kind: 'github', id: `#${match[1]}` }));
  const keyKind = options.keyTracker ?? 'jira';
  take(KEY_TOKEN, (match) => (options.projectKeys.has(match[1]!) ? { kind: keyKind, id: `${match[1]}-${match[2]}` } : undefined));
  take(HASH_TOKEN, (match, scanned) =>
    CSS_COLOUR_CONTEXT.test(scanned.slice(Math.max(0, match.index - 40), match.index)) ? undefined : { kind: 'github', id: `#${match[1]}` },
  );

  found.sort((x, y) => x.at - y.at);
  const byId = new Map<string, BacklogReference>();
  for (const { reference } of found) {
    const seen = byId.get(reference.id);
    if (seen === undefined) {
      byId.set(reference.id, reference);
    } else if (seen.url === undefined && reference.url !== undefined) {
      byId.set(reference.id, { ...seen, url: reference.url }); // keep the first position, gain the link
    }
  }
  return [...byId.values()];
}

/**
 * Guesses the project keys a repository's messages use, so `PROJ-12` can be recognised without
 * configuration. A key (2–10 characters: an uppercase letter, then uppercase letters, digits or `_`)
 * is accepted when it is not in the denylist and any of these holds:
 * - it appears where tickets are written: at the start of a subject (`PROJ-12: …`, `[PROJ-12] …`,
 *   `(PROJ-12) …`, also after a conventional-commit prefix such as `fix: ` or `feat(ui): `), in
 *   brackets anywhere (`… [PROJ-12]`), or in a branch name of a merge message
 *   (`Merge branch 'feature/PROJ-12-login'`, `Merge pull request #3 from me/PROJ-12-x`); or
 * - it is used with at least `minDistinctNumbers` (2) distinct numbers across the messages; or
 * - it is the key of a Jira `/browse/KEY-N` or Linear issue link.
 *
 * The first two rules only consider keys written in uppercase as `KEY-N` somewhere in the messages
 * (a lowercase branch `release-1` alone never makes `RELEASE` a key).
 *
 * The second rule alone would take `UTF-8`/`UTF-16` or `ISO-8859`/`ISO-8601`: the denylist
 * ({@link DEFAULT_KEY_DENYLIST} plus `options.denylist`) removes such technical tokens, and numbers
 * with a leading zero never count. Returns the keys in alphabetical order.
 */
export function discoverProjectKeys(messages: Iterable<string>, options: KeyDiscoveryOptions = {}): Set<string> {
  const minDistinct = options.minDistinctNumbers ?? 2;
  const denied = new Set(DEFAULT_KEY_DENYLIST);
  for (const key of options.denylist ?? []) {
    denied.add(key.toUpperCase());
  }
  const numbers = new Map<string, Set<string>>();
  const strong = new Set<string>();
  const linked = new Set<string>();
  for (const message of messages) {
    for (const url of message.matchAll(URL_TOKEN)) {
      const reference = referenceFromUrl(url[0].replace(TRAILING_URL_PUNCTUATION, ''));
      if (reference !== undefined && (reference.kind === 'jira' || reference.kind === 'linear')) {
        linked.add(reference.id.slice(0, reference.id.lastIndexOf('-')));
      }
    }
    const text = message.replace(URL_TOKEN, ' ');
    for (const match of text.matchAll(KEY_TOKEN)) {
      const key = match[1]!;
      if (denied.has(key)) {
        continue;
      }
      let seen = numbers.get(key);
      if (seen === undefined) {
        seen = new Set();
        numbers.set(key, seen);
      }
      seen.add(match[2]!);
    }
    for (const key of keysInTicketPositions(text)) {
      if (!denied.has(key)) {
        strong.add(key);
      }
    }
  }
  const keys = [...numbers].filter(([key, seen]) => strong.has(key) || seen.size >= minDistinct).map(([key]) => key);
  for (const key of linked) {
    if (!denied.has(key)) {
      keys.push(key);
    }
  }
  return new Set([...new Set(keys)].sort());
}

const SUBJECT_KEY = /^\s*(?:[a-z]+(?:\([^)]*\))?!?:\s*)?[[(]?([A-Z][A-Z0-9_]{1,9})-[1-9]\d*(?:[\])]|:|\s|$)/;
const BRACKETED_KEY = /\[([A-Z][A-Z0-9_]{1,9})-[1-9]\d*\]/g;
const MERGE_BRANCH = /^Merge (?:branch|remote-tracking branch|pull request #\d+ from) '?([^\s']+)/;
const BRANCH_KEY = /(?:^|[/_-])([A-Z][A-Z0-9_]{1,9})-[1-9]\d*(?![\d])/i;

function keysInTicketPositions(text: string): string[] {
  const keys: string[] = [];
  const subject = text.split('\n', 1)[0] ?? '';
  const atStart = SUBJECT_KEY.exec(subject);
  if (atStart !== null) {
    keys.push(atStart[1]!);
  }
  for (const match of text.matchAll(BRACKETED_KEY)) {
    keys.push(match[1]!);
  }
  const branch = MERGE_BRANCH.exec(subject);
  if (branch !== null) {
    const inBranch = BRANCH_KEY.exec(branch[1]!);
    // Branch names are often lowercase (`feature/proj-12-x`); the key itself is uppercase.
    if (inBranch !== null) {
      keys.push(inBranch[1]!.toUpperCase());
    }
  }
  return keys;
}

function referenceFromUrl(url: string): BacklogReference | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '').map(decodeSegment);
  if (host === 'github.com' || host === 'www.github.com') {
    const [owner, repo, type, number] = segments;
    if (owner !== undefined && repo !== undefined && (type === 'issues' || type === 'pull') && isIssueNumber(number)) {
      return { kind: 'github', id: `${owner}/${repo}#${number}`, url };
    }
    return undefined;
  }
  if (host === 'linear.app') {
    const [, type, key] = segments;
    if (type === 'issue' && key !== undefined && /^[A-Z][A-Z0-9_]{1,9}-[1-9]\d*$/.test(key)) {
      return { kind: 'linear', id: key, url };
    }
    return undefined;
  }
  const browse = segments.indexOf('browse');
  if (browse !== -1) {
    const key = segments[browse + 1];
    if (key !== undefined && /^[A-Z][A-Z0-9_]{1,9}-[1-9]\d*$/.test(key)) {
      return { kind: 'jira', id: key, url };
    }
  }
  const workItems = segments.indexOf('_workitems');
  if (workItems !== -1) {
    const number = segments[workItems + 1] === 'edit' ? segments[workItems + 2] : undefined;
    if (isIssueNumber(number)) {
      return { kind: 'azure', id: `AB#${number}`, url };
    }
    return undefined;
  }
  const issues = segments.lastIndexOf('issues');
  if (issues !== -1 && issues === segments.length - 2 && isIssueNumber(segments[issues + 1])) {
    return { kind: 'url', id: url, url };
  }
  return undefined;
}

function isIssueNumber(text: string | undefined): text is string {
  return text !== undefined && /^[1-9]\d{0,8}$/.test(text);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
