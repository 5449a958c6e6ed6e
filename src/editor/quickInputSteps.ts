import * as vscode from 'vscode';

/** How a step ended: a value, the Back button, or Escape (or focus lost), which cancels the whole flow. */
export type StepResult<T> = { readonly kind: 'next'; readonly value: T } | { readonly kind: 'back' } | { readonly kind: 'cancel' };

export interface InputStepOptions {
  readonly title: string;
  /** `1/4`: shown by VS Code next to the title. */
  readonly step?: number;
  readonly totalSteps?: number;
  readonly value: string;
  readonly prompt: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** Shows a Back button; pressing it ends the step with `back`. */
  readonly canGoBack?: boolean;
  /** The problem with a value, or `undefined`; checked on every keystroke and again on Enter. */
  readonly validate?: (value: string) => string | undefined;
}

/** One text step of a quick input flow; Enter is refused while the value has a problem. */
export function inputStep(options: InputStepOptions): Promise<StepResult<string>> {
  const input = vscode.window.createInputBox();
  input.value = options.value;
  input.prompt = options.prompt;
  input.placeholder = options.placeholder;
  input.password = options.password ?? false;
  const validate = (value: string): string | undefined => options.validate?.(value);
  input.validationMessage = options.value === '' ? undefined : validate(options.value);
  return runStep(input, options, (finish) => {
    input.onDidChangeValue((value) => (input.validationMessage = validate(value)));
    input.onDidAccept(() => {
      const problem = validate(input.value);
      input.validationMessage = problem;
      if (problem === undefined) {
        finish({ kind: 'next', value: input.value });
      }
    });
  });
}

export interface PickStepOptions<T extends vscode.QuickPickItem> {
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly active?: T;
  readonly canGoBack?: boolean;
  readonly matchOnDescription?: boolean;
}

/** One single-choice step of a quick input flow. */
export function pickStep<T extends vscode.QuickPickItem>(options: PickStepOptions<T>): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<T>();
  pick.placeholder = options.placeholder;
  pick.items = options.items;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  if (options.active !== undefined) {
    pick.activeItems = [options.active];
  }
  return runStep(pick, options, (finish) => {
    pick.onDidAccept(() => {
      const [chosen] = pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems;
      if (chosen !== undefined) {
        finish({ kind: 'next', value: chosen });
      }
    });
  });
}

/**
 * Shows one step and settles it once: `accept` wires Enter to `finish`; the Back button ends it as
 * `back`, and hiding it (Escape, focus lost) as `cancel`. The input is disposed when the step ends.
 */
function runStep<T>(
  input: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>,
  options: { readonly title: string; readonly step?: number; readonly totalSteps?: number; readonly canGoBack?: boolean },
  accept: (finish: (result: StepResult<T>) => void) => void,
): Promise<StepResult<T>> {
  input.title = options.title;
  input.step = options.step;
  input.totalSteps = options.totalSteps;
  input.ignoreFocusOut = true;
  input.buttons = options.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: StepResult<T>): void => {
      if (!settled) {
        settled = true;
        resolve(result);
        input.dispose();
      }
    };
    accept(finish);
    input.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) {
        finish({ kind: 'back' });
      }
    });
    input.onDidHide(() => finish({ kind: 'cancel' }));
    input.show();
  });
}
