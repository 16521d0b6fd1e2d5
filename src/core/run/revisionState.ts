/** The revision part of the run's projection: the user's requests for changes and the dependents told. */
import type { RunEventOf } from './events';
import type { ReviewScope } from './reviewEvents';

export interface RevisionRequestRecord {
  readonly taskId: string;
  readonly round: number;
  readonly scope: ReviewScope;
  readonly comment: string;
  readonly excerpt?: string;
  readonly at: number;
}

export interface DependencyNotice {
  readonly taskId: string;
  readonly dependency: string;
  readonly dependencyRound: number;
  /** The dependent's round that reviews the new diff; absent: told only. */
  readonly round?: number;
  readonly at: number;
}

export interface RevisionState {
  readonly requests: readonly RevisionRequestRecord[];
  readonly notices: readonly DependencyNotice[];
}

export const INITIAL_REVISIONS: RevisionState = { requests: [], notices: [] };

export function reduceRevisions(s: RevisionState, e: RunEventOf<'revision.requested' | 'dependency.revised'>): RevisionState {
  if (e.type === 'revision.requested') {
    const record: RevisionRequestRecord = { taskId: e.taskId, round: e.round, scope: e.scope, comment: e.comment, ...(e.excerpt !== undefined ? { excerpt: e.excerpt } : {}), at: e.at };
    return { ...s, requests: [...s.requests, record] };
  }
  const notice: DependencyNotice = { taskId: e.taskId, dependency: e.dependency, dependencyRound: e.dependencyRound, ...(e.round !== undefined ? { round: e.round } : {}), at: e.at };
  return { ...s, notices: [...s.notices, notice] };
}
