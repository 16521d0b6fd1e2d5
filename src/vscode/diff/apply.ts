/**
 * Apply Accepted Changes: the accepted hunks become ONE WorkspaceEdit (create, delete, replace
 * the whole document), so one Undo takes the whole apply back. Before it, a checkpoint keeps the
 * exact bytes of every file it touches. Edits go through the documents, never behind an editor's
 * unsaved text; the touched documents are saved afterwards.
 */
import * as vscode from 'vscode';
import { describeRefusals, planApply, type PlannedWrite } from '../../core/review/applyPlan';
import { acceptedSelection } from '../../core/review/selection';
import { encodeText } from '../../core/tools/text';
import type { CheckpointStore } from '../../node/checkpoints';
import type { Services } from '../services';
import { loadedState } from './hostState';
import { documentToEdit, readFileNow, wholeDocument, workspaceRoot, type FileNow } from './workspaceFiles';

export type ApplyOutcome =
  | { readonly kind: 'applied'; readonly checkpointId: string; readonly gitRef?: string; readonly files: readonly { path: string; action: string; merged: boolean }[] }
  /** Nothing written: these files need the user first (one line each, naming the lines). */
  | { readonly kind: 'refused'; readonly problems: readonly string[] }
  | { readonly kind: 'nothing'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export async function applyAccepted(services: Services, store: CheckpointStore | undefined): Promise<ApplyOutcome> {
  const { host, log } = services;
  const state = await loadedState(host);
  const root = workspaceRoot();
  if (!state) return tell({ kind: 'nothing', reason: 'No Squad run is open.' });
  if (!root || !store) return tell({ kind: 'nothing', reason: 'Open a folder to apply changes to.' });

  const selection = acceptedSelection(state);
  if (selection.files.length === 0 && selection.conflicts.length === 0) {
    return tell({ kind: 'nothing', reason: 'Nothing is accepted yet: accept changes first (Squad: Review Changes).' });
  }
  const now = new Map<string, FileNow>();
  for (const file of selection.files) now.set(file.path, await readFileNow(root, file.path));
  const plan = planApply(selection, (p) => now.get(p)!.current);

  if (plan.refusals.length > 0) {
    const problems = describeRefusals(plan.refusals);
    for (const p of problems) log.warn(`apply refused: ${p}`);
    const count = plan.refusals.length === 1 ? 'a file needs' : `${plan.refusals.length} files need`;
    void vscode.window
      .showErrorMessage(`Squad applied nothing: ${count} your attention. ${problems.join(' ')} Reject that change or undo your edit there, then apply again.`, 'Review Changes')
      .then((choice) => choice && vscode.commands.executeCommand('squad.reviewChanges'));
    return { kind: 'refused', problems };
  }
  if (plan.writes.length === 0) return tell({ kind: 'nothing', reason: 'The accepted changes are already in the workspace.' });

  const checkpoint = await store.create(
    state.runId,
    plan.writes.map((w) => {
      const f = now.get(w.path)!;
      return { path: w.path, before: f.bytes, after: w.content, ...(f.dirty && f.current.text !== undefined ? { unsaved: f.current.text } : {}) };
    }),
  );
  log.info(`checkpoint ${checkpoint.id}${checkpoint.gitRef ? ` (${checkpoint.gitRef})` : ''}: ${plan.writes.length} file(s)`);
  let docs: vscode.TextDocument[];
  try {
    docs = await writeAll(plan.writes, now);
  } catch (err) {
    await store.remove(checkpoint.id);
    const reason = err instanceof Error ? err.message : String(err);
    log.error(`apply failed: ${reason}`);
    void vscode.window.showErrorMessage(`Squad applied nothing: ${reason}`);
    return { kind: 'failed', reason };
  }
  // The edit stands from here on (Undo takes it back): a document that cannot be saved keeps it unsaved.
  for (const doc of docs) {
    if (!(await doc.save().then((ok) => ok, () => false))) {
      const rel = vscode.workspace.asRelativePath(doc.uri);
      log.warn(`apply: ${rel} could not be saved`);
      void vscode.window.showWarningMessage(`Squad applied the change to ${rel}, but it could not be saved: it is in its editor, unsaved.`);
    }
  }

  const files = plan.writes.map((w) => ({ path: w.path, action: w.action, merged: w.merged }));
  await host.recordApplied({ type: 'changes.applied', checkpointId: checkpoint.id, ...(checkpoint.gitRef ? { gitRef: checkpoint.gitRef } : {}), files, hunks: [...plan.hunks] });
  const merged = files.filter((f) => f.merged).length;
  void vscode.window
    .showInformationMessage(`Squad applied ${files.length} file${files.length === 1 ? '' : 's'}${merged > 0 ? ` (${merged} merged with your edits)` : ''}. Undo or roll back any time.`, 'Roll Back')
    .then((choice) => choice && vscode.commands.executeCommand('squad.rollBack'));
  return { kind: 'applied', checkpointId: checkpoint.id, ...(checkpoint.gitRef ? { gitRef: checkpoint.gitRef } : {}), files };
}

/** One WorkspaceEdit for every file; returns the documents it edited (to be saved). */
async function writeAll(writes: readonly PlannedWrite[], now: ReadonlyMap<string, FileNow>): Promise<vscode.TextDocument[]> {
  const edit = new vscode.WorkspaceEdit();
  const docs: vscode.TextDocument[] = [];
  for (const w of writes) {
    const f = now.get(w.path)!;
    if (w.action === 'created') {
      edit.createFile(f.uri, { contents: encodeText(w.content ?? '', 'utf8', false) });
    } else if (w.action === 'deleted') {
      edit.deleteFile(f.uri, { ignoreIfNotExists: true });
    } else {
      const doc = await documentToEdit(f.uri, f.decoded);
      // The user typed between our read and this edit: what we merged is stale.
      if (f.version !== undefined && doc.version !== f.version && doc.isDirty) throw new Error(`${w.path} changed while applying; apply again.`);
      edit.replace(f.uri, wholeDocument(doc), w.content ?? '');
      docs.push(doc);
    }
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit.');
  return docs;
}

function tell<T extends { kind: 'nothing'; reason: string }>(outcome: T): T {
  void vscode.window.showInformationMessage(outcome.reason);
  return outcome;
}
