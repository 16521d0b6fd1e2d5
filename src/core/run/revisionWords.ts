/** The narrator's words for request-changes rounds (narrate.ts delegates here). */
import { oneLine } from '../common/text';
import type { RunEventOf } from './events';
import type { RunState } from './reduce';


export function revisionWords(event: RunEventOf<'revision.requested' | 'dependency.revised'>, who: (taskId: string) => string): string[] {
  if (event.type === 'revision.requested') {
    const s = event.scope;
    const on = s.kind === 'hunk' ? ` on a hunk of ${s.path}` : s.kind === 'file' ? ` on ${s.path}` : '';
    return [`✎ changes requested${on} — ${who(event.taskId)} revises in round ${event.round}: "${oneLine(event.comment, 200)}"`];
  }
  return [`↺ ${who(event.taskId)}: ${event.dependency} was revised after it proposed${event.round !== undefined ? `; it checks the new diff in round ${event.round}` : ''}`];
}

/** "revision" for a round the user asked for, "dependency check" for a dependent's, undefined for a test-loop fix round. */
export function roundKind(state: RunState, taskId: string, round: number): 'revision' | 'dependency check' | undefined {
  if (state.revisions.requests.some((r) => r.taskId === taskId && r.round === round)) return 'revision';
  if (state.revisions.notices.some((n) => n.taskId === taskId && n.round === round)) return 'dependency check';
  return undefined;
}
