/**
 * Every command Debt Lens contributes, by the name the code uses. Registration, tree rows, lenses,
 * hover links and `executeCommand` calls all take their ids from here, and a unit test holds the
 * table equal to package.json's `contributes.commands`, so an id cannot drift from the manifest.
 * No `vscode` import: the test reads the table under plain Node.
 */
export const COMMANDS = {
  scanWorkspace: 'debtLens.scanWorkspace',
  tagSelection: 'debtLens.tagSelection',
  linkBacklogItem: 'debtLens.linkBacklogItem',
  showImpact: 'debtLens.showImpact',
  showHotspotMap: 'debtLens.showHotspotMap',
  setStatus: 'debtLens.setStatus',
  openEntry: 'debtLens.openEntry',
  openBacklogItem: 'debtLens.openBacklogItem',
  promoteMarker: 'debtLens.promoteMarker',
  updateMovedAnchors: 'debtLens.updateMovedAnchors',
  exportReport: 'debtLens.exportReport',
  toggleCodeLens: 'debtLens.toggleCodeLens',
  toggleAnchorDecorations: 'debtLens.toggleAnchorDecorations',
  signInGitHub: 'debtLens.signInGitHub',
  setJiraToken: 'debtLens.setJiraToken',
  groupDebtByStatus: 'debtLens.groupDebtByStatus',
  groupDebtBySeverity: 'debtLens.groupDebtBySeverity',
  groupDebtByTag: 'debtLens.groupDebtByTag',
  groupDebtByBacklog: 'debtLens.groupDebtByBacklog',
  reviewBranch: 'debtLens.reviewBranch',
  showLog: 'debtLens.showLog',
} as const satisfies Record<string, `debtLens.${string}`>;

export type CommandName = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandName];

/**
 * What a command does when run, with the arguments a lens, row, link or `executeCommand` passed; its
 * result goes back to `executeCommand` (the in-host tests read it).
 */
export type CommandHandler = (...args: unknown[]) => unknown;

/** One handler per command: the table the extension registers, complete by type. */
export type CommandHandlers = { readonly [Name in CommandName]: CommandHandler };
