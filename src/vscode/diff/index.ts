/**
 * The review in VS Code's own diff editor: the `squad-proposal` content provider, the Review
 * Changes quick pick, the accept/reject commands (run, task, file), Apply Accepted Changes and
 * Roll Back Last Apply.
 */
import * as vscode from 'vscode';
import { dependencyWarning, dependentsOfRejected } from '../../core/review/dependents';
import { reviewTree } from '../../core/review/tree';
import type { ReviewDecision, ReviewScope } from '../../core/run/reviewEvents';
import type { Services } from '../services';
import { applyAccepted, type ApplyOutcome } from './apply';
import { workspaceCheckpoints } from './editorApply';
import { ProposalContentProvider } from './contentProvider';
import { loadedState } from './hostState';
import { onReviewChange } from './hunkLenses';
import { registerHunkReview } from './hunkReview';
import { PROPOSAL_SCHEME, parseProposalUri } from './proposalUri';
import { openDiff, pickTask, showReviewPick, type FileTarget } from './reviewPick';
import { noteRollBacks, removeRolledBack } from './rolledBackCheckpoints';
import { rollBack, type IfChanged, type RollbackOutcome } from './rollback';
import { rollBackAnApply, type RollBackApplyOptions } from './applyHistoryPick';
import { followDiffTitles } from './tabTitles';
import { testSelection } from './testSelection';
import { watchUndoneApplies } from './undoWatch';

export const REVIEW_COMMANDS = {
  acceptAll: 'squad.acceptAll',
  rejectAll: 'squad.rejectAll',
  acceptTask: 'squad.acceptTask',
  rejectTask: 'squad.rejectTask',
  acceptFile: 'squad.acceptFile',
  rejectFile: 'squad.rejectFile',
  applyAccepted: 'squad.applyAccepted',
  rollBack: 'squad.rollBack',
  rollBackApply: 'squad.rollBackApply',
  testSelection: 'squad.testSelection',
  openDiff: 'squad.openDiff',
  reviewChanges: 'squad.reviewChanges',
} as const;

/** Internal (hidden from the palette by its leading underscore): for the extension-host tests. */
export const TEST_INFO_COMMAND = '_squad.review.testInfo';

export type { ApplyOutcome, RollbackOutcome };

export function registerReview(services: Services): void {
  const { context, host, log } = services;
  const provider = new ProposalContentProvider(host);
  const diffTitles = followDiffTitles(host, (line) => log.warn(line));
  registerHunkReview(services, () => diffTitles.settled());
  const store = () => workspaceCheckpoints({ context, log, keep: () => services.settings.read().checkpointsToKeep });

  const decide = async (scope: ReviewScope, decision: ReviewDecision): Promise<boolean> => {
    if (!(await loadedState(host))) {
      void vscode.window.showInformationMessage('No Squad run is open.');
      return false;
    }
    await host.decide(scope, decision);
    // The command ends once an open diff's tab says the new word (it is reopened to say it).
    await diffTitles.settled();
    return true;
  };
  const decideFile = async (target: FileTarget, decision: ReviewDecision): Promise<void> => {
    if (await decide({ kind: 'file', ...target }, decision)) vscode.window.setStatusBarMessage(`Squad: ${decision} ${target.path} (${target.taskId})`, 4000);
  };
  const decideAll = async (decision: ReviewDecision): Promise<void> => {
    if (!(await decide({ kind: 'run' }, decision))) return;
    const files = reviewTree(host.state!).reduce((n, t) => n + t.files.length, 0);
    if (decision !== 'accepted' || files === 0) return;
    // Accepting is a decision, writing is another: one click away, never implied.
    void vscode.window
      .showInformationMessage(`Squad: accepted all ${files} proposed file${files === 1 ? '' : 's'}.`, 'Apply Accepted Changes')
      .then((choice) => choice && vscode.commands.executeCommand(REVIEW_COMMANDS.applyAccepted));
  };
  const decideTask = async (arg: unknown, decision: ReviewDecision): Promise<void> => {
    const taskId = taskArg(arg) ?? (await pickTask(await loadedState(host), decision === 'accepted' ? 'Accept which task\'s changes?' : 'Reject which task\'s changes?', decision === 'rejected'));
    if (!taskId || !(await decide({ kind: 'task', taskId }, decision)) || decision !== 'rejected') return;
    // Rejecting work that accepted tasks build on: said at once, naming them (the sidebar says it too).
    const stranded = dependentsOfRejected(host.state!).find((d) => d.taskId === taskId);
    if (stranded) void vscode.window.showWarningMessage(`Squad: ${dependencyWarning(host.state!, stranded)}`);
  };
  const fileCommand = async (arg: unknown, decision: ReviewDecision): Promise<void> => {
    const target = fileArg(arg) ?? activeProposal();
    if (target) return decideFile(target, decision);
    await reviewChanges();
  };
  const reviewChanges = async (): Promise<void> => {
    await loadedState(host);
    await showReviewPick(() => host.state, decideFile, (t) => openDiff(host.state, t).then(() => undefined), onReviewChange(host));
  };

  // Checkpoints of applies rolled back in an earlier window go now; this window's wait for the next start.
  const warn = (err: unknown) => log.warn(`checkpoint clean-up: ${err instanceof Error ? err.message : String(err)}`);
  let cleanUp: Promise<unknown> = removeRolledBack(context.workspaceState, store).then((failed) => {
    if (failed.length > 0) log.warn(`could not remove rolled-back checkpoints ${failed.join(', ')}; trying again at the next start`);
  }, warn);
  const rollBacks = host.onDidEvent(({ event }) => {
    cleanUp = cleanUp.then(() => noteRollBacks(context.workspaceState, event)).catch(warn);
  });

  // Apply and roll back read the files, then write them: never two of them at once.
  let writing = false;
  const undoWatch = watchUndoneApplies(services, store, () => writing);
  const oneAtATime = async <R>(work: () => Promise<R>): Promise<R | { kind: 'nothing'; reason: string }> => {
    if (writing) {
      const reason = 'Squad is already applying or rolling back changes.';
      void vscode.window.showInformationMessage(reason);
      return { kind: 'nothing', reason };
    }
    writing = true;
    try {
      return await work();
    } finally {
      writing = false;
    }
  };

  const command = <A extends unknown[], R>(id: string, run: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(id, async (...args: A) => {
      try {
        return await run(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Squad: ${message}`);
        return undefined;
      }
    });

  context.subscriptions.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, provider),
    diffTitles,
    command(REVIEW_COMMANDS.acceptAll, () => decideAll('accepted')),
    command(REVIEW_COMMANDS.rejectAll, () => decideAll('rejected')),
    command(REVIEW_COMMANDS.acceptTask, (arg?: unknown) => decideTask(arg, 'accepted')),
    command(REVIEW_COMMANDS.rejectTask, (arg?: unknown) => decideTask(arg, 'rejected')),
    command(REVIEW_COMMANDS.acceptFile, (arg?: unknown) => fileCommand(arg, 'accepted')),
    command(REVIEW_COMMANDS.rejectFile, (arg?: unknown) => fileCommand(arg, 'rejected')),
    command(REVIEW_COMMANDS.openDiff, async (arg?: unknown) => {
      const target = fileArg(arg);
      if (!target) throw new Error('squad.openDiff needs { taskId, path }.');
      return openDiff(await loadedState(host), target);
    }),
    command(REVIEW_COMMANDS.reviewChanges, reviewChanges),
    command(REVIEW_COMMANDS.applyAccepted, () =>
      oneAtATime(async () => {
        const outcome = await applyAccepted(services);
        if (outcome.kind === 'applied') undoWatch.applied(outcome.checkpointId);
        await diffTitles.settled();
        return outcome;
      }),
    ),
    command(REVIEW_COMMANDS.rollBack, (options?: { ifChanged?: IfChanged }) => oneAtATime(() => rollBack(services, store(), options?.ifChanged ?? 'ask'))),
    command(REVIEW_COMMANDS.rollBackApply, (options?: RollBackApplyOptions) => oneAtATime(() => rollBackAnApply(services, store(), options ?? {}))),
    command(REVIEW_COMMANDS.testSelection, () => testSelection(services)),
    undoWatch,
    rollBacks,
    // Not contributed: lets the extension-host tests find the journals and see the review state.
    command(TEST_INFO_COMMAND, async () => {
      const state = await loadedState(host);
      return { storageDir: context.storageUri?.fsPath, runId: state?.runId, applies: state?.review.applies ?? [] };
    }),
  );
}

function taskArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (arg && typeof arg === 'object' && 'taskId' in arg && typeof arg.taskId === 'string') return arg.taskId;
  return undefined;
}

/** `{ taskId, path }` (the sidebar) or a proposal URI (the editor title). */
function fileArg(arg: unknown): FileTarget | undefined {
  if (arg instanceof vscode.Uri) {
    const ref = parseProposalUri(arg);
    return ref && { taskId: ref.taskId, path: ref.path };
  }
  if (arg && typeof arg === 'object' && 'taskId' in arg && 'path' in arg && typeof arg.taskId === 'string' && typeof arg.path === 'string') {
    return { taskId: arg.taskId, path: arg.path };
  }
  return undefined;
}

/** The proposal in the active editor or diff editor, when there is one. */
function activeProposal(): FileTarget | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputTextDiff ? input.modified : input instanceof vscode.TabInputText ? input.uri : vscode.window.activeTextEditor?.document.uri;
  return uri ? fileArg(uri) : undefined;
}
