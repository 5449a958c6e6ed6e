import { strict as assert } from 'node:assert';
import { DEFAULT_COUPLING } from '../../../src/core/defaults';
import { computeChangeCoupling } from '../../../src/core/history/changeCoupling';
import { aggregateHistory } from '../../../src/core/history/fileHistory';
import { readHistory } from '../../../src/core/history/gitLog';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

describe('computeChangeCoupling', () => {
  describe('on a real history with a huge changeset', () => {
    let repo: GitRepoBuilder;
    let step = 0;
    const commit = (files: readonly string[]): void => {
      step++;
      for (const file of files) {
        repo.write(file, `${file} changed in step ${step}\n`);
      }
      repo.commit({ message: `step ${step}`, date: new Date(Date.UTC(2024, 0, step, 10)).toISOString() });
    };

    before(() => {
      repo = GitRepoBuilder.create();
      for (let i = 0; i < 6; i++) {
        commit(['p.ts', 'q.ts']);
      }
      commit(['p.ts']);
      commit(['p.ts']);
      for (let i = 0; i < 5; i++) {
        commit(['p.ts', 'r.ts']);
      }
      commit(['r.ts']);
      // 32 files: a reformatting sweep that must not couple everything with everything.
      commit(['p.ts', 'q.ts', 'r.ts', ...Array.from({ length: 29 }, (_, i) => `gen/file${String(i).padStart(2, '0')}.ts`)]);
      // Renaming q keeps its coupling history under the new name.
      repo.rename('q.ts', 'lib/q.ts');
      repo.commit({ message: 'move q', date: '2024-02-01T10:00:00Z' });
    });

    after(() => repo.cleanup());

    it('reports code-maat degrees with the huge changeset left out of shared and total revisions', async () => {
      const summary = aggregateHistory(await readHistory({ cwd: repo.dir, mode: 'fast' }));
      // The huge commit still counts as a revision of each file it touched.
      assert.deepEqual(
        ['p.ts', 'lib/q.ts', 'r.ts'].map((path) => summary.files.get(path)!.revisions),
        [14, 8, 7],
      );
      // Coupling revisions: p 13, q 6 + the move = 7, r 6. p–q: 6 / 10 = 60 %. p–r: 5 / 9.5 = 52.6 %.
      assert.deepEqual(computeChangeCoupling(summary.changesets), [
        { a: 'lib/q.ts', b: 'p.ts', shared: 6, degree: 60, averageRevisions: 10 },
        { a: 'p.ts', b: 'r.ts', shared: 5, degree: 52, averageRevisions: 10 },
      ]);
    });

    it('counts the huge changeset when the size limit allows it', async () => {
      const summary = aggregateHistory(await readHistory({ cwd: repo.dir, mode: 'fast' }));
      const couplings = computeChangeCoupling(summary.changesets, { maxChangesetSize: 32 });
      // p 14, q 8, r 7: p–q 7 / 11 = 63.6 %, p–r 6 / 10.5 = 57.1 %; pairs with a gen file share 1.
      assert.deepEqual(couplings, [
        { a: 'lib/q.ts', b: 'p.ts', shared: 7, degree: 63, averageRevisions: 11 },
        { a: 'p.ts', b: 'r.ts', shared: 6, degree: 57, averageRevisions: 11 },
      ]);
    });
  });

  const repeat = (times: number, changeset: readonly string[]): string[][] => Array.from({ length: times }, () => [...changeset]);

  it('uses code-maat’s defaults', () => {
    assert.deepEqual(DEFAULT_COUPLING, { minRevisions: 5, minShared: 5, minDegree: 30, maxChangesetSize: 30 });
  });

  it('truncates the degree to an integer, as code-maat prints it', () => {
    // shared 5, revisions 5 and 10: 5 / 7.5 = 66.67 %.
    const couplings = computeChangeCoupling([...repeat(5, ['a', 'b']), ...repeat(5, ['b'])]);
    assert.deepEqual(couplings, [{ a: 'a', b: 'b', shared: 5, degree: 66, averageRevisions: 8 }]);
  });

  it('compares the unrounded degree with the threshold, exactly', () => {
    // a 6 revisions, b 34, 6 shared: 6 / 20 = exactly 30 % passes; b one more: 6 / 20.5 = 29.3 % does not.
    const exactly = computeChangeCoupling([...repeat(6, ['a', 'b']), ...repeat(28, ['b'])]);
    assert.deepEqual(exactly, [{ a: 'a', b: 'b', shared: 6, degree: 30, averageRevisions: 20 }]);
    const under = computeChangeCoupling([...repeat(6, ['a', 'b']), ...repeat(29, ['b'])]);
    assert.deepEqual(under, []);
  });

  it('tests the mean of the two revision counts against minRevisions, as code-maat does', () => {
    // a has 4 revisions, b 8: mean 6 ≥ 5 passes although a alone is under 5.
    const changesets = [...repeat(4, ['a', 'b']), ...repeat(4, ['b'])];
    assert.deepEqual(computeChangeCoupling(changesets, { minShared: 4 }), [{ a: 'a', b: 'b', shared: 4, degree: 66, averageRevisions: 6 }]);
    assert.deepEqual(computeChangeCoupling(changesets, { minShared: 4, minRevisions: 7 }), []);
  });

  it('needs minShared shared revisions', () => {
    // a and b 6 revisions each, 4 shared: 66 % and mean 6 pass, 4 shared does not.
    assert.deepEqual(computeChangeCoupling([...repeat(4, ['a', 'b']), ...repeat(2, ['a']), ...repeat(2, ['b'])]), []);
    assert.deepEqual(computeChangeCoupling(repeat(5, ['a', 'b'])), [{ a: 'a', b: 'b', shared: 5, degree: 100, averageRevisions: 5 }]);
  });

  it('keeps changesets of exactly maxChangesetSize files and drops larger ones', () => {
    const filler = (n: number): string[] => Array.from({ length: n }, (_, i) => `z${i}`);
    const at30 = computeChangeCoupling(repeat(5, ['a', 'b', ...filler(28)]));
    assert.equal(at30.filter((coupling) => coupling.a === 'a' && coupling.b === 'b').length, 1);
    assert.deepEqual(computeChangeCoupling(repeat(5, ['a', 'b', ...filler(29)])), []);
  });

  it('sorts by degree, then shared, then paths, with a < b', () => {
    const changesets = [...repeat(5, ['y', 'x']), ...repeat(6, ['d', 'c']), ...repeat(5, ['b', 'a']), ...repeat(5, ['e', 'f']), ...repeat(5, ['e'])];
    assert.deepEqual(
      computeChangeCoupling(changesets).map((coupling) => [coupling.a, coupling.b, coupling.shared, coupling.degree]),
      [
        ['c', 'd', 6, 100],
        ['a', 'b', 5, 100],
        ['x', 'y', 5, 100],
        ['e', 'f', 5, 66],
      ],
    );
  });

  it('counts a path listed twice in one changeset once', () => {
    assert.deepEqual(computeChangeCoupling(repeat(5, ['a', 'b', 'a'])), [{ a: 'a', b: 'b', shared: 5, degree: 100, averageRevisions: 5 }]);
  });
});
