/**
 * Which task wrote which line of the files the tests ran on. Several tasks may change one file
 * (their changes are layered in the order they settled), so "the last task that touched the
 * file" is not enough: a failure on line 40 belongs to whoever wrote line 40. Line numbers are
 * those of the final text, where stack frames and coverage point.
 */
import type { ChangeSet } from '../changes/changeSet';
import type { FinalFile } from '../changes/final';
import { computeFileDiff, type FileDiff } from '../changes/hunks';

export interface FileOwnership {
  readonly path: string;
  /** Final-text line → the task that wrote it: added and modified lines, and the lines around a deletion. */
  readonly lines: ReadonlyMap<number, string>;
  /** The tasks that changed the file, in the order they settled. */
  readonly tasks: readonly string[];
  /** The workspace text before any task (undefined: a task created the file). */
  readonly original: string | undefined;
  /** The text the tests ran on (undefined: a task deleted the file). */
  readonly final: string | undefined;
  /** Each task's own added and removed lines in this file: the names a crash site shares with a change. */
  readonly byTask: ReadonlyMap<string, { readonly added: readonly string[]; readonly removed: readonly string[] }>;
}

export function ownershipOf(finals: readonly FinalFile[], changes: ChangeSet, order: readonly string[]): Map<string, FileOwnership> {
  const out = new Map<string, FileOwnership>();
  for (const file of finals) {
    const tasks = order.filter((id) => changes.changes(id).has(file.path));
    if (tasks.length === 0) continue;
    const own = tasks.map((id) => {
      const c = changes.changes(id).get(file.path)!;
      return { id, diff: computeFileDiff(file.path, c.base, c.content) };
    });
    const byTask = new Map(own.map(({ id, diff }) => [id, { added: sideLines(diff, '+'), removed: sideLines(diff, '-') }]));
    out.set(file.path, { path: file.path, lines: lineOwners(file, own), tasks, original: file.original, final: file.content, byTask });
  }
  return out;
}

/** One task changing each file as a whole: the ownership `attributeFailures` assumes without a change set. */
export function wholeFileOwnership(path: string, taskId: string, changedLines: readonly number[] | undefined, final?: string): FileOwnership {
  const lines = final?.split('\n') ?? [];
  const added = (changedLines ?? []).map((l) => lines[l - 1] ?? '');
  return { path, lines: new Map((changedLines ?? []).map((l) => [l, taskId])), tasks: [taskId], original: undefined, final, byTask: new Map([[taskId, { added, removed: [] }]]) };
}

function sideLines(diff: FileDiff, sign: '+' | '-'): string[] {
  return diff.hunks.flatMap((h) => h.lines.filter((l) => l[0] === sign).map((l) => l.slice(1)));
}

function lineOwners(file: FinalFile, own: readonly { id: string; diff: FileDiff }[]): Map<number, string> {
  const owners = new Map<number, string>();
  if (file.content === undefined) return owners;
  const last = own[own.length - 1]!.id;
  const adders = (text: string): string => {
    for (let i = own.length - 1; i >= 0; i--) if (has(own[i]!.diff, '+', text)) return own[i]!.id;
    return last;
  };
  const removers = (text: string): string => {
    for (let i = own.length - 1; i >= 0; i--) if (has(own[i]!.diff, '-', text)) return own[i]!.id;
    return last;
  };
  const total = computeFileDiff(file.path, file.original, file.content);
  for (const hunk of total.hunks) {
    let line = hunk.newStart;
    // A run of removed lines with no added line is a deletion: it has no line of its own.
    let removed: string | undefined;
    let added = false;
    const endRun = () => {
      if (removed !== undefined && !added) markDeletion(owners, line, removers(removed));
      removed = undefined;
      added = false;
    };
    for (const text of hunk.lines) {
      if (text.startsWith('+')) {
        owners.set(line, adders(text.slice(1)));
        added = true;
        line++;
      } else if (text.startsWith('-')) {
        removed ??= text.slice(1);
      } else if (text.startsWith(' ')) {
        endRun();
        line++;
      }
    }
    endRun();
  }
  return owners;
}

/** A deletion has no line of its own: the lines on either side of where it was stand for it. */
function markDeletion(owners: Map<number, string>, lineAfter: number, taskId: string): void {
  for (const l of [lineAfter - 1, lineAfter]) if (l >= 1 && !owners.has(l)) owners.set(l, taskId);
}

function has(diff: FileDiff, sign: '+' | '-', text: string): boolean {
  return diff.hunks.some((h) => h.lines.some((l) => l[0] === sign && l.slice(1) === text));
}
