import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatReviewMarkdown, GITHUB_COMMENT_LIMIT, REVIEW_COMMENT_MARKER } from '../../../src/core/report/formatReviewMarkdown';
import { formatReviewSarif, REVIEW_COMPLEXITY_RULE_ID } from '../../../src/core/report/formatReviewSarif';
import type { ReviewReport } from '../../../src/core/review/reviewReport';
import { coChange, entryChange, fileChange, functionChange, newComplex, reviewReport } from '../review/reviewBuilders';
import { sarifValidator } from '../support/sarifValidator';

const GOLDEN = path.join(__dirname, 'golden');

/** Names a repository may hold that would format, link, mention, open HTML or break a table in a comment. */
const HOSTILE_PATH = 'src/<img src=x onerror=alert(1)>|`@octocat`[x](https://evil.example)*.ts';
const HOSTILE_NAME = 'Evil.`name`|</details>\n# heading';

/** A worse review with hostile names first, then enough functions to pass GitHub's comment limit. */
function bigReview(): ReviewReport {
  const hostile = functionChange({
    path: HOSTILE_PATH, name: HOSTILE_NAME, significant: true, hotspotRank: 1, before: { cognitive: 20, cyclomatic: 9 }, after: { cognitive: 24, cyclomatic: 11 }, linesAdded: 6, linesDeleted: 2,
  });
  const filler = Array.from({ length: 1500 }, (_, i) =>
    functionChange({ path: `src/generated/module${String(i).padStart(4, '0')}.ts`, name: `Module${i}.handle`, change: 'added', before: null, after: { cognitive: i % 7, cyclomatic: 1 + (i % 5) }, linesAdded: 3, linesDeleted: 0 }),
  );
  return reviewReport({
    verdict: 'worse',
    commits: 3,
    files: [fileChange({ path: HOSTILE_PATH, significant: true, hotspotRank: 1, before: 40, after: 44 }), fileChange({ path: 'src/new.ts', previousPath: 'src/old.ts', change: 'modified' })],
    functions: [hostile, ...filler],
    newComplexFunctions: [newComplex({ path: 'src/new.ts', name: 'parse<T>', cognitive: 18 })],
    missingCoChanges: [coChange({ changed: HOSTILE_PATH, partner: 'docs/@team|notes.md', degree: 80, shared: 8 })],
    entries: [entryChange({ id: 'TD-0a0b0c', state: 'orphaned', title: 'Ping @octocat <b>now</b> | please', path: HOSTILE_PATH, symbol: 'old', backlog: ['PROJ-12'] })],
    tickets: ['#12', 'PROJ-12'],
    reasons: ['worse: set by decideVerdict, not read by the formatter'],
    warnings: ['scan at base: shallow <clone>'],
  });
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.DEBT_LENS_UPDATE_GOLDEN === '1') {
    fs.writeFileSync(file, actual);
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs (DEBT_LENS_UPDATE_GOLDEN=1 rewrites it)`);
}

describe('formatReviewMarkdown', () => {
  it('matches the golden comment: marker, three-line summary, sections, hostile names in code spans, truncated under the limit with a note', () => {
    const markdown = formatReviewMarkdown(bigReview());
    golden('review-comment.md', markdown);
    assert.ok(markdown.length <= GITHUB_COMMENT_LIMIT, `${markdown.length} characters`);
    assert.ok(markdown.length > GITHUB_COMMENT_LIMIT - 500, 'fills the comment before cutting');
    const lines = markdown.split('\n');
    assert.equal(lines[0], REVIEW_COMMENT_MARKER);
    assert.match(lines[1]!, /^### Debt Lens review: 🔴 worse — /);
    assert.equal(lines[4], '');
    assert.match(markdown, /\n> \*\*Note:\*\* \d+ of 1511 rows are left out to stay under GitHub's 65,536-character comment limit/);
    // Outside code spans only the comment's own HTML is left, and no mention.
    const outside = markdown.replace(/`[^`\n]*`/g, '');
    assert.deepEqual(new Set(outside.match(/<[^>]*>/g)), new Set(['<!-- debt-lens-review -->', '<details>', '<summary>', '</summary>', '</details>']));
    assert.equal((outside.match(/<details>/g) ?? []).length, (outside.match(/<\/details>/g) ?? []).length);
    assert.doesNotMatch(outside, /@\w|\]\(|\n# heading/);
  });

  it('is short and whole when the review is small', () => {
    const markdown = formatReviewMarkdown(reviewReport({ tickets: ['PROJ-1'] }));
    golden('review-comment-ok.md', markdown);
  });
});

describe('formatReviewSarif', () => {
  it('validates against the SARIF 2.1.0 schema and lists only what the branch introduces', () => {
    const log = formatReviewSarif(bigReview(), '0.1.0') as { runs: { results: { ruleId: string; partialFingerprints: Record<string, string>; level: string }[] }[] };
    assert.ok(sarifValidator()(log), 'valid SARIF');
    assert.deepEqual(log.runs[0]!.results.map((result) => result.ruleId), [
      REVIEW_COMPLEXITY_RULE_ID,
      REVIEW_COMPLEXITY_RULE_ID,
      'debt-lens/review/new-complex-function',
      'debt-lens/review/orphaned-anchor',
      'debt-lens/review/missing-cochange',
    ]);
  });

  it('keeps fingerprints across pushes: lines and numbers move, the identity does not', () => {
    const fingerprints = (report: ReviewReport): string[] =>
      (formatReviewSarif(report, '0.1.0') as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }).runs[0]!.results.map((result) => Object.values(result.partialFingerprints)[0]!);
    const first = bigReview();
    const pushed: ReviewReport = {
      ...first,
      head: 'c'.repeat(40),
      functions: first.functions.map((fn) => ({ ...fn, startLine: fn.startLine + 10, endLine: fn.endLine + 10, after: fn.after === null ? null : { ...fn.after, cognitive: fn.after.cognitive + 1 } })),
      newComplexFunctions: first.newComplexFunctions.map((fn) => ({ ...fn, startLine: 40, cognitive: 25 })),
      files: first.files.map((file) => ({ ...file, after: (file.after ?? 0) + 3 })),
      missingCoChanges: first.missingCoChanges.map((pair) => ({ ...pair, degree: 85, shared: 9 })),
    };
    assert.deepEqual(fingerprints(pushed), fingerprints(first));
    assert.equal(new Set(fingerprints(first)).size, 5);
  });
});
