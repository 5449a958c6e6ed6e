/**
 * Per-function complexity metrics, computed in one walk over the raw TypeScript compiler AST.
 *
 * The numbers are pinned to public reference implementations (see docs/complexity.md):
 * `cyclomatic` to ESLint's core `complexity` rule (variant "classic"), `cognitive` to the
 * `cognitive-complexity` rule of eslint-plugin-sonarjs 4, `nesting` to ESLint's `max-depth` rule.
 * Where the compiler AST differs from ESTree (parentheses are nodes, methods are not function
 * expressions, decorators live in modifiers) the walk translates, so the values stay equal.
 *
 * ts-morph's wrapped nodes are avoided on purpose: on large repositories they cost about 7x the time
 * and 10x the memory of the compiler nodes they wrap.
 */

import { ts } from 'ts-morph';

// ts-morph re-exports the compiler API through getters: read the enum once, not on every node.
const SyntaxKind = ts.SyntaxKind;
const forEachChild = ts.forEachChild;

/** What kind of code a {@link FunctionMetrics} entry measures. */
export type FunctionKind =
  | 'function'
  | 'method'
  | 'getter'
  | 'setter'
  | 'constructor'
  | 'arrow'
  | 'functionExpression'
  | 'fieldInitializer'
  | 'staticBlock';

/** The metrics of one function-like piece of code. Lines are 1-based and inclusive. */
export interface FunctionMetrics {
  /**
   * Qualified, edit-stable name such as `SessionManager.refresh` (see docs/complexity.md). Debt-ledger
   * anchors use it as a symbol path; only the `@LINE` suffix of anonymous functions and static blocks
   * moves when code above it changes. Not unique: two blocks may declare the same inner name.
   */
  name: string;
  kind: FunctionKind;
  /**
   * Line of the node's first token: decorators and modifiers (`export`, `async`, `static`) included,
   * leading comments and JSDoc excluded. Arrow functions and function expressions start at their own
   * first token, not at the `const` that names them; field initializers span the whole declaration.
   */
  startLine: number;
  /** Line of the node's last token. */
  endLine: number;
  /** ESLint `complexity` (classic): 1 + branches; nested functions are measured on their own. */
  cyclomatic: number;
  /**
   * eslint-plugin-sonarjs `cognitive-complexity` of this function alone (nested functions are
   * reported on their own by the rule, and here). Field initializers and static blocks are not
   * functions for that rule: their increments also count in the enclosing function, and the value
   * given here for them is computed with the same rules as if they were one.
   */
  cognitive: number;
  /** Code lines (see {@link codeLines}) within [startLine, endLine], nested functions included. */
  loc: number;
  /**
   * ESLint `max-depth`: the deepest nesting of `if` (an `else if` chain is one level), `switch`,
   * `try`, loops and `with` statements in this function's own body. 0 without such statements.
   */
  nesting: number;
  /** Declared parameters, rest parameter included, TypeScript's `this` pseudo-parameter excluded. */
  params: number;
}

/** File-level totals; see {@link summarizeFile}. */
export interface FileComplexity {
  loc: number;
  cyclomatic: number;
  cognitive: number;
  maxCyclomatic: number;
  maxCognitive: number;
}

/**
 * The script kind to parse `path` with. `.js`, `.mjs` and `.cjs` map to `ScriptKind.JS`, which the
 * compiler already parses with the JSX language variant, so `.js` files that contain JSX (common in
 * React code) parse, as they do in ESLint with `ecmaFeatures.jsx`. Unknown extensions parse as TS.
 */
export function scriptKindFor(path: string): ts.ScriptKind {
  const dot = path.lastIndexOf('.');
  switch (dot < 0 ? '' : path.slice(dot).toLowerCase()) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.TS;
  }
}

/**
 * Syntax errors found while parsing, as `line:col message` (both 1-based). The compiler keeps them on
 * an internal field; metrics of a file with errors are still computed but may not match ESLint,
 * which refuses to lint it.
 */
export function parseErrors(sourceFile: ts.SourceFile): string[] {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diagnostics.map((d) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * Measures every function-like node of the file, in source order (by start position, outer before
 * inner): function declarations, methods, accessors, constructors, arrow functions, function
 * expressions, class field initializers and class static blocks. Declarations without a body
 * (overloads, abstract and ambient members) are not functions. The file must have been created
 * with `setParentNodes: true`.
 */
export function measureFunctions(sourceFile: ts.SourceFile): FunctionMetrics[] {
  const walker = new MetricsWalker(sourceFile);
  walker.walk();
  const lines = scanCodeLines(sourceFile, walker.literals);
  const prefix = new Uint32Array(lines.length);
  for (let i = 1; i < lines.length; i++) {
    prefix[i] = prefix[i - 1] + lines[i];
  }
  for (const f of walker.functions) {
    f.loc = prefix[f.endLine] - prefix[f.startLine - 1];
  }
  analyses.set(sourceFile, { lines, fileCognitive: walker.fileCognitive });
  return walker.functions;
}

/**
 * Marks the lines that hold code: index = 1-based line number, 1 when the line has a character
 * outside comments and whitespace, or lies within a multi-line string, template or regular
 * expression literal (as SonarJS counts lines of code). JSX text counts only where it is not
 * whitespace. A `#!` line is not code. The array is shared with later calls for the same file:
 * treat it as read-only.
 */
export function codeLines(sourceFile: ts.SourceFile): Uint8Array {
  const cached = analyses.get(sourceFile);
  if (cached) {
    return cached.lines;
  }
  const literals: number[] = [];
  collectLiterals(sourceFile, sourceFile, literals);
  const lines = scanCodeLines(sourceFile, literals);
  analyses.set(sourceFile, { lines, fileCognitive: undefined });
  return lines;
}

/**
 * File totals. `loc` counts the code lines of the whole file, top-level code included.
 * `cyclomatic` is the sum over `functions`: ESLint measures every function on its own and ignores
 * top-level code, so the sum counts every branch inside a function exactly once.
 * `cognitive` is the file total eslint-plugin-sonarjs computes for SonarQube (its internal
 * `fileComplexity`), which is not the sum over functions: top-level code counts, and a top-level
 * function with its own flow structures absorbs the functions nested in it, with one extra nesting
 * level (a React component that returns JSX does not). Every increment counts once. The maxima
 * are over `functions`.
 */
export function summarizeFile(sourceFile: ts.SourceFile, functions: readonly FunctionMetrics[], lines: Uint8Array): FileComplexity {
  let loc = 0;
  for (let i = 1; i < lines.length; i++) {
    loc += lines[i];
  }
  let cyclomatic = 0;
  let maxCyclomatic = 0;
  let maxCognitive = 0;
  for (const f of functions) {
    cyclomatic += f.cyclomatic;
    maxCyclomatic = Math.max(maxCyclomatic, f.cyclomatic);
    maxCognitive = Math.max(maxCognitive, f.cognitive);
  }
  let cognitive = analyses.get(sourceFile)?.fileCognitive;
  if (cognitive === undefined) {
    const walker = new MetricsWalker(sourceFile);
    walker.walk();
    cognitive = walker.fileCognitive;
  }
  return { loc, cyclomatic, cognitive, maxCyclomatic, maxCognitive };
}

// ---------------------------------------------------------------------------------------------
// The walk

/** Results kept per parsed file so codeLines and summarizeFile do not walk the tree again. */
const analyses = new WeakMap<ts.SourceFile, { lines: Uint8Array; fileCognitive: number | undefined }>();

/** Literal kinds in the flat `[start, end, kind]` list the line scanner consumes. */
const OPAQUE_LITERAL = 0;
const JSX_TEXT = 1;

/** The binding is the class field the expression initializes: reuse the field's own name. */
const SAME_AS_CONTAINER = Symbol('same');
/** Assigned to `module.exports` / `exports`: a function is the default export, an object adds no name. */
const MODULE_EXPORTS = Symbol('module.exports');
type Binding = string | typeof SAME_AS_CONTAINER | typeof MODULE_EXPORTS | undefined;

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ConstructorDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction;

/** One function-like node being measured. ESLint gives each its own code path. */
interface Frame {
  readonly metrics: FunctionMetrics;
  /** Control-flow nesting as the sonarjs rule counts it for this function (it can leak, see visitBranch). */
  flowNesting: number;
  /** Statement depth as ESLint `max-depth` counts it. */
  depth: number;
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

class MetricsWalker {
  readonly functions: FunctionMetrics[] = [];
  /** `[start, end, kind]` triples in position order, for scanCodeLines. */
  readonly literals: number[] = [];
  fileCognitive = 0;

  /** Innermost function-like frame: receives cyclomatic, depth and its own cognitive increments. */
  private frame: Frame | undefined;
  /** Innermost frame that is a function for sonarjs (not a field initializer or static block). */
  private sonarFrame: Frame | undefined;
  /** Qualifier for names declared here, e.g. `SessionManager` inside that class. */
  private prefix = '';

  // sonarjs file-total state, mirroring the rule's variables.
  private globalNesting = 0;
  private sonarDepth = 0;
  private top: TopLevelState = newTopLevelState(false);
  private secondLevelIfFolded = 0;
  private secondLevelIfSeparate = 0;
  /** A function that is the direct branch of a `?:`: the rule's nesting bookkeeping misfires on it. */
  private conditionalBranchFunction: ts.Node | undefined;
  /** `x = 1` defaults inside destructuring assignment targets, already counted as patterns. */
  private readonly patternDefaults = new Set<ts.Node>();

  constructor(private readonly sourceFile: ts.SourceFile) {}

  walk(): void {
    forEachChild(this.sourceFile, this.visit);
  }

  private readonly visit = (node: ts.Node): void => {
    if (isTypeOnly(node)) {
      collectLiterals(node, this.sourceFile, this.literals);
      return;
    }
    switch (node.kind) {
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
      case SyntaxKind.TemplateHead:
      case SyntaxKind.TemplateMiddle:
      case SyntaxKind.TemplateTail:
      case SyntaxKind.RegularExpressionLiteral:
      case SyntaxKind.JsxText:
        addLiteral(node, this.sourceFile, this.literals);
        return;
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.MethodDeclaration:
      case SyntaxKind.GetAccessor:
      case SyntaxKind.SetAccessor:
      case SyntaxKind.Constructor:
      case SyntaxKind.FunctionExpression:
      case SyntaxKind.ArrowFunction:
        this.visitFunction(node as FunctionNode);
        return;
      case SyntaxKind.PropertyDeclaration:
        if (isFieldInitializer(node as ts.PropertyDeclaration)) {
          this.visitField(node as ts.PropertyDeclaration);
          return;
        }
        break;
      case SyntaxKind.ClassStaticBlockDeclaration:
        this.visitStaticBlock(node as ts.ClassStaticBlockDeclaration);
        return;
      case SyntaxKind.ClassDeclaration:
      case SyntaxKind.ClassExpression:
        this.visitClass(node as ts.ClassLikeDeclaration);
        return;
      case SyntaxKind.ModuleDeclaration:
        this.visitNamespace(node as ts.ModuleDeclaration);
        return;
      case SyntaxKind.ObjectLiteralExpression:
        this.visitObjectLiteral(node as ts.ObjectLiteralExpression);
        return;
      case SyntaxKind.IfStatement:
        this.visitIf(node as ts.IfStatement);
        return;
      case SyntaxKind.ForStatement:
      case SyntaxKind.ForInStatement:
      case SyntaxKind.ForOfStatement:
      case SyntaxKind.WhileStatement:
      case SyntaxKind.DoStatement:
        this.visitLoop(node as ts.IterationStatement);
        return;
      case SyntaxKind.SwitchStatement:
        this.visitSwitch(node as ts.SwitchStatement);
        return;
      case SyntaxKind.TryStatement:
      case SyntaxKind.WithStatement:
        this.enterStatement();
        forEachChild(node, this.visit);
        this.exitStatement();
        return;
      case SyntaxKind.CatchClause:
        this.visitCatch(node as ts.CatchClause);
        return;
      case SyntaxKind.ConditionalExpression:
        this.visitConditional(node as ts.ConditionalExpression);
        return;
      case SyntaxKind.BinaryExpression:
        this.visitBinary(node as ts.BinaryExpression);
        break;
      case SyntaxKind.PropertyAccessExpression:
      case SyntaxKind.ElementAccessExpression:
      case SyntaxKind.CallExpression:
        if ((node as ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression).questionDotToken) {
          this.addBranch();
        }
        break;
      case SyntaxKind.Parameter:
      case SyntaxKind.BindingElement:
        // ESTree AssignmentPattern: a default parameter or destructuring default.
        if ((node as ts.ParameterDeclaration | ts.BindingElement).initializer) {
          this.addBranch();
        }
        break;
      case SyntaxKind.ShorthandPropertyAssignment:
        // `{ a = 1 }` only parses as a destructuring target, where it is an AssignmentPattern.
        if ((node as ts.ShorthandPropertyAssignment).objectAssignmentInitializer) {
          this.addBranch();
        }
        break;
      case SyntaxKind.BreakStatement:
      case SyntaxKind.ContinueStatement:
        if ((node as ts.BreakOrContinueStatement).label) {
          this.addCognitive();
        }
        return;
      case SyntaxKind.ReturnStatement:
        this.noteReturn(node as ts.ReturnStatement);
        break;
      default:
        break;
    }
    forEachChild(node, this.visit);
  };

  // -- functions and naming scopes ---------------------------------------------------------------

  private visitFunction(node: FunctionNode): void {
    if (!node.body) {
      collectLiterals(node, this.sourceFile, this.literals);
      return;
    }
    const isConditionalBranch = node === this.conditionalBranchFunction;
    this.conditionalBranchFunction = undefined;
    const startLine = this.lineOf(node.getStart(this.sourceFile));
    const name = this.qualify(this.functionName(node, startLine));
    const metrics = this.addFunction(node, kindOf(node), name, startLine, countParams(node));
    const isMember = !ts.isFunctionDeclaration(node) && !ts.isFunctionExpression(node) && !ts.isArrowFunction(node);
    if (isMember) {
      // ESTree keeps decorators and the (computed) key outside the function node: they belong to
      // the enclosing code path.
      node.modifiers?.forEach(this.visit);
      if (node.name) {
        this.visit(node.name);
      }
    }

    const outer = { frame: this.frame, sonarFrame: this.sonarFrame, prefix: this.prefix };
    const frame: Frame = { metrics, flowNesting: 0, depth: 0 };
    const isThirdLevel = this.enterSonarFunction(node);
    this.frame = frame;
    this.sonarFrame = frame;
    this.prefix = name;
    forEachChild(
      node,
      (child) => {
        if (child !== node.name || !isMember) {
          this.visit(child);
        }
      },
      (children) => {
        if (children !== node.modifiers || !isMember) {
          children.forEach(this.visit);
        }
      },
    );
    this.frame = outer.frame;
    this.sonarFrame = outer.sonarFrame;
    this.prefix = outer.prefix;
    this.exitSonarFunction(isThirdLevel || isConditionalBranch);
  }

  private visitField(node: ts.PropertyDeclaration): void {
    const initializer = node.initializer as ts.Expression;
    const startLine = this.lineOf(node.getStart(this.sourceFile));
    const name = this.qualify(propertyNameText(node.name, this.sourceFile));
    const metrics = this.addFunction(node, 'fieldInitializer', name, startLine, 0);
    // Decorators and a computed key stay in the enclosing code path.
    forEachChild(node, (child) => {
      if (child !== initializer) {
        this.visit(child);
      }
    });
    this.withImplicitFunction(metrics, name, () => this.visit(initializer));
  }

  private visitStaticBlock(node: ts.ClassStaticBlockDeclaration): void {
    const startLine = this.lineOf(node.getStart(this.sourceFile));
    const name = this.qualify(`<static>@${startLine}`);
    const metrics = this.addFunction(node, 'staticBlock', name, startLine, 0);
    this.withImplicitFunction(metrics, name, () => this.visit(node.body));
  }

  /**
   * A class field initializer or static block: its own code path for ESLint, but not a function for
   * sonarjs, whose increments keep going to the enclosing function (`sonarFrame` stays).
   */
  private withImplicitFunction(metrics: FunctionMetrics, name: string, visitBody: () => void): void {
    const outerFrame = this.frame;
    const outerPrefix = this.prefix;
    this.frame = { metrics, flowNesting: 0, depth: 0 };
    this.prefix = name;
    visitBody();
    this.frame = outerFrame;
    this.prefix = outerPrefix;
  }

  private visitClass(node: ts.ClassLikeDeclaration): void {
    const outerPrefix = this.prefix;
    const classPrefix = this.qualify(this.className(node));
    forEachChild(node, this.visit, (children) => {
      if (children === node.members) {
        this.prefix = classPrefix;
        children.forEach(this.visit);
        this.prefix = outerPrefix;
      } else {
        children.forEach(this.visit);
      }
    });
  }

  private visitNamespace(node: ts.ModuleDeclaration): void {
    const outerPrefix = this.prefix;
    forEachChild(node, (child) => {
      if (child === node.body) {
        this.prefix = this.qualify(node.name.text);
        this.visit(child);
        this.prefix = outerPrefix;
      } else {
        this.visit(child);
      }
    });
  }

  private visitObjectLiteral(node: ts.ObjectLiteralExpression): void {
    const outerPrefix = this.prefix;
    const binding = bindingName(node, this.sourceFile);
    if (typeof binding === 'string') {
      this.prefix = this.qualify(binding);
    }
    forEachChild(node, this.visit);
    this.prefix = outerPrefix;
  }

  /** Like {@link functionName}: declarations by their name, class expressions by their binding first. */
  private className(node: ts.ClassLikeDeclaration): string {
    if (ts.isClassDeclaration(node)) {
      return node.name?.text ?? 'default';
    }
    const binding = bindingName(node, this.sourceFile);
    if (binding === SAME_AS_CONTAINER) {
      return '';
    }
    if (binding === MODULE_EXPORTS) {
      return 'default';
    }
    return binding ?? node.name?.text ?? `<anonymous>@${this.lineOf(node.getStart(this.sourceFile))}`;
  }

  /** The unqualified name; an empty string means "the container's own name" (`x = () => …` in a class). */
  private functionName(node: FunctionNode, startLine: number): string {
    switch (node.kind) {
      case SyntaxKind.FunctionDeclaration:
        return node.name?.text ?? 'default';
      case SyntaxKind.MethodDeclaration:
        return propertyNameText(node.name, this.sourceFile);
      case SyntaxKind.GetAccessor:
        return `get ${propertyNameText(node.name, this.sourceFile)}`;
      case SyntaxKind.SetAccessor:
        return `set ${propertyNameText(node.name, this.sourceFile)}`;
      case SyntaxKind.Constructor:
        return 'constructor';
      default: {
        const binding = bindingName(node, this.sourceFile);
        if (binding === SAME_AS_CONTAINER) {
          return '';
        }
        if (binding === MODULE_EXPORTS) {
          return 'default';
        }
        return binding ?? node.name?.text ?? `<anonymous>@${startLine}`;
      }
    }
  }

  private qualify(name: string): string {
    if (name === '') {
      return this.prefix;
    }
    return this.prefix === '' ? name : `${this.prefix}.${name}`;
  }

  private addFunction(node: ts.Node, kind: FunctionKind, name: string, startLine: number, params: number): FunctionMetrics {
    const metrics: FunctionMetrics = {
      name,
      kind,
      startLine,
      endLine: this.lineOf(node.end),
      cyclomatic: 1,
      cognitive: 0,
      loc: 0,
      nesting: 0,
      params,
    };
    this.functions.push(metrics);
    return metrics;
  }

  private lineOf(pos: number): number {
    return this.sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
  }

  // -- control flow ------------------------------------------------------------------------------

  private visitIf(node: ts.IfStatement): void {
    const isElseIf = ts.isIfStatement(node.parent) && node.parent.elseStatement === node;
    this.addBranch();
    if (isElseIf) {
      this.addCognitive();
    } else {
      this.addStructural();
      this.enterStatement();
    }
    this.visit(node.expression);
    this.visitNested(node.thenStatement);
    if (node.elseStatement) {
      if (ts.isIfStatement(node.elseStatement)) {
        this.visit(node.elseStatement);
      } else {
        this.addCognitive();
        this.visitNested(node.elseStatement);
      }
    }
    if (!isElseIf) {
      this.exitStatement();
    }
  }

  private visitLoop(node: ts.IterationStatement): void {
    this.addBranch();
    this.addStructural();
    this.enterStatement();
    if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && isAssignmentTarget(node.initializer)) {
      this.countTargetDefaults(node.initializer);
    }
    forEachChild(node, (child) => {
      if (child === node.statement) {
        this.visitNested(child);
      } else {
        this.visit(child);
      }
    });
    this.exitStatement();
  }

  private visitSwitch(node: ts.SwitchStatement): void {
    this.addStructural();
    this.enterStatement();
    this.visit(node.expression);
    for (const clause of node.caseBlock.clauses) {
      if (ts.isCaseClause(clause)) {
        this.addBranch();
      }
      this.visitNested(clause);
    }
    this.exitStatement();
  }

  private visitCatch(node: ts.CatchClause): void {
    this.addBranch();
    this.addStructural();
    if (node.variableDeclaration) {
      this.visit(node.variableDeclaration);
    }
    this.visitNested(node.block);
  }

  private visitConditional(node: ts.ConditionalExpression): void {
    this.addBranch();
    this.addStructural();
    this.visit(node.condition);
    this.visitBranch(node.whenTrue);
    this.visitBranch(node.whenFalse);
  }

  /**
   * A `?:` branch is a nesting node for sonarjs. When the branch is itself a function, the rule's
   * generic exit handler runs while the function's own counter is on top of its stack, so the
   * enclosing function keeps the extra nesting level until it ends. Reproduced on purpose.
   */
  private visitBranch(branch: ts.Expression): void {
    const inner = skipParentheses(branch);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
      this.enterNesting();
      this.conditionalBranchFunction = inner;
      this.visit(branch);
      this.conditionalBranchFunction = undefined;
    } else {
      this.visitNested(branch);
    }
  }

  private visitBinary(node: ts.BinaryExpression): void {
    const operator = node.operatorToken.kind;
    if (isLogicalOperator(operator)) {
      this.addBranch();
      if (!isLogicalExpression(parentSkippingParentheses(node))) {
        this.countLogicalSequences(node);
      }
    } else if (
      operator === SyntaxKind.AmpersandAmpersandEqualsToken ||
      operator === SyntaxKind.BarBarEqualsToken ||
      operator === SyntaxKind.QuestionQuestionEqualsToken
    ) {
      this.addBranch();
    } else if (operator === SyntaxKind.EqualsToken && !this.patternDefaults.has(node) && isAssignmentTarget(node.left)) {
      this.countTargetDefaults(node.left);
    }
  }

  /**
   * sonarjs: flatten the tree of logical operators (through parentheses, which ESTree does not keep)
   * in source order and add 1 for each `&&` not preceded by `&&`; `||` and `??` are free. A chain
   * of one operator directly inside a JSX expression container (`{a && <B/>}`) is free too.
   */
  private countLogicalSequences(root: ts.BinaryExpression): void {
    const parent = parentSkippingParentheses(root);
    if (ts.isJsxExpression(parent) && !parent.dotDotDotToken && isUniformLogicalChain(root, root.operatorToken.kind)) {
      return;
    }
    let previous: ts.SyntaxKind | undefined;
    const inOrder = (node: ts.Expression): void => {
      const inner = skipParentheses(node);
      if (!isLogicalExpression(inner)) {
        return;
      }
      inOrder(inner.left);
      const operator = inner.operatorToken.kind;
      if (operator === SyntaxKind.AmpersandAmpersandToken && previous !== operator) {
        this.addCognitive();
      }
      previous = operator;
      inOrder(inner.right);
    };
    inOrder(root);
  }

  /** ESTree AssignmentPattern inside a destructuring assignment target: `[a = 1] = xs`, `({ b: c = 2 } = o)`. */
  private countTargetDefaults(target: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression): void {
    const element = (node: ts.Expression): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken) {
        this.patternDefaults.add(node);
        this.addBranch();
        element(node.left);
      } else if (ts.isSpreadElement(node)) {
        element(node.expression);
      } else if (isAssignmentTarget(node)) {
        this.countTargetDefaults(node);
      }
    };
    if (ts.isArrayLiteralExpression(target)) {
      target.elements.forEach(element);
      return;
    }
    for (const property of target.properties) {
      if (ts.isPropertyAssignment(property)) {
        element(property.initializer);
      } else if (ts.isSpreadAssignment(property)) {
        element(property.expression);
      }
    }
  }

  private noteReturn(node: ts.ReturnStatement): void {
    if (this.sonarDepth === 1 && node.expression) {
      const value = skipParentheses(node.expression);
      if (ts.isJsxElement(value) || ts.isJsxSelfClosingElement(value) || ts.isJsxFragment(value)) {
        this.top.returnsJsx = true;
      }
    }
  }

  // -- counters ------------------------------------------------------------------------------

  /** One more path for ESLint `complexity`, in the innermost code path (none at top level). */
  private addBranch(): void {
    if (this.frame) {
      this.frame.metrics.cyclomatic++;
    }
  }

  /** sonarjs structural increment: 1 + the current nesting level. */
  private addStructural(): void {
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
  private addCognitive(): void {
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

  private visitNested(node: ts.Node): void {
    this.enterNesting();
    this.visit(node);
    this.exitNesting();
  }

  private enterNesting(): void {
    this.shiftNesting(1);
  }

  private exitNesting(): void {
    this.shiftNesting(-1);
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

  private enterStatement(): void {
    const frame = this.frame;
    if (frame && ++frame.depth > frame.metrics.nesting) {
      frame.metrics.nesting = frame.depth;
    }
  }

  private exitStatement(): void {
    if (this.frame) {
      this.frame.depth--;
    }
  }

  /**
   * The rule's file total: functions at the third level and deeper add one to its global nesting.
   * Returns whether this function's exit must take one level off again.
   */
  private enterSonarFunction(node: FunctionNode): boolean {
    const level = this.sonarDepth++;
    if (level === 0) {
      this.top = newTopLevelState(nameStartsWithCapital(node));
    } else if (level === 1) {
      this.secondLevelIfFolded = 0;
      this.secondLevelIfSeparate = 0;
    } else {
      this.globalNesting++;
    }
    return level >= 2;
  }

  private exitSonarFunction(leavesNestingNode: boolean): void {
    const level = --this.sonarDepth;
    if (leavesNestingNode) {
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
}

// ---------------------------------------------------------------------------------------------
// Helpers

function newTopLevelState(nameStartsWithCapital: boolean): TopLevelState {
  return { own: 0, hasStructural: false, nestedIfFolded: 0, nestedIfSeparate: 0, nameStartsWithCapital, returnsJsx: false };
}

function kindOf(node: FunctionNode): FunctionKind {
  switch (node.kind) {
    case SyntaxKind.FunctionDeclaration:
      return 'function';
    case SyntaxKind.MethodDeclaration:
      return 'method';
    case SyntaxKind.GetAccessor:
      return 'getter';
    case SyntaxKind.SetAccessor:
      return 'setter';
    case SyntaxKind.Constructor:
      return 'constructor';
    case SyntaxKind.ArrowFunction:
      return 'arrow';
    default:
      return 'functionExpression';
  }
}

function countParams(node: FunctionNode): number {
  let count = 0;
  for (const p of node.parameters) {
    if (!(ts.isIdentifier(p.name) && p.name.text === 'this')) {
      count++;
    }
  }
  return count;
}

/**
 * ESTree has a code path for `PropertyDefinition` values only: `accessor` fields are
 * `AccessorProperty` and abstract ones `TSAbstractPropertyDefinition`, whose values stay in the
 * enclosing code path.
 */
function isFieldInitializer(node: ts.PropertyDeclaration): boolean {
  return (
    node.initializer !== undefined &&
    !node.modifiers?.some((m) => m.kind === SyntaxKind.AccessorKeyword || m.kind === SyntaxKind.AbstractKeyword)
  );
}

/** Type-level syntax never holds a function body or a counted branch; only its literals matter. */
function isTypeOnly(node: ts.Node): boolean {
  return (
    (node.kind >= SyntaxKind.FirstTypeNode && node.kind <= SyntaxKind.LastTypeNode) ||
    node.kind === SyntaxKind.InterfaceDeclaration ||
    node.kind === SyntaxKind.TypeAliasDeclaration
  );
}

function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === SyntaxKind.AmpersandAmpersandToken ||
    kind === SyntaxKind.BarBarToken ||
    kind === SyntaxKind.QuestionQuestionToken
  );
}

function isLogicalExpression(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && isLogicalOperator(node.operatorToken.kind);
}

/** sonarjs `flattenJsxShortCircuitNodes`: only one operator and no `?:` directly in the chain. */
function isUniformLogicalChain(node: ts.Expression, operator: ts.SyntaxKind): boolean {
  const inner = skipParentheses(node);
  if (ts.isConditionalExpression(inner)) {
    return false;
  }
  if (!isLogicalExpression(inner)) {
    return true;
  }
  return (
    inner.operatorToken.kind === operator &&
    isUniformLogicalChain(inner.left, operator) &&
    isUniformLogicalChain(inner.right, operator)
  );
}

function isAssignmentTarget(node: ts.Node): node is ts.ArrayLiteralExpression | ts.ObjectLiteralExpression {
  return ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node);
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) {
    current = current.expression;
  }
  return current;
}

function parentSkippingParentheses(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) {
    parent = parent.parent;
  }
  return parent;
}

/** Wrappers that do not change which name an expression is bound to. */
function isTransparentWrapper(node: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isNonNullExpression(node)
  );
}

/** The name an expression is bound to by a declaration, property, assignment or default export. */
function bindingName(node: ts.Node, sourceFile: ts.SourceFile): Binding {
  let current = node;
  let parent = node.parent;
  while (isTransparentWrapper(parent)) {
    current = parent;
    parent = parent.parent;
  }
  switch (parent.kind) {
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.BindingElement:
    case SyntaxKind.Parameter: {
      const declaration = parent as ts.VariableDeclaration | ts.BindingElement | ts.ParameterDeclaration;
      return declaration.initializer === current && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
    }
    case SyntaxKind.PropertyAssignment: {
      const property = parent as ts.PropertyAssignment;
      return property.initializer === current ? propertyNameText(property.name, sourceFile) : undefined;
    }
    case SyntaxKind.PropertyDeclaration: {
      const property = parent as ts.PropertyDeclaration;
      if (property.initializer !== current) {
        return undefined;
      }
      return isFieldInitializer(property) ? SAME_AS_CONTAINER : propertyNameText(property.name, sourceFile);
    }
    case SyntaxKind.ShorthandPropertyAssignment: {
      const property = parent as ts.ShorthandPropertyAssignment;
      return property.objectAssignmentInitializer === current ? property.name.text : undefined;
    }
    case SyntaxKind.BinaryExpression: {
      const assignment = parent as ts.BinaryExpression;
      const operator = assignment.operatorToken.kind;
      const assigns =
        operator === SyntaxKind.EqualsToken ||
        operator === SyntaxKind.BarBarEqualsToken ||
        operator === SyntaxKind.AmpersandAmpersandEqualsToken ||
        operator === SyntaxKind.QuestionQuestionEqualsToken;
      return assigns && assignment.right === current ? assignmentTargetName(assignment.left, sourceFile) : undefined;
    }
    case SyntaxKind.ExportAssignment:
      return 'default';
    default:
      return undefined;
  }
}

/**
 * `exports.run` → `run`, `Foo.prototype.bar` → `Foo.bar`, `this.onClick` → `onClick`,
 * `obj['a-b']` → `obj.a-b`, `obj[key]` → `obj.[key]`; `module.exports` itself → MODULE_EXPORTS.
 */
function assignmentTargetName(target: ts.Expression, sourceFile: ts.SourceFile): Binding {
  const segments: string[] = [];
  let current = skipParentheses(target);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    if (ts.isPropertyAccessExpression(current)) {
      segments.push(current.name.text);
    } else {
      const argument = skipParentheses(current.argumentExpression);
      segments.push(
        ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument) ? argument.text : `[${argument.getText(sourceFile)}]`,
      );
    }
    current = skipParentheses(current.expression);
  }
  if (ts.isIdentifier(current)) {
    segments.push(current.text);
  } else if (current.kind === SyntaxKind.ThisKeyword) {
    segments.push('this');
  } else {
    return undefined;
  }
  segments.reverse();
  let first = 0;
  if (segments[0] === 'module' && segments[1] === 'exports') {
    first = 2;
  } else if (segments[0] === 'exports') {
    first = 1;
  } else if (segments[0] === 'this') {
    first = 1;
  }
  const kept = segments.slice(first).filter((s) => s !== 'prototype');
  if (kept.length === 0) {
    return first > 0 && segments[0] !== 'this' ? MODULE_EXPORTS : undefined;
  }
  return kept.join('.');
}

/** `#secret`, `'quoted-name'` → `quoted-name`, `[Symbol.iterator]`; a computed literal gives its value. */
function propertyNameText(name: ts.PropertyName, sourceFile: ts.SourceFile): string {
  if (ts.isComputedPropertyName(name)) {
    const expression = skipParentheses(name.expression);
    if (ts.isStringLiteralLike(expression) || ts.isNumericLiteral(expression)) {
      return expression.text;
    }
    return `[${expression.getText(sourceFile)}]`;
  }
  return name.text;
}

/** sonarjs React detection: the function's (or its variable's) name starts with an upper-case letter. */
function nameStartsWithCapital(node: FunctionNode): boolean {
  // In ESTree only declarations and function expressions carry an id; methods do not.
  const ownName = ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) ? node.name : undefined;
  let name: string | undefined = ownName?.text;
  if (name === undefined) {
    const parent = parentSkippingParentheses(node);
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      name = parent.name.text;
    }
  }
  if (name === undefined) {
    return false;
  }
  const first = name[0];
  return first === first.toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Lines of code

function addLiteral(node: ts.Node, sourceFile: ts.SourceFile, literals: number[]): void {
  // JSX text has no leading trivia: its whitespace is part of the text.
  const isJsxText = node.kind === SyntaxKind.JsxText;
  literals.push(isJsxText ? node.pos : node.getStart(sourceFile), node.end, isJsxText ? JSX_TEXT : OPAQUE_LITERAL);
}

/** The literals of a subtree the metrics walk does not need to enter (types, bodiless declarations). */
function collectLiterals(node: ts.Node, sourceFile: ts.SourceFile, literals: number[]): void {
  const visit = (child: ts.Node): void => {
    switch (child.kind) {
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
      case SyntaxKind.TemplateHead:
      case SyntaxKind.TemplateMiddle:
      case SyntaxKind.TemplateTail:
      case SyntaxKind.RegularExpressionLiteral:
      case SyntaxKind.JsxText:
        addLiteral(child, sourceFile, literals);
        return;
      default:
        forEachChild(child, visit);
    }
  };
  forEachChild(node, visit);
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function isWhitespace(c: number): boolean {
  if (c === 32 || c === 9 || c === 11 || c === 12 || isLineBreak(c)) {
    return true;
  }
  return c > 127 && /\s/.test(String.fromCharCode(c));
}

/**
 * One pass over the text. Outside the literal ranges collected from the AST, `//` and `/*` can only
 * start comments, so no tokenizer (and no regex-versus-division guess) is needed.
 */
function scanCodeLines(sourceFile: ts.SourceFile, literals: readonly number[]): Uint8Array {
  const text = sourceFile.text;
  const starts = sourceFile.getLineStarts();
  const lines = new Uint8Array(starts.length + 1);
  let line = 0;
  const lineAt = (pos: number): number => {
    while (line + 1 < starts.length && starts[line + 1] <= pos) {
      line++;
    }
    return line;
  };
  let pos = text.startsWith('#!') ? lineEnd(text, 0) : 0;
  let next = 0;
  while (pos < text.length) {
    while (next < literals.length && literals[next + 1] <= pos) {
      next += 3;
    }
    if (next < literals.length && literals[next] <= pos) {
      pos = markLiteral(text, literals[next], literals[next + 1], literals[next + 2], lines, lineAt);
      next += 3;
      continue;
    }
    const c = text.charCodeAt(pos);
    if (c === 47 /* / */ && text.charCodeAt(pos + 1) === 47) {
      pos = lineEnd(text, pos);
    } else if (c === 47 && text.charCodeAt(pos + 1) === 42 /* * */) {
      const close = text.indexOf('*/', pos + 2);
      pos = close < 0 ? text.length : close + 2;
    } else {
      if (!isWhitespace(c)) {
        lines[lineAt(pos) + 1] = 1;
      }
      pos++;
    }
  }
  return lines;
}

function markLiteral(
  text: string,
  start: number,
  end: number,
  kind: number,
  lines: Uint8Array,
  lineAt: (pos: number) => number,
): number {
  if (kind === JSX_TEXT) {
    for (let p = start; p < end; p++) {
      if (!isWhitespace(text.charCodeAt(p))) {
        lines[lineAt(p) + 1] = 1;
      }
    }
    return end;
  }
  const first = lineAt(start);
  const last = lineAt(Math.max(start, end - 1));
  for (let l = first; l <= last; l++) {
    lines[l + 1] = 1;
  }
  return end;
}

function lineEnd(text: string, from: number): number {
  let pos = from;
  while (pos < text.length && !isLineBreak(text.charCodeAt(pos))) {
    pos++;
  }
  return pos;
}
