import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Anchor } from '../../../src/core/ledger/anchor';
import { anchorFingerprint, createAnchor } from '../../../src/core/ledger/anchorFingerprint';
import { chainRenames, readRenames } from '../../../src/core/ledger/gitRenames';
import type { AnchorResolution, AnchorWorkspace } from '../../../src/core/ledger/resolveAnchors';
import { createAnchorResolver, resolveAnchor } from '../../../src/core/ledger/resolveAnchors';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

const REFRESH = [
  '  refresh(id: string): number {',
  '    const now = Date.now();',
  '    this.sessions.set(parseId(id), now);',
  '    return now;',
  '  }',
] as const;

const CLOSE = ['  close(id: string): void {', '    this.sessions.delete(parseId(id));', '  }'];

/** `src/session.ts` at the start: `SessionManager.refresh` spans lines 7-11. */
const SESSION = [
  /* 1 */ "import { parseId } from './ids';",
  /* 2 */ '',
  /* 3 */ 'export class SessionManager {',
  /* 4 */ '  private readonly sessions = new Map<string, number>();',
  /* 5 */ '',
  /* 6 */ '  /** Debt: refresh re-reads everything. */',
  /* 7 */ ...REFRESH,
  /* 12 */ '',
  /* 13 */ ...CLOSE,
  /* 16 */ '}',
  '',
].join('\n');

const IDS = 'export function parseId(raw: string): string {\n  return raw.trim();\n}\n';

const STORE = ['export class SessionStore {', '  private readonly sessions = new Map<string, number>();', '}', ''].join('\n');

const PATH = 'src/session.ts';
const fpOf = (lines: readonly string[]): string => anchorFingerprint(lines.join('\n'), PATH);

/** The workspace as the CLI would see it: files on disk, git's file list and rename history. */
async function workspaceOf(repo: GitRepoBuilder): Promise<AnchorWorkspace> {
  const renames = await readRenames({ cwd: repo.dir });
  return {
    readFile: (file) => {
      const full = path.join(repo.dir, file);
      return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
    },
    listSourcePaths: () =>
      repo
        .git('ls-files', '--cached', '--others', '--exclude-standard')
        .split('\n')
        .filter((f) => f.endsWith('.ts')),
    renamedTo: (file) => renames.get(file),
  };
}

describe('resolveAnchor on real git repositories', () => {
  let repo: GitRepoBuilder;
  let anchor: Anchor;
  let day = 1;
  const commit = (message: string): void => {
    repo.commit({ message, date: new Date(Date.UTC(2024, 0, day++, 10)).toISOString() });
  };
  const resolveNow = async (): Promise<AnchorResolution> => resolveAnchor(anchor, await workspaceOf(repo));

  beforeEach(() => {
    repo = GitRepoBuilder.create();
    repo.write(PATH, SESSION).write('src/ids.ts', IDS).write('src/store.ts', STORE);
    commit('initial');
    anchor = createAnchor({ path: PATH, text: repo.read(PATH), lines: [8, 9] });
  });

  afterEach(() => repo.cleanup());

  it('anchors the function that encloses the selected lines', () => {
    assert.deepEqual(anchor, { path: PATH, symbol: 'SessionManager.refresh', lines: [7, 11], fingerprint: fpOf(REFRESH) });
  });

  it('resolves an unchanged function in place, not moved', async () => {
    assert.deepEqual(await resolveNow(), { status: 'resolved', how: 'symbol', anchor, moved: false });
  });

  it('(a) edited: resolved by symbol, with the new lines and fingerprint', async () => {
    const edited = [REFRESH[0], '    const now = Date.now() + 1;', '    // a new comment line', ...REFRESH.slice(2)];
    repo.write(PATH, SESSION.replace(REFRESH.join('\n'), edited.join('\n')));
    commit('edit refresh');
    const expected = fpOf(edited);
    assert.notEqual(expected, anchor.fingerprint);
    assert.deepEqual(await resolveNow(), {
      status: 'resolved',
      how: 'symbol',
      anchor: { path: PATH, symbol: 'SessionManager.refresh', lines: [7, 12], fingerprint: expected },
      moved: true,
    });
  });

  it('(b) moved within its file: resolved by symbol at the new lines, fingerprint unchanged', async () => {
    repo.write(PATH, SESSION.replace(`${REFRESH.join('\n')}\n\n${CLOSE.join('\n')}`, `${CLOSE.join('\n')}\n\n\n${REFRESH.join('\n')}`));
    commit('move refresh down');
    assert.deepEqual(await resolveNow(), {
      status: 'resolved',
      how: 'symbol',
      anchor: { path: PATH, symbol: 'SessionManager.refresh', lines: [12, 16], fingerprint: anchor.fingerprint },
      moved: true,
    });
  });

  it('(b) its class renamed, code identical: resolved by fingerprint in the same file, under the new symbol', async () => {
    repo.write(PATH, SESSION.replace('class SessionManager', 'class SessionService'));
    commit('rename the class');
    assert.deepEqual(await resolveNow(), {
      status: 'resolved',
      how: 'fingerprint',
      anchor: { path: PATH, symbol: 'SessionService.refresh', lines: [7, 11], fingerprint: anchor.fingerprint },
      moved: true,
    });
  });

  it('(c) moved to another file: resolved by fingerprint elsewhere, at the new path and symbol', async () => {
    repo.write(PATH, SESSION.replace(`${REFRESH.join('\n')}\n\n`, ''));
    repo.write('src/store.ts', STORE.replace('\n}', `\n\n${REFRESH.join('\n')}\n}`));
    commit('move refresh to the store');
    assert.deepEqual(await resolveNow(), {
      status: 'resolved',
      how: 'fingerprint-elsewhere',
      anchor: { path: 'src/store.ts', symbol: 'SessionStore.refresh', lines: [4, 8], fingerprint: anchor.fingerprint },
      moved: true,
    });
  });

  it('(d) its file renamed with git mv: resolved by symbol at the new path', async () => {
    repo.rename(PATH, 'src/sessions/sessionManager.ts');
    commit('move the session manager');
    assert.deepEqual(await resolveNow(), {
      status: 'resolved',
      how: 'renamed-symbol',
      anchor: { path: 'src/sessions/sessionManager.ts', symbol: 'SessionManager.refresh', lines: [7, 11], fingerprint: anchor.fingerprint },
      moved: true,
    });
  });

  it('(d) renamed twice and its class renamed: follows the chain, then the fingerprint', async () => {
    repo.rename(PATH, 'src/a.ts');
    commit('first move');
    repo.write('src/a.ts', SESSION.replace('class SessionManager', 'class Sessions'));
    repo.rename('src/a.ts', 'lib/b.ts');
    commit('second move');
    assert.deepEqual(await resolveNow(), {
      status: 'resolved',
      how: 'renamed-fingerprint',
      anchor: { path: 'lib/b.ts', symbol: 'Sessions.refresh', lines: [7, 11], fingerprint: anchor.fingerprint },
      moved: true,
    });
  });

  it('(e) deleted: orphaned, whether the function or its whole file is gone', async () => {
    repo.write(PATH, SESSION.replace(`${REFRESH.join('\n')}\n\n`, ''));
    commit('delete refresh');
    assert.deepEqual(await resolveNow(), { status: 'orphaned', reason: 'code-missing' });
    repo.remove(PATH);
    commit('delete the file');
    assert.deepEqual(await resolveNow(), { status: 'orphaned', reason: 'file-missing' });
  });
});

describe('createAnchorResolver', () => {
  const files = new Map<string, string>();
  let reads: string[] = [];
  const workspace: AnchorWorkspace = {
    readFile: (file) => {
      reads.push(file);
      return files.get(file);
    },
    listSourcePaths: () => [...files.keys()],
    renamedTo: () => undefined,
  };
  const CONFIG = ['const TIMEOUT = 5;', 'const RETRIES = 3;'];

  beforeEach(() => {
    files.clear();
    reads = [];
  });

  it('finds a line anchor moved within its file by a window of equal length, and keeps it a line anchor', () => {
    files.set('src/config.ts', ['// header', '', ...CONFIG, ''].join('\n'));
    const anchor = createAnchor({ path: 'src/config.ts', text: files.get('src/config.ts') ?? '', lines: [3, 4] });
    files.set('src/config.ts', ['// header', 'export const NAME = "x";', '', '', '// moved down', ...CONFIG.map((l) => `  ${l}`), ''].join('\n'));
    assert.deepEqual(resolveAnchor(anchor, workspace), {
      status: 'resolved',
      how: 'fingerprint',
      anchor: { path: 'src/config.ts', lines: [6, 7], fingerprint: anchor.fingerprint },
      moved: true,
    });
  });

  it('reads each file once for a batch of anchors', () => {
    files.set('a.ts', 'export function one(): number {\n  return 1;\n}\n');
    files.set('b.ts', 'export function two(): number {\n  return 2;\n}\n');
    const one = createAnchor({ path: 'a.ts', text: files.get('a.ts') ?? '', symbol: 'one' });
    const two = createAnchor({ path: 'b.ts', text: files.get('b.ts') ?? '', symbol: 'two' });
    reads = [];
    const resolver = createAnchorResolver(workspace);
    const gone: Anchor = { path: 'gone.ts', symbol: 'three', lines: [1, 3], fingerprint: 'fp1:0000000000000000' };
    const results = [one, two, gone, { ...one, path: 'moved.ts' }].map((a) => resolver.resolve(a));
    assert.deepEqual(
      results.map((r) => (r.status === 'resolved' ? `${r.how} ${r.anchor.path}` : r.reason)),
      ['symbol a.ts', 'symbol b.ts', 'file-missing', 'fingerprint-elsewhere a.ts'],
    );
    assert.deepEqual(reads, ['a.ts', 'b.ts', 'gone.ts', 'moved.ts']);
  });
});

describe('readRenames', () => {
  it('maps old paths to their path at HEAD, following chains', async () => {
    const repo = GitRepoBuilder.create();
    try {
      repo.write('a.ts', 'export const a = 1;\n'.repeat(5)).write('x.ts', 'export const x = 1;\n'.repeat(5));
      repo.commit({ message: 'add', date: '2024-01-01T10:00:00Z' });
      repo.rename('a.ts', 'src/b.ts').rename('x.ts', 'src/x.ts');
      repo.commit({ message: 'move', date: '2024-01-02T10:00:00Z' });
      repo.rename('src/b.ts', 'src/c.ts');
      repo.commit({ message: 'rename', date: '2024-01-03T10:00:00Z' });
      assert.deepEqual(
        [...(await readRenames({ cwd: repo.dir }))].sort(),
        [
          ['a.ts', 'src/c.ts'],
          ['src/b.ts', 'src/c.ts'],
          ['x.ts', 'src/x.ts'],
        ],
      );
      assert.deepEqual([...(await readRenames({ cwd: repo.dir }, new Date('2024-01-03T00:00:00Z')))], [['src/b.ts', 'src/c.ts']]);
    } finally {
      repo.cleanup();
    }
  });

  it('applies one commit’s renames together and drops chains that return home', () => {
    assert.deepEqual(
      [
        ...chainRenames([
          [
            ['a', 'b'],
            ['b', 'a'],
          ],
          [['c', 'd']],
          [['d', 'c']],
        ]),
      ],
      [
        ['a', 'b'],
        ['b', 'a'],
        ['d', 'c'],
      ],
    );
  });
});
