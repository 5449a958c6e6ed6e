/**
 * What the editor checks in the values a user types for a debt entry, before anything is written.
 * Free of `vscode` so it is unit-tested under plain Node; the ledger's own rules come in as
 * {@link EntryRules} (the engine at run time), because editor code imports only types from core.
 */
import type { DebtSeverity } from '../core/ledger/ledgerEntry';
import type { TypedEntryField } from '../core/ledger/entryFieldProblem';

/** The ledger's rules, as `loadEngine()` provides them. */
export interface EntryRules {
  readonly DEBT_SEVERITIES: readonly DebtSeverity[];
  entryFieldProblem(field: TypedEntryField, value: string): string | undefined;
  splitReferenceList(text: string): string[];
}

/** Longer titles are cut off in the tree, the lens and the file name; the body holds the detail. */
export const TITLE_MAX_LENGTH = 120;

/** What a new entry gets from the user (the anchor comes from the editor). */
export interface EntryInput {
  readonly title: string;
  readonly severity: DebtSeverity;
  readonly principal?: string;
  readonly backlog: readonly string[];
}

/** Why a typed title cannot be used, or `undefined`. Surrounding white space does not count. */
export function titleProblem(text: string, rules: EntryRules): string | undefined {
  const title = text.trim();
  if (title === '') {
    return 'A title is required.';
  }
  if (/[\r\n]/.test(title)) {
    return 'The title must be one line.';
  }
  if (title.length > TITLE_MAX_LENGTH) {
    return `At most ${TITLE_MAX_LENGTH} characters (${title.length} now).`;
  }
  return rules.entryFieldProblem('title', title);
}

/** Why a typed principal cannot be used, or `undefined`; empty means unknown and is fine. */
export function principalProblem(text: string, rules: EntryRules): string | undefined {
  const principal = text.trim();
  return principal === '' ? undefined : rules.entryFieldProblem('principal', principal);
}

/** A typed list of backlog references: the references, and the first one the ledger refuses. */
export interface ParsedReferences {
  readonly refs: readonly string[];
  readonly problem?: string;
}

/** Reads `PROJ-12, #45 owner/repo#7` (commas and/or spaces); each reference is checked as the ledger checks it. */
export function parseReferenceInput(text: string, rules: EntryRules): ParsedReferences {
  const refs = rules.splitReferenceList(text);
  const problem = referencesProblem(refs, rules);
  return problem === undefined ? { refs } : { refs, problem };
}

/** The ledger's complaint about the first reference it refuses, or `undefined`. */
export function referencesProblem(refs: readonly string[], rules: EntryRules): string | undefined {
  for (const ref of refs) {
    const problem = rules.entryFieldProblem('backlog', ref);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

/** Whether a command argument is the automation form `{ title, … }` rather than a URI or a tree row. */
export function isEntryArgument(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && 'title' in arg;
}

/**
 * The automation form of "tag selection": `{ title, severity?, principal?, backlog?: string[] }`,
 * checked exactly as the prompts check typed values. Severity defaults to `medium`, as in the prompt.
 * Returns the input, or the first problem as one sentence.
 */
export function entryInputFromArgument(arg: Record<string, unknown>, rules: EntryRules): { readonly input: EntryInput } | { readonly problem: string } {
  const { title, severity, principal, backlog } = arg;
  if (typeof title !== 'string') {
    return { problem: '`title` must be text.' };
  }
  const badTitle = titleProblem(title, rules);
  if (badTitle !== undefined) {
    return { problem: `title: ${badTitle}` };
  }
  if (severity !== undefined && (typeof severity !== 'string' || !rules.DEBT_SEVERITIES.includes(severity as DebtSeverity))) {
    return { problem: `severity must be one of ${rules.DEBT_SEVERITIES.join(', ')}, not ${JSON.stringify(severity)}.` };
  }
  if (principal !== undefined && principal !== null && typeof principal !== 'string') {
    return { problem: '`principal` must be text such as 3d or 5sp.' };
  }
  const badPrincipal = typeof principal === 'string' ? principalProblem(principal, rules) : undefined;
  if (badPrincipal !== undefined) {
    return { problem: badPrincipal };
  }
  if (backlog !== undefined && (!Array.isArray(backlog) || backlog.some((ref) => typeof ref !== 'string'))) {
    return { problem: '`backlog` must be a list of references such as PROJ-12 or #45.' };
  }
  const refs = [...new Set(((backlog ?? []) as string[]).map((ref) => ref.trim()).filter((ref) => ref !== ''))];
  const badRef = referencesProblem(refs, rules);
  if (badRef !== undefined) {
    return { problem: badRef };
  }
  const trimmedPrincipal = typeof principal === 'string' ? principal.trim() : '';
  return {
    input: {
      title: title.trim(),
      severity: (severity as DebtSeverity | undefined) ?? 'medium',
      ...(trimmedPrincipal !== '' && { principal: trimmedPrincipal }),
      backlog: refs,
    },
  };
}

/**
 * The 1-based, inclusive lines of a selection given as 0-based positions. A selection that ends at
 * the start of a line does not take that line (selecting whole lines with the keyboard ends there).
 */
export function selectedLines(start: { line: number }, end: { line: number; character: number }): [number, number] {
  const last = end.line > start.line && end.character === 0 ? end.line - 1 : end.line;
  return [start.line + 1, last + 1];
}
