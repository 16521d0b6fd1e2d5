/** The review part of the run's projection: the decisions in order, and the applies. */
import type { RunEventOf } from './events';
import type { ReviewDecision, ReviewScope } from './reviewEvents';

export interface DecisionRecord {
  readonly seq: number;
  readonly scope: ReviewScope;
  readonly decision: ReviewDecision;
}

export interface ApplyRecord {
  readonly checkpointId: string;
  readonly gitRef?: string;
  readonly at: number;
  readonly files: readonly { readonly path: string; readonly action: 'created' | 'modified' | 'deleted'; readonly merged: boolean }[];
  readonly hunks: readonly { readonly taskId: string; readonly path: string; readonly hunkId: string }[];
  readonly rolledBack: boolean;
}

export interface ReviewState {
  readonly decisions: readonly DecisionRecord[];
  readonly applies: readonly ApplyRecord[];
  /** The last apply that wrote nothing, and why (cleared by an apply). */
  readonly notApplied?: { readonly reason: string; readonly kind: string; readonly problems: readonly string[] };
}

export const INITIAL_REVIEW: ReviewState = { decisions: [], applies: [] };

type ReviewEventType = 'review.decided' | 'changes.applied' | 'changes.rolledBack' | 'changes.notApplied';

export function reduceReview(s: ReviewState, e: RunEventOf<ReviewEventType>): ReviewState {
  switch (e.type) {
    case 'review.decided':
      return { ...s, decisions: [...s.decisions, { seq: e.seq, scope: e.scope, decision: e.decision }] };
    case 'changes.notApplied':
      return { ...s, notApplied: { reason: e.reason, kind: e.kind, problems: [...(e.problems ?? [])] } };
    case 'changes.applied':
      return { ...s, notApplied: undefined, applies: [...s.applies, { checkpointId: e.checkpointId, ...(e.gitRef ? { gitRef: e.gitRef } : {}), at: e.at, files: e.files, hunks: e.hunks, rolledBack: false }] };
    case 'changes.rolledBack':
      return { ...s, applies: s.applies.map((a) => (a.checkpointId === e.checkpointId ? { ...a, rolledBack: true } : a)) };
  }
}

function covers(scope: ReviewScope, taskId: string, path: string, hunkId: string): boolean {
  switch (scope.kind) {
    case 'run':
      return true;
    case 'task':
      return scope.taskId === taskId;
    case 'file':
      return scope.taskId === taskId && scope.path === path;
    case 'hunk':
      return scope.taskId === taskId && scope.path === path && scope.hunkId === hunkId;
  }
}

/** The latest decision covering a hunk; 'undecided' when none does. */
export function hunkDecision(review: ReviewState, taskId: string, path: string, hunkId: string): ReviewDecision {
  for (let i = review.decisions.length - 1; i >= 0; i--) {
    const d = review.decisions[i];
    if (d && covers(d.scope, taskId, path, hunkId)) return d.decision;
  }
  return 'undecided';
}
