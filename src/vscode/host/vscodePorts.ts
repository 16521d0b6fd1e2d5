/** The controller's ports over VS Code: folders, workspace storage, settings, keys, trust, dialogs. */
import * as vscode from 'vscode';
import type { ApiKeys } from '../secrets';
import type { Trust } from '../trust';
import type { SettingsReader } from './config';
import type { Notice } from './errorActions';
import { modelResolver } from './models';
import type { HostLog, HostPorts, TestCommandQuestion } from './ports';

export interface PortDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: HostLog;
  readonly settings: SettingsReader;
  readonly keys: ApiKeys;
  readonly trust: Trust;
  readonly notify: (notice: Notice) => void;
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
    models: modelResolver(deps.keys),
    isTrusted: () => deps.trust.isTrusted(),
    confirmTestCommand: (question) => confirmTestCommand(question, deps.settings.read().testTimeoutSeconds),
    applyAccepted: async () => {
      await vscode.commands.executeCommand('squad.applyAccepted');
    },
    log: deps.log,
    notify: deps.notify,
    env: process.env,
  };
}

export const RUN_TESTS_BUTTON = 'Run Tests';

async function confirmTestCommand(q: TestCommandQuestion, timeoutSeconds: number): Promise<boolean> {
  const detail = [
    `Why this command: ${q.reason}.`,
    ...(q.runs !== q.command ? [`To read the results Squad runs it as: ${q.runs}`] : []),
    `It runs in a scratch copy of the workspace with the proposed changes (never in your files), is stopped after ${timeoutSeconds} s, and gets no API keys or tokens in its environment.`,
    'Squad remembers your answer for this exact command in this workspace.',
  ].join('\n\n');
  const choice = await vscode.window.showWarningMessage(`Allow Squad to run the tests with \`${q.command}\` in this workspace?`, { modal: true, detail }, RUN_TESTS_BUTTON);
  return choice === RUN_TESTS_BUTTON;
}
