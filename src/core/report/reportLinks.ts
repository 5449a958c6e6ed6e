import * as path from 'node:path';
import type { InferredGitHub } from '../backlog/trackerConfig';
import { inferGitHubFromRemote } from '../backlog/trackerConfig';
import { loadTrackerSettings, resolveBacklogLinks, resolveGitHub } from '../backlog/trackerSettings';
import { originRemoteUrl } from '../history/repositoryInfo';

/** How a report names the repository and links its tickets and files, when the remote tells. */
export interface ReportLinks {
  /** `owner/repo` from the remote, else the remote's last path segment, else the folder's name: never a local path. */
  readonly repositoryName: string;
  /** The ticket's page; null when no tracker setting or remote links it. */
  ticket(id: string): string | null;
  /** The file's page at the scanned commit; null unless the remote is GitHub. */
  file(file: string): string | null;
}

/**
 * Links for a report of `root` at `head`: tickets as `debt show` links them (config.yml's trackers,
 * GitHub from `origin`), with the Jira/Linear keys the report's own ids use; files on GitHub.
 */
export async function readReportLinks(root: string, head: string, ledgerFolder: string | undefined, ticketIds: readonly string[]): Promise<ReportLinks> {
  const { settings } = await loadTrackerSettings(root, ledgerFolder);
  const origin = await originRemoteUrl(root).catch(() => undefined);
  const keys = ticketIds.flatMap((id) => /^([A-Z][A-Z0-9_]+)-\d+$/.exec(id)?.[1] ?? []);
  const withKeys = { ...settings, projectKeys: [...new Set([...settings.projectKeys, ...keys])] };
  return createReportLinks({ root, head, origin, github: resolveGitHub(withKeys, origin), ticketUrl: (id) => resolveBacklogLinks([id], withKeys, resolveGitHub(withKeys, origin))[0]?.url ?? null });
}

/** The links from what was read: pure, for tests and for callers that know the remote already. */
export function createReportLinks(input: { root: string; head: string; origin: string | undefined; github: InferredGitHub | undefined; ticketUrl: (id: string) => string | null }): ReportLinks {
  const github = input.github ?? (input.origin === undefined ? undefined : inferGitHubFromRemote(input.origin));
  // A remote on a host (`https://…`, `git@host:…`) names the project; a local path would only name a folder on this machine.
  const hosted = input.origin !== undefined && /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+\/|[^/@\s]+@[^/:\s]+:)/i.test(input.origin) && !/^file:/i.test(input.origin);
  const fromRemote = hosted ? /([^/:]+?)(?:\.git)?\/?$/.exec(input.origin ?? '')?.[1] : undefined;
  return {
    repositoryName: github ? `${github.owner}/${github.repo}` : (fromRemote ?? path.basename(input.root)),
    ticket: (id) => httpOnly(input.ticketUrl(id)),
    file: (file) =>
      github ? `${github.webBase}/${encodeURIComponent(github.owner)}/${encodeURIComponent(github.repo)}/blob/${encodeURIComponent(input.head)}/${file.split('/').map(encodeURIComponent).join('/')}` : null,
  };
}

/** Only web pages are linked: a `javascript:` or `file:` URL from a setting never reaches a report. */
function httpOnly(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url) ? url : null;
}
