import * as path from 'node:path';
import type { FastImportStream } from './fastImport';
import type { Entry, LiveFiles } from './liveFiles';
import type { Rng } from './rng';
import type { Dependency } from './syntheticAssets';
import { bumpDependency, generatedTypes, minifiedBundle, renderLockFile, renderPackageJson } from './syntheticAssets';
import type { Author } from './syntheticAuthors';
import type { SourceFile } from './syntheticCode';
import { NOUNS, VERBS, camel, createSource, editSource, pascal, renderSource, sweepSource } from './syntheticCode';
import type { CommitKind, CommitMessages } from './syntheticMessages';
import type { PlannedFile } from './syntheticPlan';
import { relativeSpecifier } from './syntheticPlan';

export type HugeKind = 'sweep' | 'addModule' | 'moveFeature' | 'vendor';

/** The `M`/`D` file commands of one commit, and its message. */
export interface Change {
  readonly changes: string[];
  readonly message: string;
}

/**
 * What each kind of commit does to the files: edits, additions, deletions, renames, dependency
 * bumps, rebuilt assets, sweeps across the code base. New contents go into the stream as blobs at
 * once; the commit that refers to them is the history's to write.
 */
export class SyntheticChanges {
  private sweeps = 0;

  constructor(
    private readonly rng: Rng,
    private readonly stream: FastImportStream,
    private readonly live: LiveFiles,
    private readonly initialFiles: readonly PlannedFile[],
    /** Planned files not yet added, taken from the end. */
    private readonly later: PlannedFile[],
    private readonly dependencies: Dependency[],
    private readonly messages: CommitMessages,
  ) {}

  /** The first commit's files: the assets, the vendored code and the planned files present from the start. */
  initialImport(): string[] {
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
    return changes;
  }

  /**
   * The files a regular commit of `kind` by `author` changes, and its message; `prNumber` is the latest
   * pull request's number. A kind that cannot apply (no file left to add, a rename onto a taken path)
   * falls back to a regular change.
   */
  regular(kind: CommitKind, author: Author, time: number, prNumber: number): Change {
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
        return { changes: dedupe(changes), message: this.messages.message(kind, entry, time, prNumber) };
      }
      case 'delete': {
        const entry = this.live.randomSource(this.rng);
        this.live.remove(entry);
        changes.push(`D ${entry.path}`);
        return { changes, message: this.messages.message(kind, entry, time, prNumber) };
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
        return { changes, message: this.messages.message(kind, entry, time, prNumber) };
      }
      case 'docs': {
        const docs = ['README.md', 'docs/getting-started.md', 'docs/architecture.md', 'docs/deployment.md', 'docs/api.md'];
        const entry = this.live.get(this.rng.pick(docs)) as Entry;
        entry.text = `${entry.text ?? ''}\n## ${pascal(this.rng.pick(NOUNS))}\n\nHow to ${this.rng.pick(VERBS)} a ${this.rng.pick(NOUNS)}.\n`;
        this.modify(entry, changes);
        return { changes, message: this.messages.message(kind, entry, time, prNumber) };
      }
      case 'generated': {
        const entry = this.live.get('src/generated/graphql.ts') as Entry;
        entry.text = generatedTypes(this.rng, 260 + this.rng.int(0, 40));
        this.modify(entry, changes);
        return { changes, message: this.messages.message(kind, entry, time, prNumber) };
      }
      case 'config': {
        const entry = this.live.get(this.rng.pick(['tsconfig.json', '.github/workflows/ci.yml'])) as Entry;
        entry.text = `${entry.text ?? ''}${entry.path.endsWith('.yml') ? `      - run: npm run ${this.rng.pick(VERBS)}\n` : ''}`;
        if (entry.path.endsWith('.json')) {
          entry.text = (entry.text ?? '').replace(/("strict": true)(,\n {4}"\w+": \w+)*/, (m) => `${m},\n    "${this.rng.pick(['noUnusedLocals', 'noImplicitReturns', 'noFallthroughCasesInSwitch'])}": true`);
        }
        this.modify(entry, changes);
        return { changes, message: this.messages.message(kind, entry, time, prNumber) };
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
    return { changes, message: this.messages.message('normal', first, time, prNumber) };
  }

  /** One of the handful of commits that touch more than 30 files. */
  huge(kind: HugeKind, time: number): Change {
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
        const feature =
          [...this.live.areas()].filter(([area, files]) => area.startsWith('src/features/') && files.size >= 25).sort((a, b) => b[1].size - a[1].size)[0] ??
          [...this.live.areas()][0];
        if (feature === undefined) {
          throw new Error('moveFeature: the repository has no area to move');
        }
        const [area, files] = feature;
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
    return { changes, message };
  }

  /** Writes the entry's current content as a blob and remembers its mark. */
  private store(entry: Entry): void {
    entry.mark = this.stream.blob(entry.source !== undefined ? renderSource(entry.source) : (entry.text ?? ''));
  }

  private sourceEntry(file: PlannedFile): Entry {
    const source = createSource(this.rng, { ...file, imports: file.imports });
    return { path: file.path, area: file.area, weight: file.weight, source, mark: 0 };
  }

  private modify(entry: Entry, changes: string[]): void {
    if (entry.source !== undefined) {
      editSource(this.rng, entry.source);
    }
    this.store(entry);
    changes.push(`M 100644 :${entry.mark} ${entry.path}`);
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
