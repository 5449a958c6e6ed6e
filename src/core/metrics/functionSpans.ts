import { ts } from 'ts-morph';
import type { FunctionSpan } from '../history/functionHistory';
import { ScopeWalker, propertyNameText } from './scopeWalker';
import type { FunctionNode } from './syntaxActions';
import { Action, actionOf, opensScope } from './syntaxActions';

const forEachChild = ts.forEachChild;
const { isArrowFunction, isFunctionDeclaration, isFunctionExpression } = ts;

/**
 * The `name`, `startLine` and `endLine` of every function that `measureSourceFile`
 * (functionMetrics.ts) measures, equal and in the same order, at a fraction of its cost: no metric is
 * computed and no line of code counted. For callers that only need where functions are, such as
 * X-Ray on historical versions of a file.
 */
export function listFunctionSpans(sourceFile: ts.SourceFile): FunctionSpan[] {
  const walker = new SpanWalker(sourceFile);
  walker.walk();
  return walker.spans;
}

/**
 * The walk of {@link listFunctionSpans}: the same functions, in the same order and with the same
 * names and lines as the metrics walk (metricsWalker.ts), found without measuring anything. It skips what cannot
 * hold a function: type-level syntax, literals, bodiless declarations, `break` and `continue`.
 */
class SpanWalker extends ScopeWalker {
  readonly spans: FunctionSpan[] = [];

  protected readonly visit = (node: ts.Node): void => {
    const action = actionOf(node.kind);
    if (action < Action.Descend || action === Action.Jump) {
      return;
    }
    const depth = this.depth;
    this.path[depth] = node;
    this.depth = depth + 1;
    switch (action) {
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
        if (opensScope(action)) {
          this.visitScope(node, action);
        } else {
          forEachChild(node, this.visit, this.visitAll);
        }
        break;
    }
    this.depth = depth;
  };

  private addSpan(node: ts.Node, name: string, startLine: number): void {
    this.spans.push({ name, startLine, endLine: this.endLineOf(node.end, startLine) });
  }

  /** As MetricsWalker.visitFunction, which visits the same children in the same order. */
  protected override visitFunction(node: FunctionNode): void {
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

  protected override visitField(node: ts.PropertyDeclaration): void {
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

  protected override visitStaticBlock(node: ts.ClassStaticBlockDeclaration): void {
    const startLine = this.lineOf(node.getStart(this.sourceFile));
    const name = this.qualify(`<static>@${startLine}`);
    this.addSpan(node, name, startLine);
    const outerPrefix = this.prefix;
    this.prefix = name;
    this.visit(node.body);
    this.prefix = outerPrefix;
  }
}

