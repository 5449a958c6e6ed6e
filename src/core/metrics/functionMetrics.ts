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
// The predicates too: each `ts.isX` would be a dictionary lookup plus a getter call.
const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
  isCaseClause,
  isClassDeclaration,
  isComputedPropertyName,
  isConditionalExpression,
  isElementAccessExpression,
  isForInStatement,
  isForOfStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isIfStatement,
  isJsxElement,
  isJsxExpression,
  isJsxFragment,
  isJsxSelfClosingElement,
  isNonNullExpression,
  isNumericLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSatisfiesExpression,
  isSpreadAssignment,
  isSpreadElement,
  isStringLiteralLike,
  isTypeAssertionExpression,
  isVariableDeclaration,
} = ts;

/**
 * What the walks do with a node, by kind (see {@link ACTIONS}). For the frequent kinds from
 * `PropertyAccess` on, and for functions, the walks visit the children themselves rather than through
 * forEachChild, in its order, leaving out the tokens among them (which hold nothing to visit).
 */
const enum Action {
  /** A token without literal text: identifiers, keywords, punctuation. Tokens have no children. */
  Skip,
  /** A string, template, regular expression or JSX text token: recorded for the line count. */
  Literal,
  /** Type-level syntax: never holds a function body or a counted branch; only its literals matter. */
  TypeOnly,
  /** Any other node: visit its children. Actions from here on put the node on the walk's path. */
  Descend,
  Function,
  Property,
  StaticBlock,
  Class,
  Namespace,
  ObjectLiteral,
  If,
  Loop,
  Switch,
  TryOrWith,
  Catch,
  Conditional,
  Binary,
  MaybeOptionalChain,
  MaybeDefault,
  Shorthand,
  Jump,
  Return,
  PropertyAccess,
  Call,
  ExpressionStatement,
  VariableStatement,
  VariableDeclarationList,
  VariableDeclaration,
  Block,
  PropertyAssignment,
  /** Kinds whose only child is `expression`: parentheses, `await`, `typeof`, spreads and the like. */
  OnlyExpression,
  /** Prefix and postfix unary expressions: the only child is `operand`. */
  Operand,
  /** Array literals and binding patterns: the only children are `elements`. */
  Elements,
  New,
  Clause,
}

/** The action for each syntax kind: one array read per node instead of a chain of comparisons. */
const ACTIONS = ((): Uint8Array => {
  const table = new Uint8Array(SyntaxKind.Count).fill(Action.Descend);
  const set = (action: Action, ...kinds: ts.SyntaxKind[]): void => {
    for (const kind of kinds) {
      table[kind] = action;
    }
  };
  for (let kind = 0; kind <= SyntaxKind.LastToken; kind++) {
    table[kind] = isLiteralKind(kind) ? Action.Literal : Action.Skip;
  }
  set(
    Action.Function,
    SyntaxKind.FunctionDeclaration,
    SyntaxKind.MethodDeclaration,
    SyntaxKind.GetAccessor,
    SyntaxKind.SetAccessor,
    SyntaxKind.Constructor,
    SyntaxKind.FunctionExpression,
    SyntaxKind.ArrowFunction,
  );
  set(Action.Property, SyntaxKind.PropertyDeclaration);
  set(Action.StaticBlock, SyntaxKind.ClassStaticBlockDeclaration);
  set(Action.Class, SyntaxKind.ClassDeclaration, SyntaxKind.ClassExpression);
  set(Action.Namespace, SyntaxKind.ModuleDeclaration);
  set(Action.ObjectLiteral, SyntaxKind.ObjectLiteralExpression);
  set(Action.If, SyntaxKind.IfStatement);
  set(
    Action.Loop,
    SyntaxKind.ForStatement,
    SyntaxKind.ForInStatement,
    SyntaxKind.ForOfStatement,
    SyntaxKind.WhileStatement,
    SyntaxKind.DoStatement,
  );
  set(Action.Switch, SyntaxKind.SwitchStatement);
  set(Action.TryOrWith, SyntaxKind.TryStatement, SyntaxKind.WithStatement);
  set(Action.Catch, SyntaxKind.CatchClause);
  set(Action.Conditional, SyntaxKind.ConditionalExpression);
  set(Action.Binary, SyntaxKind.BinaryExpression);
  set(Action.MaybeOptionalChain, SyntaxKind.ElementAccessExpression);
  set(Action.PropertyAccess, SyntaxKind.PropertyAccessExpression);
  set(Action.Call, SyntaxKind.CallExpression);
  set(Action.ExpressionStatement, SyntaxKind.ExpressionStatement);
  set(Action.VariableStatement, SyntaxKind.VariableStatement);
  set(Action.VariableDeclarationList, SyntaxKind.VariableDeclarationList);
  set(Action.VariableDeclaration, SyntaxKind.VariableDeclaration);
  set(Action.Block, SyntaxKind.Block);
  set(Action.MaybeDefault, SyntaxKind.Parameter, SyntaxKind.BindingElement);
  set(Action.Shorthand, SyntaxKind.ShorthandPropertyAssignment);
  set(Action.Jump, SyntaxKind.BreakStatement, SyntaxKind.ContinueStatement);
  set(Action.Return, SyntaxKind.ReturnStatement);
  set(Action.PropertyAssignment, SyntaxKind.PropertyAssignment);
  set(
    Action.OnlyExpression,
    SyntaxKind.ParenthesizedExpression,
    SyntaxKind.AwaitExpression,
    SyntaxKind.TypeOfExpression,
    SyntaxKind.VoidExpression,
    SyntaxKind.DeleteExpression,
    SyntaxKind.SpreadElement,
    SyntaxKind.SpreadAssignment,
    SyntaxKind.NonNullExpression,
  );
  set(Action.Operand, SyntaxKind.PrefixUnaryExpression, SyntaxKind.PostfixUnaryExpression);
  set(Action.Elements, SyntaxKind.ArrayLiteralExpression, SyntaxKind.ObjectBindingPattern, SyntaxKind.ArrayBindingPattern);
  set(Action.New, SyntaxKind.NewExpression);
  set(Action.Clause, SyntaxKind.CaseClause, SyntaxKind.DefaultClause);
  for (let kind = SyntaxKind.FirstTypeNode; kind <= SyntaxKind.LastTypeNode; kind++) {
    table[kind] = Action.TypeOnly;
  }
  set(Action.TypeOnly, SyntaxKind.InterfaceDeclaration, SyntaxKind.TypeAliasDeclaration);
  return table;
})();

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
 * (overloads, abstract and ambient members) are not functions. Parent pointers are not needed: the
 * file may be created with `setParentNodes: false`, which makes parsing cheaper.
 */
export function measureFunctions(sourceFile: ts.SourceFile): FunctionMetrics[] {
  const walker = new MetricsWalker(sourceFile);
  walker.walk();
  const lines = scanCodeLines(sourceFile, walker.lineStarts, walker.literals);
  if (prefixBuffer.length < lines.length) {
    prefixBuffer = new Uint32Array(lines.length * 2);
  }
  const prefix = prefixBuffer;
  prefix[0] = 0;
  for (let i = 1; i < lines.length; i++) {
    prefix[i] = prefix[i - 1] + lines[i];
  }
  for (const f of walker.functions) {
    f.loc = prefix[f.endLine] - prefix[f.startLine - 1];
  }
  analyses.set(sourceFile, { lines, fileCognitive: walker.fileCognitive });
  return walker.functions;
}

/** Code lines up to each line, in measureFunctions; reused from call to call (allocating costs more). */
let prefixBuffer = new Uint32Array(4096);

/** Where one function-like node lies, and its qualified name: what {@link listFunctionSpansFast} gives. */
export type FunctionSpan = Pick<FunctionMetrics, 'name' | 'startLine' | 'endLine'>;

/**
 * The `name`, `startLine` and `endLine` of every entry {@link measureFunctions} returns, equal and in
 * the same order, at a fraction of its cost: no metric is computed and no line of code counted. For
 * callers that only need where functions are, such as X-Ray on historical versions of a file.
 */
export function listFunctionSpansFast(sourceFile: ts.SourceFile): FunctionSpan[] {
  const walker = new SpanWalker(sourceFile);
  walker.walk();
  return walker.spans;
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
  const lines = scanCodeLines(sourceFile, lineStartsOf(sourceFile), literals);
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

/**
 * What both walks share: the path of nodes standing in for parent pointers, and the qualified naming
 * of functions by their class, object literal, namespace and binding.
 */
abstract class ScopeWalker {
  /**
   * The nodes from the source file down to the node being visited (`path[depth - 1]`), which stands
   * in for parent pointers: the file may have been parsed without them. Entries past `depth` are stale.
   */
  protected readonly path: ts.Node[] = [];
  protected depth = 0;
  /** Qualifier for names declared here, e.g. `SessionManager` inside that class. */
  protected prefix = '';
  /** `sourceFile.getLineStarts()`, see {@link lineStartsOf}. */
  readonly lineStarts: readonly number[];
  /** 0-based line last found by {@link lineOf}. */
  private lineHint = 0;

  /** Visits one node; a node that has children must be pushed on {@link path} while they are visited. */
  protected abstract readonly visit: (node: ts.Node) => void;

  constructor(protected readonly sourceFile: ts.SourceFile) {
    this.lineStarts = lineStartsOf(sourceFile);
  }

  walk(): void {
    this.path[0] = this.sourceFile;
    this.depth = 1;
    forEachChild(this.sourceFile, this.visit, this.visitAll);
    this.depth = 0;
  }

  /**
   * Visits a list of nodes in order: cheaper than letting forEachChild iterate it. Identifiers and
   * other tokens without literal text, a third of all nodes, do nothing in either walk: they are not
   * even passed to {@link visit}.
   */
  protected readonly visitAll = (nodes: ts.NodeArray<ts.Node>): void => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (ACTIONS[node.kind] !== Action.Skip) {
        this.visit(node);
      }
    }
  };

  /** The index in {@link path} of the parent of `path[index]`, skipping parentheses. */
  protected parentIndexSkippingParentheses(index: number): number {
    let parent = index - 1;
    while (parent > 0 && this.path[parent].kind === SyntaxKind.ParenthesizedExpression) {
      parent--;
    }
    return parent;
  }

  protected visitClass(node: ts.ClassLikeDeclaration): void {
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

  protected visitNamespace(node: ts.ModuleDeclaration): void {
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

  protected visitObjectLiteral(node: ts.ObjectLiteralExpression): void {
    const outerPrefix = this.prefix;
    const binding = this.bindingName();
    if (typeof binding === 'string') {
      this.prefix = this.qualify(binding);
    }
    // The only children: properties.
    this.visitAll(node.properties);
    this.prefix = outerPrefix;
  }

  /** Like {@link functionName}: declarations by their name, class expressions by their binding first. */
  protected className(node: ts.ClassLikeDeclaration): string {
    if (isClassDeclaration(node)) {
      return node.name?.text ?? 'default';
    }
    const binding = this.bindingName();
    if (binding === SAME_AS_CONTAINER) {
      return '';
    }
    if (binding === MODULE_EXPORTS) {
      return 'default';
    }
    return binding ?? node.name?.text ?? `<anonymous>@${this.lineOf(node.getStart(this.sourceFile))}`;
  }

  /** The unqualified name; an empty string means "the container's own name" (`x = () => …` in a class). */
  protected functionName(node: FunctionNode, startLine: number): string {
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
        const binding = this.bindingName();
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

  protected qualify(name: string): string {
    if (name === '') {
      return this.prefix;
    }
    return this.prefix === '' ? name : `${this.prefix}.${name}`;
  }

  /**
   * 1-based line of `pos`, as `getLineAndCharacterOfPosition` gives it, without allocating. The
   * search starts from the line of the previous call: the walks ask in increasing order.
   */
  protected lineOf(pos: number): number {
    const line = lineIndexNear(this.lineStarts, pos, this.lineHint);
    this.lineHint = line;
    return line + 1;
  }

  /** 1-based line of `end`, a position at or after line `startLine`: usually a few lines further. */
  protected endLineOf(end: number, startLine: number): number {
    return lineIndexNear(this.lineStarts, end, startLine - 1) + 1;
  }

  /** The name the node being visited is bound to by a declaration, property, assignment or default export. */
  protected bindingName(): Binding {
    let index = this.depth - 1;
    while (index > 1 && isTransparentWrapper(this.path[index - 1])) {
      index--;
    }
    return bindingNameIn(this.path[index - 1], this.path[index], this.sourceFile);
  }
}

class MetricsWalker extends ScopeWalker {
  readonly functions: FunctionMetrics[] = [];
  /** `[start, end, kind]` triples in position order, for scanCodeLines. */
  readonly literals: number[] = [];
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
  /** A function that is the direct branch of a `?:`: the rule's nesting bookkeeping misfires on it. */
  private conditionalBranchFunction: ts.Node | undefined;
  /** `x = 1` defaults inside destructuring assignment targets, already counted as patterns. */
  private readonly patternDefaults = new Set<ts.Node>();

  protected readonly visit = (node: ts.Node): void => {
    const action = ACTIONS[node.kind];
    if (action < Action.Descend) {
      if (action === Action.Literal) {
        addLiteral(node, this.sourceFile, this.literals);
      } else if (action === Action.TypeOnly) {
        collectLiterals(node, this.sourceFile, this.literals);
      }
      return;
    }
    const depth = this.depth;
    this.path[depth] = node;
    this.depth = depth + 1;
    switch (action) {
      case Action.Function:
        this.visitFunction(node as FunctionNode);
        break;
      case Action.Property:
        if (isFieldInitializer(node as ts.PropertyDeclaration)) {
          this.visitField(node as ts.PropertyDeclaration);
        } else {
          forEachChild(node, this.visit, this.visitAll);
        }
        break;
      case Action.StaticBlock:
        this.visitStaticBlock(node as ts.ClassStaticBlockDeclaration);
        break;
      case Action.Class:
        this.visitClass(node as ts.ClassLikeDeclaration);
        break;
      case Action.Namespace:
        this.visitNamespace(node as ts.ModuleDeclaration);
        break;
      case Action.ObjectLiteral:
        this.visitObjectLiteral(node as ts.ObjectLiteralExpression);
        break;
      case Action.If:
        this.visitIf(node as ts.IfStatement);
        break;
      case Action.Loop:
        this.visitLoop(node as ts.IterationStatement);
        break;
      case Action.Switch:
        this.visitSwitch(node as ts.SwitchStatement);
        break;
      case Action.TryOrWith:
        this.enterStatement();
        forEachChild(node, this.visit, this.visitAll);
        this.exitStatement();
        break;
      case Action.Catch:
        this.visitCatch(node as ts.CatchClause);
        break;
      case Action.Conditional:
        this.visitConditional(node as ts.ConditionalExpression);
        break;
      case Action.Binary:
        this.visitBinary(node as ts.BinaryExpression);
        // Children: left, operatorToken, right.
        this.visitUnlessSkipped((node as ts.BinaryExpression).left);
        this.visitUnlessSkipped((node as ts.BinaryExpression).right);
        break;
      case Action.MaybeOptionalChain: {
        // Children: expression, questionDotToken, argumentExpression.
        const access = node as ts.ElementAccessExpression;
        if (access.questionDotToken) {
          this.addBranch();
        }
        this.visitUnlessSkipped(access.expression);
        if (access.argumentExpression) {
          this.visitUnlessSkipped(access.argumentExpression);
        }
        break;
      }
      case Action.PropertyAccess:
        // Children: expression, questionDotToken, name (an identifier).
        if ((node as ts.PropertyAccessExpression).questionDotToken) {
          this.addBranch();
        }
        this.visitUnlessSkipped((node as ts.PropertyAccessExpression).expression);
        break;
      case Action.Call: {
        // Children: expression, questionDotToken, typeArguments, arguments.
        const call = node as ts.CallExpression;
        if (call.questionDotToken) {
          this.addBranch();
        }
        this.visitUnlessSkipped(call.expression);
        if (call.typeArguments) {
          this.visitAll(call.typeArguments);
        }
        this.visitAll(call.arguments);
        break;
      }
      case Action.ExpressionStatement:
        this.visit((node as ts.ExpressionStatement).expression);
        break;
      case Action.VariableStatement:
        // Children: modifiers, declarationList.
        if ((node as ts.VariableStatement).modifiers) {
          this.visitAll((node as ts.VariableStatement).modifiers as ts.NodeArray<ts.ModifierLike>);
        }
        this.visit((node as ts.VariableStatement).declarationList);
        break;
      case Action.VariableDeclarationList:
        this.visitAll((node as ts.VariableDeclarationList).declarations);
        break;
      case Action.VariableDeclaration: {
        // Children: name, exclamationToken, type, initializer.
        const declaration = node as ts.VariableDeclaration;
        this.visitUnlessSkipped(declaration.name);
        if (declaration.type) {
          this.visit(declaration.type);
        }
        if (declaration.initializer) {
          this.visit(declaration.initializer);
        }
        break;
      }
      case Action.Block:
        this.visitAll((node as ts.Block).statements);
        break;
      case Action.MaybeDefault: {
        // ESTree AssignmentPattern: a default parameter or destructuring default.
        const declaration = node as ts.ParameterDeclaration | ts.BindingElement;
        if (declaration.initializer) {
          this.addBranch();
        }
        if (node.kind === SyntaxKind.Parameter) {
          // Children: modifiers, dotDotDotToken, name, questionToken, type, initializer.
          const parameter = node as ts.ParameterDeclaration;
          if (parameter.modifiers) {
            this.visitAll(parameter.modifiers);
          }
          this.visitUnlessSkipped(parameter.name);
          if (parameter.type) {
            this.visit(parameter.type);
          }
        } else {
          // Children: dotDotDotToken, propertyName, name, initializer.
          const element = node as ts.BindingElement;
          if (element.propertyName) {
            this.visitUnlessSkipped(element.propertyName);
          }
          this.visitUnlessSkipped(element.name);
        }
        if (declaration.initializer) {
          this.visit(declaration.initializer);
        }
        break;
      }
      case Action.Shorthand: {
        // `{ a = 1 }` only parses as a destructuring target, where it is an AssignmentPattern.
        // Children: modifiers, name, questionToken, exclamationToken, equalsToken, objectAssignmentInitializer.
        const property = node as ts.ShorthandPropertyAssignment;
        if (property.objectAssignmentInitializer) {
          this.addBranch();
        }
        this.visitInvalidModifiers(property);
        this.visitUnlessSkipped(property.name);
        if (property.objectAssignmentInitializer) {
          this.visit(property.objectAssignmentInitializer);
        }
        break;
      }
      case Action.PropertyAssignment: {
        // Children: modifiers, name, questionToken, exclamationToken, initializer.
        const property = node as ts.PropertyAssignment;
        this.visitInvalidModifiers(property);
        this.visitUnlessSkipped(property.name);
        this.visitUnlessSkipped(property.initializer);
        break;
      }
      case Action.OnlyExpression: {
        const expression = (node as ts.ParenthesizedExpression).expression as ts.Expression | undefined;
        if (expression) {
          this.visitUnlessSkipped(expression);
        }
        break;
      }
      case Action.Operand:
        this.visitUnlessSkipped((node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression).operand);
        break;
      case Action.Elements:
        this.visitAll((node as ts.ArrayLiteralExpression | ts.BindingPattern).elements);
        break;
      case Action.New: {
        // Children: expression, typeArguments, arguments (absent in `new Foo`).
        const call = node as ts.NewExpression;
        this.visitUnlessSkipped(call.expression);
        if (call.typeArguments) {
          this.visitAll(call.typeArguments);
        }
        if (call.arguments) {
          this.visitAll(call.arguments);
        }
        break;
      }
      case Action.Clause:
        // Children: expression (of a `case`), statements.
        if (node.kind === SyntaxKind.CaseClause) {
          this.visitUnlessSkipped((node as ts.CaseClause).expression);
        }
        this.visitAll((node as ts.CaseOrDefaultClause).statements);
        break;
      case Action.Jump:
        if ((node as ts.BreakOrContinueStatement).label) {
          this.addCognitive();
        }
        break;
      case Action.Return:
        this.noteReturn(node as ts.ReturnStatement);
        if ((node as ts.ReturnStatement).expression) {
          this.visitUnlessSkipped((node as ts.ReturnStatement).expression as ts.Expression);
        }
        break;
      default:
        forEachChild(node, this.visit, this.visitAll);
        break;
    }
    this.depth = depth;
  };

  /** {@link visit}, skipping the call for the nodes it ignores (mostly identifiers). */
  private visitUnlessSkipped(node: ts.Node): void {
    if (ACTIONS[node.kind] !== Action.Skip) {
      this.visit(node);
    }
  }

  /**
   * The parser keeps modifiers and decorators written on object literal properties (a grammar error
   * for the checker, not a syntax error) on a field the public types do not declare.
   */
  private visitInvalidModifiers(node: ts.PropertyAssignment | ts.ShorthandPropertyAssignment): void {
    const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
    if (modifiers) {
      this.visitAll(modifiers);
    }
  }

  /** Makes `node` the innermost entry of {@link path} while its children are visited. */
  private visitWithin(node: ts.Node, visitChildren: () => void): void {
    const depth = this.depth;
    this.path[depth] = node;
    this.depth = depth + 1;
    visitChildren();
    this.depth = depth;
  }

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
    const isMember = !isFunctionDeclaration(node) && !isFunctionExpression(node) && !isArrowFunction(node);
    // The children in forEachChild's order, tokens (`*`, `?`, `!`, `=>`) left out: modifiers, name,
    // typeParameters, parameters, type, body. ESTree keeps a member's decorators and (computed) key
    // outside the function node: they belong to the enclosing code path.
    if (isMember) {
      this.visitModifiersAndName(node);
    }
    const outerFrame = this.frame;
    const outerSonarFrame = this.sonarFrame;
    const outerPrefix = this.prefix;
    const frame: Frame = { metrics, flowNesting: 0, depth: 0 };
    const isThirdLevel = this.enterSonarFunction(node);
    this.frame = frame;
    this.sonarFrame = frame;
    this.prefix = name;
    if (!isMember) {
      this.visitModifiersAndName(node);
    }
    if (node.typeParameters) {
      this.visitAll(node.typeParameters);
    }
    this.visitAll(node.parameters);
    if (node.type) {
      this.visit(node.type);
    }
    this.visit(node.body);
    this.frame = outerFrame;
    this.sonarFrame = outerSonarFrame;
    this.prefix = outerPrefix;
    this.exitSonarFunction(isThirdLevel || isConditionalBranch);
  }

  private visitModifiersAndName(node: FunctionNode): void {
    if (node.modifiers) {
      this.visitAll(node.modifiers);
    }
    if (node.name) {
      this.visit(node.name);
    }
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

  private addFunction(node: ts.Node, kind: FunctionKind, name: string, startLine: number, params: number): FunctionMetrics {
    const metrics: FunctionMetrics = {
      name,
      kind,
      startLine,
      endLine: this.endLineOf(node.end, startLine),
      cyclomatic: 1,
      cognitive: 0,
      loc: 0,
      nesting: 0,
      params,
    };
    this.functions.push(metrics);
    return metrics;
  }

  /** sonarjs React detection: the function's (or its variable's) name starts with an upper-case letter. */
  private nameStartsWithCapital(node: FunctionNode): boolean {
    // In ESTree only declarations and function expressions carry an id; methods do not.
    const ownName = isFunctionDeclaration(node) || isFunctionExpression(node) ? node.name : undefined;
    let name: string | undefined = ownName?.text;
    if (name === undefined) {
      const parent = this.path[this.parentIndexSkippingParentheses(this.depth - 1)];
      if (isVariableDeclaration(parent) && isIdentifier(parent.name)) {
        name = parent.name.text;
      }
    }
    if (!name) {
      // No name, or an empty one where a syntax error left the identifier missing.
      return false;
    }
    const first = name[0];
    return first === first.toUpperCase();
  }

  // -- control flow ------------------------------------------------------------------------------

  private visitIf(node: ts.IfStatement): void {
    const parent = this.path[this.depth - 2];
    const isElseIf = parent.kind === SyntaxKind.IfStatement && (parent as ts.IfStatement).elseStatement === node;
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
      if (isIfStatement(node.elseStatement)) {
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
    if ((isForOfStatement(node) || isForInStatement(node)) && isAssignmentTarget(node.initializer)) {
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
    this.visitWithin(node.caseBlock, () => {
      for (const clause of node.caseBlock.clauses) {
        if (isCaseClause(clause)) {
          this.addBranch();
        }
        this.visitNested(clause);
      }
    });
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
    if (isArrowFunction(inner) || isFunctionExpression(inner)) {
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
      if (!isLogicalExpression(this.path[this.parentIndexSkippingParentheses(this.depth - 1)])) {
        this.countLogicalSequences(node);
      }
    } else if (
      operator === SyntaxKind.AmpersandAmpersandEqualsToken ||
      operator === SyntaxKind.BarBarEqualsToken ||
      operator === SyntaxKind.QuestionQuestionEqualsToken
    ) {
      this.addBranch();
    } else if (
      operator === SyntaxKind.EqualsToken &&
      !(this.patternDefaults.size !== 0 && this.patternDefaults.has(node)) &&
      isAssignmentTarget(node.left)
    ) {
      this.countTargetDefaults(node.left);
    }
  }

  /**
   * sonarjs: flatten the tree of logical operators (through parentheses, which ESTree does not keep)
   * in source order and add 1 for each `&&` not preceded by `&&`; `||` and `??` are free. A chain
   * of one operator directly inside a JSX expression container (`{a && <B/>}`) is free too.
   */
  private countLogicalSequences(root: ts.BinaryExpression): void {
    const parent = this.path[this.parentIndexSkippingParentheses(this.depth - 1)];
    if (isJsxExpression(parent) && !parent.dotDotDotToken && isUniformLogicalChain(root, root.operatorToken.kind)) {
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
      if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken) {
        this.patternDefaults.add(node);
        this.addBranch();
        element(node.left);
      } else if (isSpreadElement(node)) {
        element(node.expression);
      } else if (isAssignmentTarget(node)) {
        this.countTargetDefaults(node);
      }
    };
    if (isArrayLiteralExpression(target)) {
      target.elements.forEach(element);
      return;
    }
    for (const property of target.properties) {
      if (isPropertyAssignment(property)) {
        element(property.initializer);
      } else if (isSpreadAssignment(property)) {
        element(property.expression);
      }
    }
  }

  private noteReturn(node: ts.ReturnStatement): void {
    if (this.sonarDepth === 1 && node.expression) {
      const value = skipParentheses(node.expression);
      if (isJsxElement(value) || isJsxSelfClosingElement(value) || isJsxFragment(value)) {
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
      this.top = newTopLevelState(this.nameStartsWithCapital(node));
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

/**
 * The walk of {@link listFunctionSpansFast}: the same functions, in the same order and with the same
 * names and lines as {@link MetricsWalker}, found without measuring anything. It skips what cannot
 * hold a function: type-level syntax, literals, bodiless declarations, `break` and `continue`.
 */
class SpanWalker extends ScopeWalker {
  readonly spans: FunctionSpan[] = [];

  protected readonly visit = (node: ts.Node): void => {
    const action = ACTIONS[node.kind];
    if (action < Action.Descend || action === Action.Jump) {
      return;
    }
    const depth = this.depth;
    this.path[depth] = node;
    this.depth = depth + 1;
    switch (action) {
      case Action.Function:
        this.visitFunction(node as FunctionNode);
        break;
      case Action.Property:
        if (isFieldInitializer(node as ts.PropertyDeclaration)) {
          this.visitField(node as ts.PropertyDeclaration);
        } else {
          forEachChild(node, this.visit, this.visitAll);
        }
        break;
      case Action.StaticBlock:
        this.visitStaticBlock(node as ts.ClassStaticBlockDeclaration);
        break;
      case Action.Class:
        this.visitClass(node as ts.ClassLikeDeclaration);
        break;
      case Action.Namespace:
        this.visitNamespace(node as ts.ModuleDeclaration);
        break;
      case Action.ObjectLiteral:
        this.visitObjectLiteral(node as ts.ObjectLiteralExpression);
        break;
      // The same direct child visits as MetricsWalker, for the same frequent kinds.
      case Action.Binary:
        this.visit((node as ts.BinaryExpression).left);
        this.visit((node as ts.BinaryExpression).right);
        break;
      case Action.PropertyAccess:
        this.visit((node as ts.PropertyAccessExpression).expression);
        break;
      case Action.Call:
        this.visit((node as ts.CallExpression).expression);
        if ((node as ts.CallExpression).typeArguments) {
          this.visitAll((node as ts.CallExpression).typeArguments as ts.NodeArray<ts.TypeNode>);
        }
        this.visitAll((node as ts.CallExpression).arguments);
        break;
      case Action.ExpressionStatement:
        this.visit((node as ts.ExpressionStatement).expression);
        break;
      case Action.VariableStatement:
        if ((node as ts.VariableStatement).modifiers) {
          this.visitAll((node as ts.VariableStatement).modifiers as ts.NodeArray<ts.ModifierLike>);
        }
        this.visit((node as ts.VariableStatement).declarationList);
        break;
      case Action.VariableDeclarationList:
        this.visitAll((node as ts.VariableDeclarationList).declarations);
        break;
      case Action.VariableDeclaration:
        this.visit((node as ts.VariableDeclaration).name);
        if ((node as ts.VariableDeclaration).type) {
          this.visit((node as ts.VariableDeclaration).type as ts.TypeNode);
        }
        if ((node as ts.VariableDeclaration).initializer) {
          this.visit((node as ts.VariableDeclaration).initializer as ts.Expression);
        }
        break;
      case Action.Block:
        this.visitAll((node as ts.Block).statements);
        break;
      default:
        forEachChild(node, this.visit, this.visitAll);
        break;
    }
    this.depth = depth;
  };

  private addSpan(node: ts.Node, name: string, startLine: number): void {
    this.spans.push({ name, startLine, endLine: this.endLineOf(node.end, startLine) });
  }

  /** As {@link MetricsWalker.visitFunction}, which visits the same children in the same order. */
  private visitFunction(node: FunctionNode): void {
    if (!node.body) {
      return;
    }
    const startLine = this.lineOf(node.getStart(this.sourceFile));
    const name = this.qualify(this.functionName(node, startLine));
    this.addSpan(node, name, startLine);
    const isMember = !isFunctionDeclaration(node) && !isFunctionExpression(node) && !isArrowFunction(node);
    if (isMember) {
      this.visitModifiersAndName(node);
    }
    const outerPrefix = this.prefix;
    this.prefix = name;
    if (!isMember) {
      this.visitModifiersAndName(node);
    }
    if (node.typeParameters) {
      this.visitAll(node.typeParameters);
    }
    this.visitAll(node.parameters);
    if (node.type) {
      this.visit(node.type);
    }
    this.visit(node.body);
    this.prefix = outerPrefix;
  }

  private visitModifiersAndName(node: FunctionNode): void {
    if (node.modifiers) {
      this.visitAll(node.modifiers);
    }
    if (node.name) {
      this.visit(node.name);
    }
  }

  private visitField(node: ts.PropertyDeclaration): void {
    const initializer = node.initializer as ts.Expression;
    const startLine = this.lineOf(node.getStart(this.sourceFile));
    const name = this.qualify(propertyNameText(node.name, this.sourceFile));
    this.addSpan(node, name, startLine);
    // Children: modifiers, name, questionToken, exclamationToken, type, initializer.
    if (node.modifiers) {
      this.visitAll(node.modifiers);
    }
    this.visit(node.name);
    if (node.type) {
      this.visit(node.type);
    }
    const outerPrefix = this.prefix;
    this.prefix = name;
    this.visit(initializer);
    this.prefix = outerPrefix;
  }

  private visitStaticBlock(node: ts.ClassStaticBlockDeclaration): void {
    const startLine = this.lineOf(node.getStart(this.sourceFile));
    const name = this.qualify(`<static>@${startLine}`);
    this.addSpan(node, name, startLine);
    const outerPrefix = this.prefix;
    this.prefix = name;
    this.visit(node.body);
    this.prefix = outerPrefix;
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
  const parameters = node.parameters;
  let count = 0;
  for (let i = 0; i < parameters.length; i++) {
    const name = parameters[i].name;
    // `escapedText` equals `text` for `this`, without the getter that unescapes it.
    if (!(name.kind === SyntaxKind.Identifier && (name.escapedText as string) === 'this')) {
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

/** Tokens whose text the line counter must not read as code or comments (see {@link scanCodeLines}). */
function isLiteralKind(kind: ts.SyntaxKind): boolean {
  switch (kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TemplateHead:
    case SyntaxKind.TemplateMiddle:
    case SyntaxKind.TemplateTail:
    case SyntaxKind.RegularExpressionLiteral:
    case SyntaxKind.JsxText:
      return true;
    default:
      return false;
  }
}

/**
 * What `sourceFile.getLineStarts()` returns, without its character-by-character scan when the text
 * has no line break other than `\n` (the compiler also breaks lines at `\r`, U+2028 and U+2029):
 * `indexOf` finds the line feeds several times faster. Not cached on the file: nothing else in a scan
 * asks for its lines.
 */
function lineStartsOf(sourceFile: ts.SourceFile): readonly number[] {
  const text = sourceFile.text;
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) {
    return sourceFile.getLineStarts();
  }
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

/**
 * 0-based line of `pos`: the last line start at or before it (0 if there is none), as the compiler
 * finds it. Any `hint` (a valid line index) gives the same result; the closer to the answer it is,
 * the fewer lines are read: from the hint on, steps of 1, 2, 4… bracket the answer, then a binary
 * search finds it; before the hint, a binary search does.
 */
function lineIndexNear(lineStarts: readonly number[], pos: number, hint: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  if (lineStarts[hint] <= pos) {
    low = hint;
    let step = 1;
    while (low + step <= high && lineStarts[low + step] <= pos) {
      low += step;
      step *= 2;
    }
    if (low + step <= high) {
      high = low + step - 1;
    }
  } else if (hint > 0) {
    high = hint - 1;
  }
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= pos) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}

function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === SyntaxKind.AmpersandAmpersandToken ||
    kind === SyntaxKind.BarBarToken ||
    kind === SyntaxKind.QuestionQuestionToken
  );
}

function isLogicalExpression(node: ts.Node): node is ts.BinaryExpression {
  return isBinaryExpression(node) && isLogicalOperator(node.operatorToken.kind);
}

/** sonarjs `flattenJsxShortCircuitNodes`: only one operator and no `?:` directly in the chain. */
function isUniformLogicalChain(node: ts.Expression, operator: ts.SyntaxKind): boolean {
  const inner = skipParentheses(node);
  if (isConditionalExpression(inner)) {
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
  return isArrayLiteralExpression(node) || isObjectLiteralExpression(node);
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (isParenthesizedExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** Wrappers that do not change which name an expression is bound to. */
function isTransparentWrapper(node: ts.Node): boolean {
  return (
    isParenthesizedExpression(node) ||
    isAsExpression(node) ||
    isSatisfiesExpression(node) ||
    isTypeAssertionExpression(node) ||
    isNonNullExpression(node)
  );
}

/**
 * The name an expression is bound to by `parent`, a declaration, property, assignment or default
 * export; `current` is the expression or the outermost transparent wrapper around it.
 */
function bindingNameIn(parent: ts.Node, current: ts.Node, sourceFile: ts.SourceFile): Binding {
  switch (parent.kind) {
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.BindingElement:
    case SyntaxKind.Parameter: {
      const declaration = parent as ts.VariableDeclaration | ts.BindingElement | ts.ParameterDeclaration;
      return declaration.initializer === current && isIdentifier(declaration.name) ? declaration.name.text : undefined;
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
  while (isPropertyAccessExpression(current) || isElementAccessExpression(current)) {
    if (isPropertyAccessExpression(current)) {
      segments.push(current.name.text);
    } else {
      const argument = skipParentheses(current.argumentExpression);
      segments.push(
        isStringLiteralLike(argument) || isNumericLiteral(argument) ? argument.text : `[${argument.getText(sourceFile)}]`,
      );
    }
    current = skipParentheses(current.expression);
  }
  if (isIdentifier(current)) {
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
  if (isComputedPropertyName(name)) {
    const expression = skipParentheses(name.expression);
    if (isStringLiteralLike(expression) || isNumericLiteral(expression)) {
      return expression.text;
    }
    return `[${expression.getText(sourceFile)}]`;
  }
  return name.text;
}

// ---------------------------------------------------------------------------------------------
// Lines of code

function addLiteral(node: ts.Node, sourceFile: ts.SourceFile, literals: number[]): void {
  // JSX text has no leading trivia: its whitespace is part of the text.
  const isJsxText = node.kind === SyntaxKind.JsxText;
  literals.push(isJsxText ? node.pos : node.getStart(sourceFile), node.end, isJsxText ? JSX_TEXT : OPAQUE_LITERAL);
}

// Where collectLiteral records, for the duration of one collectLiterals call (they do not nest):
// one callback for all calls instead of a closure per call.
let collectingFrom: ts.SourceFile | undefined;
let collectingInto: number[] = [];

/** The literals of a subtree the metrics walk does not need to enter (types, bodiless declarations). */
function collectLiterals(node: ts.Node, sourceFile: ts.SourceFile, literals: number[]): void {
  collectingFrom = sourceFile;
  collectingInto = literals;
  forEachChild(node, collectLiteral);
  collectingFrom = undefined;
  collectingInto = [];
}

function collectLiteral(child: ts.Node): void {
  const action = ACTIONS[child.kind];
  if (action === Action.Literal) {
    addLiteral(child, collectingFrom as ts.SourceFile, collectingInto);
  } else if (action !== Action.Skip) {
    forEachChild(child, collectLiteral);
  }
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
 * The line of a position, for positions visited in increasing order: it only moves forward, so a
 * position before the current line (possible only in malformed code) reads as the current line.
 */
class LineCursor {
  /** 0-based line. */
  line = 0;
  /** Where the next line starts (the text length on the last line): positions before it are on `line`. */
  nextStart: number;

  constructor(private readonly starts: readonly number[], private readonly end: number) {
    this.nextStart = starts.length > 1 ? starts[1] : end;
  }

  at(pos: number): number {
    if (pos >= this.nextStart) {
      const starts = this.starts;
      let line = this.line;
      while (line + 1 < starts.length && starts[line + 1] <= pos) {
        line++;
      }
      this.line = line;
      this.nextStart = line + 1 < starts.length ? starts[line + 1] : this.end;
    }
    return this.line;
  }
}

/**
 * One pass over the text. Outside the literal ranges collected from the AST, `//` and `/*` can only
 * start comments, so no tokenizer (and no regex-versus-division guess) is needed. Once a line is
 * known to hold code, the rest of it is skipped up to the next `/` or literal, which are the only
 * places where a comment or literal spanning further lines can start.
 */
function scanCodeLines(sourceFile: ts.SourceFile, lineStarts: readonly number[], literals: readonly number[]): Uint8Array {
  const text = sourceFile.text;
  const length = text.length;
  const lines = new Uint8Array(lineStarts.length + 1);
  const cursor = new LineCursor(lineStarts, length);
  const literalCount = literals.length;
  let pos = text.startsWith('#!') ? lineEnd(text, 0) : 0;
  let next = 0;
  /** The first `/` at or after `pos`, once looked up; `length` when there is none. */
  let slash = -1;
  while (pos < length) {
    while (next < literalCount && literals[next + 1] <= pos) {
      next += 3;
    }
    const literalStart = next < literalCount ? literals[next] : length;
    if (literalStart <= pos) {
      pos = markLiteral(text, literalStart, literals[next + 1], literals[next + 2], lines, cursor);
      next += 3;
      continue;
    }
    const c = text.charCodeAt(pos);
    if (c === 47 /* / */) {
      const d = text.charCodeAt(pos + 1);
      if (d === 47) {
        pos = lineEnd(text, pos);
        continue;
      }
      if (d === 42 /* * */) {
        const close = text.indexOf('*/', pos + 2);
        pos = close < 0 ? length : close + 2;
        continue;
      }
    } else if (isWhitespace(c)) {
      pos++;
      // The usual blanks that follow, up to the next literal (JSX text may start with one).
      while (pos < literalStart) {
        const e = text.charCodeAt(pos);
        if (e !== 32 && e !== 10 && e !== 9 && e !== 13) {
          break;
        }
        pos++;
      }
      continue;
    }
    lines[cursor.at(pos) + 1] = 1;
    // Nothing up to the next line, `/` or literal can change what is known about this line.
    if (slash <= pos) {
      slash = text.indexOf('/', pos + 1);
      if (slash < 0) {
        slash = length;
      }
    }
    pos = Math.min(cursor.nextStart, slash, literalStart);
  }
  return lines;
}

function markLiteral(text: string, start: number, end: number, kind: number, lines: Uint8Array, cursor: LineCursor): number {
  if (kind === JSX_TEXT) {
    let p = start;
    while (p < end) {
      if (isWhitespace(text.charCodeAt(p))) {
        p++;
      } else {
        lines[cursor.at(p) + 1] = 1;
        p = Math.min(cursor.nextStart, end);
      }
    }
    return end;
  }
  const first = cursor.at(start);
  const last = cursor.at(Math.max(start, end - 1));
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
