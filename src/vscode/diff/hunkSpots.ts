/**
 * Where each proposed hunk sits in the two documents of its diff, which hunk the cursor is in, and
 * which hunk or file comes next in the run. Pure (no vscode): the editor's lenses and keyboard
 * commands read the answers, the unit tests check them.
 */
import type { Hunk } from '../../core/changes/hunks';
import type { ReviewTask } from '../../core/review/tree';
import type { ReviewDecision } from '../../core/run/reviewEvents';
import type { ProposalSide } from './proposalUri';

/** 0-based lines of one side: the hunk's span (context included) and the line its change starts at. */
export interface SideLines {
  readonly start: number;
  readonly end: number;
  readonly anchor: number;
}

export interface HunkSpot {
  readonly hunkId: string;
  readonly decision: ReviewDecision;
  readonly base: SideLines;
  readonly proposed: SideLines;
}

export interface FileSpots {
  readonly taskId: string;
  readonly path: string;
  readonly hunks: readonly HunkSpot[];
}

/** A cursor in one document of a proposal's diff. */
export interface Cursor {
  readonly taskId: string;
  readonly path: string;
  readonly side: ProposalSide;
  /** 0-based line. */
  readonly line: number;
}

export interface Stop {
  readonly file: FileSpots;
  /** Undefined only for a file without hunks (nothing to reveal but its first line). */
  readonly hunk: HunkSpot | undefined;
}

/** The hunk's lines on both sides. The anchor is its first changed line (for a pure deletion: the line after it). */
export function hunkLines(hunk: Hunk): { base: SideLines; proposed: SideLines } {
  // jsdiff starts are 1-based; an empty side says 1 with 0 lines.
  let oldLine = Math.max(0, hunk.oldStart - 1);
  let newLine = Math.max(0, hunk.newStart - 1);
  let oldAnchor: number | undefined;
  let newAnchor: number | undefined;
  for (const line of hunk.lines) {
    const mark = line[0];
    if (mark === '\\') continue;
    if (mark !== ' ') {
      oldAnchor ??= oldLine;
      newAnchor ??= newLine;
    }
    if (mark !== '+') oldLine++;
    if (mark !== '-') newLine++;
  }
  const side = (start: number, count: number, anchor: number | undefined): SideLines => {
    const first = Math.max(0, start - 1);
    return { start: first, end: first + Math.max(count, 1) - 1, anchor: anchor ?? first };
  };
  return { base: side(hunk.oldStart, hunk.oldLines, oldAnchor), proposed: side(hunk.newStart, hunk.newLines, newAnchor) };
}

/** Every proposed file of the run in review order (task by task, files by path), hunks top to bottom. */
export function runSpots(tree: readonly ReviewTask[]): FileSpots[] {
  return tree.flatMap((task) =>
    task.files.map((file) => ({
      taskId: file.taskId,
      path: file.path,
      hunks: file.hunks.map(({ hunk, decision }) => ({ hunkId: hunk.id, decision, ...hunkLines(hunk) })).sort((a, b) => a.proposed.anchor - b.proposed.anchor),
    })),
  );
}

const sameFile = (file: FileSpots, cursor: { taskId: string; path: string }) => file.taskId === cursor.taskId && file.path === cursor.path;

/** The hunk whose span (its context lines included) holds the cursor's line, if any. */
export function hunkAtCursor(files: readonly FileSpots[], cursor: Cursor): HunkSpot | undefined {
  const file = files.find((f) => sameFile(f, cursor));
  return file?.hunks.find((h) => h[cursor.side].start <= cursor.line && cursor.line <= h[cursor.side].end);
}

/**
 * The next (direction 1) or previous (-1) undecided hunk from the cursor, across the run's files,
 * wrapping at either end. When every hunk is decided, the next or previous hunk of all (so the
 * keys still move); `allDecided` says so. Without a cursor: the run's first (or last) one.
 */
export function nextChange(files: readonly FileSpots[], cursor: Cursor | undefined, direction: 1 | -1): (Stop & { allDecided: boolean }) | undefined {
  const stops = files.flatMap((file) => file.hunks.map((hunk) => ({ file, hunk })));
  const undecided = stops.filter((s) => s.hunk.decision === 'undecided');
  const pool = undecided.length > 0 ? undecided : stops;
  if (pool.length === 0) return undefined;
  const allDecided = undecided.length === 0;
  const fileIndex = cursor ? files.findIndex((f) => sameFile(f, cursor)) : -1;
  if (!cursor || fileIndex < 0) return { ...(direction === 1 ? pool[0]! : pool.at(-1)!), allDecided };
  // Order every stop against the cursor: by file, then by its anchor on the cursor's side.
  const compare = (s: { file: FileSpots; hunk: HunkSpot }): number => {
    const order = files.indexOf(s.file) - fileIndex;
    return order !== 0 ? order : s.hunk[cursor.side].anchor - cursor.line;
  };
  const found = direction === 1 ? pool.find((s) => compare(s) > 0) ?? pool[0]! : pool.findLast((s) => compare(s) < 0) ?? pool.at(-1)!;
  return { ...found, allDecided };
}

/** The file after (or before) the cursor's file, wrapping; revealed at its first undecided hunk, else its first. */
export function nextFile(files: readonly FileSpots[], cursor: { taskId: string; path: string } | undefined, direction: 1 | -1): Stop | undefined {
  if (files.length === 0) return undefined;
  const index = cursor ? files.findIndex((f) => sameFile(f, cursor)) : -1;
  const target = index < 0 ? (direction === 1 ? files[0]! : files.at(-1)!) : files[(index + direction + files.length) % files.length]!;
  return { file: target, hunk: target.hunks.find((h) => h.decision === 'undecided') ?? target.hunks[0] };
}
