import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createCachedLookup, createMemoryStore } from '../core/backlog/backlogCache';
import type { BacklogReference } from '../core/backlog/backlogReferences';
import type { LookupResult } from '../core/backlog/trackerClient';
import { createLiveBacklogLookup } from '../core/backlog/liveBacklogLookup';
import { readProjectKeys } from '../core/backlog/projectKeys';
import type { CostSettings } from '../core/backlog/trackerSettings';
import { loadTrackerSettings, resolveGitHub } from '../core/backlog/trackerSettings';
import type { TicketLookup } from '../core/cost/trackerLookups';
import { originRemoteUrl, repositoryRoot } from '../core/history/repositoryInfo';
import { cacheFileFor } from '../core/scan/scanCache';
import { ensureDirectory } from '../core/ensureDirectory';
import { trackerAccessFromEnv } from './trackerAccess';

/** What a scan's cost section takes from config.yml and, with `--live`, from the trackers. */
export interface ScanCostInputs {
  readonly cost: CostSettings;
  readonly ticketLookup: TicketLookup | undefined;
  /** Writes what the trackers answered to the backlog cache file, for the next scan. */
  save(): Promise<void>;
}

/** A tracker's answer is reused for a day: a closed ticket's dates do not change, an open one's close soon enough. */
const TTL_MS = 24 * 3600 * 1000;
/** not-found, unauthorized and forbidden are asked again after an hour. */
const NEGATIVE_TTL_MS = 3600 * 1000;

/**
 * Reads `cost:` from the ledger's config.yml and, for `--live`, builds the lookup the scan asks: the
 * live clients with tokens from the environment (`GITHUB_TOKEN`/`GH_TOKEN`, `JIRA_TOKEN` with
 * `JIRA_EMAIL`, sent only to trusted hosts), behind the backlog cache kept in
 * `<cacheDir>/<repo>-<id>/backlog.json` next to the scan cache.
 */
export async function scanCostInputs(target: string, options: { ledgerDir: string | undefined; live: boolean; cacheDir: string | undefined; env: NodeJS.ProcessEnv; now: () => Date }): Promise<ScanCostInputs> {
  // The scan inspects the repository itself: only the root is needed here, in one git call.
  const root = await repositoryRoot({ cwd: target });
  const { settings: configured } = await loadTrackerSettings(root, options.ledgerDir);
  const cost = configured.cost ?? {};
  if (!options.live) {
    return { cost, ticketLookup: undefined, save: () => Promise.resolve() };
  }
  const settings = { ...configured, projectKeys: [...(await readProjectKeys({ cwd: root }, configured.projectKeys, options.now()))] };
  const origin = await originRemoteUrl(root);
  const live = createLiveBacklogLookup({
    settings,
    github: resolveGitHub(settings, origin),
    originUrl: origin,
    ...trackerAccessFromEnv(options.env),
    clock: options.now,
  });
  const file = options.cacheDir === undefined ? undefined : path.join(path.dirname(cacheFileFor(options.cacheDir, root)), 'backlog.json');
  const store = createMemoryStore(file === undefined ? {} : await readJson(file));
  // Keyed by id alone: the cache holds one tracker's answers per repository.
  const cached = createCachedLookup(
    async (reference: BacklogReference): Promise<LookupResult> =>
      (await live.lookup({ ref: reference.id, url: null, reference })) ?? { ok: false, reason: 'error', message: 'No tracker to ask about this reference.', url: '' },
    { ttlMs: TTL_MS, negativeTtlMs: NEGATIVE_TTL_MS, clock: options.now, store, keyOf: (reference) => reference.id },
  );
  return {
    cost,
    ticketLookup: (reference) => (live.supports({ ref: reference.id, url: null, reference }) ? cached.lookup(reference) : Promise.resolve(undefined)),
    save: async () => {
      if (file !== undefined) {
        // Beside the scan cache, written as it is: whole or not at all (temp file, then rename).
        await ensureDirectory(path.dirname(file));
        const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
        try {
          await fs.writeFile(temp, JSON.stringify(store.toJSON()));
          await fs.rename(temp, file);
        } catch (error) {
          await fs.rm(temp, { force: true });
          throw error;
        }
      }
    },
  };
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
