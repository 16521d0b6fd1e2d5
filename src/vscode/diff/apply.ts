/**
 * Apply Accepted Changes: the core's one apply through the run host, with the editor's ports
 * (editorApply.ts); this file tells the user how it went, and before it asks once when the
 * accepted selection is not what the tests passed on (applyQuestion.ts): Test First, Apply
 * Anyway, or Cancel.
 */
import * as vscode from 'vscode';
import type { ApplyOutcome } from '../../core/review/applyRun';
import type { Services } from '../services';
import { applyQuestion } from './applyQuestion';
import { loadedState } from './hostState';
import { testSelection } from './testSelection';

export type { ApplyOutcome };

const TEST_FIRST = 'Test First';
const APPLY_ANYWAY = 'Apply Anyway';

export async function applyAccepted(services: Services): Promise<ApplyOutcome> {
  const state = await loadedState(services.host);
  const question = state ? applyQuestion(state) : undefined;
  if (question) {
    const choices = question.offerTest ? [TEST_FIRST, APPLY_ANYWAY] : [APPLY_ANYWAY];
    const choice = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, ...choices);
    if (choice === undefined) return { kind: 'nothing', reason: 'The apply was cancelled.' };
    if (choice === TEST_FIRST) {
      // testSelection tells the user how the test went; only a pass goes on to write.
      const tested = await testSelection(services);
      if (tested.kind !== 'ran' || !tested.passed) return { kind: 'nothing', reason: tested.kind === 'ran' ? 'The tests fail on the accepted selection.' : tested.reason };
    }
  }
  const outcome = await services.host.apply();
  switch (outcome.kind) {
    case 'nothing':
      void vscode.window.showInformationMessage(outcome.reason);
      break;
    case 'refused': {
      for (const p of outcome.problems) services.log.warn(`apply refused: ${p}`);
      const count = outcome.problems.length === 1 ? 'a file needs' : `${outcome.problems.length} files need`;
      void vscode.window
        .showErrorMessage(`Squad applied nothing: ${count} your attention. ${outcome.problems.join(' ')} Reject that change or undo your edit there, then apply again.`, 'Review Changes')
        .then((choice) => choice && vscode.commands.executeCommand('squad.reviewChanges'));
      break;
    }
    case 'failed':
      services.log.error(`apply failed: ${outcome.reason}`);
      void vscode.window.showErrorMessage(`Squad applied nothing: ${outcome.reason}`);
      break;
    case 'applied': {
      const merged = outcome.files.filter((f) => f.merged).length;
      services.log.info(`checkpoint ${outcome.checkpointId}: ${outcome.files.length} file(s)`);
      void vscode.window
        .showInformationMessage(`Squad applied ${outcome.files.length} file${outcome.files.length === 1 ? '' : 's'}${merged > 0 ? ` (${merged} merged with your edits)` : ''}. Undo or roll back any time.`, 'Roll Back')
        .then((choice) => choice && vscode.commands.executeCommand('squad.rollBack'));
      break;
    }
  }
  return outcome;
}
