/**
 * Reviewing a run hunk by hunk from the keyboard in the diff editor: accept or reject the hunk at
 * the cursor (then on to the next undecided one, across the run's files), next / previous change,
 * next file; plus the lenses (hunkLenses.ts) and the command their clicks run. Every decision goes
 * through RunHost.decide, so the sidebar and the quick pick, which read the same state, follow.
 */
import * as vscode from 'vscode';
import { reviewTree } from '../../core/review/tree';
import { ReviewDecision, ReviewScope } from '../../core/run/reviewEvents';
import type { Services } from '../services';
import { loadedState } from './hostState';
import { registerHunkLenses } from './hunkLenses';
import { DECIDE_COMMAND } from './lensSpecs';
import { hunkAtCursor, nextChange, nextFile, runSpots, type Cursor, type FileSpots, type Stop } from './hunkSpots';
import { parseProposalUri } from './proposalUri';
import { openDiff } from './reviewPick';

export const HUNK_COMMANDS = {
  acceptHunk: 'squad.acceptHunk',
  rejectHunk: 'squad.rejectHunk',
  nextChange: 'squad.nextChange',
  previousChange: 'squad.previousChange',
  nextFile: 'squad.nextFile',
} as const;

const NO_RUN = 'No Squad run is open.';
const MESSAGE_MS = 5000;

/** The cursor of the focused proposal editor (either side of its diff), if that is where the user is. */
function activeCursor(): Cursor | undefined {
  const editor = vscode.window.activeTextEditor;
  const ref = editor && parseProposalUri(editor.document.uri);
  return ref && { taskId: ref.taskId, path: ref.path, side: ref.side, line: editor.selection.active.line };
}

/** `titlesSettled`: resolves once the diff tabs retitled after a decision are back (tabTitles.ts reopens them). */
export function registerHunkReview(services: Services, titlesSettled: () => Promise<void>): void {
  const { context, host, log } = services;

  const spots = async (): Promise<FileSpots[] | undefined> => {
    const state = await loadedState(host);
    if (!state) void vscode.window.showInformationMessage(NO_RUN);
    return state && runSpots(reviewTree(state));
  };

  const reveal = async (stop: Stop): Promise<void> => {
    // A decision just made may be closing and reopening this diff under a new title: move after it.
    await titlesSettled();
    const state = host.state;
    const line = stop.hunk?.proposed.anchor ?? 0;
    await openDiff(state, { taskId: stop.file.taskId, path: stop.file.path }, new vscode.Range(line, 0, line, 0));
    const all = state ? runSpots(reviewTree(state)).flatMap((f) => f.hunks) : [];
    const undecided = all.filter((h) => h.decision === 'undecided').length;
    const where = stop.hunk ? `change ${stop.file.hunks.indexOf(stop.hunk) + 1} of ${stop.file.hunks.length} in ${stop.file.path}` : stop.file.path;
    vscode.window.setStatusBarMessage(`Squad: ${where} (${stop.file.taskId}) · ${undecided} of ${all.length} undecided`, MESSAGE_MS);
  };

  const move = async (direction: 1 | -1): Promise<void> => {
    const files = await spots();
    if (!files) return;
    const stop = nextChange(files, activeCursor(), direction);
    if (!stop) {
      void vscode.window.showInformationMessage('This Squad run has no proposed changes to review.');
      return;
    }
    await reveal(stop);
    if (stop.allDecided) vscode.window.setStatusBarMessage('Squad: every change of this run is decided; Apply Accepted Changes writes the accepted ones.', MESSAGE_MS);
  };

  const decideAtCursor = async (decision: ReviewDecision): Promise<void> => {
    const files = await spots();
    if (!files) return;
    const cursor = activeCursor();
    const hunk = cursor && hunkAtCursor(files, cursor);
    if (!cursor || !hunk) {
      // Nothing is decided on a guess: the user moves to a change first.
      void vscode.window.showInformationMessage('Squad: the cursor is not on a proposed change. Next Change (Alt+.) moves to one.');
      return;
    }
    await host.decide({ kind: 'hunk', taskId: cursor.taskId, path: cursor.path, hunkId: hunk.hunkId }, decision);
    // On to the next undecided change, in this file or the next, as a keyboard review expects.
    const state = host.state;
    const next = state && nextChange(runSpots(reviewTree(state)), cursor, 1);
    if (next && !next.allDecided) await reveal(next);
    else vscode.window.setStatusBarMessage(`Squad: ${decision} — every change of this run is decided; Apply Accepted Changes writes the accepted ones.`, MESSAGE_MS);
  };

  const decideFromLens = async (scope: unknown, decision: unknown): Promise<void> => {
    // The lens's arguments, checked like any other input: a stale or foreign call records nothing.
    const parsedScope = ReviewScope.safeParse(scope);
    const parsedDecision = ReviewDecision.safeParse(decision);
    if (!parsedScope.success || !parsedDecision.success) throw new Error(`${DECIDE_COMMAND} needs a review scope and a decision.`);
    if (!(await loadedState(host))) {
      void vscode.window.showInformationMessage(NO_RUN);
      return;
    }
    await host.decide(parsedScope.data, parsedDecision.data);
  };

  const command = (id: string, run: (...args: unknown[]) => Promise<void>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Squad: ${message}`);
      }
    });

  context.subscriptions.push(
    registerHunkLenses(host),
    command(DECIDE_COMMAND, decideFromLens),
    command(HUNK_COMMANDS.acceptHunk, () => decideAtCursor('accepted')),
    command(HUNK_COMMANDS.rejectHunk, () => decideAtCursor('rejected')),
    command(HUNK_COMMANDS.nextChange, () => move(1)),
    command(HUNK_COMMANDS.previousChange, () => move(-1)),
    command(HUNK_COMMANDS.nextFile, async () => {
      const files = await spots();
      if (!files) return;
      const stop = nextFile(files, activeCursor(), 1);
      if (stop) await reveal(stop);
      else void vscode.window.showInformationMessage('This Squad run has no proposed changes to review.');
    }),
  );
}
