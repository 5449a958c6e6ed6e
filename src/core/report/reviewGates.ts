/**
 * CI gates of a review (`debt-lens review --fail-on`): rules over what the branch does that make the
 * run exit 3, as the scan's gates do.
 */

import type { ReviewReport } from '../review/reviewReport';

export type ReviewGate =
  /** The verdict is `worse`. */
  | { readonly kind: 'worse'; readonly text: string }
  /** A function's cognitive complexity rises by more than `max` (a new function rises from 0). */
  | { readonly kind: 'complexity-increase'; readonly max: number; readonly text: string }
  /** The branch orphans a debt anchor. */
  | { readonly kind: 'orphaned'; readonly text: string }
  /** A partner coupled at `min` % or more is left unchanged. */
  | { readonly kind: 'missing-cochange'; readonly min: number; readonly text: string };

/** A `--fail-on` item of `review` that cannot be read, as written. */
export class ReviewGateSyntaxError extends Error {
  override readonly name = 'ReviewGateSyntaxError';
  constructor(readonly rule: string) {
    super(`invalid review fail-on rule "${rule}": expected worse, orphaned, complexity-increase>N or missing-cochange>=DEG (N a whole number, DEG 0–100)`);
  }
}

/** Reads a comma-separated list of gates, e.g. `worse,missing-cochange>=80`; a rule given twice counts once. */
export function parseReviewGates(spec: string): ReviewGate[] {
  const gates = new Map<string, ReviewGate>();
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    const increase = /^complexity-increase\s*>\s*(\d+)$/.exec(item);
    const missing = /^missing-cochange\s*>=\s*(\d+)$/.exec(item);
    let gate: ReviewGate;
    if (item === 'worse' || item === 'orphaned') {
      gate = { kind: item, text: item };
    } else if (increase !== null) {
      gate = { kind: 'complexity-increase', max: Number(increase[1]), text: `complexity-increase>${Number(increase[1])}` };
    } else if (missing !== null && Number(missing[1]) <= 100) {
      gate = { kind: 'missing-cochange', min: Number(missing[1]), text: `missing-cochange>=${Number(missing[1])}` };
    } else {
      throw new ReviewGateSyntaxError(item);
    }
    gates.set(gate.text, gate);
  }
  return [...gates.values()];
}

/** The outcome: one reason per violated gate, in the order given. */
export interface ReviewGateResult {
  readonly failed: boolean;
  readonly reasons: readonly string[];
}

export function evaluateReviewGates(gates: readonly ReviewGate[], report: ReviewReport): ReviewGateResult {
  const reasons: string[] = [];
  for (const gate of gates) {
    switch (gate.kind) {
      case 'worse':
        if (report.verdict === 'worse') {
          reasons.push(`${gate.text}: the verdict is worse (${report.reasons.filter((reason) => reason.startsWith('worse:')).length} finding(s))`);
        }
        break;
      case 'complexity-increase': {
        const risen = report.functions.filter((fn) => fn.after !== null && fn.after.cognitive - (fn.before?.cognitive ?? 0) > gate.max);
        if (risen.length > 0) {
          const listed = risen.map((fn) => `${fn.path} ${fn.name} (${fn.before?.cognitive ?? 0} → ${fn.after?.cognitive ?? 0})`);
          reasons.push(`${gate.text}: cognitive complexity rises by more than ${gate.max} in ${listed.join(', ')}`);
        }
        break;
      }
      case 'orphaned': {
        const orphaned = report.entries.filter((entry) => entry.state === 'orphaned');
        if (orphaned.length > 0) {
          reasons.push(`${gate.text}: the branch orphans ${orphaned.map((entry) => `${entry.id} (${entry.path})`).join(', ')}`);
        }
        break;
      }
      case 'missing-cochange': {
        const missing = report.missingCoChanges.filter((pair) => pair.degree >= gate.min);
        if (missing.length > 0) {
          reasons.push(`${gate.text}: ${missing.map((pair) => `${pair.changed} without ${pair.partner} (${pair.degree} %)`).join(', ')}`);
        }
        break;
      }
    }
  }
  return { failed: reasons.length > 0, reasons };
}
