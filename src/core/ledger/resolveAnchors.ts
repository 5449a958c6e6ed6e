/**
 * Re-resolving debt anchors against the current code, in memory.
 *
 * Runs on every scan; nothing is written. A resolution that reports `moved` tells the explicit
 * `debt-lens debt reanchor` action which entry files to rewrite, and an orphaned entry is shown as
 * such, never deleted (product.md, core idea 3).
 */

import type { Anchor } from './anchor';
import type { AnchorSymbol } from './anchorFingerprint';
import { fingerprintOfLines, listAnchorSymbolsOfText, normalizedLines } from './anchorFingerprint';

/**
 * What the resolver needs to know about the workspace. A port so the scan can back it with its
 * caches, the CLI with the file system, and tests with anything.
 */
export interface AnchorWorkspace {
  /** The file's current text, or `undefined` when it does not exist. Called at most once per path per resolver. */
  readFile(path: string): string | undefined;
  /**
   * The file's functions and classes as `listAnchorSymbols` names them, for callers that already hold
   * them; when absent they are parsed from {@link readFile}'s text. Called at most once per path.
   */
  symbolsOf?(path: string): readonly AnchorSymbol[];
  /** Every source file the fingerprint-anywhere step searches, repository-relative. Called at most once. */
  listSourcePaths(): readonly string[];
  /** Where git's rename history took `path` (chains followed, see `readRenames`), else `undefined`. */
  renamedTo(path: string): string | undefined;
}

/** Which step of the cascade (metrics.md, "Re-anchoring an entry") found the code. */
export type ResolvedHow =
  /** 1. Same file, same symbol path (the code may have been edited). */
  | 'symbol'
  /** 2. Same file, same fingerprint: moved within the file, or its symbol renamed. */
  | 'fingerprint'
  /** 3. The file was renamed; found there by symbol. */
  | 'renamed-symbol'
  /** 3. The file was renamed; found there by fingerprint. */
  | 'renamed-fingerprint'
  /** 4. Same fingerprint in another file. */
  | 'fingerprint-elsewhere'
  /** An anchor without symbol or fingerprint (a whole file): the file exists. */
  | 'file'
  /** Such an anchor whose file was renamed. */
  | 'renamed-file';

/** Why an anchor is orphaned. */
export type OrphanReason =
  /** Its file is gone (and no rename or matching code elsewhere was found). */
  | 'file-missing'
  /** Its file exists but neither its symbol nor its fingerprint is found, there or elsewhere. */
  | 'code-missing';

/** The outcome of resolving one anchor. */
export type AnchorResolution =
  | {
      readonly status: 'resolved';
      readonly how: ResolvedHow;
      /** Where the code is now: path, symbol, lines and fingerprint of the current text. */
      readonly anchor: Anchor;
      /**
       * The stored anchor no longer describes the code exactly (path, symbol, lines or fingerprint
       * differ): `debt reanchor` should rewrite it.
       */
      readonly moved: boolean;
    }
  | { readonly status: 'orphaned'; readonly reason: OrphanReason };

/** Resolves many anchors against one state of the workspace; see {@link createAnchorResolver}. */
export interface AnchorResolver {
  resolve(anchor: Anchor): AnchorResolution;
}

/** One file as the resolver sees it: tokens per line and its symbols with their fingerprints. */
interface FileIndex {
  readonly path: string;
  readonly lines: readonly string[];
  readonly symbols: readonly IndexedSymbol[];
}

interface IndexedSymbol extends AnchorSymbol {
  readonly fingerprint: string;
}

/** A place where anchored code was found. */
interface Match {
  readonly path: string;
  readonly symbol?: string;
  readonly lines: readonly [number, number];
  readonly fingerprint: string;
}

/**
 * Resolves one anchor. For many anchors use {@link createAnchorResolver}, which reads, parses and
 * indexes each file once for the whole batch.
 */
export function resolveAnchor(anchor: Anchor, workspace: AnchorWorkspace): AnchorResolution {
  return createAnchorResolver(workspace).resolve(anchor);
}

/**
 * A resolver over one state of the workspace. Files are read, tokenized and parsed once each, on
 * first need; the index of every symbol's fingerprint across the workspace (step 4) is built once, on
 * the first anchor that gets that far. Build a new resolver after the files change.
 *
 * The cascade, first match wins:
 * 1. same file, a symbol with the anchor's name (several: the one with the anchor's fingerprint, else
 *    the one nearest the anchor's old lines). Found even when edited: lines and fingerprint are then
 *    those of the current text;
 * 2. same file, the anchor's fingerprint: first among functions and classes (a symbol anchor then takes
 *    the symbol's current name, a line anchor stays a line anchor), then, for line anchors only,
 *    windows of as many lines as the anchor had (the one nearest the old lines wins);
 * 3. the file's rename target from git history: steps 1 and 2 there;
 * 4. the anchor's fingerprint among the functions and classes of every source file (windows are not
 *    searched workspace-wide: too costly for what they add). Several: same symbol name first, then
 *    the first path in `listSourcePaths` order;
 * 5. orphaned.
 */
export function createAnchorResolver(workspace: AnchorWorkspace): AnchorResolver {
  const files = new Map<string, FileIndex | undefined>();
  let byFingerprint: Map<string, Match[]> | undefined;

  const fileIndex = (path: string): FileIndex | undefined => {
    if (files.has(path)) {
      return files.get(path);
    }
    const text = workspace.readFile(path);
    let index: FileIndex | undefined;
    if (text !== undefined) {
      const lines = normalizedLines(text, path);
      const spans = workspace.symbolsOf?.(path) ?? listAnchorSymbolsOfText(path, text);
      const symbols = spans.map((s) => ({ name: s.name, startLine: s.startLine, endLine: s.endLine, fingerprint: fingerprintOfLines(lines, s.startLine, s.endLine) }));
      index = { path, lines, symbols };
    }
    files.set(path, index);
    return index;
  };

  const workspaceIndex = (): Map<string, Match[]> => {
    if (byFingerprint === undefined) {
      byFingerprint = new Map();
      for (const path of workspace.listSourcePaths()) {
        for (const s of fileIndex(path)?.symbols ?? []) {
          const match: Match = { path, symbol: s.name, lines: [s.startLine, s.endLine], fingerprint: s.fingerprint };
          const list = byFingerprint.get(s.fingerprint);
          if (list === undefined) {
            byFingerprint.set(s.fingerprint, [match]);
          } else {
            list.push(match);
          }
        }
      }
    }
    return byFingerprint;
  };

  const resolve = (anchor: Anchor): AnchorResolution => {
    const here = fileIndex(anchor.path);
    const inHere = here === undefined ? undefined : resolveIn(here, anchor, SAME_FILE);
    if (inHere !== undefined) {
      return inHere;
    }
    const target = workspace.renamedTo(anchor.path);
    const renamed = target === undefined || target === anchor.path ? undefined : fileIndex(target);
    const inRenamed = renamed === undefined ? undefined : resolveIn(renamed, anchor, RENAMED_FILE);
    if (inRenamed !== undefined) {
      return inRenamed;
    }
    if (anchor.fingerprint !== undefined) {
      const candidates = workspaceIndex().get(anchor.fingerprint) ?? [];
      const elsewhere = candidates.find((m) => m.symbol === anchor.symbol) ?? candidates[0];
      if (elsewhere !== undefined) {
        return resolved('fingerprint-elsewhere', anchor, toAnchor(elsewhere, anchor));
      }
    }
    return { status: 'orphaned', reason: here === undefined && renamed === undefined ? 'file-missing' : 'code-missing' };
  };

  return { resolve };
}

/** What steps 1 and 2 are called in the anchor's own file, and in the file it was renamed to (step 3). */
interface CascadeNames {
  readonly file: ResolvedHow;
  readonly symbol: ResolvedHow;
  readonly fingerprint: ResolvedHow;
}
const SAME_FILE: CascadeNames = { file: 'file', symbol: 'symbol', fingerprint: 'fingerprint' };
const RENAMED_FILE: CascadeNames = { file: 'renamed-file', symbol: 'renamed-symbol', fingerprint: 'renamed-fingerprint' };

/** Steps 1 and 2 in one file: a file anchor is the file itself; else the symbol, then the fingerprint. */
function resolveIn(file: FileIndex, anchor: Anchor, names: CascadeNames): AnchorResolution | undefined {
  if (anchor.symbol === undefined && anchor.fingerprint === undefined) {
    return resolved(names.file, anchor, { ...anchor, path: file.path });
  }
  const bySymbol = findBySymbol(file, anchor);
  if (bySymbol !== undefined) {
    return resolved(names.symbol, anchor, toAnchor(bySymbol, anchor));
  }
  const byPrint = findByFingerprint(file, anchor);
  return byPrint === undefined ? undefined : resolved(names.fingerprint, anchor, toAnchor(byPrint, anchor));
}

/** Step 1 in one file. */
function findBySymbol(file: FileIndex, anchor: Anchor): Match | undefined {
  if (anchor.symbol === undefined) {
    return undefined;
  }
  const named = file.symbols.filter((s) => s.name === anchor.symbol);
  const best = named.find((s) => s.fingerprint === anchor.fingerprint) ?? nearest(named, anchor.lines);
  return best === undefined ? undefined : { path: file.path, symbol: best.name, lines: [best.startLine, best.endLine], fingerprint: best.fingerprint };
}

/** Step 2 in one file. */
function findByFingerprint(file: FileIndex, anchor: Anchor): Match | undefined {
  const { fingerprint } = anchor;
  if (fingerprint === undefined) {
    return undefined;
  }
  const symbol = nearest(
    file.symbols.filter((s) => s.fingerprint === fingerprint),
    anchor.lines,
  );
  if (symbol !== undefined) {
    return { path: file.path, symbol: symbol.name, lines: [symbol.startLine, symbol.endLine], fingerprint };
  }
  if (anchor.symbol !== undefined || anchor.lines === undefined) {
    return undefined;
  }
  const length = anchor.lines[1] - anchor.lines[0];
  const windows: AnchorSymbol[] = [];
  for (let start = 1; start + length <= file.lines.length - 1; start++) {
    // Blank lines hash to nothing, so windows shifted over blank edges match too: the nearest wins.
    if (fingerprintOfLines(file.lines, start, start + length) === fingerprint) {
      windows.push({ name: '', startLine: start, endLine: start + length });
    }
  }
  const window = nearest(windows, anchor.lines);
  return window === undefined ? undefined : { path: file.path, lines: [window.startLine, window.endLine], fingerprint };
}

/** The candidate starting nearest the old start line; ties and a missing old range: the first. */
function nearest<T extends AnchorSymbol>(candidates: readonly T[], lines: Anchor['lines']): T | undefined {
  let best: T | undefined;
  for (const c of candidates) {
    if (best === undefined || (lines !== undefined && Math.abs(c.startLine - lines[0]) < Math.abs(best.startLine - lines[0]))) {
      best = c;
    }
  }
  return best;
}

/**
 * The current anchor for a match. A line anchor found as a function or class stays a line anchor:
 * only `createAnchor` chooses to anchor to a symbol.
 */
function toAnchor(match: Match, stored: Anchor): Anchor {
  const lines: [number, number] = [match.lines[0], match.lines[1]];
  return stored.symbol === undefined || match.symbol === undefined
    ? { path: match.path, lines, fingerprint: match.fingerprint }
    : { path: match.path, symbol: match.symbol, lines, fingerprint: match.fingerprint };
}

function resolved(how: ResolvedHow, stored: Anchor, current: Anchor): AnchorResolution {
  return { status: 'resolved', how, anchor: current, moved: !sameAnchor(stored, current) };
}

/**
 * Whether the code is where the stored anchor says. Only what the anchor records is compared: a
 * hand-written anchor that names a symbol without lines or fingerprint has not moved when the symbol
 * is still in its file.
 */
function sameAnchor(stored: Anchor, found: Anchor): boolean {
  return (
    stored.path === found.path &&
    stored.symbol === found.symbol &&
    (stored.fingerprint === undefined || stored.fingerprint === found.fingerprint) &&
    (stored.lines === undefined || (stored.lines[0] === found.lines?.[0] && stored.lines[1] === found.lines?.[1]))
  );
}
