/**
 * Workspace trust: in an untrusted workspace Squad plans and proposes, but never executes a command
 * (no test command, no run_tests for QA). Granting trust re-enables both for the next run.
 */
import * as vscode from 'vscode';

export interface Trust {
  isTrusted(): boolean;
  readonly onDidGrant: vscode.Event<void>;
}

export function workspaceTrust(): Trust {
  return { isTrusted: () => vscode.workspace.isTrusted, onDidGrant: vscode.workspace.onDidGrantWorkspaceTrust };
}

/** Says in the log when trust is granted (and once, at start, when it is missing). */
export function watchTrust(trust: Trust, log: { info(line: string): void }): vscode.Disposable {
  if (!trust.isTrusted()) log.info('this workspace is not trusted: Squad will plan and propose changes, but run no command (no tests) until you trust it.');
  return trust.onDidGrant(() => log.info('the workspace is now trusted: the approved test command may run in the next run (and Resume Run).'));
}
