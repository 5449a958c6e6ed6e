import * as assert from 'node:assert/strict';
import type { CodeCost } from '../../../src/core/cost/codeCost';
import type { ScanReport } from '../../../src/core/scan/scanReport';
import { annotationsFor, functionLensTitle, hoverMarkdown } from '../../../src/editor/annotations';
import { bugFixHoverText, bugFixLensText, notableBugFixes, repositoryBugFixShare } from '../../../src/editor/reportFacts';
import { otherFiles, scanReport } from '../support/reportBuilders';

const cost = (commits: number, bugFixCommits: number): CodeCost => ({ commits, bugFixCommits, bugFixShare: commits === 0 ? null : bugFixCommits / commits, tickets: 0, medianLeadTimeHours: null });

describe("bug-fix share beside the repository's", () => {
  it("takes the repository's share from its months, and calls code notable from twice that", () => {
    const months = { cost: { byMonth: [{ month: '2026-10', commits: 12, bugFixCommits: 2 }, { month: '2026-11', commits: 8, bugFixCommits: 3 }] } };
    assert.equal(repositoryBugFixShare(months), 0.25);
    assert.equal(repositoryBugFixShare({ cost: { ...months.cost, byMonth: [] } }), null);
    assert.equal(notableBugFixes(cost(10, 4), 0.25), undefined, '40 % is 1.6×');
    const notable = notableBugFixes(cost(10, 5), 0.25);
    assert.deepEqual(notable, { bugFixCommits: 5, commits: 10, share: 0.5, base: 0.25, ratio: 2 });
    assert.equal(bugFixLensText(notable), '50 % bug fixes (2×)');
    assert.equal(bugFixHoverText(notable), "Bug fixes: 5 of 10 changes (50 %), 2× the repository's 25 %");
    assert.equal(notableBugFixes(cost(3, 3), 0), undefined, 'no ratio to a repository without bug fixes');
    assert.equal(notableBugFixes(null, 0.25), undefined, 'no X-Ray, no cost');
  });

  it("adds it to the lenses and hovers of significant code only when it is at least twice the repository's", () => {
    const base = scanReport(
      [
        {
          path: 'src/session.ts', revisions: 23, cognitive: 120, xray: true,
          functions: [
            { name: 'refresh', startLine: 1, endLine: 20, cognitive: 20, revisions: 7 },
            { name: 'open', startLine: 22, endLine: 40, cognitive: 18, revisions: 6 },
          ],
        },
        ...otherFiles(19),
      ],
      { commits: 30 },
    );
    const costs: Record<string, CodeCost> = { refresh: cost(7, 3), open: cost(6, 4) };
    const report: ScanReport = {
      ...base,
      cost: { ...base.cost, byMonth: [{ month: '2026-11', commits: 20, bugFixCommits: 5 }] },
      files: base.files.map((file) => (file.path === 'src/session.ts' ? { ...file, cost: cost(23, 12), functions: file.functions.map((fn) => ({ ...fn, cost: costs[fn.name] ?? null })) } : file)),
    };
    const titles = annotationsFor('src/session.ts', report, [], { hotspots: true, debt: false, maxFunctionLenses: 3 }).map((lens) => lens.title);
    assert.deepEqual(titles, ['🔥 Hotspot file #1 · 23 changes in 12 mo · cognitive 120 · 52 % bug fixes (2.1×) · 1 author']);
    assert.match(hoverMarkdown('src/session.ts', 1, report, []) ?? '', /\nBug fixes: 12 of 23 changes \(52 %\), 2\.1× the repository's 25 %$/);
    const [refresh, open] = report.files[0]?.functions ?? [];
    assert.equal(functionLensTitle({ ...open!, rank: 1 }, 12, 0.25), '🔥 Hotspot #1 · 6 changes in 12 mo · cognitive 18 · 67 % bug fixes (2.7×) · 1 author');
    assert.equal(functionLensTitle({ ...refresh!, rank: 2 }, 12, 0.25), '🔥 Hotspot #2 · 7 changes in 12 mo · cognitive 20 · 1 author', 'refresh fixes 43 %: under twice 25 %');
    const quiet = { ...report, cost: { ...report.cost, byMonth: [{ month: '2026-11', commits: 20, bugFixCommits: 10 }] } };
    assert.doesNotMatch(hoverMarkdown('src/session.ts', 1, quiet, []) ?? '', /Bug fixes/, '52 % is not twice a repository of 50 %');
  });
});
