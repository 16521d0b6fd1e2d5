/**
 * What each message from the sidebar does: a call on the run host or one of the extension's
 * commands. Failures go back to the view as a notice beside the part they are about (a refused
 * plan edit shows the core's reason, such as the cycle it would make).
 */
import { isSquadError } from '../../core/common/errors';
import { applyPlanEdit, describeRemoval, type PlanEdit, undoRemoval } from '../../core/plan/edit';
import { DEFAULT_PLAN_LIMITS } from '../../core/plan/validate';
import type { RunState } from '../../core/run/reduce';
import type { ReviewScope } from '../../core/run/reviewEvents';
import type { TestApprovalAnswer } from '../../core/testing/authority';
import type { SelectionTestOutcome } from '../../core/run/driver';
import { describeRaw, parseFromWebview, type FromWebview, type NoticeArea, type PlanEditMessage, type ScopeMessage, type TestAnswer, type ToWebviewInput } from '../../protocol/messages';
import type { RunHost } from '../services';
import { questionId } from './projectTests';

/** Commands of the extension the sidebar runs (contributed in package.json). */
export const SIDEBAR_COMMANDS = {
  applyAccepted: 'squad.applyAccepted',
  rollBack: 'squad.rollBack',
  rollBackApply: 'squad.rollBackApply',
  testSelection: 'squad.testSelection',
  setApiKey: 'squad.setApiKey',
  resumeRun: 'squad.resumeRun',
  openDiff: 'squad.openDiff',
} as const;

export interface DispatchDeps {
  readonly host: Pick<RunHost, 'state' | 'requestFeature' | 'approvePlan' | 'editPlan' | 'cancel' | 'decide' | 'requestChanges' | 'answerTests'>;
  readonly executeCommand: (command: string, ...args: unknown[]) => PromiseLike<unknown>;
  readonly post: (message: ToWebviewInput) => void;
  readonly log: { info(text: string): void; warn(text: string): void; error(text: string): void };
  /** The view's script started and wants a snapshot. */
  readonly ready: () => void;
  /** Remembers a request the user sent (the recent list). */
  readonly remember: (request: string) => Promise<void>;
}

// The protocol mirrors the core's shapes without importing them; these lines make the compiler
// check that they still agree.
const asPlanEdit = (edit: PlanEditMessage): PlanEdit => edit;
const asScope = (scope: ScopeMessage): ReviewScope => scope;
const asAnswer = (answer: TestAnswer): TestApprovalAnswer => answer;

/**
 * Refuses an edit the core would refuse (a cycle, an unknown dependency), with the core's words,
 * before it reaches the host: the host reports a refused edit in a notification, while the sidebar
 * shows it beside the plan. The same function and limits the host applies.
 */
function checkPlanEdit(state: RunState | undefined, edit: PlanEdit): void {
  if (state?.plan) applyPlanEdit(state.plan, edit, { roles: state.roles, maxTasks: DEFAULT_PLAN_LIMITS.maxTasks });
}

export async function dispatch(msg: FromWebview, deps: DispatchDeps): Promise<void> {
  const attempt = async (area: NoticeArea, what: string, work: () => PromiseLike<unknown>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      deps.log.warn(`sidebar: ${what} failed: ${text}`);
      deps.post({ type: 'notice', area, level: 'error', text, details: isSquadError(err) ? [...err.details] : [] });
    }
  };
  switch (msg.type) {
    case 'ready':
      return deps.ready();
    case 'requestFeature':
      await deps.remember(msg.text);
      return attempt('request', 'the feature request', () => deps.host.requestFeature(msg.text));
    case 'approvePlan':
      return attempt('plan', 'approving the plan', () => deps.host.approvePlan());
    case 'editPlan':
      return attempt('plan', 'the plan edit', async () => {
        const edit = asPlanEdit(msg.edit);
        const before = deps.host.state?.plan;
        checkPlanEdit(deps.host.state, edit);
        await deps.host.editPlan(edit);
        if (edit.kind === 'removeTask' && before && deps.host.state?.plan !== before) {
          // What the removal cut, said beside the plan, with the edit that takes it back.
          const undo = undoRemoval(before, edit.taskId);
          deps.post({ type: 'notice', area: 'plan', level: 'info', text: describeRemoval(before, edit.taskId), ...(undo ? { undo: { ...undo, dependents: [...undo.dependents] } } : {}) });
        } else if (edit.kind === 'restoreTask' && deps.host.state?.plan !== before) {
          deps.post({ type: 'notice', area: 'plan', level: 'info', text: `Restored ${edit.task.id} "${edit.task.title}".` });
        }
      });
    case 'cancel':
      return deps.host.cancel();
    case 'decide':
      return attempt('review', 'the review decision', () => deps.host.decide(asScope(msg.scope), msg.decision));
    case 'requestChanges':
      return attempt('review', 'the change request', async () => {
        // Words that could not be sent (a run working, a task no longer proposed) are given back, never lost.
        if (!(await deps.host.requestChanges(asScope(msg.scope), msg.comment))) {
          deps.post({ type: 'notice', area: 'review', level: 'info', text: 'Your request for changes was not sent (the notification says why). Your comment:', details: [msg.comment] });
        }
      });
    case 'answerTests': {
      // Only the question the user saw: a click in flight must not settle a newer one (another diff).
      const pending = deps.host.state?.tests.approval.pending;
      if (!pending || questionId(pending) !== msg.question) {
        deps.log.info('sidebar: an answer to a test question that no longer waits was dropped');
        return deps.post({ type: 'notice', area: 'run', level: 'info', text: 'That test question no longer waits for an answer. Look at the Tests section again.', details: [] });
      }
      return attempt('run', 'answering the test question', async () => deps.host.answerTests(asAnswer(msg.answer)));
    }
    case 'openDiff':
      return attempt('review', 'opening the diff', () => deps.executeCommand(SIDEBAR_COMMANDS.openDiff, { taskId: msg.taskId, path: msg.path }));
    case 'testSelection':
      return attempt('review', 'testing the selection', async () => {
        const outcome = (await deps.executeCommand(SIDEBAR_COMMANDS.testSelection)) as SelectionTestOutcome | undefined;
        // The result reaches the view with the run; a test that did not run says why beside the button.
        if (!outcome || outcome.kind === 'not-run') deps.post({ type: 'notice', area: 'review', level: 'info', text: outcome?.reason ?? 'The selection was not tested.', details: [] });
      });
    case 'applyAccepted':
    case 'rollBack':
      return attempt('review', msg.type, () => deps.executeCommand(SIDEBAR_COMMANDS[msg.type]));
    case 'rollBackApply':
      // The command says what it did or why not (a later apply changed the same files); the list follows.
      return attempt('request', 'rolling back an apply', () => deps.executeCommand(SIDEBAR_COMMANDS.rollBackApply, { checkpointId: msg.checkpointId }));
    case 'setApiKey':
      return attempt('run', msg.type, () => deps.executeCommand(SIDEBAR_COMMANDS[msg.type]));
    case 'resumeRun':
      // The run the header belongs to, never a picker of every run.
      return attempt('run', 'resuming the run', () => deps.executeCommand(SIDEBAR_COMMANDS.resumeRun, msg.runId));
    case 'log':
      return deps.log[msg.level](`sidebar view: ${msg.text}`);
  }
}

/** A raw message from the view: parsed, then dispatched; one that does not parse is dropped with a log line. */
export async function receive(raw: unknown, deps: DispatchDeps): Promise<void> {
  const parsed = parseFromWebview(raw);
  if (!parsed.ok) return deps.log.warn(`sidebar: dropped a malformed view message (${describeRaw(raw)}): ${parsed.problems}`);
  try {
    await dispatch(parsed.message, deps);
  } catch (err) {
    deps.log.error(`sidebar: ${parsed.message.type} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
