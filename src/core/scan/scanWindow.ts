import { DEFAULT_WINDOW_MONTHS } from '../defaults';
import { monthsBefore } from '../impact/calendarMonths';

/**
 * Where a scan's window ends: at HEAD's committer date (the default, so the same commit gives the
 * same report on any day and an old clone keeps its history), at the clock (`--until now`), or at
 * a date the user gave.
 */
export type WindowEnd = 'head' | 'now' | 'given';

/** A length of time back from the window's end, as `--since 90d`, `8w`, `6m`, `2y` say it. */
export interface WindowSpan {
  readonly amount: number;
  readonly unit: 'd' | 'w' | 'm' | 'y';
}

/** The window as the report states it. */
export interface ScanWindow {
  readonly since: Date;
  readonly until: Date;
  readonly end: WindowEnd;
}

export interface WindowRequest {
  readonly now: Date;
  /** HEAD's committer date, unix seconds. */
  readonly headTime: number;
  /** A start date, or a span back from the end; default: `windowMonths` months back from the end. */
  readonly since?: Date | WindowSpan;
  /** An explicit end; wins over `windowEnd`. */
  readonly until?: Date;
  /** Where the window ends when `until` is not given; default 'head'. */
  readonly windowEnd?: 'head' | 'now';
  readonly windowMonths?: number;
}

/**
 * The window of a scan. Throws RangeError when it is empty (its start is not before its end) or
 * reaches past the dates a Date holds.
 */
export function resolveWindow(request: WindowRequest): ScanWindow {
  // A HEAD whose date could not be read (never seen) falls back to the clock, and says so.
  const end: WindowEnd = request.until !== undefined ? 'given' : request.windowEnd === 'now' || !Number.isFinite(request.headTime) ? 'now' : 'head';
  const until = request.until ?? (end === 'now' ? request.now : new Date(request.headTime * 1000));
  const since =
    request.since instanceof Date
      ? request.since
      : request.since !== undefined
        ? spanBefore(until, request.since)
        : monthsBefore(until, request.windowMonths ?? DEFAULT_WINDOW_MONTHS);
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) {
    throw new RangeError('the window reaches past the dates a scan can read: give a shorter span or a date like 2026-01-31');
  }
  if (since.getTime() >= until.getTime()) {
    throw new RangeError(`the window is empty: since ${since.toISOString()} is not before until ${until.toISOString()}`);
  }
  return { since, until, end };
}

/** `end` less the span: calendar months for m and y (see `monthsBefore`), days for d and w. */
export function spanBefore(end: Date, span: WindowSpan): Date {
  if (span.unit === 'm' || span.unit === 'y') {
    return monthsBefore(end, span.unit === 'm' ? span.amount : 12 * span.amount);
  }
  const date = new Date(end.getTime());
  date.setUTCDate(date.getUTCDate() - (span.unit === 'w' ? 7 * span.amount : span.amount));
  return date;
}

/** `90d`, `8w`, `6m`, `2y` (case-insensitive, spaces allowed before the unit) as a span; undefined for anything else. */
export function parseWindowSpan(text: string): WindowSpan | undefined {
  const relative = /^(\d+)\s*([dwmy])$/i.exec(text.trim());
  if (relative === null) {
    return undefined;
  }
  return { amount: Number(relative[1]), unit: relative[2]!.toLowerCase() as WindowSpan['unit'] };
}
