import type * as vscode from 'vscode';
import type { DebtSeverity } from '../core/ledger/ledgerEntry';
import type { EntryInput, EntryRules } from './entryInputValidation';
import { parseReferenceInput, principalProblem, TITLE_MAX_LENGTH, titleProblem } from './entryInputValidation';
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
  let step = 1;
  while (step <= TOTAL_STEPS) {
    switch (step) {
      case 1: {
        const result = await inputStep({
          title,
          step,
          totalSteps: TOTAL_STEPS,
          value: values.title,
          prompt: `What is the debt? One line, at most ${TITLE_MAX_LENGTH} characters.`,
          placeholder: 'e.g. Session refresh mixes caching and persistence',
          validate: (value) => titleProblem(value, rules),
        });
        if (result.kind !== 'next') {
          return undefined;
        }
        values.title = result.value.trim();
        break;
      }
      case 2: {
        const items: SeverityItem[] = rules.DEBT_SEVERITIES.map((severity) => ({ label: severity, detail: SEVERITY_DETAIL[severity], severity }));
        const result = await pickStep({
          title,
          step,
          totalSteps: TOTAL_STEPS,
          placeholder: 'How bad is it?',
          items,
          active: items.find((item) => item.severity === values.severity),
          canGoBack: true,
        });
        if (result.kind === 'cancel') {
          return undefined;
        }
        if (result.kind === 'next') {
          values.severity = result.value.severity;
        }
        step += result.kind === 'back' ? -2 : 0;
        break;
      }
      case 3: {
        const result = await inputStep({
          title,
          step,
          totalSteps: TOTAL_STEPS,
          value: values.principal,
          prompt: 'Effort to pay it, with a unit: h, d, w, sp or pt (optional; Enter to skip).',
          placeholder: 'e.g. 3d or 5sp',
          canGoBack: true,
          validate: (value) => principalProblem(value, rules),
        });
        if (result.kind === 'cancel') {
          return undefined;
        }
        if (result.kind === 'next') {
          values.principal = result.value.trim();
        }
        step += result.kind === 'back' ? -2 : 0;
        break;
      }
      case 4: {
        const result = await inputStep({
          title,
          step,
          totalSteps: TOTAL_STEPS,
          value: values.backlog,
          prompt: 'Backlog items it slows down, separated by commas or spaces (optional; Enter to skip).',
          placeholder: 'e.g. PROJ-12, #45, owner/repo#7, AB#12 or a URL',
          canGoBack: true,
          validate: (value) => parseReferenceInput(value, rules).problem,
        });
        if (result.kind === 'cancel') {
          return undefined;
        }
        if (result.kind === 'next') {
          values.backlog = result.value;
        }
        step += result.kind === 'back' ? -2 : 0;
        break;
      }
    }
    step++;
  }
  return {
    title: values.title,
    severity: values.severity,
    ...(values.principal !== '' && { principal: values.principal }),
    backlog: parseReferenceInput(values.backlog, rules).refs,
  };
}
