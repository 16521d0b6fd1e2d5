/**
 * The Review Changes quick pick: every file of the run's proposals, grouped by task, with its
 * +/− counts and decision; choosing one opens its diff, the item buttons accept or reject it.
 * Also the task picker behind Accept/Reject Task.
 */
import * as vscode from 'vscode';
import { reviewTree, type ReviewFile, type ReviewTask, type Verdict } from '../../core/review/tree';
import type { RunState } from '../../core/run/reduce';
import type { ReviewDecision } from '../../core/run/reviewEvents';
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

/**
 * Shows the run's changes; resolves when the pick closes. `decide` records a decision from an
 * item button (the list refreshes from the new state), `open` opens the chosen file's diff.
 */
export function showReviewPick(
  state: () => RunState | undefined,
  decide: (target: FileTarget, decision: ReviewDecision) => Promise<void>,
  open: (target: FileTarget) => Promise<void>,
): Promise<void> {
  const pick = vscode.window.createQuickPick<FileItem>();
  const refresh = (): number => {
    const current = state();
    const tree = current ? reviewTree(current) : [];
    const all = items(tree);
    const active = pick.activeItems[0]?.target;
    pick.items = all;
    const again = active && all.find((i) => i.target?.taskId === active.taskId && i.target.path === active.path);
    if (again) pick.activeItems = [again];
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
      pick.onDidHide(() => {
        for (const s of subs) s.dispose();
        pick.dispose();
        resolve();
      }),
    ];
    pick.show();
  });
}

/** Picks a task with proposals; undefined when dismissed or there is none. */
export async function pickTask(state: RunState | undefined, placeHolder: string): Promise<string | undefined> {
  const tree = state ? reviewTree(state) : [];
  if (tree.length === 0) {
    void vscode.window.showInformationMessage('No task of this run has proposed changes yet.');
    return undefined;
  }
  const choice = await vscode.window.showQuickPick(
    tree.map((t) => ({
      label: `${t.taskId} · ${t.role}`,
      description: t.title,
      detail: `${t.files.length} file${t.files.length === 1 ? '' : 's'} · ${verdictText(t.verdict, t.files.flatMap((f) => f.hunks))}`,
      taskId: t.taskId,
    })),
    { placeHolder },
  );
  return choice?.taskId;
}

/** Opens the diff editor of one proposed file: left the text the task built on, right its proposal. */
export async function openDiff(state: RunState | undefined, target: FileTarget): Promise<boolean> {
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
    diffTitle(target.path, target.taskId, task.task.role),
    { preview: true } satisfies vscode.TextDocumentShowOptions,
  );
  return true;
}
