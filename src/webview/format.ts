/** How numbers, times and statuses read in the sidebar. Pure, so the wording is unit-tested. */
import type { ViewTask, ViewUsage } from '../protocol/messages';
import { formatDuration } from '../protocol/numbers';
import { revisingLabel } from './revisionWords';

export { formatCost, formatTokens } from '../protocol/numbers';

/** The sidebar's durations are the status bar's (src/protocol/numbers.ts). */
export const formatElapsed = formatDuration;

export function totalTokens(u: ViewUsage): number {
  return u.input + u.output + u.cacheRead + u.cacheWrite;
}

/** Elapsed time of something that started and may have finished; '' when it never started. */
export function elapsedOf(startedAt: number | undefined, finishedAt: number | undefined, now: number): string {
  if (startedAt === undefined) return '';
  return formatElapsed((finishedAt ?? now) - startedAt);
}

export function usageTitle(u: ViewUsage): string {
  const cost = u.cost === null ? `unknown (known part $${u.knownCost.toFixed(4)})` : `$${u.cost.toFixed(4)}`;
  return `${u.calls} model calls · input ${u.input} · output ${u.output} · cache read ${u.cacheRead} · cache write ${u.cacheWrite} · cost ${cost}`;
}

/** What the status badge says; accepted / rejected come from the review once the task proposed. */
export type DisplayStatus =
  | 'pending' | 'running' | 'proposed' | 'fixing' | 'failed' | 'blocked' | 'cancelled'
  | 'accepted' | 'rejected' | 'partly-accepted' | 'applied'
  /** Running in the journal, but nobody works on it now (the window closed mid-run). */
  | 'interrupted';

export function displayStatus(t: ViewTask): DisplayStatus {
  if (t.interrupted) return 'interrupted';
  if (t.status !== 'proposed') return t.status;
  if (t.applied) return 'applied';
  switch (t.verdict) {
    case 'accepted':
      return 'accepted';
    case 'rejected':
      return 'rejected';
    case 'mixed':
      return 'partly-accepted';
    default:
      return 'proposed';
  }
}

export function statusLabel(t: ViewTask, maxFixRounds: number): string {
  const s = displayStatus(t);
  switch (s) {
    case 'fixing':
      return revisingLabel(t) ?? (t.fixRound !== undefined ? `fixing, round ${t.fixRound} of ${Math.max(maxFixRounds, t.fixRound)}` : 'fixing');
    case 'blocked':
      return t.blockedBy && t.blockedBy.length > 0 ? `blocked by ${t.blockedBy.join(', ')}` : 'blocked';
    case 'partly-accepted':
      return 'partly accepted';
    case 'proposed':
      return t.verdict === 'none' ? 'done, no changes' : 'proposed';
    default:
      return s;
  }
}

/** "src/api/" and "tasks.js": the name stands out, the folder reads as context. */
export function splitPath(path: string): { dir: string; name: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { dir: '', name: path } : { dir: path.slice(0, i + 1), name: path.slice(i + 1) };
}
