import type { HistorySummary } from '../history/fileHistory';
import { isMassCommit } from '../history/fileHistory';
import type { Backtest, BacktestFile } from './backtest';
import { monthOf, monthsOf } from '../impact/calendarMonths';
import { runBacktest } from './backtest';
import type { CostLedger } from './costBasis';
import type { BandFile, CostBand } from './costBands';
import { measureBand } from './costBands';
import type { CostRatios, IntervalMemo } from './costRatios';
import { costRatios } from './costRatios';

/** Does the debt cost here? The repository-level `cost` section of the report. */
export interface RepositoryCost {
  /** Counted commits citing at least one backlog item ÷ counted commits; null without commits. */
  readonly ticketCoverage: number | null;
  /** The tickets of the window by where their lead time came from (`none`: unknown). */
  readonly leadTimes: { readonly tracker: number; readonly commits: number; readonly none: number };
  /** The significant hotspots against the other ranked files of the same categories. */
  readonly bands: { readonly significant: CostBand; readonly rest: CostBand };
  readonly ratios: CostRatios;
  /** Null when it cannot run; the reason is in `notes`. */
  readonly backtest: Backtest | null;
  /** Every calendar month (UTC) of the window with its counted commits and the bug fixes among them, by committer date. */
  readonly byMonth: readonly MonthlyChanges[];
  /** Caveats a reader needs beside the numbers, one sentence each. */
  readonly notes: readonly string[];
}

/** The changes of one calendar month. */
export interface MonthlyChanges {
  /** `YYYY-MM`, UTC. */
  readonly month: string;
  readonly commits: number;
  readonly bugFixCommits: number;
}

/** A ranked file of the population the bands split (production files, tests too when they can be significant). */
export interface CostedFile extends BandFile, BacktestFile {
  readonly significant: boolean;
}

export interface RepositoryCostInput {
  readonly summary: HistorySummary;
  readonly ledger: CostLedger;
  readonly files: readonly CostedFile[];
  readonly window: { readonly since: Date; readonly until: Date };
  /** How many tickets a tracker was asked about and how many it answered; undefined when none was asked. */
  readonly tracker: { readonly asked: number; readonly answered: number } | undefined;
  /** Intervals of an earlier scan to reuse, and where this scan's go (see {@link IntervalMemo}). */
  readonly intervals?: IntervalMemo;
}

/** One ticket in this many cited by a single commit makes the history look squash-merged. */
const SQUASH_SHARE = 0.8;

export function repositoryCost(input: RepositoryCostInput): RepositoryCost {
  const { summary, ledger, files, window, tracker } = input;
  const notes: string[] = [];
  const citing = summary.references.filter((references) => references.length > 0).length;
  const significant = measureBand(files.filter((file) => file.significant), ledger);
  const rest = measureBand(files.filter((file) => !file.significant), ledger);

  const leadTimes = { tracker: 0, commits: 0, none: 0 };
  for (const work of ledger.work.values()) {
    leadTimes[work.leadTimeSource ?? 'none']++;
  }
  const single = ledger.singleCommitTickets;
  if (leadTimes.none > 0) {
    notes.push(`${leadTimes.none} of ${ledger.work.size} tickets have no lead time: the tracker did not give one and they are cited by a single commit`);
  }
  if (tracker === undefined) {
    notes.push('no tracker was asked: lead times come from the first and last commits citing each ticket, and bug tickets only from commit subjects');
  } else if (tracker.answered < tracker.asked) {
    notes.push(`the tracker answered for ${tracker.answered} of ${tracker.asked} tickets; the others fall back to their commits`);
  }
  if (ledger.work.size > 0 && single / ledger.work.size >= SQUASH_SHARE && leadTimes.tracker < ledger.work.size / 2) {
    notes.push(`${single} of ${ledger.work.size} tickets are cited by one commit each, as in a squash-merged repository: their lead times come from the tracker or not at all`);
  }

  const commits = summary.commits.map((commit, index) => ({
    time: commit.commitTime,
    bugFix: ledger.bugFix[index] === true,
    mass: isMassCommit(summary, index),
    files: summary.changesets[index] ?? [],
  }));
  const backtest = runBacktest(files, commits, window);
  if (!backtest.ok) {
    notes.push(backtest.reason);
  }
  return {
    ticketCoverage: summary.commits.length === 0 ? null : citing / summary.commits.length,
    leadTimes,
    bands: { significant: significant.band, rest: rest.band },
    ratios: costRatios(significant, rest, undefined, undefined, input.intervals),
    backtest: backtest.ok ? backtest.backtest : null,
    byMonth: changesByMonth(summary, ledger.bugFix, window),
    notes,
  };
}

function changesByMonth(summary: HistorySummary, bugFix: readonly boolean[], window: { readonly since: Date; readonly until: Date }): MonthlyChanges[] {
  const months = new Map(monthsOf(window).map((month) => [month, { month, commits: 0, bugFixCommits: 0 }]));
  summary.commits.forEach((commit, index) => {
    const bucket = months.get(monthOf(commit.commitTime));
    if (bucket !== undefined) {
      bucket.commits++;
      bucket.bugFixCommits += bugFix[index] === true ? 1 : 0;
    }
  });
  return [...months.values()];
}
