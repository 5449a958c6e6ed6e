import type { FetchFunction, LookupResult } from './trackerClient';
import { createGitHubClient, createJiraClient } from './trackerClient';
import type { InferredGitHub } from './trackerConfig';
import { inferGitHubFromRemote } from './trackerConfig';
import type { ResolvedBacklogLink, TrackerSettings } from './trackerSettings';
import { jiraBaseUrlFor } from './trackerSettings';

/** Secrets for the trackers, from wherever the caller keeps them (environment, editor secret storage). */
export interface TrackerCredentials {
  readonly gitHubToken?: string;
  /** Jira Cloud: an API token sent with {@link jiraEmail}; Data Center: a personal access token alone. */
  readonly jiraToken?: string;
  readonly jiraEmail?: string;
}

export interface LiveBacklogLookupOptions {
  readonly settings: TrackerSettings;
  /** The repository `#12` means, from `resolveGitHub`. */
  readonly github: InferredGitHub | undefined;
  /** The `origin` remote's URL; its GitHub API host is trusted with tokens (see {@link tokenHosts}). */
  readonly originUrl: string | undefined;
  readonly credentials: TrackerCredentials;
  /** More hosts the user (never the repository) trusts with tokens, e.g. a Jira site. */
  readonly trustedHosts: readonly string[];
  readonly clock: () => Date;
  readonly fetch?: FetchFunction;
}

export interface LiveBacklogLookup {
  /** Whether a tracker client can ask about this reference (a GitHub issue in a known repository, a Jira key with a site). */
  supports(link: ResolvedBacklogLink): boolean;
  /** What the tracker says; `undefined` when no client can ask (see {@link supports}). */
  lookup(link: ResolvedBacklogLink, signal?: AbortSignal): Promise<LookupResult | undefined>;
}

const GITHUB_API = 'https://api.github.com';
const GITHUB_ISSUE = /^(?:([^/#]+)\/([^/#]+))?#(\d+)$/;

/**
 * The hosts a token may be sent to. `config.yml` is committed, so anyone who can push could point
 * its hosts elsewhere: a token goes only to GitHub's own API, to the API of the host `origin` names
 * (the user chose to clone from it), or to hosts the user lists outside the repository. Elsewhere
 * lookups go without credentials.
 */
export function tokenHosts(originUrl: string | undefined, trustedHosts: readonly string[]): Set<string> {
  const hosts = new Set([hostOf(GITHUB_API), ...trustedHosts.map((host) => host.trim().toLowerCase()).filter((host) => host !== '')]);
  const originApiBase = originUrl === undefined ? undefined : inferGitHubFromRemote(originUrl)?.apiBase;
  if (originApiBase !== undefined) {
    hosts.add(hostOf(originApiBase));
  }
  return hosts;
}

/** The REST API base GitHub lookups use: `github.apiBase`, else the one inferred from `origin`, else github.com's. */
export function gitHubApiBaseOf(settings: TrackerSettings, github: InferredGitHub | undefined): string {
  return github?.apiBase ?? settings.github.apiBase ?? GITHUB_API;
}

/**
 * Asks GitHub or Jira about backlog references, with the caller's credentials sent only to
 * {@link tokenHosts}. One client per tracker site, so a site's rate limit is honoured across lookups.
 */
export function createLiveBacklogLookup(options: LiveBacklogLookupOptions): LiveBacklogLookup {
  const { settings, github, credentials } = options;
  const trusted = tokenHosts(options.originUrl, options.trustedHosts);
  const trustedFor = (base: string, secret: string | undefined): string | undefined => (secret !== undefined && secret !== '' && trusted.has(hostOf(base)) ? secret : undefined);
  const gitHubApiBase = gitHubApiBaseOf(settings, github);
  const gitHubToken = trustedFor(gitHubApiBase, credentials.gitHubToken);
  const gitHubClient = createGitHubClient({
    apiBase: gitHubApiBase,
    webBase: github?.webBase ?? 'https://github.com',
    ...(gitHubToken !== undefined && { token: gitHubToken }),
    ...(options.fetch !== undefined && { fetch: options.fetch }),
    clock: options.clock,
  });
  const jiraClients = new Map<string, ReturnType<typeof createJiraClient>>();
  const jiraClient = (baseUrl: string): ReturnType<typeof createJiraClient> => {
    let client = jiraClients.get(baseUrl);
    if (client === undefined) {
      const token = trustedFor(baseUrl, credentials.jiraToken);
      const email = token === undefined || credentials.jiraEmail === undefined || credentials.jiraEmail === '' ? undefined : credentials.jiraEmail;
      client = createJiraClient({
        baseUrl,
        ...(token !== undefined && { token }),
        ...(email !== undefined && { email }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
        clock: options.clock,
      });
      jiraClients.set(baseUrl, client);
    }
    return client;
  };
  const gitHubIssue = (id: string): { owner: string; repo: string; number: number } | undefined => {
    const match = GITHUB_ISSUE.exec(id);
    const owner = match?.[1] ?? github?.owner;
    const repo = match?.[2] ?? github?.repo;
    return match === null || owner === undefined || repo === undefined ? undefined : { owner, repo, number: Number(match[3]) };
  };
  const target = ({ reference }: ResolvedBacklogLink): { kind: 'github'; owner: string; repo: string; number: number } | { kind: 'jira'; key: string; baseUrl: string } | undefined => {
    if (reference?.kind === 'github') {
      const issue = gitHubIssue(reference.id);
      return issue === undefined ? undefined : { kind: 'github', ...issue };
    }
    if (reference?.kind === 'jira') {
      const baseUrl = jiraBaseUrlFor(reference.id, settings);
      return baseUrl === undefined ? undefined : { kind: 'jira', key: reference.id, baseUrl };
    }
    return undefined;
  };
  return {
    supports: (link) => target(link) !== undefined,
    async lookup(link, signal) {
      const found = target(link);
      if (found === undefined) {
        return undefined;
      }
      return found.kind === 'github' ? gitHubClient.lookup(found.owner, found.repo, found.number, signal) : jiraClient(found.baseUrl).lookup(found.key, signal);
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
