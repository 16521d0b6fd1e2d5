/**
 * Test the Selection: the approved test command on exactly the accepted selection, through the
 * run host (the core driver's entry point), with a cancellable progress notification; the result
 * is journaled, so the sidebar shows it too. This file only tells the user how it went.
 */
import * as vscode from 'vscode';
import type { SelectionTestOutcome } from '../../core/run/driver';
import { selectionRunWords } from '../../core/review/testedSelection';
import type { Services } from '../services';

export async function testSelection(services: Services): Promise<SelectionTestOutcome> {
  const outcome = await vscode.window.withProgress<SelectionTestOutcome>(
    { location: vscode.ProgressLocation.Notification, title: 'Squad: testing the accepted selection…', cancellable: true },
    async (_progress, token) => {
      const cancel = token.onCancellationRequested(() => services.host.cancel());
      try {
        return await services.host.testSelection();
      } finally {
        cancel.dispose();
      }
    },
  );
  if (outcome.kind === 'not-run') void vscode.window.showWarningMessage(`Squad: ${outcome.reason}`);
  else if (outcome.passed) void vscode.window.showInformationMessage(`Squad: the tests pass on the accepted selection (${selectionRunWords(outcome.run)}).`);
  else void vscode.window.showWarningMessage(`Squad: the tests fail on the accepted selection: ${selectionRunWords(outcome.run)}.`);
  services.log.info(outcome.kind === 'ran' ? `tests on the accepted selection: ${selectionRunWords(outcome.run)}` : `the accepted selection was not tested: ${outcome.reason}`);
  return outcome;
}
