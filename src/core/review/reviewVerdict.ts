import type { SignificanceRule } from '../hotspots/significance';
import type { ComplexityMetric } from '../scan/scanReport';
import type { EntryChangeReport, FileChangeReport, FunctionChangeReport, MissingCoChange, NewComplexFunction, ReviewVerdict } from './reviewReport';

/** A missing partner at least this coupled (degree, percent) calls for attention. */
export const ATTENTION_COUPLING_DEGREE = 70;

/** What the verdict is decided on. */
export interface VerdictInput {
  readonly files: readonly FileChangeReport[];
  readonly functions: readonly FunctionChangeReport[];
  readonly newComplexFunctions: readonly NewComplexFunction[];
  readonly missingCoChanges: readonly MissingCoChange[];
  readonly entries: readonly EntryChangeReport[];
  readonly complexityMetric: ComplexityMetric;
  readonly significance: SignificanceRule;
}

export interface VerdictResult {
  readonly verdict: ReviewVerdict;
  /** One line per finding, those that make the verdict `worse` first, then those of `attention`. */
  readonly reasons: readonly string[];
}

/**
 * The review's verdict, by these rules (the first that holds wins):
 * - `worse`: the complexity of a function or file that is a significant hotspot at base rises (a
 *   function's cognitive complexity; a file's in the scan's metric), an anchor is orphaned by the
 *   branch, or a new function is at or above the complexity floor (`minFunctionComplexity`,
 *   cognitive; in production code unless tests may be significant, as for every significance rule);
 * - `attention`: a significant hotspot (file or function, at base) or a debt entry is touched, or a
 *   partner coupled at {@link ATTENTION_COUPLING_DEGREE} % or more is left unchanged;
 * - `ok` otherwise.
 *
 * `name` writes a path, a function name or an id into a reason: the Markdown comment passes one that
 * puts them in code spans, so a hostile file name cannot format, link or mention anything.
 */
export function decideVerdict(input: VerdictInput, name: (text: string) => string = (text) => text): VerdictResult {
  const worse: string[] = [];
  const attention: string[] = [];
  const metric = input.complexityMetric;
  for (const file of input.files) {
    if (!file.significant) {
      continue;
    }
    if (file.before !== null && file.after !== null && file.after > file.before) {
      worse.push(`significant hotspot ${name(file.path)} (rank ${file.hotspotRank ?? '–'}): ${metric} ${file.before} → ${file.after}`);
    } else {
      attention.push(`significant hotspot ${name(file.path)} (rank ${file.hotspotRank ?? '–'}) touched`);
    }
  }
  for (const fn of input.functions) {
    if (!fn.significant) {
      continue;
    }
    if (fn.before !== null && fn.after !== null && fn.after.cognitive > fn.before.cognitive) {
      worse.push(`significant function ${name(fn.path)} ${name(fn.name)} (rank ${fn.hotspotRank ?? '–'}): cognitive ${fn.before.cognitive} → ${fn.after.cognitive}`);
    } else {
      attention.push(`significant function ${name(fn.path)} ${name(fn.name)} (rank ${fn.hotspotRank ?? '–'}) ${fn.change === 'removed' ? 'removed' : 'touched'}`);
    }
  }
  for (const entry of input.entries) {
    if (entry.state === 'orphaned') {
      worse.push(`debt entry ${name(entry.id)} orphaned: its code in ${name(entry.path)}${entry.symbol === null ? '' : ` (${name(entry.symbol)})`} is gone`);
    } else {
      attention.push(`debt entry ${name(entry.id)} touched: ${name(entry.path)}${entry.symbol === null ? '' : ` (${name(entry.symbol)})`}`);
    }
  }
  const floor = input.significance.minFunctionComplexity;
  for (const fn of input.newComplexFunctions) {
    if (fn.category === 'production' || input.significance.includeTests) {
      worse.push(`new function ${name(fn.path)} ${name(fn.name)}: cognitive ${fn.cognitive} (floor ${floor})`);
    }
  }
  for (const missing of input.missingCoChanges) {
    if (missing.degree >= ATTENTION_COUPLING_DEGREE) {
      attention.push(`${name(missing.changed)} usually changes with ${name(missing.partner)} (degree ${missing.degree} %, ${missing.shared} shared), which the branch leaves unchanged`);
    }
  }
  const verdict: ReviewVerdict = worse.length > 0 ? 'worse' : attention.length > 0 ? 'attention' : 'ok';
  return { verdict, reasons: [...worse.map((reason) => `worse: ${reason}`), ...attention.map((reason) => `attention: ${reason}`)] };
}
