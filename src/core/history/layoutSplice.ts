import type { ClassLayout, FunctionLayout, FunctionSpan } from './functionHistory';
import { hunkEnd, hunkLast, shiftSpan } from './lineMapper';
import type { Hunk } from './patchParser';

// Statements, members and other line ranges are read by index: each index comes from a search over
// the same array (findIndex, lastStartingBy) or a loop bound and is kept in [0, length - 1], so the
// reads are unchecked (`!`). The splices run for each commit of each file X-Ray replays.

/**
 * The layout of the older version when only the parts of the newer layout that the hunks touch are
 * re-parsed: the one class member they all lie in ({@link spliceMember}), else the top-level
 * statements around them ({@link spliceStatements}). `map` takes a line of the newer version to the
 * older one; `before` is the older text. Undefined whenever that is not provably the same as parsing
 * the whole older version: the caller then parses it.
 */
export function spliceLayout(
  layout: FunctionLayout,
  hunks: readonly Hunk[],
  before: readonly string[],
  map: (line: number) => number,
  parse: (text: string) => FunctionLayout,
): FunctionLayout | undefined {
  return spliceMember(layout, hunks, before, map, parse) ?? spliceStatements(layout, hunks, before, map, parse);
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
  const firstHunk = hunks[0];
  const lastHunk = hunks.at(-1);
  if (!layout.classes || firstHunk === undefined || lastHunk === undefined) {
    return undefined;
  }
  const first = firstHunk.newStart;
  const last = hunkLast(lastHunk);
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
      spans.push(shiftSpan(span, map));
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
function spliceStatements(
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
    const first = hunk.newStart;
    const last = hunkLast(hunk);
    let from = statements.findIndex(([, end]) => end >= first);
    if (from === -1) {
      from = statements.length;
    }
    let to = lastStartingBy(statements, last);
    const inside = from === to && statements[from]![0] <= first && last <= statements[from]![1];
    if (!inside) {
      // The hunk touches a gap or several statements: take one neighbour each side, so code added
      // or removed between statements is inside the region too.
      from = Math.max(0, Math.min(from, to + 1) - 1);
      to = Math.min(statements.length - 1, Math.max(to, from) + 1);
    }
    // Statements sharing a line with the region's edges belong to it.
    from = extendBackOverSharedLines(statements, from);
    to = extendOnOverSharedLines(statements, to);
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
      spans.push(shiftSpan(span, map));
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
    const last = hunkLast(hunk);
    if (last < startLine || first > endLine) {
      continue;
    }
    let from = members.findIndex(([, end]) => end >= first);
    let to = lastStartingBy(members, last);
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
    from = extendBackOverSharedLines(members, from);
    to = extendOnOverSharedLines(members, to);
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

/** The index of the last of these line ranges (in order) that starts at or before `line`; -1 when none does. */
function lastStartingBy(ranges: readonly (readonly [number, number])[], line: number): number {
  let index = ranges.length - 1;
  while (index >= 0 && ranges[index]![0] > line) {
    index--;
  }
  return index;
}

/** `from` moved back over the ranges before it that end on the line it starts on: a cut there would split a line. */
function extendBackOverSharedLines(ranges: readonly (readonly [number, number])[], from: number): number {
  while (from > 0 && ranges[from - 1]![1] >= ranges[from]![0]) {
    from--;
  }
  return from;
}

/** `to` moved on over the ranges after it that start on the line it ends on. */
function extendOnOverSharedLines(ranges: readonly (readonly [number, number])[], to: number): number {
  while (to < ranges.length - 1 && ranges[to + 1]![0] <= ranges[to]![1]) {
    to++;
  }
  return to;
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

