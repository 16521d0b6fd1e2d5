/** What the attribution needs to know of the run's proposals: who changed which file, and where. */
import type { ChangeSet } from '../changes/changeSet';
import type { FinalFile } from '../changes/final';
import { computeFileDiff, type FileDiff } from '../changes/hunks';
import type { AttributionInput } from './execution';
import type { RunSession } from '../run/session';
import type { ChangedFile } from './attribute';
import { ownershipOf } from './ownership';

/** 1-based lines of the new version that the diff added or modified. */
export function addedLines(diff: FileDiff): number[] {
  const lines: number[] = [];
  for (const hunk of diff.hunks) {
    let line = hunk.newStart;
    for (const text of hunk.lines) {
      if (text.startsWith('+')) lines.push(line++);
      else if (text.startsWith(' ')) line++;
    }
  }
  return lines;
}

/**
 * Each changed path maps to the last task (in settling order) that changed it, with the lines its
 * change added; test files written by a QA-role task map to that task as their owner.
 */
export function attributionInput(changes: ChangeSet, settledOrder: readonly string[], roleOf: (taskId: string) => string | undefined, finals?: readonly FinalFile[]): AttributionInput {
  const changedFiles = new Map<string, ChangedFile>();
  const testFileOwners = new Map<string, string>();
  for (const taskId of settledOrder) {
    const isQa = roleOf(taskId) === 'qa';
    for (const [path, change] of changes.changes(taskId)) {
      const diff = computeFileDiff(path, change.base, change.content);
      changedFiles.set(path, { taskId, changedLines: addedLines(diff) });
      if (isQa) testFileOwners.set(path, taskId);
    }
  }
  return { changedFiles, testFileOwners, ...(finals ? { ownership: ownershipOf(finals, changes, settledOrder) } : {}) };
}

/** Each task's role, as the run's plan says. */
export function roleIn(session: RunSession): (taskId: string) => string | undefined {
  return (taskId) => session.state.tasks[taskId]?.task.role;
}
