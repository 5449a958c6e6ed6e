import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Author {
  readonly name: string;
  readonly email: string;
}

export interface CommitOptions {
  readonly message: string;
  readonly author?: Author;
  /** ISO date; both author and committer date, so `--since` filters are exact. */
  readonly date: string;
  /** ISO date; when given, the committer date instead of `date` (as after a rebase or cherry-pick). */
  readonly committerDate?: string;
}

export const ALICE: Author = { name: 'Alice Example', email: 'alice@example.com' };
export const BOB: Author = { name: 'Bob Example', email: 'bob@example.com' };
export const CAROL: Author = { name: 'Carol Example', email: 'carol@example.com' };

/**
 * Builds a real git repository in a temp dir, commit by commit, with chosen authors, dates and
 * messages. Synchronous on purpose: fixtures read top to bottom like the history they create.
 */
export class GitRepoBuilder {
  private constructor(readonly dir: string) {}

  static create(prefix = 'debt-lens-test-'): GitRepoBuilder {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    const repo = new GitRepoBuilder(dir);
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.name', ALICE.name);
    repo.git('config', 'user.email', ALICE.email);
    repo.git('config', 'commit.gpgsign', 'false');
    return repo;
  }

  /**
   * A shallow clone of `source` over file://, so `--depth` is honoured (a plain path would hard-link
   * the whole history).
   */
  static cloneShallow(source: GitRepoBuilder, depth: number, prefix = 'debt-lens-test-clone-'): GitRepoBuilder {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    const repo = new GitRepoBuilder(dir);
    execFileSync('git', ['clone', '-q', '--depth', String(depth), `file://${source.dir}`, dir], { env: repo.env() });
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', env: this.env(), maxBuffer: 256 * 1024 * 1024 });
  }

  /** Like {@link git} but stdout as bytes, for feeding parsers exactly what git printed. */
  gitBytes(...args: string[]): Buffer {
    return execFileSync('git', args, { cwd: this.dir, env: this.env(), maxBuffer: 256 * 1024 * 1024 });
  }

  write(file: string, content: string | Uint8Array): this {
    const target = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    return this;
  }

  read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), 'utf8');
  }

  remove(file: string): this {
    this.git('rm', '-q', file);
    return this;
  }

  rename(from: string, to: string): this {
    fs.mkdirSync(path.dirname(path.join(this.dir, to)), { recursive: true });
    this.git('mv', from, to);
    return this;
  }

  /** Stages everything and commits; returns the new commit id. */
  commit(options: CommitOptions): string {
    const author = options.author ?? ALICE;
    this.git('add', '-A');
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', options.message], {
      cwd: this.dir,
      env: {
        ...this.env(),
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: options.date,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_COMMITTER_DATE: options.committerDate ?? options.date,
      },
    });
    return this.head();
  }

  /** Creates a branch at HEAD and switches to it. */
  branch(name: string): this {
    this.git('checkout', '-q', '-b', name);
    return this;
  }

  checkout(ref: string): this {
    this.git('checkout', '-q', ref);
    return this;
  }

  /** Merges `ref` into the current branch with a merge commit (never fast-forward); returns its id. */
  merge(ref: string, options: CommitOptions): string {
    const author = options.author ?? ALICE;
    execFileSync('git', ['merge', '-q', '--no-ff', '-m', options.message, ref], {
      cwd: this.dir,
      env: {
        ...this.env(),
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: options.date,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_COMMITTER_DATE: options.date,
      },
    });
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir, LC_ALL: 'C' };
  }
}
