/**
 * A task card's rounds with why each ran (a fix for the tests, the user's comment, a dependency
 * revised), and the dependencies revised after it proposed. Pure: no `vscode`.
 */
import type { RevisionState } from '../../core/run/revisionState';
import type { ViewRevision, ViewTask } from '../../protocol/messages';

export function withRevisions(view: ViewTask, revisions: RevisionState): ViewTask {
  if (revisions.requests.length === 0 && revisions.notices.length === 0) return view;
  const id = view.id;
  const history = view.history.map((h): ViewRevision => {
    if (h.round === 0) return h;
    const asked = revisions.requests.find((r) => r.taskId === id && r.round === h.round);
    if (asked) return { ...h, cause: 'comment', comment: asked.comment };
    const notice = revisions.notices.find((n) => n.taskId === id && n.round === h.round);
    return notice ? { ...h, cause: 'dependency', dependency: notice.dependency } : { ...h, cause: 'tests' };
  });
  const revised = [...new Set(revisions.notices.filter((n) => n.taskId === id).map((n) => n.dependency))];
  const round = view.status === 'fixing' ? view.fixRound : undefined;
  const asked = round !== undefined && revisions.requests.some((r) => r.taskId === id && r.round === round);
  const checking = round !== undefined ? revisions.notices.find((n) => n.taskId === id && n.round === round) : undefined;
  const revising = asked ? { cause: 'comment' as const } : checking ? { cause: 'dependency' as const, dependency: checking.dependency } : undefined;
  return { ...view, history, ...(revised.length > 0 ? { revisedDependencies: revised } : {}), ...(revising ? { revising } : {}) };
}
