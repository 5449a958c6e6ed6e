/**
 * The impact panel's interest, kept by what it is computed from. Reading an anchor's interest walks
 * `git log -p` of its file and parses every version of it: seconds of the extension host's thread for
 * a hot file. A redraw after a ledger write, and after the quiet rescan that follows one (same HEAD,
 * same commits), asks for the same code again and gets it without git. No `vscode` here.
 */
import type { HistorySummary } from '../core/history/fileHistory';
import type { GroupInterest } from '../core/impact/anchorInterest';
import type { Anchor } from '../core/ledger/anchor';
import type { ScanReport } from '../core/scan/scanReport';

/** Enough for going back and forth between a few targets. */
const CAPACITY = 32;

/**
 * Everything the interest of `anchors` depends on: HEAD (the walk starts from its text), the window,
 * the mass-commit threshold and project keys (which references count), and for each anchored file
 * the commits counted for it with its path in each and their authors (bots left out, `.mailmap`
 * applied). A rescan that finds the same gives the same key, though its history is a new object.
 * Anchors count by the code they name: a symbol by its name (the walk follows it by name through
 * every version, so moving it within the work tree keeps its interest; one HEAD lacks is followed by
 * its lines, which say nothing of code not committed yet), a range by its lines and fingerprint, a
 * file by its path.
 */
export function interestKey(anchors: readonly Anchor[], report: Pick<ScanReport, 'head' | 'window'>, history: HistorySummary): string {
  const files = [...new Set(anchors.map((anchor) => anchor.path))].map((path) => [
    path,
    (history.files.get(path)?.changes ?? []).map(({ commit, change }) => {
      const record = history.commits[commit];
      return [record?.hash, change.path, record?.authorName, record?.authorEmail];
    }),
  ]);
  const code = anchors.map((anchor) => (anchor.symbol !== undefined ? [anchor.path, anchor.symbol] : [anchor.path, anchor.lines ?? null, anchor.fingerprint ?? null]));
  return JSON.stringify([report.head, report.window.since, report.window.until, history.massCommitFiles, [...history.projectKeys].sort(), files, code]);
}

/** Interest by {@link interestKey}, the most recently used kept. */
export class InterestMemo {
  private readonly known = new Map<string, GroupInterest>();

  /** The interest kept under `key`, else `read()`'s, kept once it succeeds (a cancelled read is not). */
  async get(key: string, read: () => Promise<GroupInterest>): Promise<GroupInterest> {
    const kept = this.known.get(key);
    const interest = kept ?? (await read());
    this.known.delete(key);
    this.known.set(key, interest);
    for (const oldest of this.known.keys()) {
      if (this.known.size <= CAPACITY) {
        break;
      }
      this.known.delete(oldest);
    }
    return interest;
  }
}
