/**
 * What the diff editor's lenses say and do for one proposed file, as plain data (no vscode), so
 * the unit tests read them: line 0 has the file's actions, its state and the task that changed it
 * and why; above each hunk Accept · Reject · Request Changes…, the decision made taking the
 * place of its own action ("✓ Accepted — Undo"). hunkLenses.ts turns them into CodeLenses.
 */
import type { ReviewFile } from '../../core/review/tree';
import { verdictOf } from '../../core/review/tree';
import type { ReviewDecision, ReviewScope } from '../../core/run/reviewEvents';
import { hunkLines } from './hunkSpots';

/** Internal: the lenses' decisions, `(scope, decision)`. Not contributed, so not in the palette. */
export const DECIDE_COMMAND = '_squad.review.decide';
/** Request Changes (commands/requestChanges.ts); its one argument is `{ scope }`, the scope review.decided uses. */
export const REQUEST_CHANGES_COMMAND = 'squad.requestChanges';

export interface LensSpec {
  /** 0-based line of the proposed document. */
  readonly line: number;
  readonly title: string;
  readonly tooltip?: string;
  /** Absent: text only. */
  readonly command?: { readonly id: string; readonly args: readonly unknown[] };
}

export interface LensTask {
  readonly id: string;
  readonly role: string;
  readonly title: string;
  readonly description: string;
}

interface Labels {
  readonly accept: string;
  readonly reject: string;
  readonly accepted: string;
  readonly rejected: string;
  /** The keys that decide it at the cursor, for the tooltips (hunks only). */
  readonly keys?: { readonly accept: string; readonly reject: string };
}
const HUNK_LABELS: Labels = { accept: 'Accept', reject: 'Reject', accepted: '✓ Accepted — Undo', rejected: '✗ Rejected — Undo', keys: { accept: 'Alt+Y', reject: 'Alt+N' } };
const FILE_LABELS: Labels = { accept: 'Accept File', reject: 'Reject File', accepted: '✓ File accepted — Undo', rejected: '✗ File rejected — Undo' };

export function fileLensSpecs(file: ReviewFile, task: LensTask): LensSpec[] {
  const decisions = file.hunks.map((h) => h.decision);
  const accepted = decisions.filter((d) => d === 'accepted').length;
  const rejected = decisions.filter((d) => d === 'rejected').length;
  const summary = `${accepted} of ${decisions.length} change${decisions.length === 1 ? '' : 's'} accepted${rejected > 0 ? `, ${rejected} rejected` : ''}`;
  const verdict = verdictOf(decisions);
  const specs: LensSpec[] = [
    ...decisionSpecs({ kind: 'file', taskId: file.taskId, path: file.path }, verdict === 'mixed' ? 'undecided' : verdict, `every change to ${file.path}`, 0, FILE_LABELS),
    { line: 0, title: summary },
  ];
  file.hunks.forEach(({ hunk, decision }, i) => {
    const line = hunkLines(hunk).proposed.anchor;
    // A hunk on line 0 shares the file's row: alone (a created or deleted file) the file's actions are its own.
    if (line === 0 && file.hunks.length === 1) return;
    const what = `change ${i + 1} of ${file.hunks.length}`;
    if (line === 0) specs.push({ line, title: `${what}:` });
    specs.push(...decisionSpecs({ kind: 'hunk', taskId: file.taskId, path: file.path, hunkId: hunk.id }, decision, what, line, HUNK_LABELS));
  });
  // Who changed the file and why ends line 0: a narrow editor cuts a row's end, and the task is also in the tab's title.
  specs.push({ line: 0, title: `${task.id} ${task.role} — ${task.title}`, tooltip: task.description });
  return specs;
}

/** Accept · Reject · Request Changes…; a decision made reads first, as "✓ Accepted — Undo" (Undo: undecided again). */
function decisionSpecs(scope: ReviewScope, decision: ReviewDecision, what: string, line: number, labels: Labels): LensSpec[] {
  const decide = (to: ReviewDecision, title: string, tooltip: string): LensSpec => ({ line, title, tooltip, command: { id: DECIDE_COMMAND, args: [scope, to] } });
  const undo = `Undo: ${what} becomes undecided again`;
  const accept = decision === 'accepted' ? decide('undecided', labels.accepted, undo) : decide('accepted', labels.accept, `Accept ${what}${labels.keys ? ` (${labels.keys.accept} at the cursor)` : ''}`);
  const reject = decision === 'rejected' ? decide('undecided', labels.rejected, undo) : decide('rejected', labels.reject, `Reject ${what}${labels.keys ? ` (${labels.keys.reject} at the cursor)` : ''}`);
  const request: LensSpec = { line, title: 'Request Changes…', tooltip: `Ask the task's agent to revise ${what}`, command: { id: REQUEST_CHANGES_COMMAND, args: [{ scope }] } };
  return decision === 'rejected' ? [reject, accept, request] : [accept, reject, request];
}
