import { MultiBar, Presets } from 'cli-progress';
import type { SingleBar } from 'cli-progress';
import type { ScanPhase, ScanProgress } from '../core/scan/scanRepository';

const LABELS: Record<ScanPhase, string> = {
  history: 'git history',
  metrics: 'parsing files',
  xray: 'function history',
  report: 'ranking',
};

const UNITS: Record<ScanPhase, string> = { history: 'commits read', metrics: 'files', xray: 'files', report: '' };

/**
 * What a phase's first plain line says of its total. git reads every non-merge commit from the
 * window's start to HEAD, bots and commits after the window's end included (the cache keeps them),
 * so the history's total can exceed the commits the report counts; the line says so.
 */
const STARTS: Record<ScanPhase, (total: number) => string> = {
  history: (total) => `reading ${total} commits (bots and commits after the window included; the report leaves them out)`,
  metrics: (total) => `${total} files`,
  xray: (total) => `${total} files`,
  report: () => '',
};

export interface ProgressReporter {
  update(progress: ScanProgress): void;
  stop(): void;
}

/**
 * Progress on stderr: live bars when stderr is a terminal, otherwise one plain line when a phase
 * starts and when it ends (CI logs stay readable).
 */
export function createProgressReporter(stream: NodeJS.WriteStream, quiet: boolean): ProgressReporter {
  if (quiet) {
    return { update: () => undefined, stop: () => undefined };
  }
  return stream.isTTY ? new BarReporter(stream) : new LineReporter(stream);
}

class BarReporter implements ProgressReporter {
  private readonly multi: MultiBar;
  private readonly bars = new Map<ScanPhase, SingleBar>();

  constructor(stream: NodeJS.WriteStream) {
    this.multi = new MultiBar(
      {
        stream,
        format: '{label} [{bar}] {value}/{total} {unit} · {duration_formatted}',
        hideCursor: true,
        clearOnComplete: true,
        stopOnComplete: false,
        barsize: 30,
        fps: 10,
      },
      Presets.shades_classic,
    );
  }

  update(progress: ScanProgress): void {
    if (progress.phase === 'report') {
      return;
    }
    const bar = this.bars.get(progress.phase);
    const payload = { label: LABELS[progress.phase].padEnd(16), unit: UNITS[progress.phase] };
    if (!bar) {
      this.bars.set(progress.phase, this.multi.create(Math.max(progress.total, 1), progress.done, payload));
      return;
    }
    bar.setTotal(Math.max(progress.total, progress.done, 1));
    bar.update(progress.done, payload);
  }

  stop(): void {
    this.multi.stop();
  }
}

class LineReporter implements ProgressReporter {
  private readonly started = new Map<ScanPhase, number>();
  private readonly finished = new Set<ScanPhase>();

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(progress: ScanProgress): void {
    if (progress.phase === 'report') {
      return;
    }
    let started = this.started.get(progress.phase);
    if (started === undefined) {
      started = Date.now();
      this.started.set(progress.phase, started);
      this.stream.write(`debt-lens: ${LABELS[progress.phase]}: ${progress.total > 0 ? STARTS[progress.phase](progress.total) : 'started'}\n`);
    }
    if (progress.total > 0 && progress.done >= progress.total && !this.finished.has(progress.phase)) {
      this.finished.add(progress.phase);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.stream.write(`debt-lens: ${LABELS[progress.phase]}: done in ${seconds} s\n`);
    }
  }

  stop(): void {}
}
