/**
 * The editor's side of the core's one apply (src/core/review/applyRun.ts): files are read as the
 * user has them (an open editor's unsaved text wins over the disk), and written as ONE
 * WorkspaceEdit (create, delete, replace the whole document), so one Undo takes the whole apply
 * back; edits go through the documents, never behind an editor's unsaved text, and the touched
 * documents are saved afterwards. Checkpoints live in the workspace's storage.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlannedWrite } from '../../core/review/applyPlan';
import type { ApplyPorts } from '../../core/review/applyRun';
import { encodeText } from '../../core/tools/text';
import { createCheckpointStore, type CheckpointStore } from '../../node/checkpoints';
import { documentToEdit, readFileNow, wholeDocument, workspaceRoot, type FileNow } from './workspaceFiles';

export interface EditorApplyDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: { warn(line: string): void };
  /** How many checkpoints to keep (squad.checkpointsToKeep). */
  readonly keep: () => number;
}

const stores = new Map<string, CheckpointStore>();

/** The workspace's checkpoint store (one per folder and storage, shared by apply, roll back and the undo watch). */
export function workspaceCheckpoints(deps: EditorApplyDeps): CheckpointStore | undefined {
  const root = workspaceRoot();
  if (!root || root.scheme !== 'file') return undefined;
  const storage = deps.context.storageUri ?? deps.context.globalStorageUri;
  const dir = path.join(storage.fsPath, 'checkpoints');
  const keep = deps.keep();
  const key = `${dir}\0${root.fsPath}\0${keep}`;
  let store = stores.get(key);
  if (!store) {
    store = createCheckpointStore({ dir, workspaceRoot: root.fsPath, keep, warn: (m) => deps.log.warn(m) });
    stores.set(key, store);
  }
  return store;
}

export function editorApplyPorts(deps: EditorApplyDeps): ApplyPorts | undefined {
  const root = workspaceRoot();
  const store = workspaceCheckpoints(deps);
  if (!root || !store) return undefined;
  const seen = new Map<string, FileNow>();
  return {
    async read(rel) {
      const now = await readFileNow(root, rel);
      seen.set(rel, now);
      return { current: now.current, bytes: now.bytes, ...(now.dirty && now.current.text !== undefined ? { unsaved: now.current.text } : {}) };
    },
    checkpoints: store,
    async write(writes) {
      const docs = await writeAll(writes, seen);
      // The edit stands from here on (Undo takes it back): a document that cannot be saved keeps it unsaved.
      for (const doc of docs) {
        if (!(await doc.save().then((ok) => ok, () => false))) {
          const rel = vscode.workspace.asRelativePath(doc.uri);
          deps.log.warn(`apply: ${rel} could not be saved`);
          void vscode.window.showWarningMessage(`Squad applied the change to ${rel}, but it could not be saved: it is in its editor, unsaved.`);
        }
      }
    },
  };
}

/** One WorkspaceEdit for every file; returns the documents it edited (to be saved). */
async function writeAll(writes: readonly PlannedWrite[], now: ReadonlyMap<string, FileNow>): Promise<vscode.TextDocument[]> {
  const edit = new vscode.WorkspaceEdit();
  const docs: vscode.TextDocument[] = [];
  for (const w of writes) {
    const f = now.get(w.path);
    if (!f) throw new Error(`${w.path} was not read before the apply.`);
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
