/**
 * Roll Back Last Apply: brings every file the last standing apply touched back to its checkpoint,
 * exactly (bytes), as one WorkspaceEdit: files it created are deleted, files it deleted come back,
 * the others get their old text. Files changed since the apply are only overwritten after the
 * user says so. A file that had unsaved editor text before the apply gets that text back, unsaved.
 */
import * as vscode from 'vscode';
import { planRollback, type RollbackStep } from '../../core/review/rollbackPlan';
import type { ApplyRecord } from '../../core/run/reviewState';
import { decodeText } from '../../core/tools/text';
import type { CheckpointStore, LoadedCheckpoint } from '../../node/checkpoints';
import type { Services } from '../services';
import { loadedState } from './hostState';
import { documentToEdit, openDocument, readDisk, readFileNow, sameBytes, wholeDocument, workspaceRoot, type FileNow } from './workspaceFiles';

/** What to do about files changed since the apply: ask (modal), overwrite them, or stop. */
export type IfChanged = 'ask' | 'overwrite' | 'cancel';

export type RollbackOutcome =
  | { readonly kind: 'rolledBack'; readonly checkpointId: string; readonly files: readonly string[] }
  /** Stopped before writing: these files changed since the apply. */
  | { readonly kind: 'cancelled'; readonly changed: readonly string[] }
  | { readonly kind: 'nothing'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export function lastStandingApply(applies: readonly ApplyRecord[]): ApplyRecord | undefined {
  return [...applies].reverse().find((a) => !a.rolledBack);
}

export async function rollBack(services: Services, store: CheckpointStore | undefined, ifChanged: IfChanged = 'ask'): Promise<RollbackOutcome> {
  const state = await loadedState(services.host);
  const last = state && lastStandingApply(state.review.applies);
  if (!last || !workspaceRoot() || !store) return tell({ kind: 'nothing', reason: 'There is no apply of this run to roll back.' });
  return rollBackCheckpoint(services, store, last, ifChanged, (files) => services.host.recordRolledBack(last.checkpointId, files));
}

/**
 * Rolls back one apply by its checkpoint (the last of the active run, or any apply of the history:
 * applyHistoryPick.ts); `record` journals the roll-back in the run that made the apply.
 */
export async function rollBackCheckpoint(
  services: Services,
  store: CheckpointStore,
  last: Pick<ApplyRecord, 'checkpointId'>,
  ifChanged: IfChanged,
  record: (files: readonly string[]) => Promise<void>,
): Promise<RollbackOutcome> {
  const { log } = services;
  const root = workspaceRoot();
  if (!root) return tell({ kind: 'nothing', reason: 'Open the workspace folder to roll back an apply.' });

  const loaded = await store.read(last.checkpointId);
  if (!loaded) {
    // Its git copy went with it: the private ref is removed together with the stored copy.
    const reason = `The checkpoint ${last.checkpointId} is not in Squad's storage any more (Squad keeps the most recent ones).`;
    void vscode.window.showErrorMessage(reason);
    return { kind: 'failed', reason };
  }
  const files = loaded.checkpoint.files;
  const now = new Map<string, FileNow>();
  for (const f of files) now.set(f.path, await readFileNow(root, f.path));
  const plan = planRollback(
    files.map((f) => ({ path: f.path, before: beforeText(loaded, f.path), after: f.after ?? undefined })),
    (p) => now.get(p)!.current,
  );

  if (plan.changed.length > 0) {
    const names = plan.changed.join(', ');
    let go = ifChanged === 'overwrite';
    if (ifChanged === 'ask') {
      const choice = await vscode.window.showWarningMessage(
        `${plan.changed.length === 1 ? 'A file' : `${plan.changed.length} files`} changed since the apply: ${names}.`,
        { modal: true, detail: 'Rolling back replaces those later changes with the text from before the apply. Undo can take the roll-back back.' },
        'Roll Back Anyway',
      );
      go = choice === 'Roll Back Anyway';
    }
    if (!go) return { kind: 'cancelled', changed: plan.changed };
  }

  const steps = plan.steps.filter((s) => s.action !== 'none');
  try {
    await restore(steps, loaded, now);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log.error(`roll back failed: ${reason}`);
    void vscode.window.showErrorMessage(`Squad could not roll back: ${reason}`);
    return { kind: 'failed', reason };
  }
  const restored = steps.map((s) => s.path);
  await record(restored);
  void vscode.window.showInformationMessage(
    restored.length === 0
      ? 'Squad: the files were already as they were before the apply (undone?); the apply is marked rolled back.'
      : `Squad rolled back ${restored.length} file${restored.length === 1 ? '' : 's'} to how they were before the apply.`,
  );
  return { kind: 'rolledBack', checkpointId: last.checkpointId, files: restored };
}

export function beforeText(loaded: LoadedCheckpoint, path: string): string | undefined {
  const bytes = loaded.before(path);
  if (bytes === undefined) return undefined;
  const decoded = decodeText(bytes);
  // Never the case for a file an apply wrote (it refuses binary files); compare as "different".
  return decoded.binary ? '\u0000binary' : decoded.text;
}

async function restore(steps: readonly RollbackStep[], loaded: LoadedCheckpoint, now: ReadonlyMap<string, FileNow>): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const restoredDocs: { doc: vscode.TextDocument; bytes: Uint8Array }[] = [];
  for (const step of steps) {
    const f = now.get(step.path)!;
    const bytes = loaded.before(step.path);
    if (step.action === 'delete') {
      edit.deleteFile(f.uri, { ignoreIfNotExists: true });
    } else if (bytes === undefined) {
      continue;
    } else if (step.action === 'recreate' || f.current.binary) {
      edit.createFile(f.uri, { contents: bytes, overwrite: step.action === 'restore' });
    } else {
      const decoded = decodeText(bytes);
      const doc = await documentToEdit(f.uri, decoded);
      edit.replace(f.uri, wholeDocument(doc), decoded.binary ? '' : decoded.text);
      restoredDocs.push({ doc, bytes });
    }
  }
  if (edit.size > 0 && !(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit.');
  // The edit can report success and leave a file it was to delete on disk (seen in code-server for a
  // file an apply had just created, alone in its roll-back): a created file must not outlive its roll-back.
  for (const step of steps) {
    const uri = now.get(step.path)!.uri;
    if (step.action === 'delete' && (await readDisk(uri)).bytes !== undefined) await vscode.workspace.fs.delete(uri);
  }

  const unsavedPaths: string[] = [];
  for (const { doc, bytes } of restoredDocs) {
    if (!(await doc.save().then((ok) => ok, () => false))) {
      unsavedPaths.push(vscode.workspace.asRelativePath(doc.uri));
      continue;
    }
    // Saving re-encodes the text (a file with mixed line endings comes back normalised): put the
    // exact bytes back. The document is saved, so nothing unsaved is written behind.
    if (!doc.isDirty && !sameBytes((await readDisk(doc.uri)).bytes, bytes)) await vscode.workspace.fs.writeFile(doc.uri, bytes);
  }
  if (unsavedPaths.length > 0) {
    void vscode.window.showWarningMessage(`Squad restored ${unsavedPaths.join(', ')} in the editor, but could not save: save to finish the roll-back.`);
  }
  // The editor text the user had not saved before the apply comes back, unsaved again.
  const unsaved = new vscode.WorkspaceEdit();
  for (const file of loaded.checkpoint.files) {
    const doc = file.unsaved !== undefined ? openDocument(now.get(file.path)!.uri) : undefined;
    if (doc && file.unsaved !== undefined && doc.getText() !== file.unsaved) unsaved.replace(doc.uri, wholeDocument(doc), file.unsaved);
  }
  if (unsaved.size > 0) await vscode.workspace.applyEdit(unsaved);
}

function tell<T extends { kind: 'nothing'; reason: string }>(outcome: T): T {
  void vscode.window.showInformationMessage(outcome.reason);
  return outcome;
}
