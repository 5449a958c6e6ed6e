/**
 * Entry point of `dist/engine.js`: the core modules the editor calls, bundled apart from
 * `dist/extension.js`. The engine carries the TypeScript compiler (~10 MB); keeping it in its own file,
 * required on first use (`loadEngine`), keeps activation to loading a small bundle. The editor imports
 * only types from `src/core/` elsewhere, so nothing heavy slips into the extension bundle.
 */
import { scanRepository } from '../core/scan/scanRepository';
import { cacheFileFor } from '../core/scan/scanCache';
import { CancelledError, EmptyRepositoryError, GitNotFoundError, NotAGitRepositoryError, runGit } from '../core/history/gitProcess';
import { analyzeFile } from '../core/metrics/analyzeFile';
import { LedgerStore } from '../core/ledger/ledgerStore';
import { createAnchor, fingerprintOfLines, listAnchorSymbolsOfText, normalizedLines } from '../core/ledger/anchorFingerprint';
import { createRepositoryAnchorResolver, listWorkTreeFiles } from '../core/ledger/repositoryAnchorResolver';
import { harvestMarkers } from '../core/ledger/harvestMarkers';
import { findMarkerToPromote, promotedEntry } from '../core/ledger/promoteMarker';
import { gitUserName } from '../core/ledger/gitUserName';
import { impactOf } from '../core/impact/impactOf';
import { readAnchorInterest } from '../core/impact/anchorInterest';
import { listFunctionLayout } from '../core/metrics/functionLayout';
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
import { InvalidLineRangeError, UnknownSymbolError } from '../core/ledger/anchorFingerprint';
import { reviewBranch } from '../core/review/reviewBranch';
import { NoReviewBaseError, ReviewHeadError } from '../core/review/reviewErrors';

export const engine = {
  scanRepository,
  reviewBranch,
  cacheFileFor,
  runGit,
  analyzeFile,
  LedgerStore,
  createAnchor,
  normalizedLines,
  fingerprintOfLines,
  listAnchorSymbolsOfText,
  createRepositoryAnchorResolver,
  listWorkTreeFiles,
  harvestMarkers,
  findMarkerToPromote,
  promotedEntry,
  gitUserName,
  impactOf,
  readAnchorInterest,
  listFunctionLayout,
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
  ledgerErrors: { LedgerConflictError, LedgerEntryMalformedError, LedgerEntryNotFoundError, LedgerInvalidEntryError, LedgerStorageError, InvalidLineRangeError, UnknownSymbolError },
  errors: { CancelledError, GitNotFoundError, NotAGitRepositoryError, EmptyRepositoryError },
  /** The review found nothing to compare with: the Branch view says so in a row of its own. */
  reviewErrors: { NoReviewBaseError, ReviewHeadError },
};

export type Engine = typeof engine;
