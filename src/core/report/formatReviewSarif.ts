/**
 * A review as a SARIF 2.1.0 log: only what the branch introduces (complexity added to significant
 * hotspots, new complex functions, orphaned debt anchors, strongly coupled partners left unchanged),
 * so code scanning annotates the pull request with its own findings and nothing the base already had.
 *
 * Fingerprints hash what a finding is about (rule, path, function name; entry and anchor; the pair),
 * never a line or a number, so the same finding keeps its alert across pushes of the branch.
 */

import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { ReviewReport } from '../review/reviewReport';
import { ATTENTION_COUPLING_DEGREE } from '../review/reviewVerdict';
import { SARIF_FINGERPRINT_KEY, SARIF_SRCROOT } from './formatSarif';

export const REVIEW_COMPLEXITY_RULE_ID = 'debt-lens/review/complexity-increase';
export const REVIEW_NEW_COMPLEX_RULE_ID = 'debt-lens/review/new-complex-function';
export const REVIEW_ORPHANED_RULE_ID = 'debt-lens/review/orphaned-anchor';
export const REVIEW_COCHANGE_RULE_ID = 'debt-lens/review/missing-cochange';

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const RULES = [
  {
    id: REVIEW_COMPLEXITY_RULE_ID,
    name: 'HotspotComplexityIncrease',
    shortDescription: { text: 'Complexity added to a significant hotspot' },
    fullDescription: { text: 'The branch raises the complexity of a function or file that is a significant hotspot at its base: complex code that changes often, made more complex.' },
    help: { text: 'Simplify the change, or register the debt (`debt-lens debt add`) so it is paid down deliberately.' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['maintainability', 'technical-debt', 'hotspot'] },
  },
  {
    id: REVIEW_NEW_COMPLEX_RULE_ID,
    name: 'NewComplexFunction',
    shortDescription: { text: 'New function at or above the complexity floor' },
    fullDescription: { text: 'A function the branch adds has a cognitive complexity at or above the significance floor (Sonar S3776 uses 15).' },
    help: { text: 'Split the function, or register the debt.' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['maintainability', 'technical-debt'] },
  },
  {
    id: REVIEW_ORPHANED_RULE_ID,
    name: 'OrphanedDebtAnchor',
    shortDescription: { text: 'Debt entry orphaned by the branch' },
    fullDescription: { text: 'The code an active debt entry is anchored to is no longer found at the head (symbol, fingerprint and rename history tried).' },
    help: { text: 'Re-anchor the entry (`debt-lens debt reanchor`), or set it to paid if the branch paid it.' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['maintainability', 'technical-debt'] },
  },
  {
    id: REVIEW_COCHANGE_RULE_ID,
    name: 'MissingCoChange',
    shortDescription: { text: 'A strongly coupled file left unchanged' },
    fullDescription: { text: `A file the branch changes usually changes together with another (change coupling at base ≥ ${ATTENTION_COUPLING_DEGREE} %), which the branch leaves unchanged.` },
    help: { text: 'Check whether the partner needs the same change.' },
    defaultConfiguration: { level: 'note' },
    properties: { tags: ['maintainability', 'change-coupling'] },
  },
] as const;

/** The review's findings as one SARIF run, ready for `JSON.stringify`. */
export function formatReviewSarif(report: ReviewReport, toolVersion: string): object {
  const results: object[] = [];
  const result = (ruleIndex: number, identity: string, text: string, relPath: string, lines: readonly [number, number] | undefined, symbol: string | undefined, properties: object): void => {
    const rule = RULES[ruleIndex]!;
    const artifactLocation = { uri: relPath.split('/').map(encodeURIComponent).join('/'), uriBaseId: SARIF_SRCROOT };
    const physicalLocation = lines === undefined ? { artifactLocation } : { artifactLocation, region: { startLine: lines[0], endLine: lines[1] } };
    results.push({
      ruleId: rule.id,
      ruleIndex,
      level: rule.defaultConfiguration.level,
      message: { text },
      locations: [symbol === undefined ? { physicalLocation } : { physicalLocation, logicalLocations: [{ fullyQualifiedName: symbol }] }],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: createHash('sha256').update(`${rule.id}|${identity}`, 'utf8').digest('hex') },
      properties,
    });
  };
  for (const file of report.files) {
    if (file.significant && file.before !== null && file.after !== null && file.after > file.before) {
      result(0, `file|${file.path}`, `Significant hotspot #${file.hotspotRank ?? '–'}: ${report.complexityMetric} complexity ${file.before} → ${file.after}.`, file.path, undefined, undefined, {
        before: file.before, after: file.after, hotspotRank: file.hotspotRank,
      });
    }
  }
  for (const fn of report.functions) {
    if (fn.significant && fn.before !== null && fn.after !== null && fn.after.cognitive > fn.before.cognitive) {
      result(0, `function|${fn.path}|${fn.name}`, `${fn.name}, a significant function hotspot (#${fn.hotspotRank ?? '–'}): cognitive complexity ${fn.before.cognitive} → ${fn.after.cognitive}.`, fn.path, [fn.startLine, fn.endLine], fn.name, {
        before: fn.before, after: fn.after, hotspotRank: fn.hotspotRank,
      });
    }
  }
  for (const fn of report.newComplexFunctions) {
    if (fn.category === 'production' || report.significance.includeTests) {
      result(1, `${fn.path}|${fn.name}`, `New function ${fn.name}: cognitive complexity ${fn.cognitive} (floor ${report.significance.minFunctionComplexity}), cyclomatic ${fn.cyclomatic}.`, fn.path, [fn.startLine, fn.startLine], fn.name, {
        cognitive: fn.cognitive, cyclomatic: fn.cyclomatic,
      });
    }
  }
  for (const entry of report.entries) {
    if (entry.state === 'orphaned') {
      result(2, `${entry.id}|${entry.path}|${entry.symbol ?? ''}`, `${entry.id}: ${entry.title}. Orphaned by the branch: ${entry.path}${entry.symbol === null ? '' : ` (${entry.symbol})`} is no longer found.`, entry.file, [1, 1], undefined, {
        id: entry.id, severity: entry.severity, anchorPath: entry.path, anchorSymbol: entry.symbol,
      });
    }
  }
  for (const pair of report.missingCoChanges) {
    if (pair.degree >= ATTENTION_COUPLING_DEGREE) {
      result(3, `${pair.changed}|${pair.partner}`, `${pair.changed} usually changes with ${pair.partner} (degree ${pair.degree} %, ${pair.shared} shared revisions at base), which the branch leaves unchanged.`, pair.changed, undefined, undefined, {
        partner: pair.partner, degree: pair.degree, shared: pair.shared,
      });
    }
  }
  const href = pathToFileURL(report.root).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Debt Lens', version: toolVersion, rules: RULES } },
        originalUriBaseIds: { [SARIF_SRCROOT]: { uri: href.endsWith('/') ? href : `${href}/` } },
        results,
        properties: { kind: 'review', base: report.base, head: report.head, verdict: report.verdict, significance: report.significance },
      },
    ],
  };
}
