import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { FastImportStream, runFastImport } from './fastImport';
import type { Entry } from './liveFiles';
import { LiveFiles } from './liveFiles';
import { gitOutput, runChild } from './processes';
import { Rng } from './rng';
import type { Dependency } from './syntheticAssets';
import { bumpDependency, createDependencies, renderLockFile, renderPackageJson } from './syntheticAssets';
import type { Author } from './syntheticAuthors';
import { BOT, createAuthors } from './syntheticAuthors';
import type { SourceFile } from './syntheticCode';
import { NOUNS, VERBS, camel, createSource, editSource, pascal, renderSource } from './syntheticCode';
import type { CommitKind } from './syntheticMessages';
import { CommitMessages } from './syntheticMessages';
import type { PlannedFile } from './syntheticPlan';
import { planSources } from './syntheticPlan';

/**
 * Larger synthetic repositories than the benchmark's default one, for the scale modes of issue 14:
 * a 200,000-commit history, and a ~3,500-file repository. Built from the same pieces (the file plan,
 * the code and its edits, the authors, the commit messages with ticket keys), but as one linear
 * history of small commits within the last 12 months, so every commit is in the scan's default
 * window: 1–3 files a commit (hot files mostly, their neighbours), a few new, deleted and renamed
 * files, and dependabot bumping the lock file. Written with one `git fast-import` stream, repacked
 * with deltas as a clone would be, and kept under `.cache/bench/<name>/` until it is
 * {@link MAX_AGE_DAYS} old (its commits would start to leave the window).
 */

const DAY = 86_400;
const MAX_AGE_DAYS = 30;
const MARKER = 'complete.json';
/** Bump when the generator changes, so old caches are not mistaken for the new shape. */
const GENERATOR = 'large-v2';
/** The second and later copies of the file plan live in these packages of a monorepo. */
const PACKAGES = ['admin', 'billing', 'mobile', 'partners', 'reports'];

export interface LargeRepoSpec {
  /** The folder under `.cache/bench/`. */
  readonly name: string;
  readonly seed: number;
  readonly commits: number;
  /** Source files present at HEAD, roughly (the plan is cut at this many, a few are deleted or added). */
  readonly files: number;
  /** The history spans this many days before the anchor day… */
  readonly days: number;
  /** …and ends this many days before it (room for commits added on top, as the big-files mode does). */
  readonly quietDays: number;
  /** Files past this many lines only shrink or stay level (editSource). */
  readonly maxLines: number;
}

export interface LargeRepoInfo {
  readonly path: string;
  /** Epoch seconds of the day the history was laid out back from. */
  readonly anchorEpoch: number;
  readonly commits: number;
  readonly trackedFiles: number;
  readonly generationSeconds: number;
  readonly reused: boolean;
}

interface Marker {
  readonly generator: string;
  readonly spec: LargeRepoSpec;
  readonly anchorEpoch: number;
  readonly trackedFiles: number;
  readonly generationSeconds: number;
}

/** The repository of `spec` under `<projectRoot>/.cache/bench/<spec.name>/repo`, generated first when there is no fresh complete one. */
export async function ensureLargeRepo(projectRoot: string, spec: LargeRepoSpec, options: { readonly regenerate: boolean; readonly log: (line: string) => void }): Promise<LargeRepoInfo> {
  const folder = path.join(projectRoot, '.cache', 'bench', spec.name);
  const repo = path.join(folder, 'repo');
  const markerPath = path.join(folder, MARKER);
  const now = Math.floor(Date.now() / 1000);
  const marker = readMarker(markerPath, spec);
  if (!options.regenerate && marker !== undefined && now - marker.anchorEpoch < MAX_AGE_DAYS * DAY && existsSync(path.join(repo, '.git'))) {
    return { path: repo, anchorEpoch: marker.anchorEpoch, commits: spec.commits, trackedFiles: marker.trackedFiles, generationSeconds: marker.generationSeconds, reused: true };
  }
  const started = performance.now();
  const anchorEpoch = Math.floor(now / DAY) * DAY;
  options.log(`${spec.name}: generating ${spec.commits} commits over ${spec.days} days, ~${spec.files} source files (once; kept in ${path.relative(projectRoot, folder)})`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  await runChild('git', ['init', '-q', '-b', 'main', repo], { stdout: 'ignore' });
  await runChild('git', ['config', 'gc.auto', '0'], { cwd: repo, stdout: 'ignore' });
  const writer = new LinearHistoryWriter(spec, anchorEpoch);
  await runFastImport(repo, (stdin) => writer.write(stdin, options.log));
  options.log(`${spec.name}: ${Math.round(writer.streamedBytes / 1e6)} MB streamed into git fast-import in ${((performance.now() - started) / 1000).toFixed(0)} s; repacking with deltas, as a clone would be`);
  await runChild('git', ['repack', '-a', '-d', '-f', '-q'], { cwd: repo, stdout: 'ignore' });
  options.log(`${spec.name}: checking out the work tree`);
  await runChild('git', ['reset', '-q', '--hard', 'main'], { cwd: repo, stdout: 'ignore' });
  const trackedFiles = (await gitOutput(repo, ['ls-files', '-z'])).split('\0').filter((name) => name !== '').length;
  const generationSeconds = Math.round((performance.now() - started) / 100) / 10;
  writeFileSync(markerPath, `${JSON.stringify({ generator: GENERATOR, spec, anchorEpoch, trackedFiles, generationSeconds } satisfies Marker, undefined, 2)}\n`);
  options.log(`${spec.name}: generated in ${generationSeconds} s: ${trackedFiles} tracked files`);
  return { path: repo, anchorEpoch, commits: spec.commits, trackedFiles, generationSeconds, reused: false };
}

function readMarker(file: string, spec: LargeRepoSpec): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(file, 'utf8')) as Marker;
    return marker.generator === GENERATOR && JSON.stringify(marker.spec) === JSON.stringify(spec) ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** Files held back from the first commit, added over the history; as many are deleted, so the count stays level. */
const LATER_SHARE = 0.05;
/** Per mille of commits, at most, that add or delete a file. */
const MAX_FILE_CHURN = 8;

/** What kinds of commit there are, per mille; adding and deleting files as often as the held-back files last. */
function commitKinds(spec: LargeRepoSpec): (readonly [CommitKind, number])[] {
  const churn = Math.min(MAX_FILE_CHURN, (1000 * LATER_SHARE * spec.files) / spec.commits);
  return [
    ['normal', 966 - 2 * churn],
    ['newFile', churn],
    ['delete', churn],
    ['rename', 3],
    ['dependabot', 25],
    ['docs', 6],
  ];
}

/** One linear history on `main`, every commit a small change. */
class LinearHistoryWriter {
  private readonly rng: Rng;
  private readonly stream = new FastImportStream();
  private readonly live = new LiveFiles();
  private readonly authorWeights: (readonly [Author, number])[];
  private readonly messages: CommitMessages;
  private readonly dependencies: Dependency[];
  private readonly initialFiles: PlannedFile[];
  /** Planned files not yet added, taken from the end by new-file commits. */
  private readonly later: PlannedFile[];
  private readonly start: number;
  private readonly end: number;
  /** The latest pull request's number, which `#N` references in messages stay at or below. */
  private prNumber = 100;

  constructor(
    private readonly spec: LargeRepoSpec,
    anchorEpoch: number,
  ) {
    this.rng = new Rng(spec.seed);
    const planned = this.plan();
    // A few in a hundred arrive during the history; the rest are there from the first commit.
    const later = planned.filter(() => this.rng.chance(LATER_SHARE));
    const arriving = new Set(later);
    this.initialFiles = planned.filter((file) => !arriving.has(file));
    this.later = this.rng.shuffle(later);
    const authors = createAuthors(this.rng, [...new Set(planned.map((file) => file.area))]);
    this.authorWeights = authors.map((author, i) => [author, 1 / Math.pow(i + 1, 0.8)] as const);
    this.dependencies = createDependencies(this.rng, 300);
    this.end = anchorEpoch - spec.quietDays * DAY - 3600;
    this.start = this.end - spec.days * DAY;
    this.messages = new CommitMessages(this.rng, this.start, this.end - this.start, () => this.pickAuthor());
  }

  get streamedBytes(): number {
    return this.stream.streamedBytes;
  }

  /** The file plan, repeated in monorepo packages until there are `spec.files` files. */
  private plan(): PlannedFile[] {
    const files: PlannedFile[] = [];
    for (let copy = 0; files.length < this.spec.files; copy++) {
      const prefix = copy === 0 ? '' : `packages/${PACKAGES[(copy - 1) % PACKAGES.length]}${copy > PACKAGES.length ? copy : ''}/`;
      for (const file of planSources(this.rng)) {
        if (files.length >= this.spec.files) {
          break;
        }
        // Imports are relative, so a whole plan moves into a package unchanged.
        files.push({ ...file, path: `${prefix}${file.path}`, area: `${prefix}${file.area}` });
      }
    }
    return files;
  }

  async write(out: Writable, log: (line: string) => void): Promise<void> {
    const times = this.commitTimes();
    const started = performance.now();
    this.initialCommit(times[0] as number);
    await this.stream.flush(out);
    const step = Math.max(1000, Math.round(this.spec.commits / 10 / 1000) * 1000);
    const kinds = commitKinds(this.spec);
    for (let i = 1; i < this.spec.commits; i++) {
      this.regularCommit(this.rng.weighted(kinds), times[i] as number);
      if (i % step === 0) {
        log(`${this.spec.name}: ${i}/${this.spec.commits} commits, ${Math.round(this.streamedBytes / 1e6)} MB streamed, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      await this.stream.flush(out);
    }
    this.stream.done();
    await this.stream.flush(out);
  }

  /** Sorted commit times over the span, mostly on weekdays and in office hours; the first is the initial import. */
  private commitTimes(): number[] {
    const times: number[] = [];
    const days = this.spec.days;
    while (times.length < this.spec.commits - 1) {
      const day = Math.floor(this.rng.next() * (days - 1)) + 1;
      const weekday = new Date((this.start + day * DAY) * 1000).getUTCDay();
      if ((weekday === 0 || weekday === 6) && !this.rng.chance(0.15)) {
        continue;
      }
      const hour = Math.min(23, Math.max(0, Math.round(13 + (this.rng.next() + this.rng.next() + this.rng.next() - 1.5) * 6)));
      times.push(Math.min(this.start + day * DAY + hour * 3600 + this.rng.int(0, 3599), this.end));
    }
    times.sort((a, b) => a - b);
    return [this.start, ...times];
  }

  private pickAuthor(): Author {
    return this.rng.weighted(this.authorWeights);
  }

  private commit(author: Author, time: number, message: string, changes: readonly string[]): void {
    const email = author.emails.length > 1 && this.rng.chance(0.3) ? author.emails[1] : author.emails[0];
    const signature = `${author.name} <${email}>`;
    this.stream.commit({ ref: 'refs/heads/main', author: signature, committer: signature, time, committerTime: time + this.rng.int(0, 120), tz: author.tz, message, changes });
  }

  private initialCommit(time: number): void {
    const assets: Entry[] = [
      { path: 'package.json', area: '.', weight: 0, text: renderPackageJson(this.dependencies, 40), mark: 0 },
      { path: 'package-lock.json', area: '.', weight: 0, text: renderLockFile(this.dependencies), mark: 0 },
      { path: 'README.md', area: 'docs', weight: 0, text: '# acme-platform\n\nThe Acme platform monorepo.\n', mark: 0 },
    ];
    const changes: string[] = [];
    for (const entry of [...assets, ...this.initialFiles.map((file) => this.sourceEntry(file))]) {
      this.live.add(entry);
      this.store(entry);
      changes.push(`M 100644 :${entry.mark} ${entry.path}`);
    }
    this.commit(this.authorWeights[0]?.[0] as Author, time, 'Initial import of the platform monorepo\n', changes);
  }

  private regularCommit(kind: CommitKind, time: number): void {
    if (this.rng.chance(0.2)) {
      this.prNumber += 1;
    }
    const author = kind === 'dependabot' ? BOT : this.pickAuthor();
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
        this.commit(author, time, this.messages.message(kind, entry, time, this.prNumber), [`M 100644 :${entry.mark} ${entry.path}`]);
        return;
      }
      case 'delete': {
        if (this.later.length === 0) {
          break;
        }
        const entry = this.live.randomSource(this.rng);
        this.live.remove(entry);
        this.commit(author, time, this.messages.message(kind, entry, time, this.prNumber), [`D ${entry.path}`]);
        return;
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
        (entry.source as SourceFile).path = to;
        this.live.add(entry);
        changes.push(`D ${from}`, `M 100644 :${entry.mark} ${to}`);
        this.commit(author, time, `refactor: rename ${path.posix.basename(from)} to ${path.posix.basename(to)}\n`, changes);
        return;
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
          this.store(entry);
          changes.push(`M 100644 :${entry.mark} ${file}`);
        }
        this.commit(author, time, `Bump ${dependency.name} from ${from} to ${to}\n\nSigned-off-by: dependabot[bot] <support@github.com>\n`, changes);
        return;
      }
      case 'docs': {
        const entry = this.live.get('README.md') as Entry;
        entry.text = `${entry.text ?? ''}\n## ${pascal(this.rng.pick(NOUNS))}\n\nHow to ${this.rng.pick(VERBS)} a ${this.rng.pick(NOUNS)}.\n`;
        this.store(entry);
        this.commit(author, time, this.messages.message(kind, entry, time, this.prNumber), [`M 100644 :${entry.mark} README.md`]);
        return;
      }
      default:
        break;
    }
    // A regular change: 1–3 files, the first one hot, the others mostly its neighbours.
    const count = this.rng.weighted<number>([[1, 55], [2, 30], [3, 15]]);
    const first = this.live.hot(this.rng, author);
    const touched = new Set<Entry>([first]);
    for (let i = 1; i < count; i++) {
      touched.add(this.live.neighbour(this.rng, first));
    }
    for (const entry of touched) {
      if (entry.source !== undefined) {
        editSource(this.rng, entry.source, this.spec.maxLines);
      }
      this.store(entry);
      changes.push(`M 100644 :${entry.mark} ${entry.path}`);
    }
    this.commit(author, time, this.messages.message('normal', first, time, this.prNumber), changes);
  }

  private store(entry: Entry): void {
    entry.mark = this.stream.blob(entry.source !== undefined ? renderSource(entry.source) : (entry.text ?? ''));
  }

  private sourceEntry(file: PlannedFile): Entry {
    const source = createSource(this.rng, { ...file, imports: file.imports });
    return { path: file.path, area: file.area, weight: file.weight, source, mark: 0 };
  }
}
