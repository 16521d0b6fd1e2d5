/**
 * Accept and reject, as toggles: pressing the pressed button again restores the part to
 * undecided, which is how rejected work comes back before it is applied. Pure.
 */
import type { Decision, FromWebview, ScopeMessage, Verdict } from '../protocol/messages';

export type Choice = 'accepted' | 'rejected';

export function toggledDecision(current: Verdict | Decision, clicked: Choice): Decision {
  return current === clicked ? 'undecided' : clicked;
}

/** The scope a decision button stands for, from its data attributes. */
export function scopeOf(data: Readonly<Record<string, string | undefined>>): ScopeMessage | undefined {
  const { scope, task, path, hunk } = data;
  switch (scope) {
    case 'run':
      return { kind: 'run' };
    case 'task':
      return task ? { kind: 'task', taskId: task } : undefined;
    case 'file':
      return task && path ? { kind: 'file', taskId: task, path } : undefined;
    case 'hunk':
      return task && path && hunk ? { kind: 'hunk', taskId: task, path, hunkId: hunk } : undefined;
    default:
      return undefined;
  }
}

export function decideMessage(scope: ScopeMessage, current: Verdict | Decision, clicked: Choice): FromWebview {
  return { type: 'decide', scope, decision: toggledDecision(current, clicked) };
}

/** Words for a decision button: what pressing it does now. */
export function decisionAria(what: string, current: Verdict | Decision, choice: Choice): string {
  if (current === choice) return `${choice === 'accepted' ? 'Accepted' : 'Rejected'}: ${what}. Press to restore it to undecided`;
  return `${choice === 'accepted' ? 'Accept' : 'Reject'} ${what}`;
}

/** The label beside a part: the state in words, so it never rests on colour alone. */
export function verdictLabel(v: Verdict | Decision): string {
  switch (v) {
    case 'accepted':
      return 'accepted';
    case 'rejected':
      return 'rejected';
    case 'mixed':
      return 'partly accepted';
    case 'none':
      return '';
    case 'undecided':
      return 'undecided';
  }
}
