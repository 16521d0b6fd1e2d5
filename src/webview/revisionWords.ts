/** Words for a task's rounds: why each ran (the tests, the user's comment, a revised dependency). Pure. */
import type { ViewRevision, ViewTask } from '../protocol/messages';

const quoteShort = (text: string, max = 120) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
};

/** `index` in the task's history: round 1 is the first proposal, so a revision reads "round 2 — after your comment: …". */
export function roundLine(h: ViewRevision, index: number): string {
  const round = `Round ${index + 1}`;
  const outcome = h.outcome === 'failed' ? 'failed' : h.outcome;
  const said = h.summary ? `: ${h.summary}` : '';
  switch (h.cause) {
    case 'comment':
      return `${round} — after your comment ${quoteShort(h.comment ?? '')}: ${outcome}${said}`;
    case 'dependency':
      return `${round} — after ${h.dependency ?? 'a dependency'} was revised: ${outcome}${said}`;
    default:
      return `${round} — fix for the failing tests: ${outcome}${said}`;
  }
}

/** The status while a revision round works. */
export function revisingLabel(t: ViewTask): string | undefined {
  if (!t.revising) return undefined;
  return t.revising.cause === 'comment' ? 'revising after your comment' : `checking ${t.revising.dependency ?? 'a dependency'}'s revision`;
}

/** "t1 was revised after this was proposed" (the card's note), or undefined. */
export function revisedNote(t: ViewTask): string | undefined {
  const deps = t.revisedDependencies ?? [];
  if (deps.length === 0) return undefined;
  return `${deps.join(', ')} ${deps.length === 1 ? 'was' : 'were'} revised after this was proposed`;
}

/** "round 2" for a transcript line of a later round: its place in the history, or the next one while it works. */
export function activityRoundLabel(t: ViewTask, round: number): string {
  const at = t.history.findIndex((h) => h.round === round);
  return `round ${(at < 0 ? t.history.length : at) + 1}`;
}
