import type { Anchor } from './anchor';
import { createAnchor } from './anchorFingerprint';
import type { DebtSeverity } from './ledgerEntry';
import type { Marker } from './markers';
import { findMarkers } from './markers';

/** How urgent a promoted marker starts out; the user can change it before saving. */
export type MarkerSeverity = 'low' | 'medium';

/**
 * A debt entry not yet saved: what the "promote marker" command pre-fills. The ledger store persists
 * it (adding id, status and dates), so this module stays free of storage concerns.
 */
export interface EntryDraft {
  readonly title: string;
  readonly severity: MarkerSeverity;
  /** Backlog reference ids the marker names (`PROJ-12`, `#45`), in order of appearance. */
  readonly backlog: readonly string[];
  /** The marker's line, as an anchor the ledger can re-resolve later. */
  readonly anchor: { readonly path: string; readonly lines: readonly [number, number] };
  /** Markdown body for the entry file. */
  readonly body: string;
}

/** Longest title kept; longer marker texts are cut at a word and end with an ellipsis. */
const MAX_TITLE = 80;

/**
 * Turns a harvested marker into a debt entry draft. FIXME, HACK and XXX say the code is wrong or
 * fragile, so they start at `medium`; TODO and `@deprecated` (and custom tags) say work is left, so
 * `low`. The title is the marker's text without a leading owner or ticket in parentheses; a marker
 * with no text is titled after its tag and place.
 */
export function entryDraftFromMarker(marker: Marker): EntryDraft {
  const described = marker.text.replace(/^\([^)]*\)\s*:?\s*/, '').trim();
  const title = described === '' ? `${marker.tag} in ${marker.path}:${marker.line}` : truncate(described, MAX_TITLE);
  const where = `\`${marker.path}:${marker.line}\``;
  const quoted = marker.text === '' ? marker.tag : `${marker.tag} ${marker.text}`;
  return {
    title,
    severity: ['FIXME', 'HACK', 'XXX'].includes(marker.tag) ? 'medium' : 'low',
    backlog: marker.references.map((reference) => reference.id),
    anchor: { path: marker.path, lines: [marker.line, marker.line] },
    body: `Promoted from a \`${marker.tag}\` marker at ${where}:\n\n> ${quoted}\n`,
  };
}

/** A marker found on the line a user points at, and the draft of the entry it would become. */
export interface MarkerPromotion {
  readonly marker: Marker;
  readonly draft: EntryDraft;
}

/** What promoting a marker records: `LedgerStore.add`'s fields (the author apart) and the body. */
export interface PromotedEntry {
  readonly title: string;
  readonly severity: DebtSeverity;
  readonly backlog: readonly string[];
  readonly anchor: Anchor;
  readonly body: string;
}

/**
 * The marker on a 1-based line of a file and its draft, or undefined when the line has none. The
 * first step of "promote marker", for the CLI and the editor alike; between it and
 * {@link promotedEntry}, the editor asks the user for a title.
 *
 * @param projectKeys whose `KEY-12` tokens are the entry's backlog references, as the scan reads them.
 */
export function findMarkerToPromote(path: string, text: string, line: number, projectKeys: ReadonlySet<string>): MarkerPromotion | undefined {
  const marker = findMarkers(path, text, { projectKeys }).find((candidate) => candidate.line === line);
  return marker === undefined ? undefined : { marker, draft: entryDraftFromMarker(marker) };
}

/**
 * The entry a promotion records: the draft with the user's title and severity when given. As when
 * tagging lines of code, the anchor widens from the marker's line to the enclosing named function
 * when there is one.
 *
 * @param text the file's text that `findMarkerToPromote` read the marker from.
 */
export function promotedEntry(draft: EntryDraft, text: string, choices: { readonly title?: string; readonly severity?: DebtSeverity }): PromotedEntry {
  return {
    title: choices.title ?? draft.title,
    severity: choices.severity ?? draft.severity,
    backlog: draft.backlog,
    anchor: createAnchor({ path: draft.anchor.path, text, lines: draft.anchor.lines }),
    body: draft.body,
  };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
