/**
 * Where each increment of the three complexity rules goes, as the walk meets the syntax that adds
 * it: ESLint `complexity` and `max-depth` per code path, eslint-plugin-sonarjs `cognitive-complexity`
 * per function and for the file total. Knows nothing of syntax trees: the metrics walk
 * (metricsWalker.ts) decides which node adds what.
 */

import type { FunctionMetrics } from './functionMetrics';

/** One function-like node being measured. ESLint gives each its own code path. */
interface Frame {
  readonly metrics: FunctionMetrics;
  /** Control-flow nesting as the sonarjs rule counts it for this function (it can leak, see visitBranch). */
  flowNesting: number;
  /** Statement depth as ESLint `max-depth` counts it. */
  depth: number;
  /** The innermost frame and sonarjs function around this one, restored when it ends. */
  readonly outer: Frame | undefined;
  readonly outerSonar: Frame | undefined;
  /** At the third function level or deeper: its exit takes one level of the rule's global nesting off again. */
  readonly deep: boolean;
}

/**
 * State of the sonarjs file total for the current top-level function (`enclosingFunctions.length`
 * 1 in the rule): its own increments, and those of the functions nested in it counted both with
 * and without the extra nesting level the rule adds when it folds them in.
 */
interface TopLevelState {
  own: number;
  hasStructural: boolean;
  nestedIfFolded: number;
  nestedIfSeparate: number;
  nameStartsWithCapital: boolean;
  returnsJsx: boolean;
}

export class ComplexityCounter {
  /** The sonarjs file total: complete once the walk has left every function. */
  fileCognitive = 0;
  /** Innermost function-like frame: receives cyclomatic, depth and its own cognitive increments. */
  private frame: Frame | undefined;
  /** Innermost frame that is a function for sonarjs (not a field initializer or static block). */
  private sonarFrame: Frame | undefined;
  // sonarjs file-total state, mirroring the rule's variables.
  private globalNesting = 0;
  private sonarDepth = 0;
  private top: TopLevelState = newTopLevelState(false);
  private secondLevelIfFolded = 0;
  private secondLevelIfSeparate = 0;

  /** No function is open: the next one entered is a top-level function for sonarjs. */
  isAtTopLevel(): boolean {
    return this.sonarDepth === 0;
  }

  /**
   * A function: its own code path for ESLint and its own function for sonarjs, until
   * {@link exitFunction}. `nameStartsWithCapital` (sonarjs React detection) is read for a top-level
   * function only.
   */
  enterFunction(metrics: FunctionMetrics, nameStartsWithCapital: boolean): void {
    // The rule's file total: functions at the third level and deeper add one to its global nesting.
    const level = this.sonarDepth++;
    if (level === 0) {
      this.top = newTopLevelState(nameStartsWithCapital);
    } else if (level === 1) {
      this.secondLevelIfFolded = 0;
      this.secondLevelIfSeparate = 0;
    } else {
      this.globalNesting++;
    }
    const frame: Frame = { metrics, flowNesting: 0, depth: 0, outer: this.frame, outerSonar: this.sonarFrame, deep: level >= 2 };
    this.frame = frame;
    this.sonarFrame = frame;
  }

  /**
   * Ends the innermost function. `leavesNestingNode`: the function was the direct branch of a `?:`,
   * whose nesting level the rule takes off when the function ends (see MetricsWalker.visitBranch).
   */
  exitFunction(leavesNestingNode: boolean): void {
    const frame = this.frame as Frame;
    this.frame = frame.outer;
    this.sonarFrame = frame.outerSonar;
    const level = --this.sonarDepth;
    if (frame.deep || leavesNestingNode) {
      this.globalNesting--;
    }
    if (level === 0) {
      const top = this.top;
      const fold = top.hasStructural && !(top.nameStartsWithCapital && top.returnsJsx);
      this.fileCognitive += top.own + (fold ? top.nestedIfFolded : top.nestedIfSeparate);
    } else if (level === 1) {
      this.top.nestedIfFolded += this.secondLevelIfFolded;
      this.top.nestedIfSeparate += this.secondLevelIfSeparate;
    }
  }

  /**
   * A class field initializer or static block: its own code path for ESLint, but not a function for
   * sonarjs, whose increments keep going to the enclosing function (`sonarFrame` stays).
   */
  enterImplicitFunction(metrics: FunctionMetrics): void {
    this.frame = { metrics, flowNesting: 0, depth: 0, outer: this.frame, outerSonar: this.sonarFrame, deep: false };
  }

  exitImplicitFunction(): void {
    this.frame = (this.frame as Frame).outer;
  }

  /** One more path for ESLint `complexity`, in the innermost code path (none at top level). */
  addBranch(): void {
    if (this.frame) {
      this.frame.metrics.cyclomatic++;
    }
  }

  /** sonarjs structural increment: 1 + the current nesting level. */
  addStructural(): void {
    const frame = this.frame;
    if (frame) {
      frame.metrics.cognitive += frame.flowNesting + 1;
    }
    const sonar = this.sonarFrame;
    if (sonar && sonar !== frame) {
      sonar.metrics.cognitive += sonar.flowNesting + 1;
    }
    const added = this.globalNesting + 1;
    if (this.sonarDepth === 0) {
      this.fileCognitive += added;
    } else if (this.sonarDepth === 1) {
      this.top.own += added;
      this.top.hasStructural = true;
    } else {
      this.secondLevelIfFolded += added + 1;
      this.secondLevelIfSeparate += added;
    }
  }

  /** sonarjs fundamental increment: +1 regardless of nesting. */
  addCognitive(): void {
    const frame = this.frame;
    if (frame) {
      frame.metrics.cognitive++;
    }
    const sonar = this.sonarFrame;
    if (sonar && sonar !== frame) {
      sonar.metrics.cognitive++;
    }
    if (this.sonarDepth === 0) {
      this.fileCognitive++;
    } else if (this.sonarDepth === 1) {
      this.top.own++;
    } else {
      this.secondLevelIfFolded++;
      this.secondLevelIfSeparate++;
    }
  }

  enterNesting(): void {
    this.shiftNesting(1);
  }

  exitNesting(): void {
    this.shiftNesting(-1);
  }

  /** A statement that ESLint `max-depth` counts: `if`, loops, `switch`, `try`, `with`. */
  enterStatement(): void {
    const frame = this.frame;
    if (frame && ++frame.depth > frame.metrics.nesting) {
      frame.metrics.nesting = frame.depth;
    }
  }

  exitStatement(): void {
    if (this.frame) {
      this.frame.depth--;
    }
  }

  /** sonarjs React detection: a `return` of JSX; it counts in a top-level function's own body only. */
  noteJsxReturn(): void {
    if (this.sonarDepth === 1) {
      this.top.returnsJsx = true;
    }
  }

  private shiftNesting(delta: number): void {
    const frame = this.frame;
    if (frame) {
      frame.flowNesting += delta;
    }
    const sonar = this.sonarFrame;
    if (sonar && sonar !== frame) {
      sonar.flowNesting += delta;
    }
    this.globalNesting += delta;
  }
}

function newTopLevelState(nameStartsWithCapital: boolean): TopLevelState {
  return { own: 0, hasStructural: false, nestedIfFolded: 0, nestedIfSeparate: 0, nameStartsWithCapital, returnsJsx: false };
}
