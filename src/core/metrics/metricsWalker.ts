import { ts } from 'ts-morph';
import { addLiteral, collectLiterals } from './codeLines';
import { ComplexityCounter } from './complexityCounter';
import type { FunctionKind, FunctionMetrics } from './functionMetrics';
import { ScopeWalker, propertyNameText, skipParentheses } from './scopeWalker';
import type { FunctionNode } from './syntaxActions';
import { Action, actionOf, opensScope } from './syntaxActions';

// ts-morph re-exports the compiler API through getters: read the enum once, not on every node.
const SyntaxKind = ts.SyntaxKind;
const forEachChild = ts.forEachChild;
// The predicates too: each `ts.isX` would be a dictionary lookup plus a getter call.
const {
  isArrayLiteralExpression,
  isArrowFunction,
  isBinaryExpression,
  isCaseClause,
  isConditionalExpression,
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
  isObjectLiteralExpression,
  isPropertyAssignment,
  isSpreadAssignment,
  isSpreadElement,
  isVariableDeclaration,
} = ts;

/**
 * The walk that measures: which syntax adds a branch, a cognitive increment or a level of nesting,
 * with ESTree's view of the tree where the compiler's differs. The counts themselves are kept by a
 * {@link ComplexityCounter}; the literals met on the way go to the line counter.
 */
export class MetricsWalker extends ScopeWalker {
  readonly functions: FunctionMetrics[] = [];
  /** `[start, end, kind]` triples in position order, for the line count (codeLines.ts). */
  readonly literals: number[] = [];
  private readonly counter = new ComplexityCounter();
  /** A function that is the direct branch of a `?:`: the rule's nesting bookkeeping misfires on it. */
  private conditionalBranchFunction: ts.Node | undefined;
  /** `x = 1` defaults inside destructuring assignment targets, already counted as patterns. */
  private readonly patternDefaults = new Set<ts.Node>();

  /** The sonarjs file total, once {@link walk} has run. */
  get fileCognitive(): number {
    return this.counter.fileCognitive;
  }

  protected readonly visit = (node: ts.Node): void => {
    const action = actionOf(node.kind);
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
        this.counter.enterStatement();
        forEachChild(node, this.visit, this.visitAll);
        this.counter.exitStatement();
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
          this.counter.addBranch();
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
          this.counter.addBranch();
        }
        this.visitUnlessSkipped((node as ts.PropertyAccessExpression).expression);
        break;
      case Action.Call: {
        // Children: expression, questionDotToken, typeArguments, arguments.
        const call = node as ts.CallExpression;
        if (call.questionDotToken) {
          this.counter.addBranch();
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
          this.counter.addBranch();
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
          this.counter.addBranch();
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
          this.counter.addCognitive();
        }
        break;
      case Action.Return:
        this.noteReturn(node as ts.ReturnStatement);
        if ((node as ts.ReturnStatement).expression) {
          this.visitUnlessSkipped((node as ts.ReturnStatement).expression as ts.Expression);
        }
        break;
      default:
        if (opensScope(action)) {
          this.visitScope(node, action);
        } else {
          forEachChild(node, this.visit, this.visitAll);
        }
        break;
    }
    this.depth = depth;
  };

  /** {@link visit}, skipping the call for the nodes it ignores (mostly identifiers). */
  private visitUnlessSkipped(node: ts.Node): void {
    if (actionOf(node.kind) !== Action.Skip) {
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

  protected override visitFunction(node: FunctionNode): void {
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
    const outerPrefix = this.prefix;
    this.counter.enterFunction(metrics, this.counter.isAtTopLevel() && this.nameStartsWithCapital(node));
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
    this.counter.exitFunction(isConditionalBranch);
  }

  protected override visitField(node: ts.PropertyDeclaration): void {
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

  protected override visitStaticBlock(node: ts.ClassStaticBlockDeclaration): void {
    const startLine = this.lineOf(node.getStart(this.sourceFile));
    const name = this.qualify(`<static>@${startLine}`);
    const metrics = this.addFunction(node, 'staticBlock', name, startLine, 0);
    this.withImplicitFunction(metrics, name, () => this.visit(node.body));
  }

  /**
   * A class field initializer or static block: its own code path for ESLint, but not a function for
   * sonarjs, whose increments keep going to the enclosing function.
   */
  private withImplicitFunction(metrics: FunctionMetrics, name: string, visitBody: () => void): void {
    const outerPrefix = this.prefix;
    this.counter.enterImplicitFunction(metrics);
    this.prefix = name;
    visitBody();
    this.counter.exitImplicitFunction();
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
      const parent = this.parentSkippingParentheses();
      if (isVariableDeclaration(parent) && isIdentifier(parent.name)) {
        name = parent.name.text;
      }
    }
    if (!name) {
      // No name, or an empty one where a syntax error left the identifier missing.
      return false;
    }
    const first = name.charAt(0);
    return first === first.toUpperCase();
  }

  // -- control flow ------------------------------------------------------------------------------

  private visitIf(node: ts.IfStatement): void {
    const parent = this.pathAt(this.depth - 2);
    const isElseIf = parent.kind === SyntaxKind.IfStatement && (parent as ts.IfStatement).elseStatement === node;
    this.counter.addBranch();
    if (isElseIf) {
      this.counter.addCognitive();
    } else {
      this.counter.addStructural();
      this.counter.enterStatement();
    }
    this.visit(node.expression);
    this.visitNested(node.thenStatement);
    if (node.elseStatement) {
      if (isIfStatement(node.elseStatement)) {
        this.visit(node.elseStatement);
      } else {
        this.counter.addCognitive();
        this.visitNested(node.elseStatement);
      }
    }
    if (!isElseIf) {
      this.counter.exitStatement();
    }
  }

  private visitLoop(node: ts.IterationStatement): void {
    this.counter.addBranch();
    this.counter.addStructural();
    this.counter.enterStatement();
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
    this.counter.exitStatement();
  }

  private visitSwitch(node: ts.SwitchStatement): void {
    this.counter.addStructural();
    this.counter.enterStatement();
    this.visit(node.expression);
    this.visitWithin(node.caseBlock, () => {
      for (const clause of node.caseBlock.clauses) {
        if (isCaseClause(clause)) {
          this.counter.addBranch();
        }
        this.visitNested(clause);
      }
    });
    this.counter.exitStatement();
  }

  private visitCatch(node: ts.CatchClause): void {
    this.counter.addBranch();
    this.counter.addStructural();
    if (node.variableDeclaration) {
      this.visit(node.variableDeclaration);
    }
    this.visitNested(node.block);
  }

  private visitConditional(node: ts.ConditionalExpression): void {
    this.counter.addBranch();
    this.counter.addStructural();
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
      this.counter.enterNesting();
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
      this.counter.addBranch();
      if (!isLogicalExpression(this.parentSkippingParentheses())) {
        this.countLogicalSequences(node);
      }
    } else if (
      operator === SyntaxKind.AmpersandAmpersandEqualsToken ||
      operator === SyntaxKind.BarBarEqualsToken ||
      operator === SyntaxKind.QuestionQuestionEqualsToken
    ) {
      this.counter.addBranch();
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
    const parent = this.parentSkippingParentheses();
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
        this.counter.addCognitive();
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
        this.counter.addBranch();
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
    if (node.expression) {
      const value = skipParentheses(node.expression);
      if (isJsxElement(value) || isJsxSelfClosingElement(value) || isJsxFragment(value)) {
        this.counter.noteJsxReturn();
      }
    }
  }

  private visitNested(node: ts.Node): void {
    this.counter.enterNesting();
    this.visit(node);
    this.counter.exitNesting();
  }
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
  for (const { name } of node.parameters) {
    // `escapedText` equals `text` for `this`, without the getter that unescapes it.
    if (!(name.kind === SyntaxKind.Identifier && (name.escapedText as string) === 'this')) {
      count++;
    }
  }
  return count;
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
