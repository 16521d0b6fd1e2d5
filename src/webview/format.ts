/** How numbers, times and statuses read in the sidebar. Pure, so the wording is unit-tested. */
import type { ViewTask, ViewUsage } from '../protocol/messages';

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 999_500) return `${(n / 1000).toFixed(n < 9_950 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 9_950_000 ? 1 : 0)}M`;
}

export function totalTokens(u: ViewUsage): number {
  return u.input + u.output + u.cacheRead + u.cacheWrite;
}

/** "cost unknown" when a price was unknown; small amounts keep two significant digits. */
export function formatCost(cost: number | null): string {
  if (cost === null) return 'cost unknown';
  if (cost === 0) return '$0';
  if (cost < 0.01) return `$${cost.toPrecision(2)}`;
  return `$${cost.toFixed(2)}`;
}

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
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
  | 'accepted' | 'rejected' | 'partly-accepted' | 'applied';

export function displayStatus(t: ViewTask): DisplayStatus {
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
      return t.fixRound !== undefined ? `fixing, round ${t.fixRound} of ${Math.max(maxFixRounds, t.fixRound)}` : 'fixing';
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
