import type { TrackerCredentials } from '../core/backlog/liveBacklogLookup';

/** What the CLI may send to trackers, and where. */
export interface TrackerAccess {
  readonly credentials: TrackerCredentials;
  /** Hosts trusted with a token beyond those the tracker settings name (`DEBT_LENS_TRUSTED_HOSTS`). */
  readonly trustedHosts: readonly string[];
}

/**
 * The CLI's tracker tokens come from the environment only: `GITHUB_TOKEN` or `GH_TOKEN`;
 * `JIRA_TOKEN` with `JIRA_EMAIL` for Jira Cloud. Blank values count as unset.
 */
export function trackerAccessFromEnv(env: NodeJS.ProcessEnv): TrackerAccess {
  const token = (name: string): string | undefined => env[name]?.trim() || undefined;
  const gitHubToken = token('GITHUB_TOKEN') ?? token('GH_TOKEN');
  const jiraToken = token('JIRA_TOKEN');
  const jiraEmail = token('JIRA_EMAIL');
  return {
    credentials: { ...(gitHubToken !== undefined && { gitHubToken }), ...(jiraToken !== undefined && { jiraToken }), ...(jiraEmail !== undefined && { jiraEmail }) },
    trustedHosts: (env.DEBT_LENS_TRUSTED_HOSTS ?? '').split(','),
  };
}
