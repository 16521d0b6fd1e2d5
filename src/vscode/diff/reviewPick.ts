/**
 * The Review Changes quick pick: every file of the run's proposals, grouped by task, with its
 * +/− counts and decision; choosing one opens its diff, the item buttons accept or reject it.
 * Also the task picker behind Accept/Reject Task.
 */
import * as vscode from 'vscode';
import { acceptedDependentsOf, dependencyWarning, dependentsOfRejected, taskName } from '../../core/review/dependents';
import { decisionCounts, type TaskDecisionCounts } from '../../core/review/testedSelection';
import { reviewTree, type ReviewFile, type ReviewTask, type Verdict } from '../../core/review/tree';
import type { RunState } from '../../core/run/reduce';
import type { ReviewDecision } from '../../core/run/reviewEvents';
import { diffStatus } from './diffStatus';
import { diffTitle, proposalUri } from './proposalUri';

export interface FileTarget {
  readonly taskId: string;
  readonly path: string;
}

const KIND_ICON = { created: '$(diff-added)', modified: '$(diff-modified)', deleted: '$(diff-removed)' } as const;
const ACCEPT: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('check'), tooltip: 'Accept File' };
const REJECT: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('close'), tooltip: 'Reject File' };

export function verdictText(verdict: Verdict, hunks: readonly { decision: ReviewDecision }[]): string {
  if (verdict !== 'mixed') return verdict;
  const accepted = hunks.filter((h) => h.decision === 'accepted').length;
  return `${accepted} of ${hunks.length} hunks accepted`;
}

interface FileItem extends vscode.QuickPickItem {
  readonly target?: FileTarget;
}

function items(tree: readonly ReviewTask[]): FileItem[] {
  return tree.flatMap((task) => [
    { label: `${task.taskId} · ${task.role} — ${task.title}`, kind: vscode.QuickPickItemKind.Separator },
    ...task.files.map((file: ReviewFile): FileItem => ({
      label: `${KIND_ICON[file.kind]} ${file.path}`,
      description: `+${file.added} −${file.removed}`,
      detail: `${task.taskId} ${task.role} · ${verdictText(file.verdict, file.hunks)}`,
      buttons: [ACCEPT, REJECT],
      target: { taskId: file.taskId, path: file.path },
    })),
  ]);
}

/** Accepted tasks that build on rejected ones, first in the list: rejecting there shows it at once. */
function dependencyItems(state: RunState | undefined): FileItem[] {
  if (!state) return [];
  return dependentsOfRejected(state).map((d) => ({ label: `$(warning) ${dependencyWarning(state, d)}`, alwaysShow: true }));
}

/**
 * Shows the run's changes; resolves when the pick closes. `decide` records a decision from an
 * item button, `open` opens the chosen file's diff. The list refreshes from the new state after
 * its own buttons and whenever `changed` fires (a decision made in the editor or the sidebar).
 */
export function showReviewPick(
  state: () => RunState | undefined,
  decide: (target: FileTarget, decision: ReviewDecision) => Promise<void>,
  open: (target: FileTarget) => Promise<void>,
  changed?: vscode.Event<unknown>,
): Promise<void> {
  const pick = vscode.window.createQuickPick<FileItem>();
  const refresh = (): number => {
    const current = state();
    const tree = current ? reviewTree(current) : [];
    const all = [...dependencyItems(current), ...items(tree)];
    const active = pick.activeItems[0]?.target;
    pick.items = all;
    const again = active && all.find((i) => i.target?.taskId === active.taskId && i.target.path === active.path);
    // The cursor stays on a file: a warning line above the files is to read, not to choose.
    const first = all.find((i) => i.target);
    if (again ?? first) pick.activeItems = [(again ?? first)!];
    const files = tree.reduce((n, t) => n + t.files.length, 0);
    pick.title = `Squad: Review Changes (${files} file${files === 1 ? '' : 's'} in ${tree.length} task${tree.length === 1 ? '' : 's'})`;
    return files;
  };
  pick.placeholder = 'Choose a file to open its diff; the buttons accept or reject it';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  if (refresh() === 0) pick.placeholder = 'No proposed changes in this run yet';
  return new Promise((resolve) => {
    const subs = [
      pick.onDidTriggerItemButton(async ({ item, button }) => {
        if (!item.target) return;
        await decide(item.target, button === ACCEPT ? 'accepted' : 'rejected');
        refresh();
      }),
      pick.onDidAccept(async () => {
        const target = pick.selectedItems[0]?.target;
        pick.hide();
        if (target) await open(target);
      }),
      ...(changed ? [changed(() => refresh())] : []),
      pick.onDidHide(() => {
        for (const s of subs) s.dispose();
        pick.dispose();
        resolve();
      }),
    ];
    pick.show();
  });
}

/**
 * Picks a task with proposals; undefined when dismissed or there is none. `rejecting`: each task
 * names the accepted tasks that depend on it, before the user rejects it.
 */
export async function pickTask(state: RunState | undefined, placeHolder: string, rejecting = false): Promise<string | undefined> {
  const tree = state ? reviewTree(state) : [];
  if (tree.length === 0) {
    void vscode.window.showInformationMessage('No task of this run has proposed changes yet.');
    return undefined;
  }
  const counts = rejecting && state ? decisionCounts(state) : new Map<string, TaskDecisionCounts>();
  const choice = await vscode.window.showQuickPick(
    tree.map((t) => ({
      label: `${t.taskId} · ${t.role}`,
      description: t.title,
      detail: `${t.files.length} file${t.files.length === 1 ? '' : 's'} · ${verdictText(t.verdict, t.files.flatMap((f) => f.hunks))}${rejecting && state ? dependentsNote(state, t.taskId, counts) : ''}`,
      taskId: t.taskId,
    })),
    { placeHolder },
  );
  return choice?.taskId;
}

function dependentsNote(state: RunState, taskId: string, counts: ReadonlyMap<string, TaskDecisionCounts>): string {
  const names = acceptedDependentsOf(state, taskId, counts).map((id) => taskName(state, id));
  return names.length === 0 ? '' : ` · $(warning) accepted ${names.join(', ')} ${names.length === 1 ? 'depends' : 'depend'} on it`;
}

/**
 * Opens the diff editor of one proposed file: left the text the task built on, right its proposal.
 * `selection` (in the proposal) moves its cursor there and reveals it, also when the diff is already open.
 */
export async function openDiff(state: RunState | undefined, target: FileTarget, selection?: vscode.Range): Promise<boolean> {
  const task = state?.tasks[target.taskId];
  if (!state || !task?.changes.some((c) => c.path === target.path)) {
    void vscode.window.showWarningMessage(`Task ${target.taskId} of the open run proposes no change to ${target.path}.`);
    return false;
  }
  const ref = { runId: state.runId, taskId: target.taskId, path: target.path };
  await vscode.commands.executeCommand(
    'vscode.diff',
    proposalUri({ ...ref, side: 'base' }),
    proposalUri({ ...ref, side: 'proposed' }),
    diffTitle(target.path, target.taskId, task.task.role, diffStatus(state, target.taskId, target.path)),
    { preview: true, ...(selection ? { selection } : {}) } satisfies vscode.TextDocumentShowOptions,
  );
  return true;
}
