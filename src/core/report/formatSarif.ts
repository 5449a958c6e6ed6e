/**
 * The scan and the ledger as a SARIF 2.1.0 log, so that GitHub code scanning (and any SARIF viewer)
 * shows hotspots and debt entries as alerts and tracks them across runs.
 *
 * Tracking rests on `partialFingerprints`: a result keeps its alert as long as its fingerprint is the
 * same, whatever its line, score or message. Hotspots are therefore identified by path only, and debt
 * entries by id and anchor index, never by anything that moves with edits.
 */

import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { DebtSeverity, DebtStatus, LedgerEntry } from '../ledger/ledgerEntry';
import type { AnchorResolution } from '../ledger/resolveAnchors';
import type { FileReport, FunctionReport, ScanReport } from '../scan/scanReport';

/** The rule of a significant hotspot result. */
export const HOTSPOT_RULE_ID = 'debt-lens/hotspot';
/** The rule of a debt entry result. */
export const DEBT_ENTRY_RULE_ID = 'debt-lens/debt-entry';
/**
 * The key of our fingerprint in `partialFingerprints`. Versioned: if what is hashed ever changes, a new
 * key (`debtLens/v2`) keeps old alerts from being matched to unrelated new ones.
 */
export const SARIF_FINGERPRINT_KEY = 'debtLens/v1';
/** The base id every `artifactLocation.uri` is relative to; the log maps it to the repository root. */
export const SARIF_SRCROOT = '%SRCROOT%';

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Statuses that are still debt: `paid` and `wontfix` are history and produce no result. */
const ACTIVE_STATUSES: ReadonlySet<DebtStatus> = new Set<DebtStatus>(['open', 'accepted', 'scheduled']);

/** SARIF `level`: what a reviewer must look at first. */
export type SarifLevel = 'error' | 'warning' | 'note';

/** What the churn behind an entry's code costs: the history of the code its anchors point at. */
export interface EntryInterest {
  /** Commits in the scan window that touched the anchored code. */
  readonly revisions: number;
  /** Lines added plus deleted in the anchored code in the window. */
  readonly churn: number;
  /** Backlog references of those commits, most frequent first. */
  readonly tickets: readonly string[];
}

/** One debt entry with its anchors resolved against the scanned code. */
export interface LedgerReportEntry {
  readonly entry: LedgerEntry;
  /** One resolution per `entry.anchors`, same order (the index is part of the fingerprint). */
  readonly anchors: readonly AnchorResolution[];
  readonly interest?: EntryInterest;
}

/** The scan with the ledger: what SARIF output and the CI gates (`failOn`) read. */
export interface LedgerReportInput {
  readonly report: ScanReport;
  readonly entries: readonly LedgerReportEntry[];
}

export interface SarifInput extends LedgerReportInput {
  /** The Debt Lens version that produced the log (`tool.driver.version`). */
  readonly toolVersion: string;
  /** An absolute URI documenting the tool, shown by viewers next to the rules. */
  readonly informationUri?: string;
}

/** Whether an entry is still debt (not `paid` nor `wontfix`): the entries results and gates count. */
export function isActiveEntry(entry: LedgerEntry): boolean {
  return ACTIVE_STATUSES.has(entry.status);
}

/**
 * critical and high fail a code scanning check by default (`error`), medium shows as a warning and
 * low as a note, so the ledger's own severity decides what blocks a pull request.
 */
export function sarifLevelOf(severity: DebtSeverity): SarifLevel {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'low':
      return 'note';
  }
}

/**
 * The scan report and the ledger as one SARIF 2.1.0 log with one run, ready for `JSON.stringify`.
 *
 * Results: one `debt-lens/hotspot` per significant file (in rank order), then one `debt-lens/debt-entry`
 * per anchor of each open, accepted or scheduled entry (in input order). An anchor whose code is gone is
 * still reported, at line 1 of the entry's own file with `properties.orphaned: true`, so that orphaned
 * debt stays visible in code scanning (product.md, core idea 3); an entry without anchors is reported
 * there too. Fingerprints: `sha256("hotspot|" + path)` and `sha256("entry|" + id + "|" + anchorIndex)`,
 * index 0 for an entry without anchors (so its alert carries over to its first anchor once added).
 *
 * Every `uri` is repository-relative under `%SRCROOT%`; the absolute root appears only in
 * `originalUriBaseIds`, which consumers such as GitHub ignore in favour of their own checkout.
 */
export function formatSarif(input: SarifInput): object {
  const { report } = input;
  const results: object[] = [];
  for (const file of report.files) {
    if (file.significant && file.score !== null) {
      results.push(hotspotResult(file, report));
    }
  }
  for (const item of input.entries) {
    if (isActiveEntry(item.entry)) {
      results.push(...entryResults(item));
    }
  }
  const driver: Record<string, unknown> = { name: 'Debt Lens', version: input.toolVersion };
  if (input.informationUri !== undefined) {
    driver.informationUri = input.informationUri;
  }
  driver.rules = [hotspotRule(report), entryRule()];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: { [SARIF_SRCROOT]: { uri: rootUri(report.root) } },
        results,
        properties: {
          head: report.head,
          windowSince: report.window.since,
          windowUntil: report.window.until,
          windowEnd: report.window.end,
          complexityMetric: report.complexityMetric,
          significancePercentile: report.significancePercentile,
          significance: report.significance,
        },
      },
    ],
  };
}

/** sha256 (hex) of the identity text: short, opaque, and equal for equal identities on every machine. */
function fingerprint(identity: string): Record<string, string> {
  return { [SARIF_FINGERPRINT_KEY]: createHash('sha256').update(identity, 'utf8').digest('hex') };
}

/**
 * A repository-relative path as a URI reference. Each segment is percent-encoded: a `#`, `?` or `%` in
 * a file name would otherwise be read as a fragment, a query or an escape.
 */
function relativeUri(relPath: string): string {
  return relPath.split('/').map(encodeURIComponent).join('/');
}

/** SARIF requires base URIs to end with a slash, or the last segment would be replaced when resolving. */
function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function physicalLocation(relPath: string, lines: readonly [number, number] | undefined): object {
  const artifactLocation = { uri: relativeUri(relPath), uriBaseId: SARIF_SRCROOT };
  return lines === undefined ? { artifactLocation } : { artifactLocation, region: { startLine: lines[0], endLine: lines[1] } };
}

function location(relPath: string, lines: readonly [number, number] | undefined, symbol: string | undefined): object {
  const physical = { physicalLocation: physicalLocation(relPath, lines) };
  return symbol === undefined ? physical : { ...physical, logicalLocations: [{ fullyQualifiedName: symbol }] };
}

function hotspotRule(report: ScanReport): object {
  const { percentile, minRevisions, minComplexity, includeTests } = report.significance;
  const floor = report.complexityMetric === 'loc' ? `${minComplexity} lines of code` : `${report.complexityMetric} complexity ${minComplexity}`;
  return {
    id: HOTSPOT_RULE_ID,
    name: 'SignificantHotspot',
    shortDescription: { text: 'Complex code that changes often' },
    fullDescription: {
      text:
        `A ${includeTests ? '' : 'production '}file at or above the ${percentile}th percentile of hotspot score (revisions in the window × ${report.complexityMetric} complexity) ` +
        `among the files of its category, with at least ${minRevisions} revisions and ${floor}: where debt charges the most interest.`,
    },
    help: { text: 'Register a debt entry anchored in this file (`debt-lens debt add`) or reduce its complexity; the region is its hottest function when function history (X-Ray) ran.' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['maintainability', 'technical-debt', 'hotspot'] },
  };
}

function entryRule(): object {
  return {
    id: DEBT_ENTRY_RULE_ID,
    name: 'DebtEntry',
    shortDescription: { text: 'Registered technical debt' },
    fullDescription: { text: 'An open, accepted or scheduled entry of the debt ledger (.techdebt/), shown where its anchors point in the code. Level follows its severity.' },
    help: { text: 'Pay the debt and set the entry status to paid, or record the decision (wontfix); an orphaned entry needs re-anchoring (`debt-lens debt reanchor`) or closing.' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['maintainability', 'technical-debt'] },
  };
}

/**
 * The function with the highest X-Ray score; ties go to the better rank, then the earlier line. Only
 * X-Rayed functions count: without history a function's complexity alone says nothing of interest.
 */
function hottestFunction(file: FileReport): FunctionReport | undefined {
  let best: FunctionReport | undefined;
  for (const fn of file.functions) {
    if (fn.score === null) {
      continue;
    }
    if (best === undefined || fn.score > (best.score ?? 0) || (fn.score === best.score && (fn.rank ?? Infinity) < (best.rank ?? Infinity))) {
      best = fn;
    }
  }
  return best;
}

function hotspotResult(file: FileReport, report: ScanReport): object {
  const metric = report.complexityMetric;
  const complexity = file[metric];
  const complexityText = metric === 'loc' ? `${complexity} lines of code` : `${metric} complexity ${complexity}`;
  const hottest = hottestFunction(file);
  let text = `Hotspot #${file.rank} (percentile ${file.percentile}): score ${file.score} = ${file.revisions} revisions × ${complexityText}.`;
  if (hottest !== undefined) {
    text += ` Hottest function: ${hottest.name} (lines ${hottest.startLine}–${hottest.endLine}, ${hottest.revisions} revisions, cognitive complexity ${hottest.cognitive}).`;
  }
  if (file.tickets.length > 0) {
    text += ` Tickets: ${file.tickets.join(', ')}.`;
  }
  return {
    ruleId: HOTSPOT_RULE_ID,
    ruleIndex: 0,
    level: 'warning',
    message: { text },
    locations: [location(file.path, hottest === undefined ? undefined : [hottest.startLine, hottest.endLine], hottest?.name)],
    partialFingerprints: fingerprint(`hotspot|${file.path}`),
    properties: {
      rank: file.rank,
      score: file.score,
      percentile: file.percentile,
      revisions: file.revisions,
      cognitive: file.cognitive,
      cyclomatic: file.cyclomatic,
      loc: file.loc,
      authors: file.authors,
      busFactor: file.busFactor,
      tickets: file.tickets,
    },
  };
}

function entryMessage(entry: LedgerEntry): string {
  let text = `${entry.id}: ${entry.title}`;
  if (entry.principal !== undefined) {
    text += ` (principal ${entry.principal})`;
  }
  if (entry.backlog.length > 0) {
    text += `. Backlog: ${entry.backlog.join(', ')}`;
  }
  return `${text}.`;
}

function entryResults(item: LedgerReportEntry): object[] {
  const { entry } = item;
  const base = entryMessage(entry);
  const properties = {
    id: entry.id,
    status: entry.status,
    severity: entry.severity,
    ...(entry.principal === undefined ? {} : { principal: entry.principal }),
    tags: entry.tags,
    backlog: entry.backlog,
    entryPath: entry.path,
    ...(item.interest === undefined ? {} : { interest: { revisions: item.interest.revisions, churn: item.interest.churn, tickets: item.interest.tickets } }),
  };
  const result = (index: number, text: string, loc: object, orphaned: boolean): object => ({
    ruleId: DEBT_ENTRY_RULE_ID,
    ruleIndex: 1,
    level: sarifLevelOf(entry.severity),
    message: { text },
    locations: [loc],
    partialFingerprints: fingerprint(`entry|${entry.id}|${index}`),
    properties: { ...properties, orphaned },
  });
  const atEntryFile = location(entry.path, [1, 1], undefined);
  if (item.anchors.length === 0) {
    return [result(0, base, atEntryFile, false)];
  }
  return item.anchors.map((resolution, index) => {
    if (resolution.status === 'resolved') {
      const { anchor } = resolution;
      return result(index, base, location(anchor.path, anchor.lines, anchor.symbol), false);
    }
    const stored = entry.anchors[index];
    const where = stored === undefined ? `anchor ${index + 1}` : `${stored.path}${stored.symbol === undefined ? '' : ` (${stored.symbol})`}`;
    const why = resolution.reason === 'file-missing' ? 'the file no longer exists' : 'the anchored code is no longer found';
    return result(index, `${base} Orphaned: ${where}: ${why}.`, atEntryFile, true);
  });
}
