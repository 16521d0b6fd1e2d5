/** The controller's ports over VS Code: folders, workspace storage, settings, keys, trust, dialogs. */
import * as vscode from 'vscode';
import { KEY_PROVIDERS, type ApiKeys } from '../secrets';
import type { Trust } from '../trust';
import type { SettingsReader } from './config';
import type { Notice } from './errorActions';
import { modelResolver } from './models';
import type { TestApprovalAnswer, TestApprovalRequest } from '../../core/testing/authority';
import { editorApplyPorts } from '../diff/editorApply';
import type { HostLog, HostPorts } from './ports';
import { createLmToolSource } from '../lmTools';
import { vscodeRipgrep } from '../ripgrep';
import { askBudget } from './budgetQuestion';

export interface PortDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: HostLog;
  readonly settings: SettingsReader;
  readonly keys: ApiKeys;
  readonly trust: Trust;
  readonly notify: (notice: Notice) => void;
  /** Blanks API keys out of text shown to the user. */
  readonly redact: (text: string) => string;
}

export function vscodePorts(deps: PortDeps): HostPorts {
  return {
    // Squad works on local files: the first folder, when it is on this machine's file system.
    root: () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
    },
    storageDir: () => deps.context.storageUri?.fsPath,
    settings: () => deps.settings.read(),
    models: modelResolver(deps.keys, deps.log),
    isTrusted: () => deps.trust.isTrusted(),
    ripgrep: vscodeRipgrep(),
    externalTools: () => createLmToolSource(vscode),
    askTests: (request, answer) => void askTests(request, deps.settings.read().testTimeoutSeconds, answer),
    applyPorts: () => editorApplyPorts({ context: deps.context, log: deps.log, keep: () => deps.settings.read().checkpointsToKeep }),
    log: deps.log,
    notify: deps.notify,
    // Modal: the question stands between the user's request and losing what they have not applied.
    confirm: async (message, choices) => vscode.window.showWarningMessage(deps.redact(message), { modal: true }, ...choices),
    askBudget,
    env: process.env,
    apiKeys: async () => (await Promise.all(KEY_PROVIDERS.map((p) => deps.keys.get(p)))).flatMap((key) => (key ? [key.value] : [])),
  };
}

export const ALLOW_WORKSPACE_BUTTON = 'Allow for This Workspace';
export const ALLOW_RUN_BUTTON = 'Allow for This Run';
export const DENY_BUTTON = "Don't Run Tests";
export const SHOW_BUTTON = 'Show in Sidebar';

/**
 * The question goes to the sidebar (its gate shows the command, the sandbox and the diff of the
 * defining files from the run's state) and to a notification with the same answers, for when the
 * sidebar is hidden. Without a sandbox only "this run" is offered: nothing unsandboxed is remembered.
 */
async function askTests(q: TestApprovalRequest, timeoutSeconds: number, answer: (a: TestApprovalAnswer) => void): Promise<void> {
  const sandboxed = q.sandbox.kind !== 'none';
  const what = q.changes.length > 0
    ? `The proposed changes alter what \`${q.command}\` runs (${q.changes.map((c) => c.path).join(', ')}). Run the tests with them?`
    : `Allow Squad to run the tests with \`${q.command}\`?`;
  const where = sandboxed ? `In a sandbox (${q.sandbox.description}), stopped after ${timeoutSeconds} s.` : `WITHOUT a sandbox: ${q.sandbox.description}`;
  const buttons = [...(sandboxed ? [ALLOW_WORKSPACE_BUTTON] : []), ALLOW_RUN_BUTTON, SHOW_BUTTON, DENY_BUTTON];
  const show = sandboxed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const choice = await show(`Squad: ${what} ${where}`, ...buttons);
  if (choice === ALLOW_WORKSPACE_BUTTON) answer('workspace');
  else if (choice === ALLOW_RUN_BUTTON) answer('run');
  else if (choice === DENY_BUTTON) answer('deny');
  else if (choice === SHOW_BUTTON) await vscode.commands.executeCommand('squad.sidebar.focus');
}
