import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { FastImportStream, runFastImport } from './fastImport';
import { LiveFiles } from './liveFiles';
import { runChild } from './processes';
import { Rng } from './rng';
import { createDependencies } from './syntheticAssets';
import type { Author } from './syntheticAuthors';
import { BOT, createAuthors } from './syntheticAuthors';
import type { HugeKind } from './syntheticChanges';
import { SyntheticChanges } from './syntheticChanges';
import { NOUNS } from './syntheticCode';
import type { CommitKind } from './syntheticMessages';
import { CommitMessages } from './syntheticMessages';
import { planSources } from './syntheticPlan';

/**
 * The synthetic repository's history: ~10,000 non-merge commits over 24 months before an anchor day,
 * with pull requests merged the way a hosting site's merge button does, a few huge commits, renames,
 * deletions, bots and generated files, written into `git fast-import`. The same seed and anchor give
 * the same commits.
 */

export const DAY = 86_400;
const HISTORY_DAYS = 730;
const NON_MERGE_COMMITS = 10_000;
/** Where an open pull request's commits go until it is merged; deleted once the history is written. */
const PR_REF = 'refs/heads/pr-branch';

/** Writes the whole history into the empty repository `repo`; returns the commit counts. */
export async function writeHistory(repo: string, seed: number, anchorEpoch: number, log: (line: string) => void): Promise<{ nonMergeCommits: number; mergeCommits: number }> {
  const writer = new HistoryWriter(seed, anchorEpoch);
  const counts = await runFastImport(repo, (stdin) => writer.write(stdin, log));
  log(`synthetic repo: ${counts.nonMergeCommits} commits + ${counts.mergeCommits} merges, ${Math.round(writer.streamedBytes / 1e6)} MB streamed into git fast-import`);
  await runChild('git', ['update-ref', '-d', PR_REF], { cwd: repo, stdout: 'ignore' });
  return counts;
}

const COMMIT_KINDS: readonly (readonly [CommitKind, number])[] = [
  ['normal', 840],
  ['newFile', 38],
  ['delete', 9],
  ['rename', 4],
  ['dependabot', 25],
  ['build', 6],
  ['docs', 15],
  ['generated', 4],
  ['config', 5],
];

interface PullRequest {
  readonly number: number;
  readonly author: Author;
  readonly branch: string;
  remaining: number;
  readonly changed: Set<string>;
  readonly deleted: Set<string>;
}

class HistoryWriter {
  private readonly rng: Rng;
  private readonly stream = new FastImportStream();
  private readonly live = new LiveFiles();
  private readonly authors: Author[];
  private readonly authorWeights: (readonly [Author, number])[];
  private readonly messages: CommitMessages;
  private readonly changes: SyntheticChanges;
  private mainTip = 0;
  private pr: PullRequest | undefined;
  private prNumber = 100;
  merges = 0;

  constructor(
    seed: number,
    private readonly anchorEpoch: number,
  ) {
    this.rng = new Rng(seed);
    const planned = planSources(this.rng);
    const initialFiles = planned.filter((file) => file.initial);
    const later = this.rng.shuffle(planned.filter((file) => !file.initial));
    const areas = [...new Set(planned.map((file) => file.area))];
    this.authors = createAuthors(this.rng, areas);
    this.authorWeights = this.authors.map((author, i) => [author, 1 / Math.pow(i + 1, 0.8)] as const);
    const dependencies = createDependencies(this.rng, 420);
    this.messages = new CommitMessages(this.rng, anchorEpoch - HISTORY_DAYS * DAY, HISTORY_DAYS * DAY, () => this.pickAuthor());
    this.changes = new SyntheticChanges(this.rng, this.stream, this.live, initialFiles, later, dependencies, this.messages);
  }

  get streamedBytes(): number {
    return this.stream.streamedBytes;
  }

  /** Writes the whole history to `out` (fast-import's stdin); returns the commit counts. */
  async write(out: Writable, log: (line: string) => void): Promise<{ nonMergeCommits: number; mergeCommits: number }> {
    const times = this.commitTimes();
    const huge = this.hugeCommitSlots();
    const started = performance.now();
    this.initialCommit(times[0] as number);
    await this.stream.flush(out);
    for (let i = 1; i < NON_MERGE_COMMITS; i++) {
      const time = times[i] as number;
      const hugeKind = huge.get(i);
      if (hugeKind !== undefined) {
        this.hugeCommit(hugeKind, time);
      } else {
        this.regularCommit(this.rng.weighted(COMMIT_KINDS), time, times[i + 1] ?? time + 3600);
      }
      if (i % 1000 === 0) {
        log(`synthetic repo: ${i}/${NON_MERGE_COMMITS} commits, ${Math.round(this.streamedBytes / 1e6)} MB streamed, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      await this.stream.flush(out);
    }
    if (this.pr !== undefined) {
      this.mergePullRequest((times[NON_MERGE_COMMITS - 1] as number) + 600);
    }
    this.stream.done();
    await this.stream.flush(out);
    return { nonMergeCommits: NON_MERGE_COMMITS, mergeCommits: this.merges };
  }

  /** Sorted commit times over the 24 months before the anchor, mostly on weekdays and in office hours. */
  private commitTimes(): number[] {
    const start = this.anchorEpoch - HISTORY_DAYS * DAY;
    const times: number[] = [];
    while (times.length < NON_MERGE_COMMITS - 1) {
      const day = Math.floor(this.rng.next() * (HISTORY_DAYS - 1)) + 1;
      const weekday = new Date((start + day * DAY) * 1000).getUTCDay();
      if ((weekday === 0 || weekday === 6) && !this.rng.chance(0.15)) {
        continue;
      }
      const hour = Math.min(23, Math.max(0, Math.round(13 + (this.rng.next() + this.rng.next() + this.rng.next() - 1.5) * 6)));
      times.push(start + day * DAY + hour * 3600 + this.rng.int(0, 3599));
    }
    times.sort((a, b) => a - b);
    return [start + 10 * 3600, ...times.map((t) => Math.min(t, this.anchorEpoch - 3600))];
  }

  private hugeCommitSlots(): Map<number, HugeKind> {
    const kinds: HugeKind[] = ['sweep', 'sweep', 'sweep', 'addModule', 'addModule', 'moveFeature', 'vendor', 'vendor'];
    const slots = new Map<number, HugeKind>();
    for (const kind of kinds) {
      let slot = this.rng.int(200, NON_MERGE_COMMITS - 50);
      while (slots.has(slot)) {
        slot += 1;
      }
      slots.set(slot, kind);
    }
    return slots;
  }

  // --- commits -------------------------------------------------------------------------------------

  private commit(options: { ref: string; author: Author; email?: string; time: number; message: string; from?: number; merge?: number; committer?: string; changes: readonly string[] }): number {
    const author = `${options.author.name} <${options.email ?? options.author.emails[0]}>`;
    return this.stream.commit({
      ref: options.ref,
      author,
      committer: options.committer ?? author,
      time: options.time,
      committerTime: options.time + this.rng.int(0, 120),
      tz: options.author.tz,
      message: options.message,
      from: options.from,
      merge: options.merge,
      changes: options.changes,
    });
  }

  private initialCommit(time: number): void {
    const changes = this.changes.initialImport();
    this.mainTip = this.commit({ ref: 'refs/heads/main', author: this.authors[0] as Author, time, message: 'Initial import from the old monorepo\n', changes });
  }

  private pickAuthor(): Author {
    return this.rng.weighted(this.authorWeights);
  }

  /** A commit on main or on the open pull request's branch, merging the request when it is complete. */
  private regularCommit(kind: CommitKind, time: number, nextTime: number): void {
    if (this.pr === undefined && (kind === 'dependabot' || this.rng.chance(0.3))) {
      this.prNumber += this.rng.int(1, 4);
      const author = kind === 'dependabot' ? BOT : this.pickAuthor();
      this.pr = {
        number: this.prNumber,
        author,
        branch: kind === 'dependabot' ? `dependabot/npm_and_yarn/bump-${this.prNumber}` : `feature/${this.messages.ticket(time)}-${this.rng.pick(NOUNS)}`,
        remaining: kind === 'dependabot' ? 1 : this.rng.weighted<number>([[1, 5], [2, 3], [3, 2], [4, 1]]),
        changed: new Set(),
        deleted: new Set(),
      };
    }
    if (kind === 'dependabot' && this.pr?.author !== BOT) {
      kind = 'normal';
    }
    const author = this.pr?.author ?? this.pickAuthor();
    const email = author.emails.length > 1 && this.rng.chance(0.3) ? author.emails[1] : undefined;
    const { changes, message } = this.changes.regular(kind, author, time, this.prNumber);
    if (this.pr === undefined) {
      this.mainTip = this.commit({ ref: 'refs/heads/main', author, email, time, message, changes });
      return;
    }
    const pr = this.pr;
    const first = pr.changed.size === 0 && pr.deleted.size === 0;
    for (const change of changes) {
      const target = change.slice(change.lastIndexOf(' ') + 1);
      if (change.startsWith('D ')) {
        pr.deleted.add(target);
        pr.changed.delete(target);
      } else {
        pr.changed.add(target);
      }
    }
    const tip = this.commit({ ref: PR_REF, author, email, time, message, from: first ? this.mainTip : undefined, changes });
    pr.remaining -= 1;
    if (pr.remaining === 0) {
      this.mergePullRequest(Math.min(time + this.rng.int(300, 7200), Math.max(time + 60, nextTime - 30)), tip, message.split('\n')[0] ?? '');
    }
  }

  /** A no-fast-forward merge of the open pull request into main, as a hosting site's merge button makes. */
  private mergePullRequest(time: number, tip = this.stream.mark, title = ''): void {
    const pr = this.pr;
    if (pr === undefined) {
      return;
    }
    this.pr = undefined;
    const changes: string[] = [];
    for (const deleted of pr.deleted) {
      changes.push(`D ${deleted}`);
    }
    for (const changed of pr.changed) {
      const entry = this.live.get(changed);
      if (entry !== undefined) {
        changes.push(`M 100644 :${entry.mark} ${changed}`);
      }
    }
    const merger = this.authors[this.rng.int(0, 2)] as Author;
    this.mainTip = this.commit({
      ref: 'refs/heads/main',
      author: merger,
      time,
      committer: 'GitHub <noreply@github.com>',
      message: `Merge pull request #${pr.number} from acme/${pr.branch}\n\n${title}\n`,
      from: this.mainTip,
      merge: tip,
      changes,
    });
    this.merges += 1;
  }

  /** The handful of commits that touch more than 30 files. */
  private hugeCommit(kind: HugeKind, time: number): void {
    if (this.pr !== undefined) {
      this.mergePullRequest(time - 60);
    }
    const author = this.pickAuthor();
    const { changes, message } = this.changes.huge(kind, time);
    this.mainTip = this.commit({ ref: 'refs/heads/main', author, time, message, changes });
  }
}
