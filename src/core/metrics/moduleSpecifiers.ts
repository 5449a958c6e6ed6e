import { ts } from 'ts-morph';

/** One module a file depends on, as written in the source. */
export interface ModuleReference {
  /** The specifier text, unquoted (`'./a'` → `./a`). */
  readonly specifier: string;
  /**
   * True when every reference to this specifier in the file is type-only (`import type`,
   * `export type … from`, `import('x').T` in a type, `/// <reference path>`, a module augmentation).
   * Such a dependency vanishes from the emitted JavaScript but still matters for impact: changing the
   * target's types can break the importer.
   */
  readonly typeOnly: boolean;
}

/**
 * Every module specifier `sourceFile` depends on, deduplicated, in order of first appearance.
 *
 * Shorthand for {@link collectModuleReferences} when the type-only flag is not needed.
 */
export function collectModuleSpecifiers(sourceFile: ts.SourceFile): string[] {
  return collectModuleReferences(sourceFile).map((reference) => reference.specifier);
}

/**
 * Every module `sourceFile` depends on, deduplicated, in order of first appearance, from one walk of
 * the raw syntax tree (no type checker, no ts-morph wrappers).
 *
 * Collected: `import … from`, `import 'x'`, `import x = require('x')`, `export … from`,
 * `export * from`, `require('x')`, `import('x')`, `import('x')` type nodes, module augmentations
 * (`declare module './x'` inside a module) and `/// <reference path="x" />` (reported as `./x` when
 * written without a leading `./`, since the path is always relative to the file). `require` and
 * `import()` count only with a string literal or a template without substitutions as first argument:
 * a computed specifier cannot be resolved statically. JSDoc `import('x')` types are not collected.
 *
 * Triple-slash references come first (they must precede all code); everything else is in source order.
 */
export function collectModuleReferences(sourceFile: ts.SourceFile): ModuleReference[] {
  const found = new Map<string, { specifier: string; typeOnly: boolean }>();
  const add = (specifier: string, typeOnly: boolean): void => {
    const existing = found.get(specifier);
    if (existing === undefined) {
      found.set(specifier, { specifier, typeOnly });
    } else if (!typeOnly) {
      existing.typeOnly = false;
    }
  };

  for (const reference of sourceFile.referencedFiles) {
    const path = reference.fileName.replace(/\\/g, '/');
    add(/^\.{0,2}\//.test(path) ? path : `./${path}`, true);
  }

  const isModule = ts.isExternalModule(sourceFile);
  const deep = MAY_CALL_REQUIRE_OR_IMPORT.test(sourceFile.text);
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration: {
        const declaration = node as ts.ImportDeclaration;
        if (ts.isStringLiteral(declaration.moduleSpecifier)) {
          add(declaration.moduleSpecifier.text, isTypeOnlyImport(declaration.importClause));
        }
        // Nothing below an import declaration can hold another reference.
        return;
      }
      case ts.SyntaxKind.ExportDeclaration: {
        const declaration = node as ts.ExportDeclaration;
        if (declaration.moduleSpecifier !== undefined && ts.isStringLiteral(declaration.moduleSpecifier)) {
          add(declaration.moduleSpecifier.text, isTypeOnlyExport(declaration));
        }
        return;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const declaration = node as ts.ImportEqualsDeclaration;
        const reference = declaration.moduleReference;
        if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
          add(reference.expression.text, declaration.isTypeOnly);
        }
        return;
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const callee = call.expression;
        const first = call.arguments[0];
        if (
          first !== undefined &&
          (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) &&
          ts.isStringLiteralLike(first)
        ) {
          add(first.text, false);
        }
        break;
      }
      case ts.SyntaxKind.ImportType: {
        const argument = (node as ts.ImportTypeNode).argument;
        if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal)) {
          add(argument.literal.text, true);
        }
        break;
      }
      case ts.SyntaxKind.ModuleDeclaration: {
        // In a module, `declare module 'x'` augments x (a dependency); in a script it declares x.
        const name = (node as ts.ModuleDeclaration).name;
        if (isModule && ts.isStringLiteral(name)) {
          add(name.text, true);
        }
        break;
      }
      default:
        break;
    }
    if (deep || node.kind === ts.SyntaxKind.ModuleDeclaration || node.kind === ts.SyntaxKind.ModuleBlock) {
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(sourceFile, visit);
  return [...found.values()];
}

/**
 * `require(` or `import(` possibly split by whitespace or a comment. When the text has neither, every
 * reference is a statement at the top level or in a `declare module`/namespace body, and the walk
 * skips all other subtrees: that halves its cost on a typical file that only has import declarations.
 * A false positive (a match in a string or comment) only costs the full walk.
 */
const MAY_CALL_REQUIRE_OR_IMPORT = /\b(?:require|import)\s*(?:\(|\/[*/])/;

/** `import type …`, or named imports that are all `type` (`import { type A, type B }`). */
function isTypeOnlyImport(clause: ts.ImportClause | undefined): boolean {
  if (clause === undefined) {
    return false;
  }
  if (clause.phaseModifier === ts.SyntaxKind.TypeKeyword) {
    return true;
  }
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** `export type … from`, or named exports that are all `type` (`export { type A } from`). */
function isTypeOnlyExport(declaration: ts.ExportDeclaration): boolean {
  if (declaration.isTypeOnly) {
    return true;
  }
  const clause = declaration.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((element) => element.isTypeOnly)
  );
}
