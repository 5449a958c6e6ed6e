import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Anchor } from '../../../src/core/ledger/anchor';
import { createAnchor } from '../../../src/core/ledger/anchorFingerprint';
import { GitNotFoundError } from '../../../src/core/history/gitProcess';
import { createRepositoryAnchorResolver } from '../../../src/core/ledger/repositoryAnchorResolver';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

const TOTAL = ['export function total(items: number[]): number {', '  return items.reduce((sum, item) => sum + item, 0);', '}'];
const NAME = ['export function name(id: string): string {', '  return id.trim();', '}'];

describe('createRepositoryAnchorResolver', () => {
  let repo: GitRepoBuilder;
  /** A git that is not there: a resolver that runs git fails with GitNotFoundError. */
  let noGit: string;
  let total: Anchor;
  let name: Anchor;

  beforeEach(() => {
    repo = GitRepoBuilder.create();
    repo.write('src/total.ts', `${TOTAL.join('\n')}\n`).write('src/name.ts', `${NAME.join('\n')}\n`);
    repo.commit({ message: 'initial', date: '2024-01-02T10:00:00Z' });
    noGit = path.join(repo.dir, 'no-such-git');
    total = createAnchor({ path: 'src/total.ts', text: repo.read('src/total.ts'), symbol: 'total' });
    name = createAnchor({ path: 'src/name.ts', text: repo.read('src/name.ts'), symbol: 'name' });
  });

  afterEach(() => repo.cleanup());

  it('runs no git when every anchor is found in its own file, moved or not', async () => {
    repo.write('src/total.ts', `// moved\n// down\n${TOTAL.join('\n')}\n`);
    const resolver = await createRepositoryAnchorResolver({ cwd: repo.dir, binary: noGit }, [total, name]);
    assert.deepEqual(resolver.resolve(total), { status: 'resolved', how: 'symbol', anchor: { ...total, lines: [3, 5] }, moved: true });
    assert.deepEqual(resolver.resolve(name), { status: 'resolved', how: 'symbol', anchor: name, moved: false });
  });

  it('reads the rename history when an anchor is not in its own file', async () => {
    repo.rename('src/total.ts', 'lib/sum.ts');
    repo.commit({ message: 'move total', date: '2024-01-03T10:00:00Z' });
    await assert.rejects(createRepositoryAnchorResolver({ cwd: repo.dir, binary: noGit }, [name, total]), GitNotFoundError);
    const resolver = await createRepositoryAnchorResolver({ cwd: repo.dir }, [name, total]);
    assert.deepEqual(resolver.resolve(total), { status: 'resolved', how: 'renamed-symbol', anchor: { ...total, path: 'lib/sum.ts' }, moved: true });
    assert.deepEqual(resolver.resolve(name), { status: 'resolved', how: 'symbol', anchor: name, moved: false });
  });

  it('finds code moved to another file among the work tree\'s files', async () => {
    fs.rmSync(path.join(repo.dir, 'src/total.ts'));
    repo.write('src/math.ts', `${NAME.join('\n').replace(/name/g, 'label')}\n\n${TOTAL.join('\n')}\n`);
    const resolver = await createRepositoryAnchorResolver({ cwd: repo.dir }, [total]);
    assert.deepEqual(resolver.resolve(total), { status: 'resolved', how: 'fingerprint-elsewhere', anchor: { ...total, path: 'src/math.ts', lines: [5, 7] }, moved: true });
  });

  it('refuses an anchor it was not given when that one would need git', async () => {
    const resolver = await createRepositoryAnchorResolver({ cwd: repo.dir, binary: noGit }, [name]);
    assert.throws(() => resolver.resolve({ ...total, path: 'src/gone.ts' }), /src\/gone\.ts was not among the anchors given/);
  });
});
