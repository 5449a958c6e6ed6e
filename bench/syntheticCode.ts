import type { Rng } from './rng';

/**
 * Source text for the synthetic benchmark repository: TS/TSX/JS files that parse cleanly and look
 * like application code (imports of siblings, classes, components, reducers, tests, branches, loops,
 * callbacks), plus the small edits a commit makes to them.
 *
 * A file is kept as a header (imports) and a list of units (top-level declarations) of lines, so an
 * edit can touch a statement inside a function and the file stays syntactically valid. The one
 * invariant every generator keeps: a line that ends with `;` at or below a unit's `bodyIndent`, and
 * that does not start with a closing bracket, is a complete statement inside a block, so inserting
 * another statement before it, replacing it or deleting it keeps the file parseable.
 */

export type SourceKind = 'component' | 'hook' | 'service' | 'api' | 'model' | 'util' | 'store' | 'test' | 'server' | 'script';

export interface CodeUnit {
  lines: string[];
  /** Indentation (spaces) of the shallowest editable statement; 0 when the unit is not editable (types, exports lists). */
  readonly bodyIndent: number;
  /** Class units grow by methods inserted before their closing brace rather than by new top-level units. */
  readonly isClass: boolean;
}

export interface SourceFile {
  path: string;
  readonly kind: SourceKind;
  readonly typed: boolean;
  readonly jsx: boolean;
  /** The identifier other files import from this one. */
  readonly mainExport: string;
  readonly header: string[];
  readonly units: CodeUnit[];
}

export interface SourceSpec {
  readonly path: string;
  readonly kind: SourceKind;
  readonly typed: boolean;
  readonly jsx: boolean;
  readonly mainExport: string;
  /** Sibling and neighbour modules to import, as [identifier, relative specifier]. */
  readonly imports: readonly (readonly [string, string])[];
  readonly targetLines: number;
}

export const NOUNS = [
  'order', 'invoice', 'customer', 'cart', 'payment', 'shipment', 'product', 'catalog', 'account', 'session',
  'token', 'report', 'metric', 'alert', 'notification', 'schedule', 'task', 'project', 'team', 'member',
  'comment', 'review', 'document', 'template', 'audit', 'policy', 'quota', 'billing', 'subscription', 'plan',
  'coupon', 'discount', 'inventory', 'warehouse', 'supplier', 'route', 'search', 'upload', 'media', 'image',
  'message', 'thread', 'ticket', 'workflow', 'approval', 'budget', 'forecast', 'ledger', 'tax', 'currency',
  'locale', 'setting', 'preference', 'theme', 'dashboard', 'widget', 'chart', 'filter', 'permission', 'role',
];
export const VERBS = [
  'load', 'save', 'fetch', 'update', 'compute', 'build', 'parse', 'format', 'validate', 'resolve', 'sync',
  'merge', 'apply', 'render', 'map', 'group', 'sort', 'normalize', 'create', 'remove', 'schedule', 'retry',
  'refresh', 'track', 'collect', 'prepare', 'summarize', 'reconcile', 'dispatch', 'hydrate',
];
const LOCALS = [
  'result', 'items', 'total', 'count', 'entry', 'value', 'key', 'options', 'config', 'response', 'payload',
  'state', 'next', 'index', 'record', 'row', 'pending', 'errors', 'limit', 'offset', 'retries', 'timeout',
  'status', 'flags', 'lookup', 'ids', 'label', 'current', 'previous', 'batch', 'buffer', 'delta', 'score',
];
const PROPS = [
  'id', 'name', 'status', 'amount', 'createdAt', 'updatedAt', 'count', 'type', 'owner', 'priority', 'tags',
  'total', 'currency', 'enabled', 'kind', 'parentId', 'version', 'label', 'email', 'region',
];
const LITERALS = ['active', 'pending', 'archived', 'draft', 'failed', 'done', 'open', 'closed', 'expired', 'queued'];
const TYPES = ['string', 'number', 'boolean', 'Date', 'unknown', 'Record<string, number>', 'string[]', 'number[]'];
const OPS = ['>', '<', '>=', '<=', '===', '!=='];
const MESSAGES = [
  'skipping stale entry', 'retrying request', 'cache miss', 'nothing to do', 'partial result', 'falling back to defaults',
  'invalid payload', 'rate limited', 'merging pages', 'recomputing totals',
];

export function camel(...words: string[]): string {
  return words.map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
}

export function pascal(...words: string[]): string {
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** Writes statements, expressions and declarations for one file. */
class CodeWriter {
  private serial = 0;

  constructor(
    private readonly rng: Rng,
    readonly typed: boolean,
    /** Functions imported from other modules, called from bodies so the import graph is real. */
    private readonly callees: readonly string[],
  ) {}

  local(): string {
    return this.rng.pick(LOCALS);
  }

  prop(): string {
    return this.rng.pick(PROPS);
  }

  freshName(prefix: string): string {
    this.serial += 1;
    return `${prefix}${this.serial}`;
  }

  type(): string {
    return this.rng.pick(TYPES);
  }

  callee(): string {
    return this.callees.length > 0 && this.rng.chance(0.6) ? this.rng.pick(this.callees) : camel(this.rng.pick(VERBS), pascal(this.rng.pick(NOUNS)));
  }

  expression(): string {
    const v = this.local();
    switch (this.rng.int(0, 13)) {
      case 0:
        return `${v}.length`;
      case 1:
        return `${v}.filter((x) => x.${this.prop()} ${this.rng.pick(OPS)} ${this.rng.int(0, 500)})`;
      case 2:
        return `Math.max(${v}, ${this.rng.int(1, 100)})`;
      case 3:
        return `${v} ?? ${this.rng.chance(0.5) ? this.rng.int(0, 9) : `'${this.rng.pick(LITERALS)}'`}`;
      case 4:
        return `${this.condition()} ? ${this.local()} : ${this.local()}`;
      case 5:
        return `${this.callee()}(${v}, ${this.local()})`;
      case 6:
        return this.typed ? `new Map<string, ${this.type()}>()` : 'new Map()';
      case 7:
        return `{ ...${v}, ${this.prop()}: ${this.local()} }`;
      case 8:
        return `[...${v}, ${this.local()}]`;
      case 9:
        return `${v}.${this.prop()}?.${this.prop()}`;
      case 10:
        return `\`${this.rng.pick(NOUNS)}/\${${v}.${this.prop()}}\``;
      case 11:
        return this.typed ? `(${v} as ${pascal(this.rng.pick(NOUNS))}).${this.prop()}` : `${v}.${this.prop()}`;
      case 12:
        return `${v}.${this.prop()} * ${this.rng.int(2, 12)} + ${this.rng.int(0, 99)}`;
      default:
        return `Object.keys(${v}).map((k) => ${this.local()}[k])`;
    }
  }

  condition(): string {
    const term = (): string => {
      const v = this.local();
      switch (this.rng.int(0, 8)) {
        case 0:
          return `${v}.${this.prop()} === '${this.rng.pick(LITERALS)}'`;
        case 1:
          return `${v} ${this.rng.pick(OPS)} ${this.rng.int(0, 1000)}`;
        case 2:
          return `!${v}`;
        case 3:
          return `${v}.length === 0`;
        case 4:
          return `typeof ${v} === 'string'`;
        case 5:
          return `${v}?.${this.prop()} !== undefined`;
        case 6:
          return `${v} instanceof Error`;
        case 7:
          return `${v}.${this.prop()}.includes('${this.rng.pick(LITERALS)}')`;
        default:
          return `${v}.${this.prop()}`;
      }
    };
    const terms = this.rng.weighted<number>([[1, 6], [2, 3], [3, 1]]);
    let text = term();
    for (let i = 1; i < terms; i++) {
      text += ` ${this.rng.chance(0.65) ? '&&' : '||'} ${term()}`;
    }
    return text;
  }

  /** One complete single-line statement, without indentation. */
  simpleStatement(inClass: boolean, isAsync: boolean): string {
    const v = this.local();
    switch (this.rng.int(0, 14)) {
      case 0:
      case 1:
        return `const ${this.freshName(v)} = ${this.expression()};`;
      case 2:
        return `let ${this.freshName(v)}${this.typed ? ': number' : ''} = ${this.rng.int(0, 100)};`;
      case 3:
        return `${v} = ${this.expression()};`;
      case 4:
        return `${v}.push(${this.expression()});`;
      case 5:
        return `logger.debug('${this.rng.pick(MESSAGES)}', { ${v}, ${this.local()} });`;
      case 6:
        return isAsync ? `await ${this.callee()}(${v});` : `${this.callee()}(${v});`;
      case 7:
        return inClass ? `this.${this.rng.pick(['cache', 'index', 'seen'])}.set(${v}.${this.prop()}, ${this.local()});` : `${v}.${this.prop()} += ${this.rng.int(1, 9)};`;
      case 8:
        return `if (${this.condition()}) return ${this.rng.chance(0.5) ? this.local() : 'undefined'};`;
      case 9:
        return `const ${this.freshName(v)} = ${this.local()} ?? ${this.local()}.${this.prop()};`;
      case 10:
        return `const ${this.freshName(v)} = ${this.condition()} ? ${this.expression()} : ${this.local()};`;
      case 11:
        return `const ${this.freshName(v)} = ${v}.filter((x) => x.${this.prop()} ${this.rng.pick(OPS)} ${this.rng.int(0, 50)}).map((x) => x.${this.prop()});`;
      case 12:
        return `const { ${this.prop()}, ${this.prop()}: ${this.freshName('alias')} } = ${v};`;
      case 13:
        return `${v}.${this.prop()} = ${this.local()}.${this.prop()} || ${this.rng.int(0, 9)};`;
      default:
        return `${this.callee()}(${v}, ${this.rng.chance(0.5) ? this.rng.int(0, 99) : `'${this.rng.pick(LITERALS)}'`});`;
    }
  }

  /**
   * About `budget` statements at `indent`, nesting compound statements while `depth` allows;
   * `budget` counts simple statements, so a nested block spends from it.
   */
  statements(indent: number, depth: number, budget: number, inClass: boolean, isAsync: boolean): string[] {
    const pad = ' '.repeat(indent);
    const lines: string[] = [];
    let left = Math.max(1, budget);
    while (left > 0) {
      const compound = depth < 4 && left >= 3 && this.rng.chance(0.3 - depth * 0.06);
      if (!compound) {
        lines.push(pad + this.simpleStatement(inClass, isAsync));
        left -= 1;
        continue;
      }
      const inner = this.rng.int(1, Math.max(1, Math.min(left - 1, 8)));
      left -= inner + 1;
      lines.push(...this.compound(indent, depth, inner, inClass, isAsync));
    }
    return lines;
  }

  /** One compound statement (branch, loop, switch, try, callback, object literal) of about `budget` inner statements. */
  compound(indent: number, depth: number, budget: number, inClass: boolean, isAsync: boolean): string[] {
    const pad = ' '.repeat(indent);
    const body = (n: number, extra = 2): string[] => this.statements(indent + extra, depth + 1, n, inClass, isAsync);
    const split = (): [number, number] => {
      const first = Math.max(1, Math.ceil(budget / 2));
      return [first, Math.max(1, budget - first)];
    };
    const item = this.rng.pick(['item', 'entry', 'row', 'node', 'page']);
    switch (this.rng.int(0, 9)) {
      case 0:
      case 1: {
        const lines = [`${pad}if (${this.condition()}) {`, ...body(split()[0])];
        if (this.rng.chance(0.35)) {
          lines.push(`${pad}} else if (${this.condition()}) {`, ...body(1));
        }
        if (this.rng.chance(0.5)) {
          lines.push(`${pad}} else {`, ...body(split()[1]));
        }
        lines.push(`${pad}}`);
        return lines;
      }
      case 2:
        return [`${pad}for (const ${item} of ${this.local()}) {`, `${pad}  if (${this.condition()}) continue;`, ...body(budget), `${pad}}`];
      case 3:
        return [`${pad}for (let i = 0; i < ${this.local()}.length; i++) {`, ...body(budget), `${pad}}`];
      case 4: {
        const v = this.local();
        return [`${pad}while (${v} < ${this.rng.int(2, 50)} && !${this.local()}) {`, ...body(budget), `${pad}  ${v}++;`, `${pad}}`];
      }
      case 5: {
        const lines = [`${pad}switch (${this.local()}.${this.prop()}) {`];
        const cases = this.rng.int(2, 5);
        for (let c = 0; c < cases; c++) {
          lines.push(`${pad}  case '${LITERALS[(c * 3 + this.rng.int(0, 2)) % LITERALS.length]}':`, ...body(Math.max(1, Math.floor(budget / cases)), 4), `${pad}    break;`);
        }
        lines.push(`${pad}  default:`, ...body(1, 4), `${pad}}`);
        return lines;
      }
      case 6: {
        const lines = [`${pad}try {`, ...body(split()[0]), `${pad}} catch (error) {`, `${pad}  logger.warn('${this.rng.pick(MESSAGES)}', error);`];
        if (this.rng.chance(0.4)) {
          lines.push(...body(1));
        }
        if (this.rng.chance(0.2)) {
          lines.push(`${pad}} finally {`, ...body(1));
        }
        lines.push(`${pad}}`);
        return lines;
      }
      case 7:
        return [`${pad}${this.local()}.forEach((${item}) => {`, ...body(budget), `${pad}});`];
      case 8:
        return [
          `${pad}${this.callee()}(${this.local()}).then((res) => {`,
          ...body(split()[0]),
          `${pad}}).catch((err) => {`,
          `${pad}  logger.error('${this.rng.pick(MESSAGES)}', err);`,
          `${pad}});`,
        ];
      default: {
        const lines = [`${pad}const ${this.freshName('draft')} = {`];
        const props = this.rng.int(2, 5);
        for (let p = 0; p < props; p++) {
          lines.push(`${pad}  ${this.prop()}: ${this.expression()},`);
        }
        lines.push(`${pad}};`);
        return lines;
      }
    }
  }

  params(): string {
    const count = this.rng.int(0, 3);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = this.rng.pick(LOCALS);
      if (!names.some((n) => n.startsWith(name))) {
        names.push(this.typed ? `${name}${this.rng.chance(0.2) ? '?' : ''}: ${this.type()}` : name);
      }
    }
    return names.join(', ');
  }

  /** A top-level function (or arrow const) of about `budget` statements. */
  functionUnit(name: string, budget: number, exported: boolean): CodeUnit {
    const isAsync = this.rng.chance(0.3);
    const ret = this.typed ? (isAsync ? `: Promise<${this.type()}>` : `: ${this.type()}`) : '';
    const prefix = exported ? 'export ' : '';
    const lines: string[] = [];
    if (this.rng.chance(0.3)) {
      lines.push(`/** ${pascal(this.rng.pick(VERBS))}s the ${this.rng.pick(NOUNS)} ${this.rng.pick(NOUNS)}s; ${this.rng.pick(MESSAGES)} otherwise. */`);
    }
    const arrow = this.rng.chance(0.25);
    lines.push(
      arrow
        ? `${prefix}const ${name} = ${isAsync ? 'async ' : ''}(${this.params()})${ret} => {`
        : `${prefix}${isAsync ? 'async ' : ''}function ${name}(${this.params()})${ret} {`,
    );
    lines.push(...this.statements(2, 0, budget, false, isAsync));
    lines.push(`  return ${this.expression()};`, arrow ? '};' : '}');
    return { lines, bodyIndent: 2, isClass: false };
  }

  method(budget: number): string[] {
    const isAsync = this.rng.chance(0.35);
    const ret = this.typed ? (isAsync ? `: Promise<${this.type()}>` : `: ${this.type()}`) : '';
    const modifier = this.typed ? this.rng.pick(['', '', 'private ', 'protected ', 'static ']) : this.rng.pick(['', '', 'static ']);
    const name = camel(this.rng.pick(VERBS), pascal(this.rng.pick(NOUNS)), this.rng.chance(0.3) ? pascal(this.rng.pick(LOCALS)) : '');
    return [
      `  ${modifier}${isAsync ? 'async ' : ''}${name}(${this.params()})${ret} {`,
      ...this.statements(4, 0, budget, true, isAsync),
      `    return ${this.expression()};`,
      '  }',
    ];
  }

  classUnit(name: string, budget: number): CodeUnit {
    const lines = [`export class ${name} {`];
    if (this.typed) {
      lines.push(
        `  private readonly cache = new Map<string, ${this.type()}>();`,
        '  private readonly index = new Map<string, number>();',
        '  private readonly seen = new Set<string>();',
        '',
        `  constructor(private readonly client: ${pascal(this.rng.pick(NOUNS))}Client, private readonly limit = ${this.rng.int(10, 500)}) {}`,
      );
    } else {
      lines.push('  cache = new Map();', '  index = new Map();', '  seen = new Set();', '', '  constructor(client, limit) {', '    this.client = client;', '    this.limit = limit;', '  }');
    }
    let left = budget;
    while (left > 0) {
      const size = this.rng.skewed(2, 30);
      lines.push('', ...this.method(size));
      left -= size + 2;
    }
    lines.push('}');
    return { lines, bodyIndent: 4, isClass: true };
  }

  typeUnit(name: string): CodeUnit {
    if (!this.typed) {
      return { lines: [`export const ${name}Defaults = Object.freeze({ ${this.prop()}: ${this.rng.int(0, 9)}, ${this.prop()}: '${this.rng.pick(LITERALS)}' });`], bodyIndent: 0, isClass: false };
    }
    const lines = [`export interface ${name} {`];
    const fields = this.rng.int(3, 12);
    const used = new Set<string>();
    for (let i = 0; i < fields; i++) {
      const prop = this.prop();
      if (!used.has(prop)) {
        used.add(prop);
        lines.push(`  ${this.rng.chance(0.3) ? 'readonly ' : ''}${prop}${this.rng.chance(0.25) ? '?' : ''}: ${this.type()};`);
      }
    }
    lines.push('}');
    if (this.rng.chance(0.4)) {
      lines.push('', `export type ${name}Status = ${LITERALS.slice(0, this.rng.int(2, 5)).map((l) => `'${l}'`).join(' | ')};`);
    }
    return { lines, bodyIndent: 0, isClass: false };
  }

  componentUnit(name: string, budget: number): CodeUnit {
    const [stateName] = [this.rng.pick(['sort', 'query', 'page', 'expanded', 'selected'])];
    const setter = `set${pascal(stateName)}`;
    const coll = this.rng.pick(['rows', 'items', 'entries']);
    const props = `{ ${coll}, onSelect, loading }`;
    const lines = [
      `export function ${name}(${props}${this.typed ? `: ${name}Props` : ''}) {`,
      `  const [${stateName}, ${setter}] = useState(${this.rng.pick(["'asc'", "''", '0', 'false', 'null'])});`,
      `  const visible = useMemo(() => ${coll}.filter((x) => x.${this.prop()} !== ${stateName}), [${coll}, ${stateName}]);`,
      ...this.statements(2, 1, budget, false, false),
      `  if (loading) return null;`,
      '  return (',
      `    <div className="${name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase())}">`,
      `      {${this.condition()} && <Spinner size="${this.rng.pick(['small', 'large'])}" />}`,
      '      <ul>',
      '        {visible.map((item) => (',
      `          <li key={item.id} onClick={() => onSelect(item)} className={item.${this.prop()} ? 'active' : undefined}>`,
      `            {item.${this.prop()}} <button onClick={() => ${setter}(item.${this.prop()})}>${pascal(this.rng.pick(VERBS))}</button>`,
      '          </li>',
      '        ))}',
      '      </ul>',
      '    </div>',
      '  );',
      '}',
    ];
    return { lines, bodyIndent: 2, isClass: false };
  }

  reducerUnit(name: string, budget: number): CodeUnit {
    const lines = [
      `export function ${name}(state${this.typed ? `: ${pascal(name)}State` : ''} = initialState, action${this.typed ? ': Action' : ''}) {`,
      '  switch (action.type) {',
    ];
    const cases = this.rng.int(3, 9);
    for (let c = 0; c < cases; c++) {
      lines.push(`    case '${this.rng.pick(NOUNS)}/${this.rng.pick(VERBS)}${c}': {`, ...this.statements(6, 2, Math.max(1, Math.floor(budget / cases)), false, false), `      return { ...state, ${this.prop()}: action.payload };`, '    }');
    }
    lines.push('    default:', '      return state;', '  }', '}');
    return { lines, bodyIndent: 6, isClass: false };
  }

  testUnit(subject: string, budget: number): CodeUnit {
    const lines = [`describe('${subject}', () => {`, '  beforeEach(() => {', `    jest.resetAllMocks();`, '  });'];
    let left = budget;
    while (left > 0) {
      const size = this.rng.int(2, 10);
      lines.push(
        '',
        `  it('${this.rng.pick(VERBS)}s ${this.rng.pick(NOUNS)}s when ${this.rng.pick(MESSAGES)}', async () => {`,
        ...this.statements(4, 1, size, false, true),
        `    expect(${this.expression()}).toEqual(${this.rng.chance(0.5) ? this.rng.int(0, 99) : `'${this.rng.pick(LITERALS)}'`});`,
        '  });',
      );
      left -= size + 2;
    }
    lines.push('});');
    return { lines, bodyIndent: 4, isClass: false };
  }
}

function lineCountOf(units: readonly CodeUnit[]): number {
  let n = 0;
  for (const unit of units) {
    n += unit.lines.length + 1;
  }
  return n;
}

function writerFor(rng: Rng, file: { readonly typed: boolean; readonly header: readonly string[] }): CodeWriter {
  const callees: string[] = [];
  for (const line of file.header) {
    const match = /^(?:import|const) \{ ([a-z]\w*)/.exec(line);
    // Only the project's own modules: calling `useMemo(x)` or `z(x)` at random would look wrong.
    if (match?.[1] !== undefined && /'\.\.?\//.test(line)) {
      callees.push(match[1]);
    }
  }
  return new CodeWriter(rng, file.typed, callees);
}

function newUnit(writer: CodeWriter, rng: Rng, kind: SourceKind, base: string, size: number): CodeUnit {
  switch (kind) {
    case 'component':
      return rng.chance(0.5) ? writer.componentUnit(pascal(base, rng.pick(['Panel', 'List', 'Row', 'Card', 'Summary'])), size) : writer.functionUnit(camel(rng.pick(VERBS), pascal(base)), size, rng.chance(0.5));
    case 'store':
      return writer.reducerUnit(camel(base, rng.pick(['Reducer', 'Slice', 'Update'])), size);
    case 'test':
      return writer.testUnit(`${base} ${rng.pick(VERBS)}`, size);
    default:
      return writer.functionUnit(camel(rng.pick(VERBS), pascal(base), rng.chance(0.3) ? pascal(rng.pick(NOUNS)) : ''), size, rng.chance(0.6));
  }
}

/** A new file of roughly `spec.targetLines` lines. */
export function createSource(rng: Rng, spec: SourceSpec): SourceFile {
  const header: string[] = [];
  if (spec.kind === 'component') {
    header.push("import { useMemo, useState } from 'react';", "import { Spinner } from '@acme/ui';");
  }
  for (const [name, from] of spec.imports) {
    header.push(`import { ${name} } from '${from}';`);
  }
  if (spec.kind === 'server' || spec.kind === 'script' || rng.chance(0.5)) {
    header.push(rng.pick(["import * as path from 'node:path';", "import { readFile } from 'node:fs/promises';", "import { z } from 'zod';", "import dayjs from 'dayjs';"]));
  }
  header.push("import { logger } from '@acme/logger';");
  if (spec.typed && rng.chance(0.5)) {
    header.push(`import type { ${pascal(rng.pick(NOUNS))}, ${pascal(rng.pick(NOUNS))}Client } from '@acme/types';`);
  }

  const file: SourceFile = { path: spec.path, kind: spec.kind, typed: spec.typed, jsx: spec.jsx, mainExport: spec.mainExport, header, units: [] };
  const writer = writerFor(rng, file);
  const base = spec.mainExport.replace(/^(use|create)/, '').replace(/^./, (c) => c.toLowerCase());

  if (spec.kind === 'model' || (spec.typed && rng.chance(0.4))) {
    file.units.push(writer.typeUnit(pascal(base, spec.kind === 'component' ? 'Props' : '')));
  }
  // The main export comes first so importers always find it, whatever else the file grows.
  switch (spec.kind) {
    case 'service':
      file.units.push(writer.classUnit(spec.mainExport, Math.max(6, Math.floor(spec.targetLines * 0.5))));
      break;
    case 'component':
      file.units.push(writer.componentUnit(spec.mainExport, rng.skewed(3, 25)));
      break;
    case 'store':
      file.units.push(writer.reducerUnit(spec.mainExport, rng.skewed(4, 30)));
      break;
    case 'test':
      break;
    default:
      file.units.push(writer.functionUnit(spec.mainExport, rng.skewed(3, 40), true));
  }
  while (lineCountOf(file.units) + header.length < spec.targetLines) {
    file.units.push(newUnit(writer, rng, spec.kind, base, rng.skewed(2, 45, 2)));
  }
  if (isCommonJs(file)) {
    file.header.splice(0, file.header.length, ...file.header.map(requireForm).filter((line) => line !== ''));
    file.units.forEach(stripExport);
    file.units.push({ lines: [`module.exports = { ${spec.mainExport} };`], bodyIndent: 0, isClass: false });
  }
  return file;
}

function isCommonJs(file: SourceFile): boolean {
  return file.path.endsWith('.cjs');
}

/** `import { a } from 'b';` as `const { a } = require('b');`; type-only imports vanish. */
function requireForm(line: string): string {
  const match = /^import (?:\* as )?(.+?) from ('[^']+');$/.exec(line);
  if (match === null || line.startsWith('import type')) {
    return '';
  }
  return `const ${match[1]} = require(${match[2]});`;
}

function stripExport(unit: CodeUnit): void {
  for (let i = 0; i < unit.lines.length; i++) {
    const line = unit.lines[i] as string;
    if (line.startsWith('export ')) {
      unit.lines[i] = line.slice('export '.length);
    }
  }
}

export function renderSource(file: SourceFile): string {
  const parts = [file.header.join('\n'), ''];
  for (const unit of file.units) {
    parts.push(unit.lines.join('\n'), '');
  }
  return parts.join('\n');
}

export function sourceLineCount(file: SourceFile): number {
  return file.header.length + 1 + lineCountOf(file.units);
}

function isStatementLine(line: string, bodyIndent: number): boolean {
  if (!line.endsWith(';')) {
    return false;
  }
  const text = line.trimStart();
  const indent = line.length - text.length;
  return indent >= bodyIndent && !/^[})\]]/.test(text) && !text.startsWith('case ') && !text.startsWith('default');
}

function statementIndices(unit: CodeUnit): number[] {
  const indices: number[] = [];
  if (unit.bodyIndent === 0) {
    return indices;
  }
  for (let i = 0; i < unit.lines.length; i++) {
    if (isStatementLine(unit.lines[i] as string, unit.bodyIndent)) {
      indices.push(i);
    }
  }
  return indices;
}

/**
 * Applies the kind of change one commit makes to one file: a few statements rewritten, inserted or
 * removed, a branch added, now and then a function added or dropped. Files past `maxLines` lines
 * (~700 by default) only shrink or stay level so hot files do not grow without bound.
 */
export function editSource(rng: Rng, file: SourceFile, maxLines = 700): void {
  const writer = writerFor(rng, file);
  const lines = sourceLineCount(file);
  const ops = rng.weighted<number>([[1, 5], [2, 3], [3, 1]]);
  for (let op = 0; op < ops; op++) {
    const editable = file.units.filter((unit) => unit.bodyIndent > 0);
    const kind = rng.weighted<string>([
      ['modify', 45],
      ['insert', lines > maxLines ? 5 : 20],
      ['branch', lines > maxLines ? 2 : 10],
      ['addFunction', lines > maxLines ? 0 : 8],
      ['delete', lines > maxLines ? 30 : 12],
      ['dropFunction', lines > maxLines + 200 ? 20 : 2],
    ]);
    if (editable.length === 0 || kind === 'addFunction') {
      addFunction(rng, writer, file);
      continue;
    }
    if (kind === 'dropFunction') {
      const candidates = file.units.filter((unit, i) => i > 0 && unit.bodyIndent > 0 && !unit.isClass);
      if (candidates.length > 0) {
        file.units.splice(file.units.indexOf(rng.pick(candidates)), 1);
        continue;
      }
    }
    const unit = rng.pick(editable);
    const indices = statementIndices(unit);
    if (indices.length === 0) {
      addFunction(rng, writer, file);
      continue;
    }
    const at = rng.pick(indices);
    const line = unit.lines[at] as string;
    const pad = line.slice(0, line.length - line.trimStart().length);
    switch (kind) {
      case 'modify':
        unit.lines[at] = /\d/.test(line) && rng.chance(0.5) ? line.replace(/\d+/, String(rng.int(0, 999))) : pad + writer.simpleStatement(unit.isClass, false);
        break;
      case 'insert':
        unit.lines.splice(at, 0, ...Array.from({ length: rng.int(1, 3) }, () => pad + writer.simpleStatement(unit.isClass, false)));
        break;
      case 'branch':
        unit.lines.splice(at, 0, ...writer.compound(pad.length, 2, rng.int(1, 4), unit.isClass, false));
        break;
      default:
        if (indices.length > 4 && !line.trimStart().startsWith('return ')) {
          unit.lines.splice(at, 1);
        } else {
          unit.lines[at] = pad + writer.simpleStatement(unit.isClass, false);
        }
    }
  }
}

function addFunction(rng: Rng, writer: CodeWriter, file: SourceFile): void {
  const classUnit = file.units.find((unit) => unit.isClass);
  if (classUnit !== undefined && rng.chance(0.7)) {
    classUnit.lines.splice(classUnit.lines.length - 1, 0, '', ...writer.method(rng.skewed(2, 20)));
    return;
  }
  const base = file.mainExport.replace(/^(use|create)/, '').replace(/^./, (c) => c.toLowerCase());
  const unit = newUnit(writer, rng, file.kind, base, rng.skewed(2, 25));
  if (isCommonJs(file)) {
    stripExport(unit);
  }
  // Never after a CommonJS file's trailing `module.exports`.
  file.units.splice(rng.int(1, Math.max(1, file.units.length - 1)), 0, unit);
}

/** A one-line change applied across many files by a sweeping commit (logger migration, lint fix). */
export function sweepSource(rng: Rng, file: SourceFile, sweep: number): void {
  const index = file.header.findIndex((line) => line.includes("'@acme/logger"));
  const specifier = `@acme/logger${sweep % 2 === 0 ? '' : '/v2'}`;
  const replacement = isCommonJs(file) ? `const { logger } = require('${specifier}');` : `import { logger } from '${specifier}';`;
  if (index >= 0) {
    file.header[index] = replacement;
  } else {
    file.header.push(replacement);
  }
  if (rng.chance(0.5)) {
    editSource(rng, file);
  }
}
