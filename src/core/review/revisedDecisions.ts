/**
 * After a revision a file's hunks are new (a hunk's id hashes its lines), but a decision on the
 * task, the file or the whole run still covers them: an accept given to the old text would apply
 * the new one unseen. So each file the revision changed goes back to undecided, and a hunk that
 * survived unchanged (same id) keeps the decision it had.
 */
import { computeFileDiff } from '../changes/hunks';
import type { RunSession } from '../run/session';
import { hunkDecision } from '../run/reviewState';
import type { ReviewDecision } from '../run/reviewEvents';

export type ProposalTexts = Readonly<Record<string, { readonly base: string | null; readonly content: string | null }>>;

export async function resetRevisedDecisions(session: RunSession, taskId: string, before: ProposalTexts): Promise<void> {
  const after = session.state.tasks[taskId]?.changes ?? [];
  for (const file of after) {
    const was = before[file.path];
    if (was && was.content === file.content && was.base === file.base) continue;
    const review = session.state.review;
    const oldIds = new Set(was ? computeFileDiff(file.path, was.base ?? undefined, was.content ?? undefined).hunks.map((h) => h.id) : []);
    const hunks = computeFileDiff(file.path, file.base ?? undefined, file.content ?? undefined).hunks;
    const decided = hunks.map((h) => ({ id: h.id, decision: hunkDecision(review, taskId, file.path, h.id) }));
    if (decided.every((h) => h.decision === 'undecided')) continue;
    await session.emit({ type: 'review.decided', scope: { kind: 'file', taskId, path: file.path }, decision: 'undecided' });
    const kept: { id: string; decision: ReviewDecision }[] = decided.filter((h) => oldIds.has(h.id) && h.decision !== 'undecided');
    for (const h of kept) await session.emit({ type: 'review.decided', scope: { kind: 'hunk', taskId, path: file.path, hunkId: h.id }, decision: h.decision });
  }
}
