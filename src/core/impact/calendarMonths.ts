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
