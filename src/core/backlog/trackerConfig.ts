import type { BacklogReference } from './backlogReferences';

/** The tracker families Debt Lens knows how to link (and, for GitHub and Jira, to query). */
export type TrackerKind = 'github' | 'jira' | 'azure' | 'linear' | 'custom';

/**
 * One configured tracker, as the user writes it in the settings. Configuration rather than code, so
 * a team on a self-hosted Jira, an Azure DevOps organisation or a home-grown tracker gets working
 * links without a release.
 */
export interface TrackerConfig {
  /** Shown in the UI and used to tell custom references apart. */
  readonly name: string;
  readonly kind: TrackerKind;
  /**
   * A JavaScript regular expression. For `custom` trackers it finds the ids in text (`{id}` is the
   * group named `id`, else the first capture group, else the whole match; other named groups become
   * placeholders too). For the other
   * kinds it restricts which references the tracker links (tried on the whole id, e.g. `^PROJ-`), so
   * two Jira sites can serve different project keys.
   */
  readonly pattern?: string;
  /**
   * Where an item opens, with placeholders: `{id}` always; `{number}`, `{owner}`, `{repo}` for
   * GitHub; `{key}`, `{project}`, `{number}` for Jira and Linear; `{number}` for Azure Boards.
   * Values are URL-encoded before substitution, so an id can never change the URL's structure.
   */
  readonly urlTemplate: string;
  /** The API base for live details (Jira site such as `https://acme.atlassian.net`, GitHub API base). */
  readonly baseUrl?: string;
}

/** The GitHub repository behind the `origin` remote, and where its web pages and REST API live. */
export interface InferredGitHub {
  readonly owner: string;
  readonly repo: string;
  /** `https://github.com`, or the Enterprise host such as `https://github.acme.com`. */
  readonly webBase: string;
  /** `https://api.github.com`, `https://api.<sub>.ghe.com`, or `https://<host>/api/v3` for GitHub Enterprise Server. */
  readonly apiBase: string;
}

export interface InferGitHubOptions {
  /**
   * Hosts known to run GitHub Enterprise Server. A remote's host alone cannot tell GitHub from GitLab
   * or Bitbucket, so besides `github.com`, `*.ghe.com` and hosts whose first label is `github`
   * (`github.acme.com`), only these are taken as GitHub.
   */
  readonly enterpriseHosts?: Iterable<string>;
}

/** A reference found by a `custom` tracker's pattern; {@link BacklogReference} has no kind for these. */
export interface CustomReference {
  readonly kind: 'custom';
  /** The {@link TrackerConfig.name} of the tracker whose pattern matched. */
  readonly tracker: string;
  readonly id: string;
  /** Named groups of the match, available as template placeholders. */
  readonly groups: Readonly<Record<string, string>>;
}

/** A tracker's `pattern` is not a valid regular expression (a settings mistake to show the user). */
export class InvalidTrackerPatternError extends Error {
  override readonly name = 'InvalidTrackerPatternError';
  constructor(
    readonly tracker: string,
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid pattern ${JSON.stringify(pattern)} for tracker ${JSON.stringify(tracker)}: ${reason}`);
  }
}

const SEGMENT = '[A-Za-z0-9_.-]+';
const SCP_REMOTE = new RegExp(`^(?:[^@/\\s]+@)?([A-Za-z0-9.-]+):(?!\\d+/)/?(${SEGMENT})/(${SEGMENT}?)(?:\\.git)?/?$`);

/**
 * Finds the GitHub repository of a remote URL: `https://github.com/o/r(.git)`, `git@github.com:o/r.git`,
 * `ssh://git@github.com(:port)/o/r`, `git://…`, `ssh.github.com`, and GitHub Enterprise hosts (see
 * {@link InferGitHubOptions.enterpriseHosts}). Returns `undefined` for anything else, so a GitLab
 * remote never yields GitHub links. A web remote's scheme is kept (`http://` Enterprise servers
 * exist); ssh and git remotes imply https.
 */
export function inferGitHubFromRemote(remoteUrl: string, options: InferGitHubOptions = {}): InferredGitHub | undefined {
  const text = remoteUrl.trim();
  let scheme = 'https';
  let host: string;
  let owner: string | undefined;
  let repo: string | undefined;
  const scp = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? null : SCP_REMOTE.exec(text);
  if (scp !== null) {
    [, host = '', owner, repo] = scp;
  } else {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    const protocol = url.protocol.replace(/:$/, '').toLowerCase();
    if (protocol === 'http' || protocol === 'https') {
      scheme = protocol;
    } else if (!['ssh', 'git', 'git+ssh', 'ssh+git'].includes(protocol)) {
      return undefined;
    }
    host = url.hostname;
    const segments = url.pathname.split('/').filter((segment) => segment !== '');
    if (segments.length !== 2) {
      return undefined;
    }
    [owner, repo] = segments;
  }
  repo = repo?.replace(/\.git$/i, '');
  if (owner === undefined || repo === undefined || !new RegExp(`^${SEGMENT}$`).test(owner) || !new RegExp(`^${SEGMENT}$`).test(repo)) {
    return undefined;
  }
  host = host.toLowerCase();
  if (host === 'github.com' || host === 'www.github.com' || host === 'ssh.github.com') {
    return { owner, repo, webBase: 'https://github.com', apiBase: 'https://api.github.com' };
  }
  if (host.endsWith('.ghe.com')) {
    // GitHub Enterprise Cloud with data residency: the API is a sibling host, not a path.
    const site = host.replace(/^ssh\./, '');
    return { owner, repo, webBase: `https://${site}`, apiBase: `https://api.${site}` };
  }
  const known = new Set([...(options.enterpriseHosts ?? [])].map((name) => name.toLowerCase()));
  if (known.has(host) || host.split('.')[0] === 'github') {
    return { owner, repo, webBase: `${scheme}://${host}`, apiBase: `${scheme}://${host}/api/v3` };
  }
  return undefined;
}

/**
 * The URL to open for a reference, or `undefined` when nothing configured or inferred can link it
 * (a `#12` without a GitHub `origin`, a Jira key without a Jira tracker). A reference written as a
 * URL opens that URL. Otherwise the first tracker of the matching kind (and whose `pattern`, if
 * any, matches the id) fills its template; GitHub references fall back to the inferred repository
 * (`#12`) or web base (`owner/repo#12`). Only `http:` and `https:` results are returned, so a
 * template or a stored link can never open `javascript:` or a local file.
 */
export function linkFor(
  reference: BacklogReference | CustomReference,
  trackers: readonly TrackerConfig[],
  inferred?: InferredGitHub,
): string | undefined {
  if (reference.kind !== 'custom' && reference.url !== undefined) {
    return webUrl(reference.url);
  }
  switch (reference.kind) {
    case 'url':
      return webUrl(reference.id);
    case 'custom': {
      const tracker = trackers.find((candidate) => candidate.kind === 'custom' && candidate.name === reference.tracker);
      return tracker === undefined ? undefined : fillTemplate(tracker.urlTemplate, { ...reference.groups, id: reference.id });
    }
    case 'github': {
      const match = /^(?:([^/#]+)\/([^/#]+))?#(\d+)$/.exec(reference.id);
      if (match === null) {
        return undefined;
      }
      const [, ownerInId, repoInId, number = ''] = match;
      const owner = ownerInId ?? inferred?.owner;
      const repo = repoInId ?? inferred?.repo;
      if (owner === undefined || repo === undefined) {
        return undefined;
      }
      const values = { id: number, number, owner, repo };
      const tracker = trackerFor('github', reference.id, trackers);
      if (tracker !== undefined) {
        return fillTemplate(tracker.urlTemplate, values);
      }
      return fillTemplate(`${inferred?.webBase ?? 'https://github.com'}/{owner}/{repo}/issues/{number}`, values);
    }
    case 'jira':
    case 'linear': {
      const match = /^([A-Z][A-Z0-9_]*)-(\d+)$/.exec(reference.id);
      const tracker = trackerFor(reference.kind, reference.id, trackers);
      if (match === null || tracker === undefined) {
        return undefined;
      }
      return fillTemplate(tracker.urlTemplate, { id: reference.id, key: reference.id, project: match[1]!, number: match[2]! });
    }
    case 'azure': {
      const match = /^AB#(\d+)$/.exec(reference.id);
      const tracker = trackerFor('azure', reference.id, trackers);
      if (match === null || tracker === undefined) {
        return undefined;
      }
      return fillTemplate(tracker.urlTemplate, { id: match[1]!, number: match[1]! });
    }
  }
}

/**
 * Finds the ids of the `custom` trackers in a text, in tracker order then text order, deduplicated
 * per tracker. Patterns are run with the `g` flag added; an empty match is skipped.
 *
 * @throws InvalidTrackerPatternError when a custom tracker's pattern does not compile.
 */
export function findCustomReferences(text: string, trackers: readonly TrackerConfig[]): CustomReference[] {
  const found: CustomReference[] = [];
  for (const tracker of trackers) {
    if (tracker.kind !== 'custom' || tracker.pattern === undefined || tracker.pattern === '') {
      continue;
    }
    const seen = new Set<string>();
    for (const match of text.matchAll(compile(tracker, 'g'))) {
      const id = match.groups?.id ?? match[1] ?? match[0];
      if (id === '' || seen.has(id)) {
        continue;
      }
      seen.add(id);
      const groups: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) {
        if (value !== undefined && name !== 'id') {
          groups[name] = value;
        }
      }
      found.push({ kind: 'custom', tracker: tracker.name, id, groups });
    }
  }
  return found;
}

/**
 * Replaces `{name}` placeholders with URL-encoded values. Returns `undefined` when the template
 * names a placeholder that has no value (a half-filled link would open the wrong page) or when the
 * result is not an http(s) URL.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const filled = template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      missing = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return missing ? undefined : webUrl(filled);
}

function trackerFor(kind: TrackerKind, id: string, trackers: readonly TrackerConfig[]): TrackerConfig | undefined {
  return trackers.find((tracker) => tracker.kind === kind && (tracker.pattern === undefined || tracker.pattern === '' || compile(tracker, '').test(id)));
}

function compile(tracker: TrackerConfig, flags: string): RegExp {
  try {
    return new RegExp(tracker.pattern ?? '', flags);
  } catch (error) {
    throw new InvalidTrackerPatternError(tracker.name, tracker.pattern ?? '', error instanceof Error ? error.message : String(error));
  }
}

function webUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
}
