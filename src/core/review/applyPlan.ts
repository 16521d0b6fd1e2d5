/**
 * Deciding, per file, what an apply writes. The selection says what the accepted hunks make of
 * the text the agents read (`original`); the workspace may have moved on since (the user edited,
 * saved, deleted). A file still as the agents read it is written; a file the user changed
 * elsewhere gets the accepted change merged three-way onto the user's text; anything else stops
 * the whole apply before a byte is written, with the files and lines named.
 */
import { merge3, type MergeConflict } from '../changes/merge';
import { unencodableChars, type TextEncodingName } from '../tools/text';
import type { Selection } from './selection';

/** A file as it is now: the editor's unsaved text when there is some, else the disk's. */
export interface CurrentFile {
  /** The text; undefined when the file does not exist. */
  readonly text: string | undefined;
  /** It exists but is not text (it cannot be merged or compared). */
  readonly binary?: boolean;
  /** Its encoding when known: a windows-1252 file cannot hold every character. */
  readonly encoding?: TextEncodingName;
  /** Where the text came from, for messages. */
  readonly source?: 'disk' | 'editor';
}

export type FileAction = 'created' | 'modified' | 'deleted';

export interface PlannedWrite {
  readonly path: string;
  readonly action: FileAction;
  /** What the agents read (undefined: absent). */
  readonly original: string | undefined;
  /** What is there now (undefined: absent). */
  readonly current: string | undefined;
  /** What the apply leaves (undefined: the file is deleted). */
  readonly content: string | undefined;
  /** The user's own changes were kept by a three-way merge. */
  readonly merged: boolean;
}

export interface LineRange {
  /** 1-based, in the current text; end = start - 1 marks a point between lines. */
  readonly start: number;
  readonly end: number;
}

export interface Refusal {
  readonly path: string;
  readonly reason: string;
  /** Where the accepted change and the user's change overlap, in the current text. */
  readonly lines: readonly LineRange[];
}

export interface ApplyPlan {
  readonly writes: readonly PlannedWrite[];
  /** Files that already hold what the apply would write. */
  readonly unchanged: readonly string[];
  /** Non-empty: nothing may be written. */
  readonly refusals: readonly Refusal[];
  /** The accepted hunks the apply carries. */
  readonly hunks: Selection['hunks'];
}

export function planApply(selection: Selection, currentOf: (path: string) => CurrentFile): ApplyPlan {
  const writes: PlannedWrite[] = [];
  const unchanged: string[] = [];
  const refusals: Refusal[] = selection.conflicts.map((c) => ({
    path: c.path,
    reason: `an accepted change of task ${c.taskId} overlaps another accepted change (${c.lines}); reject one of them`,
    lines: [],
  }));
  for (const file of selection.files) {
    const decision = decide(file.path, file.original, file.content, currentOf(file.path));
    if (decision.kind === 'write') writes.push(decision.write);
    else if (decision.kind === 'unchanged') unchanged.push(file.path);
    else refusals.push(decision.refusal);
  }
  return { writes, unchanged, refusals, hunks: selection.hunks };
}

type Decision = { kind: 'write'; write: PlannedWrite } | { kind: 'unchanged' } | { kind: 'refuse'; refusal: Refusal };

function decide(path: string, original: string | undefined, content: string | undefined, now: CurrentFile): Decision {
  const refuse = (reason: string, lines: readonly LineRange[] = []): Decision => ({ kind: 'refuse', refusal: { path, reason, lines } });
  if (now.binary) return refuse('it is no longer a text file');
  const current = now.text;
  const where = now.source === 'editor' ? 'in the editor (unsaved)' : 'on disk';
  if (current === content) return { kind: 'unchanged' };

  let target: string | undefined;
  let merged = false;
  if (current === original) {
    target = content;
  } else if (current === undefined) {
    return refuse('it was deleted since the agents read it');
  } else if (original === undefined) {
    return refuse(`it was created ${where} after the agents proposed creating it`);
  } else if (content === undefined) {
    return refuse(`it was changed ${where} since the agents read it, and the accepted change deletes it`);
  } else {
    const result = merge3(original, current, content);
    if (!result.ok) {
      return refuse(`it was changed ${where} since the agents read it, and the changes overlap`, result.conflicts.map(conflictLines));
    }
    target = result.content;
    merged = true;
    if (target === current) return { kind: 'unchanged' };
  }

  if (target !== undefined && now.encoding) {
    const bad = unencodableChars(target, now.encoding);
    if (bad.length > 0) return refuse(`its ${now.encoding === 'latin1' ? 'windows-1252' : now.encoding} encoding cannot hold ${bad.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  const action: FileAction = target === undefined ? 'deleted' : current === undefined ? 'created' : 'modified';
  return { kind: 'write', write: { path, action, original, current, content: target, merged } };
}

function conflictLines(c: MergeConflict): LineRange {
  return { start: c.startLine, end: c.endLine };
}

export function formatLines(lines: readonly LineRange[]): string {
  return lines.map((l) => (l.end < l.start ? `after line ${l.end}` : l.end === l.start ? `line ${l.start}` : `lines ${l.start}–${l.end}`)).join(', ');
}

/** One line per refused file, for the message that stops the apply. */
export function describeRefusals(refusals: readonly Refusal[]): string[] {
  return refusals.map((r) => `${r.path}: ${r.reason}${r.lines.length > 0 ? ` (${formatLines(r.lines)})` : ''}.`);
}
