/**
 * An editor Undo can take a whole apply back (it was one WorkspaceEdit). When an Undo touches a
 * file of the last standing apply and every file of that apply is back to its text from before,
 * the apply no longer stands: it is recorded as rolled back, so the review shows its changes as
 * accepted and not applied again, and Roll Back does not offer to take it back a second time.
 */
import * as vscode from 'vscode';
import { decodeText } from '../../core/tools/text';
import type { CheckpointStore } from '../../node/checkpoints';
import type { Services } from '../services';
import { lastStandingApply } from './rollback';
import { readFileNow, workspaceRoot } from './workspaceFiles';

/** An Undo of a multi-file edit arrives as one change event per file: look once they are all in. */
const SETTLE_MS = 300;

export interface UndoWatch extends vscode.Disposable {
  /** An apply made in this window: only those can be undone here (the undo stack is per window). */
  applied(checkpointId: string): void;
}

export function watchUndoneApplies(services: Services, store: () => CheckpointStore | undefined, busy: () => boolean): UndoWatch {
  const appliedHere = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lastApply = () => {
    if (appliedHere.size === 0) return undefined;
    const last = lastStandingApply(services.host.state?.review.applies ?? []);
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
    for (const file of loaded.checkpoint.files) {
      const now = (await readFileNow(root, file.path)).current;
      const bytes = loaded.before(file.path);
      const decoded = bytes === undefined ? undefined : decodeText(bytes);
      // A file that had unsaved text before the apply gets that text back from the Undo.
      const before = file.unsaved ?? (decoded && !decoded.binary ? decoded.text : undefined);
      if (now.binary || now.text !== before || (decoded?.binary ?? false)) return;
    }
    services.log.info(`an editor Undo took apply ${last.checkpointId} back: marked rolled back`);
    await services.host.recordRolledBack(last.checkpointId, []);
  };
  const listener = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.reason !== vscode.TextDocumentChangeReason.Undo) return;
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
    },
  };
}
