/**
 * Planning a roll-back to a checkpoint: per file, what brings it back to its text before the
 * apply, and whether someone changed it since the apply (then the caller asks before
 * overwriting: a roll-back must not silently eat later work).
 */
import type { CurrentFile } from './applyPlan';

export interface CheckpointedFile {
  readonly path: string;
  /** The text before the apply (undefined: the apply created the file). */
  readonly before: string | undefined;
  /** What the apply left (undefined: the apply deleted the file). */
  readonly after: string | undefined;
}

/**
 * restore: put the old text back into the existing file; recreate: the file is gone, write it
 * again; delete: the apply created it; none: it already holds its old text.
 */
export type RollbackAction = 'restore' | 'recreate' | 'delete' | 'none';

export interface RollbackStep {
  readonly path: string;
  readonly action: RollbackAction;
  /** Its text now differs from what the apply left. */
  readonly changedSinceApply: boolean;
}

export interface RollbackPlan {
  readonly steps: readonly RollbackStep[];
  /** Paths whose later changes the roll-back would overwrite. */
  readonly changed: readonly string[];
}

export function planRollback(files: readonly CheckpointedFile[], currentOf: (path: string) => CurrentFile): RollbackPlan {
  const steps = files.map((file): RollbackStep => {
    const now = currentOf(file.path);
    const exists = now.binary === true || now.text !== undefined;
    const changedSinceApply = now.binary === true || now.text !== file.after;
    if (!now.binary && now.text === file.before) return { path: file.path, action: 'none', changedSinceApply: false };
    if (file.before === undefined) return { path: file.path, action: 'delete', changedSinceApply };
    return { path: file.path, action: exists ? 'restore' : 'recreate', changedSinceApply };
  });
  return { steps, changed: steps.filter((s) => s.action !== 'none' && s.changedSinceApply).map((s) => s.path) };
}
