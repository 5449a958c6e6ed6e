import { ts } from 'ts-morph';
import { lineIndexNear, lineStartsOf } from './lineStarts';
import type { FunctionNode } from './syntaxActions';
import { Action, actionOf, isFieldInitializer } from './syntaxActions';

// ts-morph re-exports the compiler API through getters: read the enum once, not on every node.
const SyntaxKind = ts.SyntaxKind;
const forEachChild = ts.forEachChild;
// The predicates too: each `ts.isX` would be a dictionary lookup plus a getter call.
const {
  isAsExpression,
  isClassDeclaration,
  isComputedPropertyName,
  isElementAccessExpression,
  isIdentifier,
  isNonNullExpression,
  isNumericLiteral,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isSatisfiesExpression,
  isStringLiteralLike,
  isTypeAssertionExpression,
} = ts;

/** The binding is the class field the expression initializes: reuse the field's own name. */
const SAME_AS_CONTAINER = Symbol('same');
/** Assigned to `module.exports` / `exports`: a function is the default export, an object adds no name. */
const MODULE_EXPORTS = Symbol('module.exports');
type Binding = string | typeof SAME_AS_CONTAINER | typeof MODULE_EXPORTS | undefined;

/**
 * What both walks share: the path of nodes standing in for parent pointers, and the qualified naming
 * of functions by their class, object literal, namespace and binding (edit-stable names, see
 * docs/complexity.md).
 */
export abstract class ScopeWalker {
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

  /**
   * Visits one node; a node that has children must be pushed on {@link path} while they are visited.
   * A walk handles the kinds it has its own use for, passes those that `opensScope` to
   * {@link visitScope}, and visits the children of the rest.
   */
  protected abstract readonly visit: (node: ts.Node) => void;

  /** A function-like node (see {@link FunctionNode}), bodiless ones included. */
  protected abstract visitFunction(node: FunctionNode): void;
  /** A class field whose initializer is a code path of its own (see {@link isFieldInitializer}). */
  protected abstract visitField(node: ts.PropertyDeclaration): void;
  protected abstract visitStaticBlock(node: ts.ClassStaticBlockDeclaration): void;

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
      // Unchecked: i is below nodes.length (the hottest loop of the walks).
      const node = nodes[i]!;
      if (actionOf(node.kind) !== Action.Skip) {
        this.visit(node);
      }
    }
  };

  /**
   * What both walks do alike with a node that `opensScope`, already on the {@link path}:
   * functions, fields and static blocks go to the walk's own handlers; classes, namespaces and object
   * literals qualify the names declared in them.
   */
  protected visitScope(node: ts.Node, action: Action): void {
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
      default:
        this.visitObjectLiteral(node as ts.ObjectLiteralExpression);
        break;
    }
  }

  /**
   * `path[index]` for an index below {@link depth}: the walk has set every entry down to the node
   * being visited (unchecked, as it is read for every function, `if` and logical expression).
   */
  protected pathAt(index: number): ts.Node {
    return this.path[index]!;
  }

  /** The parent of the node being visited, skipping parentheses. */
  protected parentSkippingParentheses(): ts.Node {
    let parent = this.depth - 2;
    while (parent > 0 && this.pathAt(parent).kind === SyntaxKind.ParenthesizedExpression) {
      parent--;
    }
    return this.pathAt(parent);
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
    const binding = this.bindingName();
    if (typeof binding === 'string') {
      this.prefix = this.qualify(binding);
    }
    // The only children: properties.
    this.visitAll(node.properties);
    this.prefix = outerPrefix;
  }

  /** A function's modifiers (decorators among them) and its name, in forEachChild's order. */
  protected visitModifiersAndName(node: FunctionNode): void {
    if (node.modifiers) {
      this.visitAll(node.modifiers);
    }
    if (node.name) {
      this.visit(node.name);
    }
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
    while (index > 1 && isTransparentWrapper(this.pathAt(index - 1))) {
      index--;
    }
    return bindingNameIn(this.pathAt(index - 1), this.pathAt(index), this.sourceFile);
  }
}


export function skipParentheses(node: ts.Expression): ts.Expression {
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
export function propertyNameText(name: ts.PropertyName, sourceFile: ts.SourceFile): string {
  if (isComputedPropertyName(name)) {
    const expression = skipParentheses(name.expression);
    if (isStringLiteralLike(expression) || isNumericLiteral(expression)) {
      return expression.text;
    }
    return `[${expression.getText(sourceFile)}]`;
  }
  return name.text;
}
