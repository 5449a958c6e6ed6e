import type * as vscode from 'vscode';
import type { DebtSeverity } from '../core/ledger/ledgerEntry';
import type { EntryInput, EntryRules } from './entryInputValidation';
import { parseReferenceInput, principalProblem, TITLE_MAX_LENGTH, titleProblem } from './entryInputValidation';
import type { StepResult } from './quickInputSteps';
import { inputStep, pickStep } from './quickInputSteps';

const TOTAL_STEPS = 4;

interface SeverityItem extends vscode.QuickPickItem {
  readonly severity: DebtSeverity;
}

const SEVERITY_DETAIL: Record<DebtSeverity, string> = {
  low: 'a nuisance; pay it when passing by',
  medium: 'slows changes here down',
  high: 'causes defects or blocks planned work',
  critical: 'must be paid before more work lands here',
};

/**
 * Asks for a new entry's title, severity, principal and backlog references, one step at a time
 * (`1/4` … `4/4`) with Back on every step after the first, so a mistake is fixed without starting
 * over. Escape at any step returns `undefined`: nothing is written.
 */
export async function tagSelectionFlow(where: string, rules: EntryRules, initialTitle = ''): Promise<EntryInput | undefined> {
  const title = `Tag as tech debt: ${where}`;
  const values = { title: initialTitle, severity: 'medium' as DebtSeverity, principal: '', backlog: '' };
  // Every step after the first offers Back.
  const frame = (step: number): { title: string; step: number; totalSteps: number; canGoBack: boolean } => ({ title, step, totalSteps: TOTAL_STEPS, canGoBack: step > 1 });
  const severities: SeverityItem[] = rules.DEBT_SEVERITIES.map((severity) => ({ label: severity, detail: SEVERITY_DETAIL[severity], severity }));
  // Each step asks, and keeps its answer in `values` when the user goes on; Back keeps nothing.
  const steps: ((step: number) => Promise<StepResult<unknown>>)[] = [
    async (step) =>
      kept(
        await inputStep({
          ...frame(step),
          value: values.title,
          prompt: `What is the debt? One line, at most ${TITLE_MAX_LENGTH} characters.`,
          placeholder: 'e.g. Session refresh mixes caching and persistence',
          validate: (value) => titleProblem(value, rules),
        }),
        (value) => (values.title = value.trim()),
      ),
    async (step) =>
      kept(
        await pickStep({
          ...frame(step),
          placeholder: 'How bad is it?',
          items: severities,
          active: severities.find((item) => item.severity === values.severity),
        }),
        (item) => (values.severity = item.severity),
      ),
    async (step) =>
      kept(
        await inputStep({
          ...frame(step),
          value: values.principal,
          prompt: 'Effort to pay it, with a unit: h, d, w, sp or pt (optional; Enter to skip).',
          placeholder: 'e.g. 3d or 5sp',
          validate: (value) => principalProblem(value, rules),
        }),
        (value) => (values.principal = value.trim()),
      ),
    async (step) =>
      kept(
        await inputStep({
          ...frame(step),
          value: values.backlog,
          prompt: 'Backlog items it slows down, separated by commas or spaces (optional; Enter to skip).',
          placeholder: 'e.g. PROJ-12, #45, owner/repo#7, AB#12 or a URL',
          validate: (value) => parseReferenceInput(value, rules).problem,
        }),
        (value) => (values.backlog = value),
      ),
  ];
  let index = 0;
  for (let ask = steps[index]; ask !== undefined; ask = steps[index]) {
    const result = await ask(index + 1);
    if (result.kind === 'cancel') {
      return undefined;
    }
    index += result.kind === 'back' ? -1 : 1;
  }
  return {
    title: values.title,
    severity: values.severity,
    ...(values.principal !== '' && { principal: values.principal }),
    backlog: parseReferenceInput(values.backlog, rules).refs,
  };
}

/** A step's result, its answer kept first when the user goes on. */
function kept<T>(result: StepResult<T>, keep: (value: T) => void): StepResult<T> {
  if (result.kind === 'next') {
    keep(result.value);
  }
  return result;
}
