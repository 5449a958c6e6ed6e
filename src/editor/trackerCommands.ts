import * as vscode from 'vscode';
import { GITHUB_PROVIDER, GITHUB_SCOPES, JIRA_EMAIL_SECRET, JIRA_TOKEN_SECRET } from './backlogLookup';
import type { CommandHandlers } from './commandTable';
import { inputStep } from './quickInputSteps';

/**
 * Signing in to the trackers whose items the impact panel shows live. GitHub goes through VS Code's
 * own account (no token ever passes through Debt Lens's UI); Jira's API token is kept in VS Code's
 * secret storage, never in settings or files, and never written to the log.
 */
export function trackerCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Pick<CommandHandlers, 'signInGitHub' | 'setJiraToken'> {
  return {
    signInGitHub: async () => {
      const session = await vscode.authentication.getSession(GITHUB_PROVIDER, GITHUB_SCOPES, { createIfNone: true });
      log.info(`signed in to GitHub as ${session.account.label}`);
      void vscode.window.showInformationMessage(`Debt Lens: signed in to GitHub as ${session.account.label}. Issue titles and states now show in the impact panel.`);
      return session.account.label;
    },
    setJiraToken: () => setJiraToken(context, log),
  };
}

/**
 * Asks for the Jira account email (Cloud; empty for a Data Center personal access token) and the
 * token. An empty token removes both; Escape at either step changes nothing.
 */
async function setJiraToken(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<boolean> {
  const title = 'Debt Lens: Jira credentials';
  const storedEmail = (await context.secrets.get(JIRA_EMAIL_SECRET)) ?? '';
  let email = storedEmail;
  for (let step = 1; step <= 2; ) {
    if (step === 1) {
      const result = await inputStep({
        title,
        step,
        totalSteps: 2,
        value: email,
        prompt: 'The email of your Atlassian account (Jira Cloud). Leave empty for a Jira Data Center personal access token.',
        placeholder: 'you@example.com',
        validate: (value) => (value.trim() === '' || /^[^\s@]+@[^\s@]+$/.test(value.trim()) ? undefined : 'Enter an email address, or nothing for Data Center.'),
      });
      if (result.kind !== 'next') {
        return false;
      }
      email = result.value.trim();
      step = 2;
      continue;
    }
    const result = await inputStep({
      title,
      step,
      totalSteps: 2,
      value: '',
      password: true,
      canGoBack: true,
      prompt: email === '' ? 'Your Jira personal access token. Leave empty to remove the stored credentials.' : 'Your Jira API token (id.atlassian.com → Security → API tokens). Leave empty to remove the stored credentials.',
    });
    if (result.kind === 'cancel') {
      return false;
    }
    if (result.kind === 'back') {
      step = 1;
      continue;
    }
    const token = result.value.trim();
    if (token === '') {
      await context.secrets.delete(JIRA_TOKEN_SECRET);
      await context.secrets.delete(JIRA_EMAIL_SECRET);
      log.info('Jira credentials removed');
      void vscode.window.showInformationMessage('Debt Lens: the Jira credentials were removed.');
      return true;
    }
    await context.secrets.store(JIRA_TOKEN_SECRET, token);
    if (email === '') {
      await context.secrets.delete(JIRA_EMAIL_SECRET);
    } else {
      await context.secrets.store(JIRA_EMAIL_SECRET, email);
    }
    log.info(`Jira credentials stored${email === '' ? ' (personal access token)' : ` for ${email}`}`);
    void vscode.window.showInformationMessage(
      'Debt Lens: the Jira token is stored in VS Code\'s secret storage. It is sent only to your Jira site when that site is in your user settings (debtLens.backlog.jiraBaseUrl) or in DEBT_LENS_TRUSTED_HOSTS.',
    );
    return true;
  }
  return false;
}
