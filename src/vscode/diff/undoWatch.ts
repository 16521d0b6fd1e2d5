/**
 * An apply is one WorkspaceEdit, and so is a roll-back: one editor Undo or Redo can take either
 * back. The run's record follows the files: when an Undo or Redo touches a file of the last apply
 * made in this window and every file of that apply is back to its text from before, a standing
 * apply is recorded as rolled back; when every file holds what the apply wrote again, a rolled
 * back apply is recorded as applied again. The review then counts, and Roll Back offers, what
 * is really in the files. Either way a notification says what the one Undo or Redo did across
 * files (undoSummary.ts): VS Code lets no extension ask before an Undo, so Squad tells after.
 */
import * as vscode from 'vscode';
import { planRollback } from '../../core/review/rollbackPlan';
import type { ApplyRecord } from '../../core/run/reviewState';
import type { CurrentFile } from '../../core/review/applyPlan';
import type { CheckpointStore, LoadedCheckpoint } from '../../node/checkpoints';
import type { Services } from '../services';
import { beforeText } from './rollback';
import { undoSummary } from './undoSummary';
import { readFileNow, workspaceRoot } from './workspaceFiles';

/** An Undo of a multi-file edit arrives as one change event per file: look once they are all in. */
const SETTLE_MS = 300;

export interface UndoWatch extends vscode.Disposable {
  /** An apply made in this window: only those can be undone here (the undo stack is per window). */
  applied(checkpointId: string): void;
}

export function watchUndoneApplies(services: Services, store: () => CheckpointStore | undefined, busy: () => boolean): UndoWatch {
  const appliedHere = new Set<string>();
  // Applies this window's host makes (by command or by apply-when-tests-pass) are this window's to follow.
  const events = services.host.onDidEvent(({ event }) => {
    if (event.type === 'changes.applied') appliedHere.add(event.checkpointId);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lastApply = (): ApplyRecord | undefined => {
    if (appliedHere.size === 0) return undefined;
    const last = services.host.state?.review.applies.at(-1);
    return last && appliedHere.has(last.checkpointId) ? last : undefined;
  };
  const check = async (): Promise<void> => {
    timer = undefined;
    // An apply or roll-back in progress changes these files itself.
    if (busy()) return;
    const root = workspaceRoot();
    const last = lastApply();
    const checkpoints = store();
    if (!root || !last || !checkpoints) return;
    const loaded = await checkpoints.read(last.checkpointId);
    if (!loaded) return;
    const side = await filesMatch(root, loaded);
    if (side === 'before' && !last.rolledBack) {
      services.log.info(`an editor Undo took apply ${last.checkpointId} back: marked rolled back`);
      await services.host.recordRolledBack(last.checkpointId, []);
      // One Undo took back every file of the apply (created files are gone): say so, never silently.
      void vscode.window.showInformationMessage(`Squad: ${undoSummary(last.files, 'undo')}`);
    } else if (side === 'after' && last.rolledBack) {
      services.log.info(`an editor Undo/Redo brought apply ${last.checkpointId} back: marked applied`);
      await services.host.recordApplied({ checkpointId: last.checkpointId, ...(last.gitRef ? { gitRef: last.gitRef } : {}), files: [...last.files], hunks: [...last.hunks] });
      void vscode.window.showInformationMessage(`Squad: ${undoSummary(last.files, 'redo')}`);
    }
  };
  const listener = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.reason !== vscode.TextDocumentChangeReason.Undo && event.reason !== vscode.TextDocumentChangeReason.Redo) return;
    const last = lastApply();
    const rel = vscode.workspace.asRelativePath(event.document.uri, false);
    if (!last?.files.some((f) => f.path === rel)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      check().catch((err: unknown) => services.log.warn(`could not check an Undo against the last apply: ${err instanceof Error ? err.message : String(err)}`));
    }, SETTLE_MS);
  });
  return {
    applied: (checkpointId) => appliedHere.add(checkpointId),
    dispose: () => {
      if (timer) clearTimeout(timer);
      listener.dispose();
      events.dispose();
    },
  };
}

/**
 * Whether every file of the checkpoint holds its text from before the apply, or what the apply
 * wrote: the roll-back's own plan says so (nothing to restore, or nothing changed since the apply).
 */
async function filesMatch(root: vscode.Uri, loaded: LoadedCheckpoint): Promise<'before' | 'after' | undefined> {
  const now = new Map<string, CurrentFile>();
  for (const file of loaded.checkpoint.files) now.set(file.path, (await readFileNow(root, file.path)).current);
  const { steps } = planRollback(
    // A file that had unsaved text before the apply gets that text back from the Undo.
    loaded.checkpoint.files.map((f) => ({ path: f.path, before: f.unsaved ?? beforeText(loaded, f.path), after: f.after ?? undefined })),
    (p) => now.get(p)!,
  );
  if (steps.every((s) => s.action === 'none')) return 'before';
  if (steps.every((s) => s.action !== 'none' && !s.changedSinceApply)) return 'after';
  return undefined;
}
