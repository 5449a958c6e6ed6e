import { DEFAULT_REPORT_TOP } from '../core/defaults';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { abortOnInterrupt, isFolderOrSay } from './commandRun';
import * as path from 'node:path';
import { CancelledError, EmptyRepositoryError, GitCommandError, GitNotFoundError, NotAGitRepositoryError } from '../core/history/gitProcess';
import { formatCsv } from '../core/report/formatCsv';
import { formatMarkdown } from '../core/report/formatMarkdown';
import { jsonReportChunks } from '../core/report/jsonReportChunks';
import { evaluateFailOn } from '../core/report/failOn';
import type { LedgerReportInput } from '../core/report/formatSarif';
import { formatSarif } from '../core/report/formatSarif';
import { ledgerReportInput } from '../core/report/ledgerReportInput';
import { neutraliseControls } from '../core/report/textTable';
import { NoReviewBaseError, ReviewHeadError } from '../core/review/reviewErrors';
import { cacheFileFor } from '../core/scan/scanCache';
import type { ReportMemoWriter } from '../core/scan/reportMemo';
import type { ScanReport } from '../core/scan/scanReport';
import type { MemoizedScan } from '../core/scan/scanRepository';
import { scanRepositoryMemoized } from '../core/scan/scanRepository';
import { defaultCacheDirectory } from './cacheDirectory';
import { describeLedgerFailure } from './debt/ledgerFailure';
import { formatTable } from './formatTable';
import type { ReportCommand, ScanCommand } from './parseCliArgs';
import { HELP, parseCliArgs, UsageError } from './parseCliArgs';
import { parseReviewArgs, REVIEW_HELP } from './parseReviewArgs';
import { createProgressReporter } from './progressReporter';
import { scanCostInputs } from './scanCostInputs';
import { writeChunks } from './writeChunks';

const VERSION = '0.1.0';

/** Runs the CLI and returns its exit code; everything it prints goes through the two streams. */
export async function runCli(argv: readonly string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv; cwd: string }): Promise<number> {
  let command;
  try {
    command = argv[0] === 'review' ? parseReviewArgs(argv.slice(1), new Date()) : parseCliArgs(argv, new Date());
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`debt-lens: ${error.message}\nRun 'debt-lens --help' for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (command.command === 'help') {
    io.stdout.write((argv[0] === 'review' ? REVIEW_HELP : `${HELP}\n\n${REVIEW_HELP}`) + '\n');
    return 0;
  }
  if (command.command === 'version') {
    io.stdout.write(VERSION + '\n');
    return 0;
  }
  if (command.command === 'review') {
    // Loaded only for a review, as the debt commands are.
    const { runReview } = await import('./reviewCommand');
    return runReview(command, io, (error, target) => reportFailure(error, target, io.stderr));
  }
  if (command.command === 'debt') {
    // The debt commands need the ledger and the TypeScript scanner: loaded only for them.
    const { runDebt } = await import('./debt/runDebt');
    return runDebt(command, {
      out: (text) => writeChunks(io.stdout, [text]),
      err: (text) => void io.stderr.write(text),
      cwd: io.cwd,
      env: io.env,
      now: () => new Date(),
    });
  }
  return runScan(command, io);
}

async function runScan(command: ScanCommand | ReportCommand, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv; cwd: string }): Promise<number> {
  const target = path.resolve(io.cwd, command.path ?? '.');
  if (!(await isFolderOrSay(target, io.stderr))) {
    return 1;
  }

  const interrupt = abortOnInterrupt();
  const progress = createProgressReporter(io.stderr, command.quiet);
  const cacheDir = command.cacheDir ? path.resolve(io.cwd, command.cacheDir) : defaultCacheDirectory(io.env);
  let scan: MemoizedScan;
  try {
    const costInputs = await scanCostInputs(target, { ledgerDir: command.ledgerDir, live: command.live, cacheDir: command.useCache ? cacheDir : undefined, env: io.env, now: () => new Date() });
    // The cache file is per repository root, which only git can tell; resolve it lazily below.
    scan = await scanRepositoryMemoized({
      cwd: target,
      now: new Date(),
      since: command.since,
      until: command.until,
      windowEnd: command.windowEnd,
      cacheFile: command.useCache ? (root: string) => cacheFileFor(cacheDir, root) : undefined,
      churn: command.churn,
      ledgerFolder: command.ledgerDir,
      xrayTop: command.xrayTop,
      xrayPaths: command.xrayFiles.map((file) => file.split(path.sep).join('/')),
      complexityMetric: command.metric,
      excludes: command.excludes,
      maxFileBytes: command.maxFileBytes,
      projectKeys: command.projectKeys,
      botPattern: command.botPattern,
      significance: { percentile: command.significant, minRevisions: command.minRevisions, minComplexity: command.minComplexity, includeTests: command.includeTests },
      testGlobs: command.testGlobs,
      massCommitFiles: command.massCommitFiles,
      bugFixPattern: command.bugFixPattern ?? costInputs.cost.bugFixPattern,
      bugLabels: costInputs.cost.bugLabels,
      ticketLookup: costInputs.ticketLookup,
      coupling: command.coupling,
      // One worker parses while this thread streams git's output and replays X-Ray history; more
      // workers do not pay on two cores (parsing on two threads at once barely scales there).
      workerScript: existsSync(path.join(__dirname, 'parseWorker.js')) ? path.join(__dirname, 'parseWorker.js') : undefined,
      workers: 1,
      signal: interrupt.signal,
      onProgress: (update) => progress.update(update),
      logger: {
        info: () => undefined,
        warn: (message) => io.stderr.write(`debt-lens: warning: ${neutraliseControls(message)}\n`),
      },
    }, programSalt());
    await costInputs.save().catch((error: unknown) => io.stderr.write(`debt-lens: warning: could not write the backlog cache: ${error instanceof Error ? error.message : String(error)}\n`));
  } catch (error) {
    progress.stop();
    return reportFailure(error, target, io.stderr);
  } finally {
    interrupt.dispose();
  }
  progress.stop();
  for (const warning of scan.warnings) {
    io.stderr.write(`debt-lens: warning: ${neutraliseControls(warning)}\n`);
  }
  const wholeJson = command.command === 'scan' && command.format === 'json' && command.top === undefined;
  if (wholeJson && scan.memoText !== undefined) {
    await writeChunks(io.stdout, scan.memoText);
  } else if (wholeJson) {
    await rememberWhile(scan, io.stderr, (memo) => writeChunks(io.stdout, tee(jsonReportChunks(scan.report()), memo)));
  } else if (scan.remember !== undefined) {
    // Other formats print from the report; the memo keeps its JSON all the same.
    await rememberWhile(scan, io.stderr, (memo) => {
      for (const chunk of memo ? jsonReportChunks(scan.report()) : []) {
        memo?.write(chunk);
      }
      return Promise.resolve();
    });
  }
  if (wholeJson && command.failOn.length === 0) {
    return 0;
  }
  const report = scan.report();
  if (command.command === 'report') {
    const { writeStakeholderReport } = await import('./stakeholderReportCommand');
    const written = await writeStakeholderReport(report, command, { cwd: io.cwd, stdout: (text) => writeChunks(io.stdout, [text]) });
    if (!written.ok) {
      io.stderr.write(`debt-lens: ${neutraliseControls(written.message)}\n`);
      return 1;
    }
  }
  // Read by SARIF and by the gates alike; built once, only when one of them runs.
  let ledgerInput: LedgerReportInput | undefined;
  const ledger = (): LedgerReportInput => (ledgerInput ??= ledgerReportInput(report));
  if (command.command === 'report') {
    // Written above.
  } else if (wholeJson) {
    // Written above.
  } else if (command.format === 'json') {
    await writeChunks(io.stdout, jsonReportChunks(report, command.top));
  } else if (command.format === 'sarif') {
    await writeChunks(io.stdout, [JSON.stringify(formatSarif({ ...ledger(), toolVersion: VERSION }), null, 2) + '\n']);
  } else {
    await writeChunks(io.stdout, [render(report, command)]);
  }
  if (command.failOn.length > 0) {
    const verdict = evaluateFailOn(command.failOn, ledger());
    for (const reason of verdict.reasons) {
      io.stderr.write(`debt-lens: fail-on: ${neutraliseControls(reason)}\n`);
    }
    return verdict.failed ? 3 : 0;
  }
  return 0;
}

/**
 * Names this program for the report memo: its own bundle's bytes and the ts-morph (with its TypeScript) it parses with,
 * so another build or another compiler never reads this one's reports.
 */
function programSalt(): string {
  const hash = createHash('sha1').update(VERSION);
  for (const file of [__filename, require.resolve('ts-morph/package.json')]) {
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update(`unreadable:${file}`);
    }
  }
  return hash.digest('hex');
}

/**
 * Runs `write` with the report memo open when the scan can be remembered (undefined otherwise), and
 * keeps it only when `write` completed: the memo is a cache, so failing to write it is a warning.
 */
async function rememberWhile(scan: MemoizedScan, stderr: NodeJS.WriteStream, write: (memo: ReportMemoWriter | undefined) => Promise<void>): Promise<void> {
  let memo: ReportMemoWriter | undefined;
  try {
    memo = await scan.remember?.();
  } catch (error) {
    stderr.write(`debt-lens: warning: could not write the report cache: ${neutraliseControls((error as Error).message)}\n`);
  }
  try {
    await write(memo);
  } catch (error) {
    await memo?.discard().catch(() => undefined);
    throw error;
  }
  try {
    await memo?.commit();
  } catch (error) {
    await memo?.discard().catch(() => undefined);
    stderr.write(`debt-lens: warning: could not write the report cache: ${neutraliseControls((error as Error).message)}\n`);
  }
}

/** Passes `chunks` on, writing each to `memo` as well. */
function* tee(chunks: Iterable<string>, memo: ReportMemoWriter | undefined): Generator<string> {
  for (const chunk of chunks) {
    memo?.write(chunk);
    yield chunk;
  }
}

function render(report: ScanReport, command: ScanCommand): string {
  switch (command.format) {
    case 'markdown':
      return formatMarkdown(report, command.top ?? DEFAULT_REPORT_TOP);
    case 'csv':
      return formatCsv(report, command.top);
    default:
      return formatTable(report, command.top ?? DEFAULT_REPORT_TOP, process.stdout.columns || 120);
  }
}

function reportFailure(error: unknown, target: string, stderr: NodeJS.WriteStream): number {
  if (error instanceof CancelledError) {
    stderr.write('debt-lens: interrupted\n');
    return 130;
  }
  const ledger = describeLedgerFailure(error);
  if (ledger !== undefined) {
    stderr.write(`debt-lens: ${ledger.message}\n`);
    return ledger.exitCode;
  }
  if (error instanceof NotAGitRepositoryError) {
    stderr.write(`debt-lens: not a git repository: ${target}\n`);
  } else if (error instanceof GitNotFoundError) {
    stderr.write(`debt-lens: ${error.message}; install git and try again\n`);
  } else if (error instanceof EmptyRepositoryError) {
    stderr.write(`debt-lens: the repository has no commits yet: ${target}\n`);
  } else if (error instanceof GitCommandError || error instanceof RangeError || error instanceof NoReviewBaseError || error instanceof ReviewHeadError) {
    stderr.write(`debt-lens: ${neutraliseControls(error.message)}\n`);
  } else {
    stderr.write(`debt-lens: the scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  return 1;
}

if (require.main === module) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`debt-lens: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
