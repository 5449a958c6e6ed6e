import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ts } from 'ts-morph';
import { measureSourceFile } from '../src/core/metrics/functionMetrics';
import { parseErrors } from '../src/core/metrics/parseDiagnostics';
import { scriptKindFor } from '../src/core/metrics/parseSource';

/**
 * Micro-benchmark of the metrics walk alone: parses every source file of a repository once, then
 * times `measureSourceFile` (as analyzeFile calls it) over all of them, several times. With
 * --interleaved, each file is measured right after it is parsed (as a scan does), and only the
 * measuring is timed.
 * Usage: npx esbuild bench/measureFloor.ts --bundle --platform=node --external:ts-morph --outfile=dist/measureFloor.js
 *        && node dist/measureFloor.js [repo] [--runs N] [--interleaved] [--dump out.json]
 * Bundled, as the CLI runs the walk: under tsx each module is transformed alone, so every reference
 * the walk makes to another module (the syntax table, its enum, shared helpers) becomes a getter call,
 * which about doubles the time measured.
 */

const SOURCE_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

function main(): void {
  const args = process.argv.slice(2);
  let repo = path.resolve('.cache/bench/synthetic-v1/repo');
  let runs = 7;
  let dump: string | undefined;
  let interleaved = false;
  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    if (arg === '--runs') {
      runs = Number(args.shift());
    } else if (arg === '--interleaved') {
      interleaved = true;
    } else if (arg === '--dump') {
      dump = args.shift();
    } else {
      repo = path.resolve(arg);
    }
  }
  const names = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 })
    .split('\0')
    .filter((name) => SOURCE_EXTENSIONS.test(name))
    .sort();
  const parseStarted = performance.now();
  const files = names.map((name) => {
    const text = readFileSync(path.join(repo, name), 'utf8');
    return { name, text, kind: scriptKindFor(name) };
  });
  const parse = (): ts.SourceFile[] =>
    files.map((f) => ts.createSourceFile(f.name, f.text, ts.ScriptTarget.Latest, false, f.kind));
  let sourceFiles = parse();
  const parseMs = performance.now() - parseStarted;
  const parsable = sourceFiles.map((sf) => parseErrors(sf).length === 0);

  if (dump) {
    const out: unknown[] = [];
    sourceFiles.forEach((sf, i) => {
      if (!parsable[i]) {
        out.push({ name: names[i], parseError: true });
        return;
      }
      const { functions, codeLines, totals } = measureSourceFile(sf);
      out.push({ name: names[i], functions, lines: Array.from(codeLines).join(''), totals });
    });
    writeFileSync(dump, JSON.stringify(out));
    console.log(`dumped ${out.length} files to ${dump}`);
    return;
  }

  const times: number[] = [];
  /** Process CPU time (user + system, all threads) spent measuring, per run. */
  const cpuTimes: number[] = [];
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let checksum = 0;
  if (interleaved) {
    // As a scan does it: each tree is measured right after it is parsed, then dropped.
    sourceFiles = [];
    for (let run = 0; run < runs; run++) {
      let elapsed = 0;
      let cpu = 0;
      for (const [i, f] of files.entries()) {
        if (!parsable[i]) {
          continue;
        }
        const sf = ts.createSourceFile(f.name, f.text, ts.ScriptTarget.Latest, false, f.kind);
        const cpuStarted = cpuMs();
        const started = performance.now();
        const { functions, totals } = measureSourceFile(sf);
        elapsed += performance.now() - started;
        cpu += cpuMs() - cpuStarted;
        checksum += functions.length + totals.cognitive + totals.loc;
      }
      times.push(elapsed);
      cpuTimes.push(cpu);
    }
  }
  for (let run = 0; run < (interleaved ? 0 : runs); run++) {
    // Fresh trees each run, as a scan measures each tree once.
    if (run > 0) {
      sourceFiles = parse();
    }
    const cpuStarted = cpuMs();
    const started = performance.now();
    for (const [i, sf] of sourceFiles.entries()) {
      if (!parsable[i]) {
        continue;
      }
      const { functions, totals } = measureSourceFile(sf);
      checksum += functions.length + totals.cognitive + totals.loc;
    }
    times.push(performance.now() - started);
    cpuTimes.push(cpuMs() - cpuStarted);
  }
  const medianAndMin = (values: readonly number[]): string => {
    const sorted = [...values].sort((a, b) => a - b);
    return `median ${(sorted[sorted.length >> 1] ?? NaN).toFixed(1)} ms, min ${(sorted[0] ?? NaN).toFixed(1)} ms`;
  };
  console.log(
    `${interleaved ? 'interleaved' : 'all parsed first'}: ${files.length} files (${parsable.filter(Boolean).length} parsable), parse ${parseMs.toFixed(0)} ms; ` +
      `measure runs: ${times.map((t) => t.toFixed(0)).join(' ')} ms; ` +
      `${medianAndMin(times)}; CPU ${medianAndMin(cpuTimes)} (checksum ${checksum})`,
  );
}

main();
