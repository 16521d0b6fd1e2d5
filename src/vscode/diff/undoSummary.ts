/**
 * What an editor Undo or Redo of a whole apply did, in one sentence. VS Code gives extensions no
 * way to ask before an Undo happens (the undo stack is the editor's), so Squad says afterwards
 * what the one Undo took back across files, and how to bring it back. Pure.
 */
import type { ApplyRecord } from '../../core/run/reviewState';

export function undoSummary(files: ApplyRecord['files'], direction: 'undo' | 'redo'): string {
  const count = (action: 'created' | 'modified' | 'deleted') => files.filter((f) => f.action === action).length;
  const modified = count('modified');
  const created = count('created');
  const deleted = count('deleted');
  const files_ = (n: number, what: string) => `${n} ${n === 1 ? 'file' : 'files'}${what}`;
  const created_ = (n: number, what: string) => `${n} created ${n === 1 ? 'file' : 'files'} ${what}`;
  const deleted_ = (n: number, what: string) => `${n} deleted ${n === 1 ? 'file' : 'files'} ${what}`;
  if (direction === 'undo') {
    const parts = [
      ...(modified > 0 ? [files_(modified, ' restored')] : []),
      ...(created > 0 ? [created_(created, 'removed')] : []),
      ...(deleted > 0 ? [deleted_(deleted, 'brought back')] : []),
    ];
    return `Undid Squad's apply: ${parts.join(', ')}. Redo brings it back; the review counts it as rolled back.`;
  }
  const parts = [
    ...(modified > 0 ? [files_(modified, ' changed again')] : []),
    ...(created > 0 ? [created_(created, 'back')] : []),
    ...(deleted > 0 ? [deleted_(deleted, 'deleted again')] : []),
  ];
  return `Redid Squad's apply: ${parts.join(', ')}. The review counts it as applied again.`;
}
