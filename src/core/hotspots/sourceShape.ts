/**
 * Content rules for sources a path does not give away: minified text, judged from the first bytes
 * before a file is read whole, and machine-written code, judged by how few line shapes it repeats.
 */

/** Text longer than this is minified when its lines average more than {@link MINIFIED_LINE_LENGTH}. */
const MINIFIED_MIN_LENGTH = 2048;
/** Characters (for the head probe: bytes) per line above which text is minified. */
const MINIFIED_LINE_LENGTH = 300;

/**
 * How much of a file the minified probe reads before the rest: 64 KiB, which holds ~1,500 lines of
 * ordinary code and which a minified bundle fills in a few lines.
 */
export const MINIFIED_PROBE_BYTES = 65_536;

/** Files with fewer non-blank lines are never judged machine-written: too little to tell, and too small to matter. */
const MACHINE_MIN_LINES = 1000;
/**
 * Distinct line shapes per non-blank line below which a file is machine-written. Measured on every
 * source file of zod, express, gitlens and this project with 1,000 lines or more, the lowest
 * hand-written value is 0.051 (gitlens's config.ts); generated ones take 0.001–0.035 (an API client
 * 0.001–0.005, a command table 0.007, an icon table 0.035, which its banner gives away).
 */
const MACHINE_SHAPES_PER_LINE = 0.02;

/** Minified: more than 2,048 characters and more than 300 characters per line on average. */
export function looksMinified(length: number, lines: number): boolean {
  return length > MINIFIED_MIN_LENGTH && length / lines > MINIFIED_LINE_LENGTH;
}

/** Lines of `text`: newlines + 1. */
export function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines++;
  }
  return lines;
}

/**
 * The minified rule on a file's first bytes: `head` (the first {@link MINIFIED_PROBE_BYTES} of a
 * longer file) averages more than 300 bytes per line, so the file is not read further.
 */
export function looksMinifiedHead(head: Buffer): boolean {
  let lines = 1;
  for (let i = head.indexOf(0x0a); i !== -1; i = head.indexOf(0x0a, i + 1)) {
    lines++;
  }
  return looksMinified(head.length, lines);
}

const STRING = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\\n]|\\.)*`/g;
const NUMBER = /\b\d[\w.]*/g;
const WORD = /[A-Za-z_$][\w$]*/g;
const SPACE = /\s+/g;

/**
 * Machine-written code: at least 1,000 non-blank lines that take fewer than one distinct shape per
 * 50 lines. A line's shape is the line with every one-line string literal (`'…'`, `"…"`, `` `…` ``),
 * every number and every word (identifier or keyword) replaced by one placeholder each, and its
 * whitespace removed: `export function getUser(c: Client, id: string) {` and
 * `export function listOrders(c: Client, p?: number) {` share one. A generator repeats a few
 * templates; people write lines of many shapes. `lines` is the text's line count ({@link countLines}).
 */
export function looksMachineWritten(text: string, lines: number): boolean {
  if (lines < MACHINE_MIN_LINES) {
    return false;
  }
  const shapes = new Set<string>();
  let nonBlank = 0;
  for (const line of text.split('\n')) {
    const shape = line.replace(STRING, 'S').replace(NUMBER, 'N').replace(WORD, 'I').replace(SPACE, '');
    if (shape.length > 0) {
      nonBlank++;
      shapes.add(shape);
    }
  }
  return nonBlank >= MACHINE_MIN_LINES && shapes.size < nonBlank * MACHINE_SHAPES_PER_LINE;
}
