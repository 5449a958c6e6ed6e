import * as assert from 'node:assert/strict';
import { formatTable } from '../../../src/cli/formatTable';
import { displayWidth } from '../../../src/core/report/textTable';
import { formatMarkdown } from '../../../src/core/report/formatMarkdown';
import type { FileSpec } from '../support/reportBuilders';
import { otherFiles, scanReport } from '../support/reportBuilders';

const LONG = 'src/features/billing/invoices/reconciliation/monthlyStatementReconciler.ts';

/** Ten ranked files; the first, with the long path, the only significant one. */
function report(): ReturnType<typeof scanReport> {
  return scanReport(
    [
      { path: LONG, revisions: 40, cognitive: 30, added: 1200, deleted: 800 },
      ...Array.from({ length: 9 }, (_, i) => ({ path: `src/small${i}.ts`, revisions: i + 1, cognitive: 1 })),
    ],
    { root: '/home/me/project', head: '3f1c2b4a5d6e7f80', commits: 40 },
  );
}

describe('formatTable', () => {
  it('explains the abbreviated columns in one line under the header, no wider than 100 columns', () => {
    const lines = formatTable(report(), 20, 120).split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      'Hotspots in /home/me/project @ 3f1c2b4a · 2025-11-21 → 2026-11-21 · 40 commits · 10 ranked files',
      'score = revisions × cognitive complexity; 🔥 = significant: percentile ≥ 90, ≥ 3 revisions, cognitive ≥ 15, production code only',
      'pctl percentile · revs revisions · cogn/cyclo cognitive/cyclomatic complexity · loc lines of code',
      '',
      ' #  score  pctl  revs  cogn  cyclo  loc  authors   churn +/-  file',
    ]);
    assert.ok(displayWidth(lines[2]!) <= 100);
  });

  it('keeps the 🔥 of a significant file at 100 columns and shortens the path after it', () => {
    const lines = formatTable(report(), 20, 100).split('\n');
    const top = lines.find((line) => line.startsWith(' 1 '));
    assert.ok(top !== undefined, lines.join('\n'));
    assert.equal(displayWidth(top), 100, top);
    assert.match(top, / 🔥 …[^ ]*\/monthlyStatementReconciler\.ts$/);
    // At 160 columns the whole path fits, the flame before it.
    assert.ok(formatTable(report(), 20, 160).includes(`🔥 ${LONG}\n`));
  });
});

/** One significant production file with a significant function (first of 11), a test file scoring higher, nine quiet files. */
const FILES: readonly FileSpec[] = [
  { path: 'src/hot.ts', revisions: 5, cognitive: 40, xray: true, functions: [{ name: 'Hot.run', cognitive: 30, revisions: 5 }, { name: 'Hot.idle', startLine: 5, endLine: 7, cognitive: 1, revisions: 1 }] },
  { path: 'test/hot.test.ts', category: 'test', revisions: 9, cognitive: 60 },
  ...otherFiles(9, { xray: true, functions: [{ name: 'f', cognitive: 1, revisions: 1 }] }),
];

describe('the terminal table and Markdown follow the significance rule', () => {
  it('states the rule, lists production files, and names the test files ranked apart', () => {
    const lines = formatTable(scanReport(FILES, { commits: 9 }), 20, 200).split('\n');
    assert.equal(lines[1], 'score = revisions × cognitive complexity; 🔥 = significant: percentile ≥ 90, ≥ 3 revisions, cognitive ≥ 15, production code only');
    assert.match(lines[6]!, /^1 +200 +95\.0 .* 🔥 src\/hot\.ts$/);
    assert.match(lines[7]!, /└ 🔥 Hot\.run \(1-3\)$/);
    assert.match(lines[8]!, /└ Hot\.idle \(5-7\)$/);
    assert.equal(lines.filter((line) => line.includes('test/hot.test.ts')).length, 0);
    assert.ok(lines.includes('1 test file(s) ranked apart and never significant (--include-tests to count them).'));
  });

  it('lists test files in a table of their own when they may be significant', () => {
    const text = formatTable(scanReport(FILES, { commits: 9, significance: { includeTests: true } }), 20, 200);
    assert.match(text, /\nTest files \(ranked among themselves\):\n.*\n.*\n1 +540 +50\.0 .* test\/hot\.test\.ts\n/);
    assert.match(text.split('\n')[1]!, /tests included$/);
  });

  it('Markdown: the rule in the header, production files in the table, tests counted', () => {
    const markdown = formatMarkdown(scanReport(FILES, { commits: 9 }));
    assert.match(markdown, /· 11 ranked files · 1 significant\n\nScore = revisions × cognitive complexity\. 🔥 = significant: percentile ≥ 90, ≥ 3 revisions, cognitive ≥ 15, production code only\.\n\n1 test file\(s\) are ranked apart/);
    assert.match(markdown, /^\| 1 \| 🔥 `src\/hot\.ts` \| 200 \| 95 \|/m);
    assert.doesNotMatch(markdown, /test\/hot\.test\.ts/);
    assert.match(formatMarkdown(scanReport(FILES, { commits: 9, significance: { includeTests: true } })), /^\| 1 \| `test\/hot\.test\.ts` \(test\) \| 540 \| 50 \|/m);
  });
});
