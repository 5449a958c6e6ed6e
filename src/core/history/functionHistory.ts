import type { GitOptions } from './gitProcess';
import { RecordSplitter, streamGit, throwIfAborted } from './gitProcess';

/** The span of one function in one version of a file. */
export interface FunctionSpan {
  readonly name: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

/** The functions of one version of a file, and the lines of its top-level statements. */
export interface FunctionLayout {
  readonly spans: readonly FunctionSpan[];
  /** [first line, last line] of each top-level statement, in order; 1-based, inclusive. */
  readonly statements: readonly (readonly [number, number])[];
  /** The text has syntax errors: its parse may depend on context, so it is never spliced. */
  readonly hasErrors: boolean;
  /**
   * Top-level named classes: the index of their statement, their name and their members' lines, so a
   * commit that changed one method re-parses that method alone. Absent where not known.
   */
  readonly classes?: readonly ClassLayout[];
}

export interface ClassLayout {
  readonly statement: number;
  readonly name: string;
  /** [first line, last line] of each member, in order; 1-based, inclusive. */
  readonly members: readonly (readonly [number, number])[];
}

/** Parses one version of a file (or a piece of it) into its function layout. */
export type FunctionLister = (text: string, path: string) => FunctionLayout;

/** One function's history in the window, keyed by its qualified name. */
export interface FunctionChangeStats {
  /** Commits whose changed lines touch the function in that commit's version of the file. */
  revisions: number;
  /** Lines added inside the function plus lines deleted by hunks that touch it. */
  churn: number;
}

export interface FunctionHistoryRequest {
  /** Today's path of the file. */
  readonly path: string;
  /** Every path the file had in the window (today's included), so renames are followed. */
  readonly historicalPaths: readonly string[];
  /**
   * The commits that changed the file in the window, with the path the file had in each. Only these
   * are counted; other commits that the log shows (after the window's end) are only walked through.
   */
  readonly commits: ReadonlyMap<string, string>;
  /** The file's content at HEAD: the walk starts there and applies each commit's patch in reverse. */
  readonly headText: string;
  readonly since: Date;
}

export interface Hunk {
  /** New-side start line (1-based) and count; count 0 means a pure deletion after `newStart`. */
  readonly newStart: number;
  readonly newCount: number;
  readonly oldStart: number;
  readonly oldCount: number;
  readonly removed: string[];
}

/** One commit's change to one file, as `git log -p -U0` shows it. */
export interface FilePatch {
  readonly commit: string;
  readonly oldPath: string | null;
  readonly newPath: string | null;
  readonly hunks: Hunk[];
}

/**
 * Function-level history ("X-Ray"): maps each commit's changed lines onto the functions of that
 * commit's version of the file. One `git log -p -U0` process per file; older versions are rebuilt by
 * applying each patch in reverse to the newer text, so no per-commit `git show` is needed.
 *
 * Functions are matched across versions by qualified name, so an `<anonymous>@LINE` function only
 * collects the history of versions where it sat on the same line.
 */
export async function readFunctionHistory(
  git: GitOptions,
  request: FunctionHistoryRequest,
  listFunctions: FunctionLister,
): Promise<Map<string, FunctionChangeStats>> {
  const [patches] = await readFilePatches(git, [request], request.since);
  return replayFunctionHistory(patches!, request, listFunctions, git.signal);
}

/** Options of {@link replayFunctionHistory}. */
export interface ReplayOptions {
  /** Carry spans back through structure-preserving hunks instead of re-parsing; default true (tests turn it off to compare). */
  readonly carrySpans?: boolean;
  /**
   * Called for each counted commit with its hunks and the spans of that commit's version, after the
   * totals are updated: what per-commit attribution (the interest of anchored code) needs, without a
   * second replay. The arguments are the replay's own; do not mutate them.
   */
  readonly onAttribute?: (commit: string, hunks: readonly Hunk[], spans: readonly FunctionSpan[]) => void;
}

/**
 * Replays one file's patches (newest first) from its HEAD text backwards, attributing each counted
 * commit's changed lines to the functions of that commit's version. Pure CPU: no git, no I/O.
 *
 * Parsing every version is what X-Ray costs, so a version is parsed only when its function structure
 * may differ from the newer version's: when a commit provably changed nothing but statement lines
 * inside functions (see {@link keepsFunctionStructure}), the newer version's spans are carried back
 * through the line shifts instead. The result is the same as parsing every version (a test holds
 * the two paths equal on real histories).
 */
export function replayFunctionHistory(
  patches: readonly FilePatch[],
  request: Pick<FunctionHistoryRequest, 'commits' | 'headText'>,
  listFunctions: FunctionLister,
  signal?: AbortSignal,
  options: ReplayOptions = {},
): Map<string, FunctionChangeStats> {
  const carry = options.carrySpans ?? true;
  const stats = new Map<string, FunctionChangeStats>();
  let lines = splitLines(request.headText);
  // The layout of `lines` when known, and the path it was parsed under (the language may change on rename).
  let layout: FunctionLayout | undefined;
  let layoutPath: string | undefined;
  // Older versions matter only while a counted commit remains to be attributed.
  let remaining = patches.filter((patch) => request.commits.has(patch.commit)).length;
  for (const patch of patches) {
    throwIfAborted(signal);
    const pathThen = request.commits.get(patch.commit) ?? patch.newPath ?? '';
    if (layout === undefined || layoutPath !== pathThen) {
      layout = request.commits.has(patch.commit) ? listFunctions(lines.join('\n'), pathThen) : undefined;
      layoutPath = pathThen;
    }
    if (request.commits.has(patch.commit)) {
      remaining--;
    }
    if (layout && request.commits.has(patch.commit)) {
      attribute(patch.hunks, layout.spans, stats);
      options.onAttribute?.(patch.commit, patch.hunks, layout.spans);
    }
    if (remaining === 0) {
      break;
    }
    if (patch.oldPath === null) {
      lines = [];
      layout = undefined;
      continue;
    }
    const older = reverseApply(lines, patch.hunks);
    layout = carry && layout !== undefined ? carryLayout(layout, patch.hunks, lines, older, (text) => listFunctions(text, pathThen)) : undefined;
    lines = older;
  }
  return stats;
}

/**
 * The layout of the older version, derived from the newer one's without parsing the whole file:
 * unchanged when the hunks only touched statement lines inside functions (then only shifted), or
 * spliced when the top-level statements around each hunk are re-parsed on their own. Undefined when
 * neither is provably the same as parsing the whole older version; the caller then parses it.
 */
function carryLayout(
  layout: FunctionLayout,
  hunks: readonly Hunk[],
  after: readonly string[],
  before: readonly string[],
  parse: (text: string) => FunctionLayout,
): FunctionLayout | undefined {
  if (layout.hasErrors) {
    return undefined;
  }
  const map = lineMapper(hunks);
  if (keepsFunctionStructure(hunks, after, layout.spans, layout.statements)) {
    return {
      spans: shiftSpans(layout.spans, map),
      statements: layout.statements.map(([a, b]) => [map(a), map(b)] as const),
      hasErrors: false,
      ...(layout.classes && { classes: layout.classes.map((c) => ({ ...c, members: c.members.map(([a, b]) => [map(a), map(b)] as const) })) }),
    };
  }
  return spliceMember(layout, hunks, before, map, parse) ?? spliceLayout(layout, hunks, before, map, parse);
}

/** The name the wrapper class gets while one member is parsed alone; replaced by the real class name. */
const WRAPPER = '__DebtLensMember__';

/**
 * When every hunk of a commit lies inside one member of one top-level named class (a commit that
 * changed a method, the common case), re-parses that member alone inside a stand-in class and keeps
 * the rest of the file shifted. Member names depend only on the class's name, which is put back.
 * Undefined whenever that is not provably the same as parsing the statement: the caller falls back.
 */
function spliceMember(
  layout: FunctionLayout,
  hunks: readonly Hunk[],
  before: readonly string[],
  map: (line: number) => number,
  parse: (text: string) => FunctionLayout,
): FunctionLayout | undefined {
  if (!layout.classes || hunks.length === 0) {
    return undefined;
  }
  const first = hunks[0]!.newStart;
  const lastHunk = hunks[hunks.length - 1]!;
  const last = lastHunk.newCount > 0 ? lastHunk.newStart + lastHunk.newCount - 1 : lastHunk.newStart + 1;
  const owner = layout.classes.find((c) => c.members.some(([a, b]) => a <= first && last <= b));
  if (!owner) {
    return undefined;
  }
  const index = owner.members.findIndex(([a, b]) => a <= first && last <= b);
  const [memberStart, memberEnd] = owner.members[index]!;
  // A neighbour on the same line would be cut in two.
  if ((index > 0 && owner.members[index - 1]![1] >= memberStart) || (index < owner.members.length - 1 && owner.members[index + 1]![0] <= memberEnd)) {
    return undefined;
  }
  const alone = parseMembersAlone(owner.name, before, map(memberStart), map(memberEnd + 1) - 1, parse);
  if (!alone) {
    return undefined;
  }
  const spans: FunctionSpan[] = alone.spans;
  for (const span of layout.spans) {
    if (span.startLine < memberStart || span.startLine > memberEnd) {
      spans.push(shiftSpans([span], map)[0]!);
    }
  }
  spans.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  const end = (line: number): number => map(line + 1) - 1;
  return {
    spans,
    statements: layout.statements.map(([a, b]) => [map(a), end(b)] as const),
    hasErrors: false,
    classes: layout.classes.map((c) =>
      c !== owner
        ? { ...c, members: c.members.map(([a, b]) => [map(a), end(b)] as const) }
        : {
            ...c,
            members: [
              ...c.members.slice(0, index).map(([a, b]) => [map(a), end(b)] as const),
              ...alone.members,
              ...c.members.slice(index + 1).map(([a, b]) => [map(a), end(b)] as const),
            ],
          },
    ),
  };
}

/**
 * Re-parses only the regions of top-level statements that the hunks touch (with one statement of
 * margin on each side, so a hunk between statements is covered) and keeps the rest shifted. A region
 * is spliced only when it parses without errors on its own and neither it nor the text after it
 * begins with something that could continue the statement before (ASI), so the whole-file parse
 * would have cut the statements at the same places.
 */
function spliceLayout(
  layout: FunctionLayout,
  hunks: readonly Hunk[],
  before: readonly string[],
  map: (line: number) => number,
  parse: (text: string) => FunctionLayout,
): FunctionLayout | undefined {
  const statements = layout.statements;
  if (statements.length === 0) {
    return undefined;
  }
  // Regions as statement index ranges in the newer version, merged when they overlap or touch.
  const regions: [number, number][] = [];
  for (const hunk of hunks) {
    const first = hunk.newCount > 0 ? hunk.newStart : hunk.newStart;
    const last = hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart + 1;
    let from = statements.findIndex(([, end]) => end >= first);
    if (from === -1) {
      from = statements.length;
    }
    let to = statements.length - 1;
    while (to >= 0 && statements[to]![0] > last) {
      to--;
    }
    const inside = from === to && statements[from]![0] <= first && last <= statements[from]![1];
    if (!inside) {
      // The hunk touches a gap or several statements: take one neighbour each side, so code added
      // or removed between statements is inside the region too.
      from = Math.max(0, Math.min(from, to + 1) - 1);
      to = Math.min(statements.length - 1, Math.max(to, from) + 1);
    }
    // Statements sharing a line with the region's edges belong to it.
    while (from > 0 && statements[from - 1]![1] >= statements[from]![0]) {
      from--;
    }
    while (to < statements.length - 1 && statements[to + 1]![0] <= statements[to]![1]) {
      to++;
    }
    const previous = regions[regions.length - 1];
    if (previous && from <= previous[1] + 1) {
      previous[1] = Math.max(previous[1], to);
    } else {
      regions.push([from, to]);
    }
  }
  const spans: FunctionSpan[] = [];
  const newStatements: (readonly [number, number])[] = [];
  const newClasses: ClassLayout[] = [];
  const classOf = new Map((layout.classes ?? []).map((c) => [c.statement, c]));
  // An unchanged statement keeps its place, shifted; its class (if it is one) moves with it.
  const keep = (index: number): void => {
    const c = classOf.get(index);
    if (c) {
      newClasses.push({ ...c, statement: newStatements.length, members: c.members.map(([a, b]) => [map(a), map(b)] as const) });
    }
    newStatements.push([map(statements[index]![0]), map(statements[index]![1])]);
  };
  // Lines of the newer version whose spans were re-parsed: a span starting in one is replaced.
  const replaced: [number, number][] = [];
  let cursor = 0;
  for (const [from, to] of regions) {
    const startLine = from === 0 ? 1 : statements[from]![0];
    const endLine = to === statements.length - 1 ? Number.MAX_SAFE_INTEGER : statements[to]![1];
    // Everything before the region, shifted.
    for (; cursor < from; cursor++) {
      keep(cursor);
    }
    // A region that is one class whose hunks all lie among its members: only those members are parsed.
    const owner = from === to ? classOf.get(from) : undefined;
    const members = owner && spliceMembers(owner, statements[from]!, hunks, startLine, endLine, before, map, parse);
    if (owner && members) {
      newClasses.push({ ...owner, statement: newStatements.length, members: members.members });
      newStatements.push([map(statements[from]![0]), map(statements[from]![1])]);
      for (const span of members.spans) {
        spans.push(span);
      }
      for (const range of members.replaced) {
        replaced.push(range);
      }
      cursor = to + 1;
      continue;
    }
    // A class taken in only as the neighbour of a hunk outside it is kept, shifted, and the region
    // starts after it or ends before it: a class declaration ends at its brace, and what follows it
    // starts cleanly.
    let first = from;
    let last = to;
    let regionStart = startLine;
    let regionEnd = endLine;
    const inside = hunks.filter((hunk) => hunkLast(hunk) >= startLine && hunk.newStart <= endLine);
    const firstEnd = statements[first]![1];
    if (first < last && classOf.has(first) && statements[first + 1]![0] > firstEnd && inside.every((hunk) => hunk.newStart > firstEnd)) {
      keep(first);
      first++;
      regionStart = firstEnd + 1;
    }
    const lastStart = statements[last]![0];
    let trimmedEnd = false;
    if (last >= first && classOf.has(last) && last > 0 && statements[last - 1]![1] < lastStart && inside.every((hunk) => hunkEnd(hunk) < lastStart)) {
      last--;
      regionEnd = lastStart - 1;
      trimmedEnd = true;
    }
    replaced.push([regionStart, regionEnd]);
    const olderStart = map(regionStart);
    // The line after the region moves by every hunk in it; the region ends just before it.
    const olderEnd = regionEnd === Number.MAX_SAFE_INTEGER ? before.length : map(regionEnd + 1) - 1;
    const piece = before.slice(olderStart - 1, olderEnd);
    if (!startsCleanly(before, olderStart - 1) || ((to < statements.length - 1 || trimmedEnd) && !startsCleanly(before, olderEnd))) {
      return undefined;
    }
    if (trimmedEnd && endsWithModifier(before, olderStart - 1, olderEnd)) {
      return undefined;
    }
    const parsed = parse(piece.join('\n'));
    if (parsed.hasErrors) {
      return undefined;
    }
    const offset = olderStart - 1;
    for (const c of parsed.classes ?? []) {
      newClasses.push({ ...c, statement: c.statement + newStatements.length, members: c.members.map(([a, b]) => [a + offset, b + offset] as const) });
    }
    for (const [a, b] of parsed.statements) {
      newStatements.push([a + offset, b + offset]);
    }
    for (const span of parsed.spans) {
      spans.push(offsetSpan(span, offset));
    }
    cursor = last + 1;
    if (trimmedEnd) {
      keep(to);
      cursor = to + 1;
    }
  }
  for (; cursor < statements.length; cursor++) {
    keep(cursor);
  }
  // Spans outside every region, shifted; a span belongs to a region when it starts inside it.
  const inRegion = (line: number): boolean => replaced.some(([first, last]) => line >= first && line <= last);
  for (const span of layout.spans) {
    if (!inRegion(span.startLine)) {
      spans.push(shiftSpans([span], map)[0]!);
    }
  }
  spans.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return { spans, statements: newStatements, hasErrors: false, ...(layout.classes && { classes: newClasses }) };
}

/**
 * The members of one top-level named class after undoing the hunks that fall in its statement, when
 * every such hunk lies among its members: each run of members a hunk touches (with the members on
 * each side of a hunk between two of them, and those sharing a line with the run) is re-parsed alone
 * inside a stand-in class, as {@link spliceMember} does for one member, and the other members are
 * shifted. Undefined whenever that is not provably the same as parsing the class: the caller then
 * parses the whole statement.
 */
function spliceMembers(
  owner: ClassLayout,
  statement: readonly [number, number],
  hunks: readonly Hunk[],
  startLine: number,
  endLine: number,
  before: readonly string[],
  map: (line: number) => number,
  parse: (text: string) => FunctionLayout,
): { spans: FunctionSpan[]; members: (readonly [number, number])[]; replaced: [number, number][] } | undefined {
  const members = owner.members;
  if (members.length === 0) {
    return undefined;
  }
  // Runs of members as index ranges, in order, merged when they overlap.
  const runs: [number, number][] = [];
  for (const hunk of hunks) {
    const first = hunk.newStart;
    const last = hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart + 1;
    if (last < startLine || first > endLine) {
      continue;
    }
    let from = members.findIndex(([, end]) => end >= first);
    let to = members.length - 1;
    while (to >= 0 && members[to]![0] > last) {
      to--;
    }
    if (from === -1 || to === -1) {
      return undefined;
    }
    if (from > to) {
      // Between two members: both are parsed, with the lines between them.
      [from, to] = [to, from];
    }
    while (from > 0 && members[from]![0] > first) {
      from--;
    }
    while (to < members.length - 1 && members[to]![1] < last) {
      to++;
    }
    while (from > 0 && members[from - 1]![1] >= members[from]![0]) {
      from--;
    }
    while (to < members.length - 1 && members[to + 1]![0] <= members[to]![1]) {
      to++;
    }
    // The run must hold the hunk, and lie strictly inside the class's first and last lines.
    if (members[from]![0] > first || last > members[to]![1] || members[from]![0] <= statement[0] || members[to]![1] >= statement[1]) {
      return undefined;
    }
    const previous = runs[runs.length - 1];
    if (previous && from <= previous[1]) {
      previous[1] = Math.max(previous[1], to);
    } else {
      runs.push([from, to]);
    }
  }
  if (runs.length === 0) {
    return undefined;
  }
  const spans: FunctionSpan[] = [];
  const newMembers: (readonly [number, number])[] = [];
  const replaced: [number, number][] = [];
  let cursor = 0;
  for (const [from, to] of runs) {
    for (; cursor < from; cursor++) {
      newMembers.push([map(members[cursor]![0]), map(members[cursor]![1])]);
    }
    const runStart = members[from]![0];
    const runEnd = members[to]![1];
    const alone = parseMembersAlone(owner.name, before, map(runStart), map(runEnd + 1) - 1, parse);
    if (!alone) {
      return undefined;
    }
    spans.push(...alone.spans);
    newMembers.push(...alone.members);
    replaced.push([runStart, runEnd]);
    cursor = to + 1;
  }
  for (; cursor < members.length; cursor++) {
    newMembers.push([map(members[cursor]![0]), map(members[cursor]![1])]);
  }
  return { spans, members: newMembers, replaced };
}

/**
 * Lines [olderStart, olderEnd] (1-based) of the older text, members of the class `name`, parsed alone
 * inside a stand-in class: their spans and member ranges in the older text, under the real class
 * name. Undefined whenever that is not provably what parsing the whole class gives.
 */
function parseMembersAlone(
  name: string,
  before: readonly string[],
  olderStart: number,
  olderEnd: number,
  parse: (text: string) => FunctionLayout,
): { spans: FunctionSpan[]; members: (readonly [number, number])[] } | undefined {
  if (!startsCleanly(before, olderStart - 1) || !startsCleanly(before, olderEnd) || endsWithModifier(before, olderStart - 1, olderEnd)) {
    return undefined;
  }
  const parsed = parse([`class ${WRAPPER} {`, ...before.slice(olderStart - 1, olderEnd), '}'].join('\n'));
  const wrapper = parsed.classes?.[0];
  if (parsed.hasErrors || parsed.statements.length !== 1 || !wrapper || wrapper.name !== WRAPPER || wrapper.statement !== 0) {
    return undefined;
  }
  const offset = olderStart - 2;
  const spans: FunctionSpan[] = [];
  for (const span of parsed.spans) {
    // A name carrying `@` other than a line suffix would be renumbered by the offset: not spliced.
    if (!span.name.startsWith(`${WRAPPER}.`) || span.name.replace(LINE_SUFFIX, '').includes('@')) {
      return undefined;
    }
    spans.push(offsetSpan({ ...span, name: name + span.name.slice(WRAPPER.length) }, offset));
  }
  return { spans, members: wrapper.members.map(([a, b]) => [a + offset, b + offset] as const) };
}

/** The `@LINE` suffixes the walker gives anonymous functions and static blocks. */
const LINE_SUFFIX = /<(?:anonymous|static)>@\d+/g;

/**
 * Whether the last code line of lines [from, to) ends with a word that may modify what follows on
 * the next line (`static`, `get`, `set`…): parsed alone it would be a property, in the class a modifier.
 */
function endsWithModifier(lines: readonly string[], from: number, to: number): boolean {
  for (let i = to - 1; i >= from; i--) {
    const text = lines[i]!.trim();
    if (text === '' || text.startsWith('//') || text.startsWith('*') || text.startsWith('/*')) {
      continue;
    }
    return /(?:^|[^\w$.#])(?:static|get|set|async|accessor|readonly|public|private|protected|declare|abstract|override|export|default|const|in|out)$/.test(text);
  }
  return false;
}

/**
 * Whether the code from line index `from` on, placed after a complete statement, starts a new one
 * rather than continuing it (ASI): its first code line must open with a name, keyword, decorator,
 * string or closing brace, not an operator, bracket or template.
 */
function startsCleanly(lines: readonly string[], from: number): boolean {
  for (let i = from; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '' || text.startsWith('//') || text.startsWith('*') || text.startsWith('/*')) {
      continue;
    }
    return /^[A-Za-z_$@'"#}]/.test(text) && !/^(?:in|instanceof|as|satisfies|of)\b/.test(text);
  }
  return true;
}

function offsetSpan(span: FunctionSpan, offset: number): FunctionSpan {
  return {
    name: span.name.includes('@') ? span.name.replace(/@(\d+)/g, (_, n: string) => `@${Number(n) + offset}`) : span.name,
    startLine: span.startLine + offset,
    endLine: span.endLine + offset,
  };
}

/**
 * Text that can open, close, name or hide a function, or change how the lines around it parse:
 * arrows, `function`, `class`, comment markers, template quotes, line continuations, JSX tags and
 * type arguments (`<X`, `</`, `/>`), and a block opened after a parameter list (`) {`). Braces are
 * tested apart, by balance within the line.
 */
const STRUCTURAL = /[`]|=>|\bfunction\b|\bclass\b|\/\*|\*\/|\/\/|\\$|<\/|\/>|<[A-Za-z_$]|\)\s*\{/;

/**
 * Whether undoing these hunks leaves the set of functions, their names and their nesting unchanged,
 * so that the older version's spans are the newer ones shifted by the hunks' line deltas. Conservative:
 * any changed line (old or new side) with {@link STRUCTURAL} text, a brace left open or closed from
 * another line, or an odd count of quotes; any hunk whose two sides differ in bracket balance; any
 * hunk touching a function's first lines up to its name (after its decorators), the line before them
 * (where its name may be) or its last line;
 * and any hunk that may lie in a class body (see {@link mayBeInClassBody}) forces a parse instead.
 */
function keepsFunctionStructure(
  hunks: readonly Hunk[],
  after: readonly string[],
  spans: readonly FunctionSpan[],
  statements: readonly (readonly [number, number])[],
): boolean {
  for (const hunk of hunks) {
    const added = after.slice(hunk.newStart - 1, hunk.newStart - 1 + hunk.newCount);
    if (!plainLines(added) || !plainLines(hunk.removed) || bracketBalance(added) !== bracketBalance(hunk.removed)) {
      return false;
    }
    // The new-side lines the hunk occupies; a pure deletion sits between newStart and newStart + 1.
    const first = hunk.newCount > 0 ? hunk.newStart : hunk.newStart;
    const last = hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart + 1;
    for (const span of spans) {
      if (first <= nameLine(span, after) && last >= span.startLine - 1) {
        return false;
      }
      if (first <= span.endLine && last >= span.endLine) {
        return false;
      }
    }
    if (mayBeInClassBody(first, last, after, spans, statements)) {
      return false;
    }
  }
  return true;
}

/**
 * The line of a function's name: its first line, unless decorators open it (`@log()` on a line of its
 * own, or over several lines), which the span includes. Past the span's end when it cannot tell.
 */
function nameLine(span: FunctionSpan, after: readonly string[]): number {
  let line = span.startLine;
  let depth = 0;
  while (line <= span.endLine) {
    const text = after[line - 1] ?? '';
    if (depth <= 0 && !text.trimStart().startsWith('@')) {
      return line;
    }
    depth += count(text, '(') - count(text, ')');
    line++;
  }
  return line;
}

/**
 * Whether new-side lines [first, last] may sit in a class body rather than in a function's: there a
 * plain line such as `enabled = false;` is a field with an initializer, a function-like node of its
 * own. Looks for the word `class` between the start of what encloses the lines (the innermost function,
 * else the top-level statement) and the lines: a class body in between would begin there.
 */
function mayBeInClassBody(
  first: number,
  last: number,
  after: readonly string[],
  spans: readonly FunctionSpan[],
  statements: readonly (readonly [number, number])[],
): boolean {
  let from: number | undefined;
  for (const span of spans) {
    if (span.startLine < first && last < span.endLine && (from === undefined || span.startLine > from)) {
      from = span.startLine;
    }
  }
  if (from === undefined) {
    // Outside every function: the top-level statement the lines are in (none: between statements).
    from = statements.find(([start, end]) => start <= last && end >= first)?.[0];
    if (from === undefined) {
      return false;
    }
  }
  for (let line = from; line < first; line++) {
    if (CLASS_WORD.test(after[line - 1] ?? '')) {
      return true;
    }
  }
  return false;
}

const CLASS_WORD = /\bclass\b/;

function plainLines(lines: readonly string[]): boolean {
  for (const line of lines) {
    if (STRUCTURAL.test(line) || count(line, "'") % 2 !== 0 || count(line, '"') % 2 !== 0 || !bracesClosedInLine(line)) {
      return false;
    }
  }
  return true;
}

/** An object literal or destructuring on one line (`{ a, b }`) is fine; a brace left open is a block. */
function bracesClosedInLine(line: string): boolean {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 0x7b) {
      depth++;
    } else if (ch === 0x7d && --depth < 0) {
      return false;
    }
  }
  return depth === 0;
}

function count(line: string, ch: string): number {
  let n = 0;
  for (let i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) {
    n++;
  }
  return n;
}

function bracketBalance(lines: readonly string[]): string {
  let round = 0;
  let square = 0;
  for (const line of lines) {
    round += count(line, '(') - count(line, ')');
    square += count(line, '[') - count(line, ']');
  }
  return `${round},${square}`;
}

/** The last new-side line a hunk occupies; a pure deletion sits between newStart and newStart + 1. */
function hunkLast(hunk: Hunk): number {
  return hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart + 1;
}

/** The last new-side line before which a hunk's old lines go back: its last line, or for a pure deletion the line it follows. */
function hunkEnd(hunk: Hunk): number {
  return hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart;
}

/** Maps a line of the newer version to the older one: it moves by the net size of the hunks that end before it. */
function lineMapper(hunks: readonly Hunk[]): (line: number) => number {
  // Hunks come in order: the shift of a line is then the running total up to the last hunk ending before it.
  const ends: number[] = [];
  const totals: number[] = [];
  let total = 0;
  for (const hunk of hunks) {
    const end = hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart;
    if (ends.length > 0 && end < ends[ends.length - 1]!) {
      return unorderedLineMapper(hunks);
    }
    total += hunk.newCount - hunk.oldCount;
    ends.push(end);
    totals.push(total);
  }
  const n = ends.length;
  return (line: number): number => {
    let i = 0;
    while (i < n && ends[i]! < line) {
      i++;
    }
    return i === 0 ? line : line - totals[i - 1]!;
  };
}

function unorderedLineMapper(hunks: readonly Hunk[]): (line: number) => number {
  return (line: number): number => {
    let shifted = line;
    for (const hunk of hunks) {
      const end = hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart;
      if (end < line) {
        shifted -= hunk.newCount - hunk.oldCount;
      }
    }
    return shifted;
  };
}

/** Moves spans to the older version; names that carry a line (`<anonymous>@42`) move with it, as a parse would name them. */
function shiftSpans(spans: readonly FunctionSpan[], map: (line: number) => number): FunctionSpan[] {
  return spans.map((span) => ({
    name: span.name.includes('@') ? span.name.replace(/@(\d+)/g, (_, n: string) => `@${map(Number(n))}`) : span.name,
    startLine: map(span.startLine),
    endLine: map(span.endLine),
  }));
}

function attribute(hunks: readonly Hunk[], spans: readonly FunctionSpan[], stats: Map<string, FunctionChangeStats>): void {
  const touched = new Map<string, number>();
  for (const hunk of hunks) {
    for (const span of spans) {
      let churn = 0;
      if (hunk.newCount > 0) {
        const first = Math.max(hunk.newStart, span.startLine);
        const last = Math.min(hunk.newStart + hunk.newCount - 1, span.endLine);
        if (first > last) {
          continue;
        }
        churn = last - first + 1 + hunk.oldCount;
      } else {
        // A pure deletion sits between new lines newStart and newStart + 1: inside the function only
        // when both neighbours are.
        if (!(span.startLine <= hunk.newStart && hunk.newStart + 1 <= span.endLine)) {
          continue;
        }
        churn = hunk.oldCount;
      }
      touched.set(span.name, (touched.get(span.name) ?? 0) + churn);
    }
  }
  for (const [name, churn] of touched) {
    const entry = stats.get(name);
    if (entry) {
      entry.revisions++;
      entry.churn += churn;
    } else {
      stats.set(name, { revisions: 1, churn });
    }
  }
}

function reverseApply(after: readonly string[], hunks: readonly Hunk[]): string[] {
  const before = after.slice();
  // Bottom-up, so earlier hunks' line numbers stay valid.
  for (let i = hunks.length - 1; i >= 0; i--) {
    const hunk = hunks[i]!;
    const index = hunk.newCount === 0 ? hunk.newStart : hunk.newStart - 1;
    before.splice(index, hunk.newCount, ...hunk.removed);
  }
  return before;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Reads the patches of several files in ONE `git log -p -U0` walk (a walk per file would repeat the
 * history traversal for each), newest first, and routes each file section to the file it belongs to:
 * by the path that file had in a counted commit, else by its historical paths (commits after the
 * window's end or by bots, which must be undone but are not counted). The log is not limited by
 * `--until` for that reason.
 */
export async function readFilePatches(
  git: GitOptions,
  files: readonly Pick<FunctionHistoryRequest, 'historicalPaths' | 'commits'>[],
  since: Date,
): Promise<FilePatch[][]> {
  const result: FilePatch[][] = files.map(() => []);
  const byCommitPath = new Map<string, number>();
  const byPath = new Map<string, number>();
  files.forEach((file, index) => {
    for (const [commit, pathThen] of file.commits) {
      byCommitPath.set(`${commit}\0${pathThen}`, index);
    }
    for (const historical of file.historicalPaths) {
      if (!byPath.has(historical)) {
        byPath.set(historical, index);
      }
    }
  });
  let commit = '';
  let current: { oldPath: string | null; newPath: string | null; hunks: Hunk[] } | undefined;
  let hunk: Hunk | undefined;
  let inHeader = false;

  const finishFile = (): void => {
    if (current && commit !== '' && current.newPath !== null) {
      const owner = byCommitPath.get(`${commit}\0${current.newPath}`) ?? byPath.get(current.newPath);
      const patches = owner === undefined ? undefined : result[owner];
      if (patches && patches[patches.length - 1]?.commit !== commit) {
        patches.push({ commit, oldPath: current.oldPath, newPath: current.newPath, hunks: current.hunks });
      }
    }
    current = undefined;
    hunk = undefined;
  };

  const onLine = (line: string): void => {
    if (line.startsWith('\x00')) {
      finishFile();
      commit = line.slice(1).trim();
      return;
    }
    if (line.startsWith('diff --git ')) {
      finishFile();
      current = { oldPath: null, newPath: null, hunks: [] };
      inHeader = true;
      return;
    }
    if (!current) {
      return;
    }
    if (inHeader) {
      if (line.startsWith('--- ')) {
        current.oldPath = line === '--- /dev/null' ? null : stripPrefix(line.slice(4), 'a/');
      } else if (line.startsWith('+++ ')) {
        current.newPath = line === '+++ /dev/null' ? null : stripPrefix(line.slice(4), 'b/');
        inHeader = false;
      } else if (line.startsWith('rename from ')) {
        current.oldPath = line.slice('rename from '.length);
      } else if (line.startsWith('rename to ')) {
        current.newPath = line.slice('rename to '.length);
      } else if (line.startsWith('new file mode')) {
        current.oldPath = null;
      } else if (line.startsWith('deleted file mode')) {
        current.newPath = null;
      } else if (line.startsWith('@@ ')) {
        inHeader = false;
      }
      if (inHeader || !line.startsWith('@@ ')) {
        return;
      }
    }
    if (line.startsWith('@@ ')) {
      const match = HUNK_HEADER.exec(line);
      if (match) {
        hunk = {
          oldStart: Number(match[1]),
          oldCount: match[2] === undefined ? 1 : Number(match[2]),
          newStart: Number(match[3]),
          newCount: match[4] === undefined ? 1 : Number(match[4]),
          removed: [],
        };
        current.hunks.push(hunk);
      }
      return;
    }
    if (hunk && line.startsWith('-')) {
      hunk.removed.push(line.slice(1));
    }
  };

  const splitter = new RecordSplitter(0x0a, onLine);
  const pathspecs = [...byPath.keys()].map((p) => `:(literal)${p}`);
  const args = ['log', '--no-merges', '-M', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--format=%x00%H', `--since=${since.toISOString()}`, 'HEAD', '--', ...pathspecs];
  await streamGit(git, args, (chunk) => splitter.push(chunk));
  splitter.end();
  finishFile();
  return result;
}

function stripPrefix(path: string, prefix: string): string {
  const unquoted = path.startsWith('"') ? unquoteCStyle(path) : path.replace(/\t$/, '');
  return unquoted.startsWith(prefix) ? unquoted.slice(prefix.length) : unquoted;
}

/** git quotes paths with control characters even with core.quotepath off. */
function unquoteCStyle(quoted: string): string {
  const body = quoted.slice(1, quoted.lastIndexOf('"'));
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
