import type { BacklogItemDetails, LookupResult } from '../../core/backlog/trackerClient';
import { createLiveBacklogLookup } from '../../core/backlog/liveBacklogLookup';
import { readProjectKeys } from '../../core/backlog/projectKeys';
import type { InferredGitHub } from '../../core/backlog/trackerConfig';
import type { ResolvedBacklogLink, TrackerSettings } from '../../core/backlog/trackerSettings';
import { loadTrackerSettings, resolveBacklogLinks, resolveGitHub } from '../../core/backlog/trackerSettings';
import { originRemoteUrl } from '../../core/history/repositoryInfo';
import type { LedgerStore } from '../../core/ledger/ledgerStore';
import type { DebtIo } from './debtIo';
import { reportDiagnostics } from './debtIo';
import { trackerAccessFromEnv } from '../trackerAccess';

/** A backlog reference with its link and, for `--live`, what its tracker says or why it could not. */
export interface BacklogLine {
  readonly ref: string;
  readonly url: string | null;
  readonly details: BacklogItemDetails | null;
  /** `null` without `--live` and on success; a lookup failure reason, or `unsupported` when no client can ask. */
  readonly reason: string | null;
  readonly message: string | null;
  readonly retryAfter: Date | null;
}

/** The links of an entry's backlog references, from the ledger's tracker settings; asked live on request. */
export async function backlogLinks(refs: readonly string[], store: LedgerStore, live: boolean, io: DebtIo): Promise<BacklogLine[]> {
  const { settings: configured, diagnostics } = await loadTrackerSettings(store.repoRoot, store.folder);
  reportDiagnostics(diagnostics, io);
  const settings: TrackerSettings = { ...configured, projectKeys: [...(await readProjectKeys({ cwd: store.repoRoot }, configured.projectKeys, io.now()))] };
  const origin = await originRemoteUrl(store.repoRoot);
  const github = resolveGitHub(settings, origin);
  const links = resolveBacklogLinks(refs, settings, github);
  if (!live) {
    return links.map(({ ref, url }) => ({ ref, url, details: null, reason: null, message: null, retryAfter: null }));
  }
  const lookup = liveLookup(settings, github, origin, io);
  return Promise.all(
    links.map(async (link): Promise<BacklogLine> => {
      const result = await lookup(link);
      if (result === undefined) {
        return { ref: link.ref, url: link.url, details: null, reason: 'unsupported', message: 'No tracker to ask about this reference.', retryAfter: null };
      }
      if (result.ok) {
        return { ref: link.ref, url: link.url ?? result.details.url, details: result.details, reason: null, message: null, retryAfter: null };
      }
      return { ref: link.ref, url: link.url ?? result.url, details: null, reason: result.reason, message: result.message, retryAfter: result.retryAfter ?? null };
    }),
  );
}

/**
 * Asks GitHub or Jira about one reference, with tokens from the environment (`GITHUB_TOKEN` or
 * `GH_TOKEN`; `JIRA_TOKEN` with `JIRA_EMAIL` for Jira Cloud), sent only to the hosts `tokenHosts`
 * trusts plus those listed in `DEBT_LENS_TRUSTED_HOSTS`. `undefined` when no client can.
 */
function liveLookup(settings: TrackerSettings, github: InferredGitHub | undefined, originUrl: string | undefined, io: DebtIo): (link: ResolvedBacklogLink) => Promise<LookupResult | undefined> {
  const live = createLiveBacklogLookup({
    settings,
    github,
    originUrl,
    ...trackerAccessFromEnv(io.env ?? process.env),
    clock: io.now,
  });
  return (link) => live.lookup(link);
}
