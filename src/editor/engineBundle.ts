/**
 * Entry point of `dist/engine.js`: the core modules the editor calls, bundled apart from
 * `dist/extension.js` and required on first use (`loadEngine`), so activation loads a small bundle.
 * The editor imports only types from `src/core/` elsewhere, so nothing heavy slips into the
 * extension bundle.
 *
 * The TypeScript compiler (~7 MB) is a third file, `dist/compiler.js` (see esbuild.js), and the
 * modules that read its tables as they initialise are required on first use below: starting a scan
 * loads neither, so the extension host's thread does not compile TypeScript before the scan's git
 * and worker get going (the worker parses).
 */
import type * as AnchorFingerprintModule from '../core/ledger/anchorFingerprint';
import type * as AnchorResolverModule from '../core/ledger/repositoryAnchorResolver';
import type * as HarvestMarkersModule from '../core/ledger/harvestMarkers';
import type * as PromoteMarkerModule from '../core/ledger/promoteMarker';
import type * as AnalyzeFileModule from '../core/metrics/analyzeFile';
import type * as FunctionLayoutModule from '../core/metrics/functionLayout';
import type * as ReviewBranchModule from '../core/review/reviewBranch';
import { scanRepository } from '../core/scan/scanRepository';
import { cacheFileFor } from '../core/scan/scanCache';
import { CancelledError, EmptyRepositoryError, GitNotFoundError, NotAGitRepositoryError, runGit } from '../core/history/gitProcess';
import { LedgerStore } from '../core/ledger/ledgerStore';
import { gitUserName } from '../core/ledger/gitUserName';
import { impactOf } from '../core/impact/impactOf';
import { readAnchorInterest } from '../core/impact/anchorInterest';
import { formatMarkdown } from '../core/report/formatMarkdown';
import { formatCsv } from '../core/report/formatCsv';
import { renderStakeholderReport } from '../core/report/renderStakeholderReport';
import { jsonReportChunks } from '../core/report/jsonReportChunks';
import { formatSarif } from '../core/report/formatSarif';
import { ledgerReportInput } from '../core/report/ledgerReportInput';
import { jiraBaseUrlFor, loadTrackerSettings, resolveBacklogLinks, resolveGitHub } from '../core/backlog/trackerSettings';
import { createGitHubClient, createJiraClient } from '../core/backlog/trackerClient';
import { parseBacklogReferences } from '../core/backlog/backlogReferences';
import { createCachedLookup } from '../core/backlog/backlogCache';
import { createLiveBacklogLookup, gitHubApiBaseOf } from '../core/backlog/liveBacklogLookup';
import { originRemoteUrl } from '../core/history/repositoryInfo';
import { DEBT_SEVERITIES, DEBT_STATUSES } from '../core/ledger/ledgerEntry';
import { entryFieldProblem, splitReferenceList } from '../core/ledger/entryFieldProblem';
import { anchorText, describeReanchorPlan, planReanchor } from '../core/ledger/reanchorPlan';
import { LedgerEntryNotFoundError } from '../core/ledger/ledgerEntry';
import { LedgerConflictError, LedgerEntryMalformedError, LedgerInvalidEntryError } from '../core/ledger/ledgerStore';
import { LedgerStorageError } from '../core/ledger/ledgerStorageError';
import { NoReviewBaseError, ReviewHeadError } from '../core/review/reviewErrors';

/* eslint-disable @typescript-eslint/no-require-imports -- literal requires esbuild bundles as modules initialised on first use */
const anchors = once(() => require('../core/ledger/anchorFingerprint') as typeof AnchorFingerprintModule);
const anchorResolver = once(() => require('../core/ledger/repositoryAnchorResolver') as typeof AnchorResolverModule);
const markers = once(() => require('../core/ledger/harvestMarkers') as typeof HarvestMarkersModule);
const promotion = once(() => require('../core/ledger/promoteMarker') as typeof PromoteMarkerModule);
const analysis = once(() => require('../core/metrics/analyzeFile') as typeof AnalyzeFileModule);
const layout = once(() => require('../core/metrics/functionLayout') as typeof FunctionLayoutModule);
const review = once(() => require('../core/review/reviewBranch') as typeof ReviewBranchModule);
/* eslint-enable @typescript-eslint/no-require-imports */

function once<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

export const engine = {
  scanRepository,
  /** Loads the compiler now (what the first save, lens patch or Tag Selection would otherwise wait for). */
  loadCompiler(): void {
    analysis();
  },
  get reviewBranch() {
    return review().reviewBranch;
  },
  cacheFileFor,
  runGit,
  get analyzeFile() {
    return analysis().analyzeFile;
  },
  LedgerStore,
  get createAnchor() {
    return anchors().createAnchor;
  },
  get normalizedLines() {
    return anchors().normalizedLines;
  },
  get fingerprintOfLines() {
    return anchors().fingerprintOfLines;
  },
  get listAnchorSymbolsOfText() {
    return anchors().listAnchorSymbolsOfText;
  },
  get createRepositoryAnchorResolver() {
    return anchorResolver().createRepositoryAnchorResolver;
  },
  get listWorkTreeFiles() {
    return anchorResolver().listWorkTreeFiles;
  },
  get harvestMarkers() {
    return markers().harvestMarkers;
  },
  get findMarkerToPromote() {
    return promotion().findMarkerToPromote;
  },
  get promotedEntry() {
    return promotion().promotedEntry;
  },
  gitUserName,
  impactOf,
  readAnchorInterest,
  get listFunctionLayout() {
    return layout().listFunctionLayout;
  },
  formatMarkdown,
  formatCsv,
  renderStakeholderReport,
  jsonReportChunks,
  formatSarif,
  ledgerReportInput,
  loadTrackerSettings,
  resolveBacklogLinks,
  resolveGitHub,
  jiraBaseUrlFor,
  createGitHubClient,
  createJiraClient,
  parseBacklogReferences,
  createCachedLookup,
  createLiveBacklogLookup,
  gitHubApiBaseOf,
  originRemoteUrl,
  DEBT_SEVERITIES,
  DEBT_STATUSES,
  entryFieldProblem,
  splitReferenceList,
  planReanchor,
  describeReanchorPlan,
  anchorText,
  /** Failures of the ledger commands that are the user's to fix, shown as one message. */
  get ledgerErrors() {
    const { InvalidLineRangeError, UnknownSymbolError } = anchors();
    return { LedgerConflictError, LedgerEntryMalformedError, LedgerEntryNotFoundError, LedgerInvalidEntryError, LedgerStorageError, InvalidLineRangeError, UnknownSymbolError };
  },
  errors: { CancelledError, GitNotFoundError, NotAGitRepositoryError, EmptyRepositoryError },
  /** The review found nothing to compare with: the Branch view says so in a row of its own. */
  reviewErrors: { NoReviewBaseError, ReviewHeadError },
};

export type Engine = typeof engine;
