/**
 * The syntax dispatch both walks of a file share (the metrics walk and the span walk): one table
 * from syntax kind to what a walk does with a node of that kind.
 */

import { ts } from 'ts-morph';

// ts-morph re-exports the compiler API through getters: read the enum once, not on every node.
const SyntaxKind = ts.SyntaxKind;

/**
 * What the walks do with a node, by kind (see {@link ACTIONS}). For the frequent kinds from
 * `PropertyAccess` on, and for functions, the walks visit the children themselves rather than through
 * forEachChild, in its order, leaving out the tokens among them (which hold nothing to visit).
 */
export const enum Action {
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

/**
 * Functions, fields, static blocks, classes, namespaces and object literals: the actions both walks
 * leave to `ScopeWalker.visitScope`, as they open a function or a scope of names.
 */
export function opensScope(action: Action): boolean {
  return action >= Action.Function && action <= Action.ObjectLiteral;
}

/** The action for each syntax kind: one array read per node instead of a chain of comparisons. */
const ACTIONS = ((): Uint8Array => {
  const table = new Uint8Array(SyntaxKind.Count).fill(Action.Descend);
  const set = (action: Action, ...kinds: ts.SyntaxKind[]): void => {
    for (const kind of kinds) {
      table[kind] = action;
    }
  };
  for (let kind: ts.SyntaxKind = 0; kind <= SyntaxKind.LastToken; kind++) {
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

/** The function-like nodes a walk measures or lists, given a body ({@link Action.Function}). */
export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ConstructorDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction;

/** Tokens whose text the line counter must not read as code or comments (see codeLines.ts). */
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
 * ESTree has a code path for `PropertyDefinition` values only: `accessor` fields are
 * `AccessorProperty` and abstract ones `TSAbstractPropertyDefinition`, whose values stay in the
 * enclosing code path.
 */
export function isFieldInitializer(node: ts.PropertyDeclaration): boolean {
  return (
    node.initializer !== undefined &&
    !node.modifiers?.some((m) => m.kind === SyntaxKind.AccessorKeyword || m.kind === SyntaxKind.AbstractKeyword)
  );
}

/** What the walks do with a node of this kind. */
export function actionOf(kind: ts.SyntaxKind): Action {
  // ACTIONS has an entry for every kind below SyntaxKind.Count, so the read is never out of range;
  // called on every node, it is not checked.
  return ACTIONS[kind]!;
}
