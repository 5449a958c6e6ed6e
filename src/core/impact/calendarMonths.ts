/**
 * Calendar months (UTC) as `YYYY-MM`: how interest and change trends are bucketed. Kept apart from
 * the git-reading modules so the editor's view models can use it without bundling them.
 */

/** Every `YYYY-MM` from the window's first month to its last, UTC. */
export function monthsOf(window: { readonly since: Date; readonly until: Date }): string[] {
  const months: string[] = [];
  let year = window.since.getUTCFullYear();
  let month = window.since.getUTCMonth();
  const endYear = window.until.getUTCFullYear();
  const endMonth = window.until.getUTCMonth();
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month + 1).padStart(2, '0')}`);
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
  return months;
}

/** The `YYYY-MM` of a unix time, UTC. */
export function monthOf(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 7);
}

/**
 * The same moment `months` calendar months earlier, UTC, on the same day of the month or, when that
 * month is shorter, on its last day: 2026-03-31 less one month is 2026-02-28, never 2026-03-03 as
 * `setUTCMonth` would make it; a year before 2024-02-29 is 2023-02-28.
 */
export function monthsBefore(date: Date, months: number): Date {
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(date.getTime());
  result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return result;
}
