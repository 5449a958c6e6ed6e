import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { replayFunctionHistory } from '../src/core/history/functionReplay';
import { readFilePatches } from '../src/core/history/gitLog';
import type { FilePatch } from '../src/core/history/patchParser';
import { listFunctionLayout } from '../src/core/metrics/functionLayout';
import { scanRepository } from '../src/core/scan/scanRepository';

/**
 * X-Ray's replay floor: the CPU a cold scan spends replaying the X-Ray files' patches, after git has
 * been read. Scans the repository once in-process (no worker, no cache) to learn which files it
 * X-Rays, reads their patches once, then times only `replayFunctionHistory` over them, as the scan
 * calls it.
 *
 * `node --import tsx bench/xrayFloor.ts [repo] [--runs N] [--dump out.json]`
 *
 * The window is fixed (`--now`, default 2026-11-21T06:00:00Z, and 12 months before it) so that dumps
 * taken at different times compare.
 */

interface Args {
  readonly repo: string;
  readonly runs: number;
  readonly dump: string | undefined;
  readonly now: Date;
}

function parseArgs(argv: readonly string[]): Args {
  let repo = path.resolve('.cache/bench/synthetic-v1/repo');
  let runs = 7;
  let dump: string | undefined;
  let now = new Date('2026-11-21T06:00:00Z');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--runs') {
      runs = Number(argv[++i]);
    } else if (arg === '--dump') {
      dump = argv[++i];
    } else if (arg === '--now') {
      now = new Date(argv[++i]!);
    } else {
      repo = path.resolve(arg);
    }
  }
  return { repo, runs, dump, now };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const since = new Date(args.now);
  since.setUTCMonth(since.getUTCMonth() - 12);

  const scanStarted = performance.now();
  const { report, details } = await scanRepository({ cwd: args.repo, now: args.now, since, until: args.now });
  const targets = report.files.filter((file) => file.xray).map((file) => file.path);
  const files = targets.map((file) => details.history.files.get(file)!);
  const patches = await readFilePatches(
    { cwd: report.root },
    files.map((file) => ({ historicalPaths: file.historicalPaths, commits: file.pathByCommit })),
    since,
  );
  const headTexts = targets.map((file) => readFileSync(path.join(report.root, file), 'utf8'));
  const versions = patches.reduce((sum, list) => sum + list.length, 0);
  console.log(`xray floor: ${targets.length} files, ${versions} patches (scan and read ${((performance.now() - scanStarted) / 1000).toFixed(1)} s)`);

  const replayAll = (): Map<string, unknown>[] =>
    targets.map((_, index) => replayFunctionHistory(patches[index] as FilePatch[], { headText: headTexts[index]!, commits: files[index]!.pathByCommit }, listFunctionLayout));

  const times: number[] = [];
  let results: Map<string, unknown>[] = [];
  for (let run = 0; run < args.runs; run++) {
    const started = performance.now();
    results = replayAll();
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`replays: median ${median.toFixed(1)} ms, min ${sorted[0]!.toFixed(1)} ms over ${args.runs} runs (${times.map((t) => t.toFixed(0)).join(', ')})`);

  if (args.dump) {
    // The spans each counted commit is attributed to, in order, as `onAttribute` sees them: hashed.
    const attributions = targets.map((_, index) => {
      const hash = createHash('sha1');
      replayFunctionHistory(patches[index] as FilePatch[], { headText: headTexts[index]!, commits: files[index]!.pathByCommit }, listFunctionLayout, undefined, {
        onAttribute: (commit, hunks, spans) => hash.update(`${commit}\n${JSON.stringify(hunks)}\n${JSON.stringify(spans)}\n`),
      });
      return hash.digest('hex');
    });
    const dump = Object.fromEntries(targets.map((file, index) => [file, { attributions: attributions[index], stats: Object.fromEntries(results[index]!) }]));
    writeFileSync(args.dump, `${JSON.stringify(dump, null, 1)}\n`);
    console.log(`dumped ${args.dump}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
