import * as vscode from 'vscode';
import type { Annotation } from './annotations';
import { annotationsFor, enclosingSignificantFunction, entriesAt, hoverMarkdown } from './annotations';
import type { BranchReviews } from './branchReviews';
import { COMMANDS } from './commandTable';
import type { CommandTarget } from './commandTarget';
import { commandUri, targetCommand } from './commandTarget';
import { Disposable } from './disposable';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import { readSettings, SETTINGS_SECTION } from './settings';

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
];

/**
 * CodeLens, hover and the anchored-range marks. All three read the folder's cached scan and ledger:
 * no git and no parsing happen while the editor asks for them.
 */
/** How long each `provideCodeLenses` took, in ms, latest last (bounded): for `npm run bench:editor`. */
export type LensTimings = readonly number[];

/** The anchored line ranges highlighted in a document's visible editors: [first, last], 1-based. */
export type AnchorHighlights = readonly (readonly [number, number])[];

export function registerAnnotations(
  _context: vscode.ExtensionContext,
  registry: EngineRegistry,
  log: vscode.LogOutputChannel,
  activatedAt: number,
  reviews: BranchReviews,
): { disposables: vscode.Disposable[]; lensTimings: () => LensTimings; anchorHighlights: (uri: vscode.Uri) => AnchorHighlights } {
  const lenses = new DebtLensCodeLensProvider(registry, reviews, (count, ms) => {
    // Measured for the README: how long a user waits for the first lens, and what one document costs.
    log.info(`first CodeLens (${count}) ${(performance.now() - activatedAt).toFixed(0)} ms after activation; provided in ${ms.toFixed(2)} ms`);
  });
  const decorations = new AnchorDecorations(registry);
  const disposables = [
    lenses,
    decorations,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover: (document, position) => {
        const found = locate(registry, document.uri);
        if (!found) {
          return undefined;
        }
        const text = hoverMarkdown(found.rel, position.line + 1, found.engine.report, found.engine.entries, reviews.changedFunctions(found.engine));
        if (text === undefined) {
          return undefined;
        }
        const markdown = new vscode.MarkdownString(text, true);
        // Only the extension's own commands may run from the hover's links.
        markdown.isTrusted = { enabledCommands: [COMMANDS.showImpact, COMMANDS.openEntry] };
        const folder = found.engine.folder.uri.toString();
        const report = found.engine.report;
        // The function the hover speaks of: inside a callback of a hot function, the hot function.
        const fn = enclosingSignificantFunction(report?.files.find((file) => file.path === found.rel), position.line + 1);
        const target: CommandTarget = fn ? { kind: 'symbol', folder, path: found.rel, symbol: fn.name, line: fn.startLine } : { kind: 'file', folder, path: found.rel };
        const links = [`[Show impact](${commandUri(COMMANDS.showImpact, target)})`];
        for (const entry of entriesAt(found.rel, position.line + 1, report, found.engine.entries)) {
          links.push(`[Open ${entry.id}](${commandUri(COMMANDS.openEntry, { kind: 'entry', folder, id: entry.id })})`);
        }
        markdown.appendMarkdown(`\n\n${links.join(' · ')}`);
        return new vscode.Hover(markdown);
      },
    }),
  ];
  return { disposables, lensTimings: () => lenses.timings, anchorHighlights: (uri) => decorations.highlightsOf(uri) };
}

function locate(registry: EngineRegistry, uri: vscode.Uri): { engine: FolderEngine; rel: string } | undefined {
  const engine = registry.engineFor(uri);
  const rel = engine?.relativePath(uri);
  return engine && rel !== undefined ? { engine, rel } : undefined;
}

function annotationsOf(registry: EngineRegistry, reviews: BranchReviews, uri: vscode.Uri): { engine: FolderEngine; annotations: Annotation[] } | undefined {
  const found = locate(registry, uri);
  if (!found) {
    return undefined;
  }
  const settings = readSettings(found.engine.folder);
  const annotations = annotationsFor(found.rel, found.engine.report, found.engine.entries, {
    hotspots: settings.hotspotLenses,
    debt: settings.debtLenses,
    maxFunctionLenses: settings.maxFunctionLenses,
  }, reviews.changedFunctions(found.engine));
  return { engine: found.engine, annotations };
}

class DebtLensCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly _onDidChangeCodeLenses = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;

  private firstShown = false;
  readonly timings: number[] = [];

  constructor(
    private readonly registry: EngineRegistry,
    private readonly reviews: BranchReviews,
    private readonly onFirstLenses: (count: number, ms: number) => void,
  ) {
    super();
    this.register(registry.onDidChange(() => this._onDidChangeCodeLenses.fire()));
    this.register(reviews.onDidChange(() => this._onDidChangeCodeLenses.fire()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS_SECTION}.codeLens`)) {
          this._onDidChangeCodeLenses.fire();
        }
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const started = performance.now();
    const lenses = this.lensesOf(document);
    const elapsed = performance.now() - started;
    this.timings.push(elapsed);
    if (this.timings.length > 1000) {
      this.timings.splice(0, this.timings.length - 1000);
    }
    if (!this.firstShown && lenses.length > 0) {
      this.firstShown = true;
      this.onFirstLenses(lenses.length, elapsed);
    }
    return lenses;
  }

  private lensesOf(document: vscode.TextDocument): vscode.CodeLens[] {
    const found = annotationsOf(this.registry, this.reviews, document.uri);
    if (!found) {
      return [];
    }
    const folder = found.engine.folder.uri.toString();
    const lastLine = Math.max(0, document.lineCount - 1);
    return found.annotations.map((annotation) => {
      const line = Math.min(lastLine, Math.max(0, annotation.line - 1));
      const range = new vscode.Range(line, 0, line, 0);
      const target: CommandTarget =
        annotation.kind === 'debt'
          ? { kind: 'entry', folder, id: annotation.entryId }
          : annotation.symbol === undefined
            ? { kind: 'file', folder, path: annotation.path }
            : { kind: 'symbol', folder, path: annotation.path, symbol: annotation.symbol, line: annotation.line };
      return new vscode.CodeLens(range, { ...targetCommand(annotation.kind === 'debt' ? COMMANDS.openEntry : COMMANDS.showImpact, annotation.title, target), tooltip: annotation.tooltip });
    });
  }
}

/** A subtle gutter stripe and overview-ruler mark on the lines of open debt entries. */
class AnchorDecorations extends Disposable {
  private readonly type: vscode.TextEditorDecorationType;
  /** What was last drawn per document: VS Code has no API to read decorations back. */
  private readonly drawn = new Map<string, AnchorHighlights>();

  constructor(private readonly registry: EngineRegistry) {
    super();
    this.type = this.register(vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      borderWidth: '0 0 0 2px',
      borderStyle: 'solid',
      borderColor: new vscode.ThemeColor('editorWarning.foreground'),
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    }));
    this.register(registry.onDidChange(() => this.refreshAll()));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS_SECTION}.decorations`)) {
          this.refreshAll();
        }
      }),
    );
    this.refreshAll();
  }

  /** The ranges highlighted in the visible editors of `uri`. */
  highlightsOf(uri: vscode.Uri): AnchorHighlights {
    return this.drawn.get(uri.toString()) ?? [];
  }

  private refreshAll(): void {
    this.drawn.clear();
    for (const editor of vscode.window.visibleTextEditors) {
      this.refresh(editor);
    }
  }

  private refresh(editor: vscode.TextEditor): void {
    const found = locate(this.registry, editor.document.uri);
    if (!found || !readSettings(found.engine.folder).anchorDecorations) {
      editor.setDecorations(this.type, []);
      return;
    }
    const annotations = annotationsFor(found.rel, found.engine.report, found.engine.entries, { hotspots: false, debt: true, maxFunctionLenses: 0 });
    const last = Math.max(0, editor.document.lineCount - 1);
    const decorations = annotations.map((annotation) => ({
      range: new vscode.Range(Math.min(last, annotation.line - 1), 0, Math.min(last, annotation.endLine - 1), 0),
      hoverMessage: annotation.title,
    }));
    const ranges = decorations.map(({ range }) => range);
    editor.setDecorations(this.type, decorations);
    if (ranges.length > 0) {
      this.drawn.set(editor.document.uri.toString(), ranges.map((range) => [range.start.line + 1, range.end.line + 1] as const));
    }
  }
}
