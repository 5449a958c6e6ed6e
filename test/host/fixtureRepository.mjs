// A small, realistic TypeScript repository for the in-host suite and the end-to-end test: real git,
// three authors with fixed names and e-mails, commit dates N days before `now` (always inside the
// default 12-month window), ticket keys in the messages, a TODO marker and one committed ledger entry.
//
// What the commits add up to (checked against `node dist/cli.js scan <dir> --format json`):
// - src/billing/invoice.ts: 9 commits (FIXTURE.invoice.revisions) by 3 authors; tickets PROJ-12 (5
//   commits) then PROJ-40 (3). computeTotal is changed by 6 of them (its creation included),
//   InvoiceService.refresh by 4.
// - src/api/handler.ts (imports invoice.ts and format.ts, holds the TODO(PROJ-77)): 2 commits.
// - src/util/format.ts: 2 commits. src/index.ts: 1 commit. src/billing/receipt.ts (imports invoice.ts): 1.
// - .techdebt/TD-7f3a1c-invoice-refresh-is-copy-pasted.md and .vscode/settings.json: 1 commit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const AUTHORS = {
  alice: { name: 'Alice Anders', email: 'alice@example.com' },
  bob: { name: 'Bob Brown', email: 'bob@example.com' },
  carol: { name: 'Carol Chen', email: 'carol@example.com' },
};

export const ENTRY = {
  id: 'TD-7f3a1c',
  title: 'Invoice refresh is copy-pasted',
  file: '.techdebt/TD-7f3a1c-invoice-refresh-is-copy-pasted.md',
  severity: 'high',
  status: 'open',
  backlog: ['PROJ-123'],
  anchor: { path: 'src/billing/invoice.ts', symbol: 'InvoiceService.refresh' },
};

/** The counts the commits below were written to produce (see the header). */
export const FIXTURE = {
  invoice: { path: 'src/billing/invoice.ts', revisions: 9, authors: 3, tickets: ['PROJ-12', 'PROJ-40'] },
  computeTotal: { revisions: 6 },
  refresh: { revisions: 4 },
  handler: { path: 'src/api/handler.ts', revisions: 2 },
  format: { path: 'src/util/format.ts', revisions: 2 },
  index: { path: 'src/index.ts', revisions: 1 },
  receipt: { path: 'src/billing/receipt.ts', revisions: 1 },
  commits: 13,
  marker: { path: 'src/api/handler.ts', text: 'TODO(PROJ-77): handle refunds' },
};

// computeTotal, one body per step; every step changes lines inside the function only.
const COMPUTE_TOTAL = [
  // 0: initial
  [
    '  let total = 0;',
    '  for (const line of invoice.lines) {',
    '    total += line.price * line.quantity;',
    '  }',
    '  return total;',
  ],
  // 1: PROJ-12 discounts
  [
    '  let total = 0;',
    '  for (const line of invoice.lines) {',
    '    let amount = line.price * line.quantity;',
    '    if (line.discount) {',
    "      if (line.discount.kind === 'percent') {",
    '        amount -= (amount * line.discount.value) / 100;',
    '      } else {',
    '        amount -= line.discount.value;',
    '      }',
    '    }',
    '    total += amount;',
    '  }',
    '  return total;',
  ],
];
// 2: PROJ-40 tax per line
COMPUTE_TOTAL.push([
  ...COMPUTE_TOTAL[1].slice(0, 10),
  '    if (invoice.taxed) {',
  '      for (const rate of line.taxRates) {',
  '        if (rate > 0) {',
  '          amount += (amount * rate) / 100;',
  '        }',
  '      }',
  '    }',
  ...COMPUTE_TOTAL[1].slice(10),
]);
// 3: PROJ-12 coupons
COMPUTE_TOTAL.push([
  ...COMPUTE_TOTAL[2].slice(0, -1),
  '  for (const coupon of invoice.coupons) {',
  '    if (coupon.minimum <= total && !coupon.used) {',
  '      total -= coupon.value;',
  '    }',
  '  }',
  '  return total;',
]);
// 4: PROJ-40 rounding
COMPUTE_TOTAL.push([...COMPUTE_TOTAL[3].slice(0, -1), '  return roundCents(total);']);
// 5: PROJ-12 empty invoices
COMPUTE_TOTAL.push([
  '  if (invoice.lines.length === 0) {',
  '    return 0;',
  '  }',
  ...COMPUTE_TOTAL[4],
]);

// InvoiceService.refresh, one body per step.
const REFRESH = [
  // 0: initial
  [
    '    const invoice = await this.store.load(id);',
    '    return invoice;',
  ],
  // 1: PROJ-12 refresh from the store
  [
    '    const invoice = await this.store.load(id);',
    '    this.cache.set(id, invoice);',
    '    return invoice;',
  ],
  // 2: PROJ-40 retries
  [
    '    let lastError: unknown;',
    '    for (let attempt = 0; attempt < 3; attempt++) {',
    '      try {',
    '        const invoice = await this.store.load(id);',
    '        this.cache.set(id, invoice);',
    '        return invoice;',
    '      } catch (error) {',
    '        lastError = error;',
    '      }',
    '    }',
    '    throw lastError;',
  ],
];
// 3: PROJ-12 cache refresh results
REFRESH.push([
  '    const cached = this.cache.get(id);',
  '    if (cached && !cached.stale) {',
  '      return cached;',
  '    }',
  ...REFRESH[2],
]);

function invoiceSource(totalStep, refreshStep) {
  return [
    "import { roundCents } from '../util/format';",
    '',
    'export interface Discount {',
    "  kind: 'percent' | 'amount';",
    '  value: number;',
    '}',
    '',
    'export interface InvoiceLine {',
    '  price: number;',
    '  quantity: number;',
    '  discount?: Discount;',
    '  taxRates: number[];',
    '}',
    '',
    'export interface Invoice {',
    '  id: string;',
    '  lines: InvoiceLine[];',
    '  taxed: boolean;',
    '  coupons: { minimum: number; value: number; used: boolean }[];',
    '  stale?: boolean;',
    '}',
    '',
    'export interface InvoiceStore {',
    '  load(id: string): Promise<Invoice>;',
    '}',
    '',
    'export function computeTotal(invoice: Invoice): number {',
    ...COMPUTE_TOTAL[totalStep],
    '}',
    '',
    'export class InvoiceService {',
    '  private readonly cache = new Map<string, Invoice>();',
    '',
    '  constructor(private readonly store: InvoiceStore) {}',
    '',
    '  async refresh(id: string): Promise<Invoice> {',
    ...REFRESH[refreshStep],
    '  }',
    '',
    '  total(invoice: Invoice): number {',
    '    return computeTotal(invoice);',
    '  }',
    '}',
    '',
  ].join('\n');
}

function formatSource(step) {
  const lines = [
    'export function formatMoney(amount: number, currency = \'EUR\'): string {',
    '  return `${amount.toFixed(2)} ${currency}`;',
    '}',
    '',
  ];
  lines.push('export function roundCents(amount: number): number {');
  lines.push(step >= 1 ? '  return (Math.sign(amount) * Math.round(Math.abs(amount) * 100)) / 100;' : '  return Math.round(amount * 100) / 100;');
  lines.push('}', '');
  return lines.join('\n');
}

function handlerSource(step) {
  return [
    "import { computeTotal, InvoiceService } from '../billing/invoice';",
    "import type { InvoiceStore } from '../billing/invoice';",
    "import { formatMoney } from '../util/format';",
    '',
    'export interface Request {',
    '  method: string;',
    '  params: { id?: string };',
    '}',
    '',
    'export async function handleInvoice(request: Request, store: InvoiceStore): Promise<{ status: number; body: string }> {',
    ...(step >= 1
      ? [
        "  if (request.method !== 'GET') {",
        "    return { status: 405, body: 'method not allowed' };",
        '  }',
      ]
      : []),
    '  if (!request.params.id) {',
    "    return { status: 400, body: 'missing id' };",
    '  }',
    '  // TODO(PROJ-77): handle refunds',
    '  const invoice = await new InvoiceService(store).refresh(request.params.id);',
    '  return { status: 200, body: formatMoney(computeTotal(invoice)) };',
    '}',
    '',
  ].join('\n');
}

const RECEIPT_SOURCE = [
  "import { computeTotal } from './invoice';",
  "import type { Invoice } from './invoice';",
  '',
  'export function receiptLines(invoice: Invoice): string[] {',
  '  const lines = invoice.lines.map((line) => `${line.quantity} x ${line.price}`);',
  '  if (invoice.taxed) {',
  "    lines.push('tax included');",
  '  }',
  '  lines.push(`total ${computeTotal(invoice)}`);',
  '  return lines;',
  '}',
  '',
].join('\n');

const INDEX_SOURCE = [
  "export { handleInvoice } from './api/handler';",
  "export { computeTotal, InvoiceService } from './billing/invoice';",
  '',
].join('\n');

/** Line range of `InvoiceService.refresh` in the final invoice.ts (1-based, inclusive). */
export function refreshLines() {
  const text = invoiceSource(COMPUTE_TOTAL.length - 1, REFRESH.length - 1).split('\n');
  const start = text.findIndex((line) => line.includes('async refresh(')) + 1;
  let end = start;
  while (text[end - 1] !== '  }') {
    end++;
  }
  return [start, end];
}

/**
 * A repository being written in `dir`: `commit(author, daysAgo, message, files)` writes the files and
 * commits them with that author and date (days before `now`), private git settings and no signing.
 */
function repositoryWriter(dir, now) {
  mkdirSync(dir, { recursive: true });
  const daysAgo = (days) => new Date(now.getTime() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const baseEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
  const git = (args, env = {}) => execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], { cwd: dir, env: { ...baseEnv, ...env }, stdio: 'pipe' });
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const writer = {
    commits: 0,
    daysAgo,
    git,
    write,
    commit(author, days, message, files) {
      for (const [rel, text] of Object.entries(files)) {
        write(rel, text);
      }
      git(['add', '--', ...Object.keys(files)]);
      const date = daysAgo(days);
      git(['commit', '-q', '-m', message], {
        GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email, GIT_COMMITTER_DATE: date,
      });
      writer.commits++;
    },
  };
  git(['init', '-q', '-b', 'main']);
  return writer;
}

/** A ledger entry file as a person writes one: front matter (symbol anchor with lines, no fingerprint), then the body. */
function entryFileText(entry, { principal, tags, lines, created, author, body }) {
  return [
    '---',
    `id: ${entry.id}`,
    `title: ${entry.title}`,
    `status: ${entry.status}`,
    `severity: ${entry.severity}`,
    `principal: ${principal}`,
    ...(tags ? [`tags: [${tags.join(', ')}]`] : []),
    'backlog:',
    ...entry.backlog.map((ref) => `  - ${ref}`),
    'anchors:',
    `  - path: ${entry.anchor.path}`,
    `    symbol: ${entry.anchor.symbol}`,
    `    lines: [${lines[0]}, ${lines[1]}]`,
    `created: ${created}`,
    `author: ${author}`,
    '---',
    '',
    body,
    '',
  ].join('\n');
}

function entrySource(created) {
  return entryFileText(ENTRY, {
    principal: '2d',
    tags: ['billing'],
    lines: refreshLines(),
    created,
    author: AUTHORS.carol.name,
    body: 'The retry and cache logic of `refresh` is copied from the customer service and the two have drifted.',
  });
}

/**
 * Creates the fixture repository in `dir` (created if missing, expected empty).
 * @param {string} dir
 * @param {{ now?: Date }} [options]
 * @returns {{ dir: string, commits: number }}
 */
export function createFixtureRepository(dir, { now = new Date() } = {}) {
  const repo = repositoryWriter(dir, now);
  const { commit, daysAgo } = repo;
  const { alice, bob, carol } = AUTHORS;
  const invoice = FIXTURE.invoice.path;

  commit(alice, 120, 'Initial billing module', {
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'out' }, include: ['src'] }, null, 2)}\n`,
    [FIXTURE.format.path]: formatSource(0),
    [invoice]: invoiceSource(0, 0),
  });
  commit(bob, 110, 'PROJ-12: discounts in computeTotal', { [invoice]: invoiceSource(1, 0) });
  commit(carol, 100, 'PROJ-12: refresh invoices from the store', { [invoice]: invoiceSource(1, 1) });
  commit(alice, 90, 'PROJ-40: tax per invoice line', { [invoice]: invoiceSource(2, 1) });
  commit(bob, 80, 'Invoice API handler', {
    [FIXTURE.handler.path]: handlerSource(0),
    [FIXTURE.index.path]: INDEX_SOURCE,
  });
  commit(alice, 75, 'Printable receipts', { [FIXTURE.receipt.path]: RECEIPT_SOURCE });
  commit(carol, 70, 'PROJ-40: retry the invoice refresh', { [invoice]: invoiceSource(2, 2) });
  commit(alice, 60, 'PROJ-12: coupons', { [invoice]: invoiceSource(3, 2) });
  commit(bob, 50, 'PROJ-40: round totals to cents', {
    [invoice]: invoiceSource(4, 2),
    [FIXTURE.format.path]: formatSource(1),
  });
  commit(carol, 40, 'PROJ-12: cache refresh results', { [invoice]: invoiceSource(4, 3) });
  commit(alice, 30, 'Reject non-GET invoice requests', { [FIXTURE.handler.path]: handlerSource(1) });
  commit(bob, 20, 'PROJ-12: total of an empty invoice is 0', { [invoice]: invoiceSource(5, 3) });
  commit(carol, 10, `Record tech debt ${ENTRY.id}`, {
    [ENTRY.file]: entrySource(daysAgo(10)),
    '.vscode/settings.json': `${JSON.stringify({ 'debtLens.codeLens.hotspotPercentile': 50 }, null, 2)}\n`,
  });
  return { dir, commits: repo.commits };
}

/** A folder with a TypeScript file and no git repository. */
export function createPlainFolder(dir) {
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'price.ts'), 'export function price(n: number, vip: boolean): number {\n  if (vip) {\n    return n;\n  }\n  return n * 2;\n}\n');
  return { dir };
}

// `node test/host/fixtureRepository.mjs <dir>`: creates the fixture (to inspect it or scan it with the CLI).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node test/host/fixtureRepository.mjs <empty dir>');
    process.exit(2);
  }
  const { commits } = createFixtureRepository(path.resolve(target));
  console.log(`created ${commits} commits in ${path.resolve(target)}`);
}

// ---- a second, smaller repository, for the multi-root scenario -------------------------------------
//
// What its commits add up to (checked against `node dist/cli.js scan <dir> --format json`):
// - src/rates.ts: 4 commits by 2 authors (alice, bob); tickets SHIP-3 (2 commits) and SHIP-8 (1).
//   shippingRate is changed by all 4.
// - src/zones.ts: 2 commits (the second SHIP-3). src/label.ts: 1 commit.
// - .techdebt/TD-5b2e90-zone-surcharges-are-hard-coded.md: 1 commit. 6 commits in all.

export const SECOND_ENTRY = {
  id: 'TD-5b2e90',
  title: 'Zone surcharges are hard-coded',
  file: '.techdebt/TD-5b2e90-zone-surcharges-are-hard-coded.md',
  severity: 'medium',
  status: 'open',
  backlog: ['SHIP-21'],
  anchor: { path: 'src/rates.ts', symbol: 'shippingRate' },
};

export const SECOND_FIXTURE = {
  rates: { path: 'src/rates.ts', revisions: 4, authors: 2, tickets: ['SHIP-3', 'SHIP-8'] },
  zones: { path: 'src/zones.ts', revisions: 2 },
  label: { path: 'src/label.ts', revisions: 1 },
  commits: 6,
};

function ratesSource(step) {
  return [
    "import { zoneOf } from './zones';",
    '',
    'export interface Parcel {',
    '  weightKg: number;',
    '  country: string;',
    '  express: boolean;',
    '}',
    '',
    'export function shippingRate(parcel: Parcel): number {',
    '  let rate = 4 + parcel.weightKg * 0.5;',
    ...(step >= 1 ? ['  if (parcel.express) {', '    rate *= 2;', '  }'] : []),
    ...(step >= 2
      ? [
        '  const zone = zoneOf(parcel.country);',
        "  if (zone === 'far') {",
        '    rate += 10;',
        "  } else if (zone === 'near') {",
        '    rate += 2;',
        '  }',
      ]
      : []),
    ...(step >= 3
      ? [
        '  if (parcel.weightKg > 30) {',
        '    if (parcel.express) {',
        "      throw new Error('too heavy for express');",
        '    }',
        '    rate += 25;',
        '  }',
      ]
      : []),
    '  return rate;',
    '}',
    '',
  ].join('\n');
}

function zonesSource(step) {
  return [
    "export type Zone = 'home' | 'near' | 'far';",
    '',
    'export function zoneOf(country: string): Zone {',
    "  if (country === 'DE') {",
    "    return 'home';",
    '  }',
    ...(step >= 1 ? ["  if (['AT', 'CH', 'NL', 'FR'].includes(country)) {", "    return 'near';", '  }'] : []),
    "  return 'far';",
    '}',
    '',
  ].join('\n');
}

const LABEL_SOURCE = [
  "import type { Parcel } from './rates';",
  '',
  'export function formatLabel(parcel: Parcel, name: string): string {',
  '  return `${name} · ${parcel.country} · ${parcel.weightKg} kg`;',
  '}',
  '',
].join('\n');

/** Line range of `shippingRate` in the final rates.ts (1-based, inclusive). */
export function shippingRateLines() {
  const text = ratesSource(3).split('\n');
  const start = text.findIndex((line) => line.startsWith('export function shippingRate(')) + 1;
  const end = text.indexOf('}', start - 1) + 1;
  return [start, end];
}

/**
 * Creates the second repository in `dir` (created if missing, expected empty): 6 commits, its own ledger entry.
 * @param {string} dir
 * @param {{ now?: Date }} [options]
 * @returns {{ dir: string, commits: number }}
 */
export function createSecondRepository(dir, { now = new Date() } = {}) {
  const repo = repositoryWriter(dir, now);
  const { commit, daysAgo } = repo;
  const { alice, bob, carol } = AUTHORS;
  const rates = SECOND_FIXTURE.rates.path;
  const zones = SECOND_FIXTURE.zones.path;
  const [first, last] = shippingRateLines();
  commit(alice, 60, 'Initial shipping rates', {
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'out' }, include: ['src'] }, null, 2)}\n`,
    [rates]: ratesSource(0),
    [zones]: zonesSource(0),
  });
  commit(bob, 45, 'SHIP-3: express parcels cost double', { [rates]: ratesSource(1) });
  commit(alice, 35, 'SHIP-3: zone surcharges', { [rates]: ratesSource(2), [zones]: zonesSource(1) });
  commit(bob, 25, 'Shipping labels', { [SECOND_FIXTURE.label.path]: LABEL_SOURCE });
  commit(alice, 15, 'SHIP-8: heavy parcels', { [rates]: ratesSource(3) });
  commit(carol, 5, `Record tech debt ${SECOND_ENTRY.id}`, {
    [SECOND_ENTRY.file]: entryFileText(SECOND_ENTRY, {
      principal: '1d',
      lines: [first, last],
      created: daysAgo(5),
      author: carol.name,
      body: 'Zones and their surcharges belong in a table the carrier contract can update.',
    }),
  });
  return { dir, commits: repo.commits };
}

/**
 * A multi-root workspace in `dir`: the fixture repository in `billing/`, the second repository in
 * `shipping/`, and `debt-lens.code-workspace` naming both (with `settings`, which apply to both folders).
 * @returns {{ dir: string, workspaceFile: string, folders: string[] }}
 */
export function createMultiRootWorkspace(dir, { now = new Date(), settings = {} } = {}) {
  const billing = path.join(dir, 'billing');
  const shipping = path.join(dir, 'shipping');
  createFixtureRepository(billing, { now });
  createSecondRepository(shipping, { now });
  // A folder's own settings (left uncommitted): the Hotspots view lists one file of shipping's.
  mkdirSync(path.join(shipping, '.vscode'), { recursive: true });
  writeFileSync(path.join(shipping, '.vscode', 'settings.json'), `${JSON.stringify({ 'debtLens.hotspots.maxFiles': 1 }, null, 2)}\n`);
  const workspaceFile = path.join(dir, 'debt-lens.code-workspace');
  writeFileSync(workspaceFile, `${JSON.stringify({ folders: [{ path: 'billing' }, { path: 'shipping' }], settings }, null, 2)}\n`);
  return { dir, workspaceFile, folders: [billing, shipping] };
}
