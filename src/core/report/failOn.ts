/**
 * CI gates (`--fail-on`): rules over the scan and the ledger that make the run exit non-zero, so a
 * pipeline can say "no significant hotspot without a debt entry" (product.md, "CI").
 *
 * There is no baseline: a hotspot is "new" when no debt entry covers it yet. Registering an entry is
 * how a team acknowledges a hotspot and turns the gate green again.
 */

import type { DebtSeverity } from '../ledger/ledgerEntry';
import { DEBT_SEVERITIES } from '../ledger/ledgerEntry';
import { isSignificantFile } from '../hotspots/significance';
import type { FileReport } from '../scan/scanReport';
import type { LedgerReportInput } from './formatSarif';
import { isActiveEntry } from './formatSarif';

/** One parsed gate; `text` is the rule as written in canonical form, used in reasons. */
export type FailOnRule =
  /** A significant hotspot (by the rule the report states) with no active entry anchored in its file. */
  | { readonly kind: 'new-hotspot'; readonly text: string }
  /** Any active entry with an orphaned anchor. */
  | { readonly kind: 'orphaned'; readonly text: string }
  /** More than `max` active entries of `severity`. */
  | { readonly kind: 'severity-count'; readonly severity: DebtSeverity; readonly max: number; readonly text: string }
  /** Like new-hotspot with another percentile: the scan's revision and complexity floors and categories still apply. */
  | { readonly kind: 'hotspot-percentile'; readonly min: number; readonly text: string };

/** The outcome of the gates: `reasons` has one line per violated rule, in the order the rules were given. */
export interface FailOnResult {
  readonly failed: boolean;
  readonly reasons: readonly string[];
}

/** A `--fail-on` spec that cannot be read; `rule` is the offending comma-separated item, as written. */
export class FailOnSyntaxError extends Error {
  override readonly name = 'FailOnSyntaxError';
  constructor(readonly rule: string, detail: string) {
    super(`invalid fail-on rule "${rule}": ${detail}`);
  }
}

const EXPECTED = `expected new-hotspot, orphaned, hotspot-percentile>=P (0–100) or <severity>>N (severity one of ${DEBT_SEVERITIES.join(', ')}, N a whole number)`;
const SEVERITY_RULE = /^([a-z]+)\s*>\s*(\d+)$/;
const PERCENTILE_RULE = /^hotspot-percentile\s*>=\s*(\d+(?:\.\d+)?)$/;

/**
 * Reads a comma-separated list of gates, e.g. `new-hotspot,orphaned,critical>0`. Whitespace around
 * rules and operators is ignored; a rule given twice counts once.
 *
 * @throws FailOnSyntaxError naming the first rule that cannot be read (an empty rule included).
 */
export function parseFailOn(spec: string): FailOnRule[] {
  const rules: FailOnRule[] = [];
  const seen = new Set<string>();
  for (const raw of spec.split(',')) {
    const rule = parseRule(raw.trim());
    if (!seen.has(rule.text)) {
      seen.add(rule.text);
      rules.push(rule);
    }
  }
  return rules;
}

function parseRule(item: string): FailOnRule {
  if (item === '') {
    throw new FailOnSyntaxError(item, `empty rule; ${EXPECTED}`);
  }
  if (item === 'new-hotspot' || item === 'orphaned') {
    return { kind: item, text: item };
  }
  const percentile = PERCENTILE_RULE.exec(item);
  if (percentile !== null) {
    const min = Number(percentile[1]);
    if (min > 100) {
      throw new FailOnSyntaxError(item, 'a percentile is between 0 and 100');
    }
    return { kind: 'hotspot-percentile', min, text: `hotspot-percentile>=${min}` };
  }
  const count = SEVERITY_RULE.exec(item);
  if (count !== null) {
    const severity = DEBT_SEVERITIES.find((s) => s === count[1]);
    if (severity === undefined) {
      throw new FailOnSyntaxError(item, `unknown severity "${count[1]}"; ${EXPECTED}`);
    }
    const max = Number(count[2]);
    return { kind: 'severity-count', severity, max, text: `${severity}>${max}` };
  }
  throw new FailOnSyntaxError(item, EXPECTED);
}

/**
 * Applies the gates. Only active entries (open, accepted, scheduled) count: a paid entry no longer
 * covers a hotspot, and its orphaned anchors are expected (the code was removed to pay it).
 */
export function evaluateFailOn(rules: readonly FailOnRule[], input: LedgerReportInput): FailOnResult {
  const active = input.entries.filter((e) => isActiveEntry(e.entry));
  const covered = new Set<string>();
  for (const item of active) {
    for (const resolution of item.anchors) {
      if (resolution.status === 'resolved') {
        covered.add(resolution.anchor.path);
      }
    }
  }
  const uncovered = (isHotspot: (file: FileReport) => boolean): string[] =>
    input.report.files.filter((f) => isHotspot(f) && !covered.has(f.path)).map((f) => f.path);

  const reasons: string[] = [];
  for (const rule of rules) {
    switch (rule.kind) {
      case 'new-hotspot': {
        const paths = uncovered((f) => f.significant && f.score !== null);
        if (paths.length > 0) {
          reasons.push(`${rule.text}: ${countOf(paths.length, 'significant hotspot')} with no debt entry: ${paths.join(', ')}`);
        }
        break;
      }
      case 'hotspot-percentile': {
        const { significance, complexityMetric } = input.report;
        const paths = uncovered((f) => isSignificantFile(f, significance, complexityMetric, rule.min));
        if (paths.length > 0) {
          reasons.push(`${rule.text}: ${countOf(paths.length, 'hotspot')} at or above percentile ${rule.min} with no debt entry: ${paths.join(', ')}`);
        }
        break;
      }
      case 'orphaned': {
        const orphans = active.filter((e) => e.anchors.some((a) => a.status === 'orphaned'));
        if (orphans.length > 0) {
          const listed = orphans.map((e) => {
            const paths = e.anchors.flatMap((a, i) => (a.status === 'orphaned' ? [e.entry.anchors[i]?.path ?? `anchor ${i + 1}`] : []));
            return `${e.entry.id} (${paths.join(', ')})`;
          });
          reasons.push(`${rule.text}: ${countOf(orphans.length, 'debt entry', 'debt entries')} orphaned: ${listed.join(', ')}`);
        }
        break;
      }
      case 'severity-count': {
        const ids = active.filter((e) => e.entry.severity === rule.severity).map((e) => e.entry.id);
        if (ids.length > rule.max) {
          reasons.push(`${rule.text}: ${countOf(ids.length, `${rule.severity} debt entry`, `${rule.severity} debt entries`)} (more than ${rule.max}): ${ids.join(', ')}`);
        }
        break;
      }
    }
  }
  return { failed: reasons.length > 0, reasons };
}

function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
