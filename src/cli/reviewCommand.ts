import { existsSync } from 'node:fs';
import { abortOnInterrupt, isFolderOrSay } from './commandRun';
import * as path from 'node:path';
import { formatReviewMarkdown } from '../core/report/formatReviewMarkdown';
import { formatReviewSarif } from '../core/report/formatReviewSarif';
import { evaluateReviewGates } from '../core/report/reviewGates';
import { reviewBranch } from '../core/review/reviewBranch';
import type { ReviewReport } from '../core/review/reviewReport';
import { cacheFileFor } from '../core/scan/scanCache';
import { defaultCacheDirectory } from './cacheDirectory';
import { formatReviewTable } from './formatReviewTable';
import type { ReviewCommand } from './parseReviewArgs';
import { createProgressReporter } from './progressReporter';
import { writeChunks } from './writeChunks';

const VERSION = '0.1.0';

interface ReviewIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * `debt-lens review`: the review on standard output in the chosen format, warnings and gate
 * failures on standard error; exit 3 when a gate fails, as the scan's gates do. With the cache on,
 * the checkouts of base and head and the review's parse cache live beside the repository's scan
 * cache, so the next review is warm.
 */
export async function runReview(command: ReviewCommand, io: ReviewIo, fail: (error: unknown, target: string) => number): Promise<number> {
  const settings = command.scan;
  const target = path.resolve(io.cwd, settings.path ?? '.');
  if (!(await isFolderOrSay(target, io.stderr))) {
    return 1;
  }
  const interrupt = abortOnInterrupt();
  const progress = createProgressReporter(io.stderr, settings.quiet);
  const cacheDir = settings.cacheDir ? path.resolve(io.cwd, settings.cacheDir) : defaultCacheDirectory(io.env);
  const beside = (root: string, name: string): string => path.join(path.dirname(cacheFileFor(cacheDir, root)), name);
  const workerScript = path.join(__dirname, 'parseWorker.js');
  let report: ReviewReport;
  try {
    report = await reviewBranch({
      cwd: target,
      now: new Date(),
      base: command.base,
      head: command.head,
      worktree: command.worktree,
      cacheFile: settings.useCache ? (root: string) => cacheFileFor(cacheDir, root) : undefined,
      checkoutDir: settings.useCache ? (root, side) => beside(root, `review-${side}`) : undefined,
      headMetricsFile: settings.useCache ? (root) => beside(root, 'review-metrics.json') : undefined,
      since: settings.since,
      until: settings.until,
      windowEnd: settings.windowEnd,
      churn: settings.churn,
      ledgerFolder: settings.ledgerDir,
      xrayTop: settings.xrayTop,
      complexityMetric: settings.metric,
      excludes: settings.excludes,
      projectKeys: settings.projectKeys,
      botPattern: settings.botPattern,
      significance: { percentile: settings.significant, minRevisions: settings.minRevisions, minComplexity: settings.minComplexity, includeTests: settings.includeTests },
      testGlobs: settings.testGlobs,
      massCommitFiles: settings.massCommitFiles,
      coupling: settings.coupling,
      workerScript: existsSync(workerScript) ? workerScript : undefined,
      workers: 1,
      signal: interrupt.signal,
      onProgress: (update) => progress.update(update),
      logger: { info: () => undefined, warn: (message) => io.stderr.write(`debt-lens: warning: ${message}\n`) },
    });
  } catch (error) {
    progress.stop();
    return fail(error, target);
  } finally {
    interrupt.dispose();
  }
  progress.stop();
  for (const warning of report.warnings) {
    io.stderr.write(`debt-lens: warning: ${warning}\n`);
  }
  await writeChunks(io.stdout, [render(report, command)]);
  if (command.failOn.length > 0) {
    const result = evaluateReviewGates(command.failOn, report);
    for (const reason of result.reasons) {
      io.stderr.write(`debt-lens: fail-on: ${reason}\n`);
    }
    return result.failed ? 3 : 0;
  }
  return 0;
}

function render(report: ReviewReport, command: ReviewCommand): string {
  switch (command.format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'markdown':
      return formatReviewMarkdown(report);
    case 'sarif':
      return JSON.stringify(formatReviewSarif(report, VERSION), null, 2) + '\n';
    default:
      return formatReviewTable(report, command.scan.top ?? 20, process.stdout.columns || 120);
  }
}
