import * as assert from 'node:assert/strict';
import { parseCliArgs, parseDateOption, parseDebtArgs, UsageError } from '../../../src/cli/parseCliArgs';

const NOW = new Date('2026-11-21T12:00:00Z');

describe('parseCliArgs', () => {
  it('defaults to a table of the current folder with the cache on', () => {
    const command = parseCliArgs(['scan'], NOW);
    assert.equal(command.command, 'scan');
    if (command.command !== 'scan') return;
    assert.equal(command.path, undefined);
    assert.equal(command.format, 'table');
    assert.equal(command.useCache, true);
    assert.equal(command.xrayTop, 20);
    assert.equal(command.metric, 'cognitive');
    assert.equal(command.maxFileBytes, 1_048_576);
  });

  it('reads every option', () => {
    const command = parseCliArgs(
      ['scan', '../repo', '--format', 'json', '--top', '5', '--since', '2026-01-01', '--until', '2026-06-30', '--no-cache', '--exclude', 'test/**', '--exclude', '*.spec.ts', '--metric', 'cyclomatic', '--xray', '3', '--project-key', 'PROJ', '--max-file-bytes', '2000000'],
      NOW,
    );
    assert.deepEqual(command, {
      command: 'scan',
      path: '../repo',
      format: 'json',
      top: 5,
      since: new Date('2026-01-01T00:00:00Z'),
      until: new Date('2026-06-30T00:00:00Z'),
      windowEnd: 'head',
      useCache: false,
      churn: undefined,
      failOn: [],
      ledgerDir: undefined,
      cacheDir: undefined,
      excludes: ['test/**', '*.spec.ts'],
      metric: 'cyclomatic',
      xrayTop: 3,
      xrayFiles: [],
      maxFileBytes: 2_000_000,
      projectKeys: ['PROJ'],
      botPattern: undefined,
      significant: 90,
      minRevisions: undefined,
      minComplexity: undefined,
      includeTests: false,
      testGlobs: [],
      massCommitFiles: 30,
      bugFixPattern: undefined,
      live: false,
      coupling: { minRevisions: 5, minShared: 5, minDegree: 30, maxChangesetSize: 30 },
      quiet: false,
    });
  });

  it('rejects bad input with a usage error that says what is wrong', () => {
    assert.throws(() => parseCliArgs(['scan', '--format', 'xml'], NOW), new UsageError("--format must be table, json, markdown, csv or sarif, not 'xml'"));
    assert.throws(() => parseCliArgs(['scan', '--top', 'ten'], NOW), new UsageError("--top takes a whole number (0 or more), not 'ten'"));
    assert.throws(() => parseCliArgs(['scan', '--since', 'yesterday'], NOW), UsageError);
    assert.throws(() => parseCliArgs(['scan', '--since', '2026-10-01', '--until', '2026-09-01'], NOW), /must be before/);
    assert.throws(() => parseCliArgs(['scan', '--bogus'], NOW), UsageError);
    assert.throws(() => parseCliArgs(['frobnicate'], NOW), new UsageError("unknown command 'frobnicate' (expected 'scan', 'report' or 'debt')"));
    assert.throws(() => parseCliArgs(['scan', 'a', 'b'], NOW), UsageError);
  });

  it('says what a valid value is for a negative number, in every numeric option, where node would call it ambiguous', () => {
    for (const option of ['--top', '--xray', '--max-file-bytes', '--coupling-min-revisions', '--coupling-min-shared', '--coupling-min-degree', '--coupling-max-changeset']) {
      assert.throws(() => parseCliArgs(['scan', option, '-1'], NOW), new UsageError(`${option} takes a whole number (0 or more), not '-1'`));
      assert.throws(() => parseCliArgs(['scan', `${option}=-1`], NOW), new UsageError(`${option} takes a whole number (0 or more), not '-1'`));
    }
    assert.throws(() => parseCliArgs(['scan', '--significant', '-5'], NOW), new UsageError("--significant is a whole percentile from 0 to 100, not '-5'"));
    assert.throws(() => parseCliArgs(['scan', '--since', '-1'], NOW), new UsageError("--since takes a date like 2026-01-31 or a span like 6m, 90d, 2y; '-1' is neither"));
    assert.throws(() => parseCliArgs(['scan', '-f', '-1'], NOW), new UsageError("--format must be table, json, markdown, csv or sarif, not '-1'"));
    assert.throws(() => parseDebtArgs(['add', '--title', 't', '--file', 'a.ts', '--lines', '-3']), /^UsageError: --lines takes a range like 12-30/);
    assert.throws(() => parseDebtArgs(['add', '--title', 't', '--file', 'a.ts', '--principal', '-3d']), /^UsageError: --principal takes a number and a unit/);
    // Any other word with a dash where a value belongs: the value was most likely forgotten.
    assert.throws(() => parseCliArgs(['scan', '--top', '--quiet'], NOW), new UsageError("--top needs a value before '--quiet' (write --top=--quiet for a value that starts with a dash)"));
    assert.throws(() => parseDebtArgs(['add', '--title', '--file', 'a.ts']), new UsageError("debt add: --title needs a value before '--file' (write --title=--file for a value that starts with a dash)"));
    // After `--`, a dash is a positional's.
    assert.throws(() => parseCliArgs(['scan', '--top', '3', '--', '-1', 'x'], NOW), new UsageError('scan takes one path, got 2: -1 x'));
    const quoted = parseDebtArgs(['add', '--title=-x', '--file', 'a.ts']);
    assert.ok(quoted.command === 'debt' && quoted.sub === 'add');
    assert.equal(quoted.title, '-x');
  });

  it('reads the churn, ledger and on-demand X-Ray options', () => {
    const command = parseCliArgs(['scan', '--no-churn', '--ledger-dir', 'docs/debt', '--xray-file', 'src/a.ts', '--xray-file', 'src/b.ts', '--fail-on', 'orphaned'], NOW);
    assert.ok(command.command === 'scan');
    assert.equal(command.churn, false);
    assert.equal((parseCliArgs(['scan', '--churn'], NOW) as { churn?: boolean }).churn, true);
    assert.throws(() => parseCliArgs(['scan', '--churn', '--no-churn'], NOW), /--churn and --no-churn/);
    assert.equal(command.ledgerDir, 'docs/debt');
    assert.deepEqual(command.xrayFiles, ['src/a.ts', 'src/b.ts']);
    assert.deepEqual(command.failOn.map((rule) => rule.kind), ['orphaned']);
  });

  it('reads the significance, bot and coupling settings', () => {
    const command = parseCliArgs(['scan', '--significant', '95', '--bots', 'ci-bot', '--coupling-min-degree', '50', '--coupling-max-changeset', '10'], NOW);
    assert.ok(command.command === 'scan');
    assert.equal(command.significant, 95);
    assert.equal(command.botPattern, 'ci-bot');
    assert.deepEqual(command.coupling, { minRevisions: 5, minShared: 5, minDegree: 50, maxChangesetSize: 10 });
    assert.throws(() => parseCliArgs(['scan', '--bots', '(unclosed'], NOW), /--bots is not a valid regular expression/);
    assert.throws(() => parseCliArgs(['scan', '--significant', '120'], NOW), /0 to 100/);
  });

  it('reads the significance floors, the test globs and the mass-commit cap', () => {
    const command = parseCliArgs(['scan', '--min-revisions', '2', '--min-complexity', '10', '--include-tests', '--test-glob', 'checks/**', '--test-glob', '**/*.e2e.ts', '--mass-commit', '50'], NOW);
    assert.ok(command.command === 'scan');
    assert.deepEqual(
      [command.minRevisions, command.minComplexity, command.includeTests, command.testGlobs, command.massCommitFiles],
      [2, 10, true, ['checks/**', '**/*.e2e.ts'], 50],
    );
    assert.throws(() => parseCliArgs(['scan', '--mass-commit', '0'], NOW), new UsageError('--mass-commit takes a number of files of at least 1'));
    assert.throws(() => parseCliArgs(['scan', '--min-complexity', 'ten'], NOW), new UsageError("--min-complexity takes a whole number (0 or more), not 'ten'"));
    assert.throws(() => parseCliArgs(['scan', '--test-glob', ' '], NOW), new UsageError('--test-glob must not be empty'));
  });

  it('ends the window at HEAD by default; --until now is the clock; a span without an end date counts back from the end the scan finds', () => {
    const byDefault = parseCliArgs(['scan'], NOW);
    assert.ok(byDefault.command === 'scan');
    assert.deepEqual([byDefault.since, byDefault.until, byDefault.windowEnd], [undefined, undefined, 'head']);
    const clock = parseCliArgs(['scan', '--until', 'now', '--since', '6m'], NOW);
    assert.ok(clock.command === 'scan');
    assert.deepEqual([clock.since, clock.until, clock.windowEnd], [{ amount: 6, unit: 'm' }, undefined, 'now']);
    const span = parseCliArgs(['scan', '--since', '90d'], NOW);
    assert.ok(span.command === 'scan');
    assert.deepEqual(span.since, { amount: 90, unit: 'd' });
    const given = parseCliArgs(['scan', '--since', '6m', '--until', '2026-06-30'], NOW);
    assert.ok(given.command === 'scan');
    assert.deepEqual([given.since, given.until, given.windowEnd], [new Date('2025-12-30T00:00:00Z'), new Date('2026-06-30T00:00:00Z'), 'head']);
    assert.throws(() => parseCliArgs(['scan', '--since', '2026-12-01', '--until', 'now'], NOW), /must be before/);
  });

  it('reads the bug-fix pattern and --live, and rejects a pattern that does not compile', () => {
    const command = parseCliArgs(['scan', '--bug-fix-pattern', '^(fix|defect)\\b', '--live'], NOW);
    assert.deepEqual(command.command === 'scan' && [command.bugFixPattern, command.live], ['^(fix|defect)\\b', true]);
    assert.throws(() => parseCliArgs(['scan', '--bug-fix-pattern', '('], NOW), /--bug-fix-pattern: not a valid regular expression/);
  });

  it('reads report: HTML by default, Markdown on request, -o, and the scan options', () => {
    const html = parseCliArgs(['report', 'repo', '--since', '6m'], NOW);
    assert.equal(html.command, 'report');
    assert.ok(html.command === 'report');
    assert.deepEqual([html.path, html.format, html.output, html.xrayTop], ['repo', 'html', undefined, 20]);
    const markdown = parseCliArgs(['report', '--format', 'markdown', '-o', 'out.md'], NOW);
    assert.ok(markdown.command === 'report');
    assert.deepEqual([markdown.format, markdown.output], ['markdown', 'out.md']);
    assert.throws(() => parseCliArgs(['report', '--format', 'json'], NOW), new UsageError("report --format must be html or markdown, not 'json'"));
    assert.throws(() => parseCliArgs(['scan', '-o', 'x.html'], NOW), new UsageError('--output is an option of report; scan writes to standard output'));
  });

  it('answers help and version', () => {
    assert.deepEqual(parseCliArgs(['--help'], NOW), { command: 'help' });
    assert.deepEqual(parseCliArgs(['scan', '-v'], NOW), { command: 'version' });
  });
});

describe('parseDateOption', () => {
  it('takes spans back from the reference date', () => {
    assert.equal(parseDateOption('--since', '6m', NOW).toISOString(), '2026-05-21T12:00:00.000Z');
    assert.equal(parseDateOption('--since', '90d', NOW).toISOString(), '2026-08-23T12:00:00.000Z');
    assert.equal(parseDateOption('--since', '2y', NOW).toISOString(), '2024-11-21T12:00:00.000Z');
    assert.equal(parseDateOption('--since', '2w', NOW).toISOString(), '2026-11-07T12:00:00.000Z');
    assert.equal(parseDateOption('--since', '2026-03-04T05:06:07Z', NOW).toISOString(), '2026-03-04T05:06:07.000Z');
  });

  it('takes leap days and zones as written, and dates before 1970', () => {
    assert.equal(parseDateOption('--since', '2024-02-29', NOW).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(parseDateOption('--since', '2000-02-29', NOW).toISOString(), '2000-02-29T00:00:00.000Z');
    assert.equal(parseDateOption('--since', '2026-03-04T05:06+02:00', NOW).toISOString(), '2026-03-04T03:06:00.000Z');
    assert.equal(parseDateOption('--since', '1960-12-31', NOW).toISOString(), '1960-12-31T00:00:00.000Z');
    assert.equal(parseDateOption('--since', '60y', NOW).toISOString(), '1966-11-21T12:00:00.000Z');
  });

  it('refuses dates that do not exist instead of rolling them into the next month or day', () => {
    const refused = (text: string): string => {
      try {
        parseDateOption('--since', text, NOW);
      } catch (error) {
        assert.ok(error instanceof UsageError);
        return error.message;
      }
      return assert.fail(`${text} was accepted`);
    };
    assert.equal(refused('2024-02-30'), "--since: no such date '2024-02-30' (February 2024 has 29 days)");
    assert.equal(refused('2023-02-29'), "--since: no such date '2023-02-29' (February 2023 has 28 days)");
    assert.equal(refused('1900-02-29'), "--since: no such date '1900-02-29' (February 1900 has 28 days)");
    assert.equal(refused('2026-04-31'), "--since: no such date '2026-04-31' (April 2026 has 30 days)");
    assert.equal(refused('2026-13-01'), "--since: no such date '2026-13-01' (months go from 01 to 12)");
    assert.equal(refused('2026-00-10'), "--since: no such date '2026-00-10' (months go from 01 to 12)");
    assert.equal(refused('2026-01-00'), "--since: no such date '2026-01-00' (January 2026 has 31 days)");
    assert.match(refused('2026-01-31T24:00'), /^--since: no such time '2026-01-31T24:00'/);
    assert.match(refused('2026-01-31T10:60'), /^--since: no such time/);
    assert.match(refused('999999999y'), /^--since 999999999y reaches back further than a date can/);
    assert.match(refused('2026-1-31'), /takes a date like 2026-01-31/);
  });
});
