import type { OverlayView } from '../changes/changeSet';
import type { FileView, ProposalResult } from '../tools';
import type { FileDiff } from '../changes/hunks';

/** Presents a task's overlay view of the change set to the tools. */
export function toolFileView(view: OverlayView, kindOf: (path: string) => 'created' | 'modified' | 'deleted'): FileView {
  return {
    read: (path) => view.read(path),
    async proposeEdit(path, edits) {
      const { diff, applied } = await view.proposeEdit(path, edits);
      const inexact = applied.map((a) => a.kind).find((k) => k !== 'exact' && k !== 'empty_file');
      return { ...counts(diff), ...(inexact ? { matchKind: inexact } : {}) };
    },
    createFile: async (path, content) => counts(await view.createFile(path, content)),
    deleteFile: async (path) => counts(await view.deleteFile(path)),
    changedPaths: () => view.listChangedPaths('visible').map((path) => ({ path, kind: kindOf(path) })),
  };
}

function counts(diff: FileDiff): ProposalResult {
  return { added: diff.added, removed: diff.removed };
}
