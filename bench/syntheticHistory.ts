import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { FastImportStream, runFastImport } from './fastImport';
import type { Entry } from './liveFiles';
import { LiveFiles } from './liveFiles';
import { runChild } from './processes';
import { Rng } from './rng';
import type { Dependency } from './syntheticAssets';
import { bumpDependency, createDependencies, generatedTypes, minifiedBundle, renderLockFile, renderPackageJson } from './syntheticAssets';
import type { Author } from './syntheticAuthors';
import { BOT, createAuthors } from './syntheticAuthors';
import type { SourceFile } from './syntheticCode';
import { NOUNS, VERBS, camel, createSource, editSource, pascal, renderSource, sweepSource } from './syntheticCode';
import type { CommitKind } from './syntheticMessages';
import { CommitMessages } from './syntheticMessages';
import type { PlannedFile } from './syntheticPlan';
import { planSources, relativeSpecifier } from './syntheticPlan';

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

type HugeKind = 'sweep' | 'addModule' | 'moveFeature' | 'vendor';

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
  private readonly later: PlannedFile[];
  private readonly initialFiles: PlannedFile[];
  private readonly authors: Author[];
  private readonly authorWeights: (readonly [Author, number])[];
  private readonly dependencies: Dependency[];
  private readonly messages: CommitMessages;
  private mainTip = 0;
  private pr: PullRequest | undefined;
  private prNumber = 100;
  private sweeps = 0;
  merges = 0;

  constructor(
    seed: number,
    private readonly anchorEpoch: number,
  ) {
    this.rng = new Rng(seed);
    const planned = planSources(this.rng);
    this.initialFiles = planned.filter((file) => file.initial);
    this.later = this.rng.shuffle(planned.filter((file) => !file.initial));
    const areas = [...new Set(planned.map((file) => file.area))];
    this.authors = createAuthors(this.rng, areas);
    this.authorWeights = this.authors.map((author, i) => [author, 1 / Math.pow(i + 1, 0.8)] as const);
    this.dependencies = createDependencies(this.rng, 420);
    this.messages = new CommitMessages(this.rng, anchorEpoch - HISTORY_DAYS * DAY, HISTORY_DAYS * DAY, () => this.pickAuthor());
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

  // --- stream output ---------------------------------------------------------------------------

  // --- commits -------------------------------------------------------------------------------------

  /** Writes the entry's current content as a blob and remembers its mark. */
  private store(entry: Entry): void {
    entry.mark = this.stream.blob(entry.source !== undefined ? renderSource(entry.source) : (entry.text ?? ''));
  }

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

  private sourceEntry(file: PlannedFile): Entry {
    const source = createSource(this.rng, { ...file, imports: file.imports });
    return { path: file.path, area: file.area, weight: file.weight, source, mark: 0 };
  }

  private initialCommit(time: number): void {
    const changes: string[] = [];
    const assets: Entry[] = [
      { path: 'package.json', area: '.', weight: 0, text: renderPackageJson(this.dependencies, 40), mark: 0 },
      { path: 'package-lock.json', area: '.', weight: 0, text: renderLockFile(this.dependencies), mark: 0 },
      { path: 'README.md', area: 'docs', weight: 0, text: '# acme-web\n\nThe Acme customer portal.\n', mark: 0 },
      { path: 'tsconfig.json', area: '.', weight: 0, text: '{\n  "compilerOptions": {\n    "strict": true,\n    "jsx": "react-jsx"\n  }\n}\n', mark: 0 },
      { path: '.github/workflows/ci.yml', area: '.', weight: 0, text: 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n', mark: 0 },
      { path: 'dist/app.min.js', area: 'dist', weight: 0, text: minifiedBundle(this.rng, 150_000), mark: 0 },
      { path: 'dist/vendor.min.js', area: 'dist', weight: 0, text: minifiedBundle(this.rng, 90_000), mark: 0 },
      { path: 'src/generated/graphql.ts', area: 'src/generated', weight: 0, text: generatedTypes(this.rng, 260), mark: 0 },
      ...['getting-started', 'architecture', 'deployment', 'api'].map((name): Entry => ({ path: `docs/${name}.md`, area: 'docs', weight: 0, text: `# ${pascal(name)}\n`, mark: 0 })),
    ];
    for (const name of ['chart-lite/chart', 'chart-lite/scales', 'chart-lite/legend', 'date-fns-lite/format', 'date-fns-lite/parse']) {
      const source = createSource(this.rng, { path: `vendor/${name}.js`, kind: 'util', typed: false, jsx: false, mainExport: camel('vendor', pascal(name.split('/')[1] ?? name)), imports: [], targetLines: this.rng.int(800, 1600) });
      assets.push({ path: source.path, area: 'vendor', weight: 0, source, mark: 0 });
    }
    for (const entry of [...assets, ...this.initialFiles.map((file) => this.sourceEntry(file))]) {
      this.live.add(entry);
      this.store(entry);
      changes.push(`M 100644 :${entry.mark} ${entry.path}`);
    }
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
    const { changes, message } = this.applyChange(kind, author, time);
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

  private modify(entry: Entry, changes: string[]): void {
    if (entry.source !== undefined) {
      editSource(this.rng, entry.source);
    }
    this.store(entry);
    changes.push(`M 100644 :${entry.mark} ${entry.path}`);
  }

  private applyChange(kind: CommitKind, author: Author, time: number): { changes: string[]; message: string } {
    const changes: string[] = [];
    switch (kind) {
      case 'newFile': {
        const planned = this.later.pop();
        if (planned === undefined) {
          break;
        }
        const entry = this.sourceEntry(planned);
        this.live.add(entry);
        this.store(entry);
        changes.push(`M 100644 :${entry.mark} ${entry.path}`);
        for (let i = this.rng.int(0, 2); i > 0; i--) {
          const sibling = this.live.neighbour(this.rng, entry);
          const specifier = relativeSpecifier(sibling.path, entry.path);
          const header = sibling.source?.header;
          if (planned.kind !== 'test' && header !== undefined && !sibling.path.endsWith('.cjs') && !header.some((line) => line.endsWith(` from '${specifier}';`))) {
            header.push(`import { ${planned.mainExport} } from '${specifier}';`);
            this.modify(sibling, changes);
          }
        }
        return { changes: dedupe(changes), message: this.messages.message(kind, entry, time, this.prNumber) };
      }
      case 'delete': {
        const entry = this.live.randomSource(this.rng);
        this.live.remove(entry);
        changes.push(`D ${entry.path}`);
        return { changes, message: this.messages.message(kind, entry, time, this.prNumber) };
      }
      case 'rename': {
        const entry = this.live.randomSource(this.rng);
        const from = entry.path;
        const ext = from.slice(from.indexOf('.', from.lastIndexOf('/')));
        const to = `${path.posix.dirname(from)}/${camel(this.rng.pick(VERBS), pascal(this.rng.pick(NOUNS)))}${ext}`;
        if (this.live.has(to)) {
          break;
        }
        this.live.remove(entry);
        entry.path = to;
        if (entry.source !== undefined) {
          entry.source.path = to;
        }
        this.live.add(entry);
        changes.push(`D ${from}`);
        if (this.rng.chance(0.5)) {
          this.modify(entry, changes);
        } else {
          changes.push(`M 100644 :${entry.mark} ${to}`);
        }
        return { changes, message: `refactor: rename ${path.posix.basename(from)} to ${path.posix.basename(to)}\n` };
      }
      case 'dependabot': {
        const dependency = this.rng.pick(this.dependencies.slice(0, 40));
        const [from, to] = bumpDependency(this.rng, dependency);
        for (const [file, text] of [
          ['package.json', renderPackageJson(this.dependencies, 40)],
          ['package-lock.json', renderLockFile(this.dependencies)],
        ] as const) {
          const entry = this.live.get(file) as Entry;
          entry.text = text;
          this.modify(entry, changes);
        }
        return {
          changes,
          message: `Bump ${dependency.name} from ${from} to ${to}\n\nBumps [${dependency.name}](https://github.com/acme/${dependency.name.replace(/^@/, '')}) from ${from} to ${to}.\n\n---\nupdated-dependencies:\n- dependency-name: ${dependency.name}\n  dependency-type: direct:${dependency.dev ? 'development' : 'production'}\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>\n`,
        };
      }
      case 'build': {
        const entry = this.live.get('dist/app.min.js') as Entry;
        entry.text = minifiedBundle(this.rng, 150_000 + this.rng.int(0, 20_000));
        this.modify(entry, changes);
        return { changes, message: this.messages.message(kind, entry, time, this.prNumber) };
      }
      case 'docs': {
        const docs = ['README.md', 'docs/getting-started.md', 'docs/architecture.md', 'docs/deployment.md', 'docs/api.md'];
        const entry = this.live.get(this.rng.pick(docs)) as Entry;
        entry.text = `${entry.text ?? ''}\n## ${pascal(this.rng.pick(NOUNS))}\n\nHow to ${this.rng.pick(VERBS)} a ${this.rng.pick(NOUNS)}.\n`;
        this.modify(entry, changes);
        return { changes, message: this.messages.message(kind, entry, time, this.prNumber) };
      }
      case 'generated': {
        const entry = this.live.get('src/generated/graphql.ts') as Entry;
        entry.text = generatedTypes(this.rng, 260 + this.rng.int(0, 40));
        this.modify(entry, changes);
        return { changes, message: this.messages.message(kind, entry, time, this.prNumber) };
      }
      case 'config': {
        const entry = this.live.get(this.rng.pick(['tsconfig.json', '.github/workflows/ci.yml'])) as Entry;
        entry.text = `${entry.text ?? ''}${entry.path.endsWith('.yml') ? `      - run: npm run ${this.rng.pick(VERBS)}\n` : ''}`;
        if (entry.path.endsWith('.json')) {
          entry.text = (entry.text ?? '').replace(/("strict": true)(,\n {4}"\w+": \w+)*/, (m) => `${m},\n    "${this.rng.pick(['noUnusedLocals', 'noImplicitReturns', 'noFallthroughCasesInSwitch'])}": true`);
        }
        this.modify(entry, changes);
        return { changes, message: this.messages.message(kind, entry, time, this.prNumber) };
      }
      default:
        break;
    }
    // A regular change: 1–6 files, the first one hot, the rest mostly its neighbours.
    const count = this.rng.weighted<number>([[1, 40], [2, 25], [3, 15], [4, 10], [5, 6], [6, 4]]);
    const first = this.live.hot(this.rng, author);
    const touched = new Set<Entry>([first]);
    for (let i = 1; i < count; i++) {
      touched.add(this.live.neighbour(this.rng, first));
    }
    for (const entry of touched) {
      this.modify(entry, changes);
    }
    return { changes, message: this.messages.message('normal', first, time, this.prNumber) };
  }

  /** The handful of commits that touch more than 30 files. */
  private hugeCommit(kind: HugeKind, time: number): void {
    if (this.pr !== undefined) {
      this.mergePullRequest(time - 60);
    }
    const author = this.pickAuthor();
    const changes: string[] = [];
    let message: string;
    switch (kind) {
      case 'sweep': {
        this.sweeps += 1;
        const sources = [...this.live.entries()].filter((entry) => entry.source !== undefined && entry.weight > 0);
        const count = this.rng.int(40, 150);
        for (const entry of this.rng.shuffle(sources).slice(0, count)) {
          sweepSource(this.rng, entry.source as SourceFile, this.sweeps);
          this.store(entry);
          changes.push(`M 100644 :${entry.mark} ${entry.path}`);
        }
        message = `chore: migrate to @acme/logger${this.sweeps % 2 === 0 ? '' : '/v2'} (${this.messages.ticket(time)})\n\nMechanical change across the code base.\n`;
        break;
      }
      case 'addModule': {
        const count = this.rng.int(32, 45);
        for (let i = 0; i < count; i++) {
          const planned = this.later.pop();
          if (planned === undefined) {
            break;
          }
          const entry = this.sourceEntry(planned);
          this.live.add(entry);
          this.store(entry);
          changes.push(`M 100644 :${entry.mark} ${entry.path}`);
        }
        message = `feat: add ${this.rng.pick(NOUNS)} module (${this.messages.ticket(time)})\n`;
        break;
      }
      case 'moveFeature': {
        const feature = [...this.live.areas()].filter(([area, files]) => area.startsWith('src/features/') && files.size >= 25).sort((a, b) => b[1].size - a[1].size)[0];
        const [area, files] = feature ?? ([...this.live.areas()][0] as [string, Set<string>]);
        const name = area.split('/').pop() ?? 'misc';
        for (const file of [...files]) {
          const entry = this.live.get(file) as Entry;
          this.live.remove(entry);
          changes.push(`D ${file}`);
          entry.path = file.replace('src/features/', 'src/modules/');
          if (entry.source !== undefined) {
            entry.source.path = entry.path;
          }
          this.live.add(entry);
          changes.push(`M 100644 :${entry.mark} ${entry.path}`);
        }
        message = `refactor: move ${name} to src/modules (${this.messages.ticket(time)})\n`;
        break;
      }
      default: {
        for (const entry of [...this.live.entries()].filter((e) => e.path.startsWith('vendor/'))) {
          this.modify(entry, changes);
        }
        message = 'chore: update vendored chart-lite and date-fns-lite\n';
      }
    }
    this.mainTip = this.commit({ ref: 'refs/heads/main', author, time, message, changes });
  }
}

function dedupe(changes: string[]): string[] {
  // The last command for a path wins in fast-import anyway; keeping one keeps the stream readable.
  const byPath = new Map<string, string>();
  for (const change of changes) {
    byPath.set(change.slice(change.lastIndexOf(' ') + 1), change);
  }
  return [...byPath.values()];
}
