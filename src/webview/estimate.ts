/**
 * Heights of parts not built yet (offscreen.ts), in CSS pixels at VS Code's default font sizes
 * (13 px text, 12 px editor font; measured in media/sidebar.css's layout). A placeholder of about
 * the right height keeps the scrollbar honest and the page from jumping when the part is built;
 * it need not be exact. Pure.
 */
import type { ViewActivity, ViewDiffHunk, ViewFile, ViewTask } from '../protocol/messages';

/** Transcript lines kept in the DOM until the user asks for the earlier ones (activity.ts). */
export const ACTIVITY_WINDOW = 200;

export const PX = {
  /** A diff line (.line). */
  diffLine: 16.8,
  /** A hunk's head and borders. */
  hunkChrome: 24,
  hunkGap: 4,
  /** The margins around a file's hunks. */
  hunksMargin: 8,
  fileRow: 20.2,
  filesHead: 20,
  proposalGap: 2,
  /** A line of wrapped text (description, summary, reason). */
  textLine: 18.2,
  activityLine: 16.7,
  /** The transcript scrolls past 16em. */
  activityMax: 191,
  bodyGap: 6,
  bodyPadding: 6,
} as const;

/** Characters a text line holds in a sidebar of the default width. */
const CHARS_PER_LINE = 44;

export function hunkHeight(h: Pick<ViewDiffHunk, 'lines'>): number {
  return PX.hunkChrome + h.lines.length * PX.diffLine;
}

/** A file's hunks, open. */
export function hunksHeight(hunks: readonly Pick<ViewDiffHunk, 'lines'>[]): number {
  if (hunks.length === 0) return 0;
  return PX.hunksMargin + hunks.reduce((sum, h) => sum + hunkHeight(h), 0) + (hunks.length - 1) * PX.hunkGap;
}

function textHeight(text: string | undefined): number {
  if (!text) return 0;
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / CHARS_PER_LINE)), 0);
  return lines * PX.textLine;
}

/** What an open task's body shows, as the view holds it. */
export interface BodyContent {
  readonly task: Pick<ViewTask, 'description' | 'summary' | 'reason' | 'status' | 'startedAt' | 'instructions'>;
  readonly activity: readonly ViewActivity[];
  readonly files: readonly ViewFile[];
  /** Whether the file at `path` is open. */
  readonly isOpen: (path: string) => boolean;
}

/** An open task's body: description, transcript, summary, reason, and its files with the open ones' hunks. */
export function bodyHeight(c: BodyContent): number {
  const instructions = c.task.instructions?.length ? `Project instructions ${c.task.instructions.map((i) => i.path).join('   ')}` : undefined;
  const parts: number[] = [textHeight(c.task.description), textHeight(instructions), textHeight(c.task.reason), textHeight(c.task.summary ? `Summary: ${c.task.summary}` : undefined)];
  if (!(c.task.status === 'pending' && c.task.startedAt === undefined)) {
    parts.push(PX.textLine + Math.min(PX.activityMax, Math.min(c.activity.length, ACTIVITY_WINDOW) * PX.activityLine));
  }
  if (c.files.length > 0) {
    let files = PX.filesHead + PX.proposalGap;
    for (const f of c.files) files += PX.fileRow + (c.isOpen(f.path) ? hunksHeight(f.hunks) : 0);
    parts.push(files);
  }
  const shown = parts.filter((p) => p > 0);
  return Math.round(PX.bodyPadding + shown.reduce((a, b) => a + b, 0) + Math.max(0, shown.length - 1) * PX.bodyGap);
}
