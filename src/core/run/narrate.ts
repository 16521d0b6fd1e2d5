/**
 * The one narrator: a run's events in words, for the CLI's progress on stderr and the
 * extension's output channel alike. Pure; the lines carry what the events carry (events never
 * hold keys, and test output was scrubbed before it became an event). Every event type has a
 * case: the compiler asks for one when a type is added.
 */
import { oneLine } from '../common/text';
import { formatCost } from '../llm/usage';
import type { RunEvent, RunEventOf } from './events';
import type { RunState } from './reduce';
import type { AttributedFailureRecord } from './testEvents';
import { budgetWords, estimateWords } from '../budget/words';
import { revisionWords, roundKind } from './revisionWords';

export interface NarrationContext {
  /** "gpt-4.1-mini (openai)": said when planning starts. */
  readonly planner?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The lines for an event (none for events the neighbouring lines already tell). */
export function narrate(event: RunEvent, state: RunState, context: NarrationContext = {}): string[] {
  const role = (taskId: string) => state.tasks[taskId]?.task.role ?? '?';
  const who = (taskId: string) => `${taskId} [${role(taskId)}]`;
  switch (event.type) {
    case 'run.started':
      return [`run ${event.runId} started: "${oneLine(event.request, 200)}" (roles: ${event.roles.join(', ')})`];
    case 'plan.requested':
      return [event.attempt === 1 ? `planning${context.planner ? ` with ${context.planner}` : ''}…` : `planning, attempt ${event.attempt}…`];
    case 'plan.rejected':
      return [`plan attempt ${event.attempt} had ${plural(event.problems.length, 'problem')}:`, ...event.problems.map((p) => `  - ${p}`)];
    case 'plan.proposed':
      return [`plan ready: ${plural(event.plan.tasks.length, 'task')} — ${event.plan.tasks.map((t) => `${t.id} [${t.role}] ${t.title}`).join('; ')}`];
    case 'plan.edited':
      return [`plan edited: ${event.edit}`];
    case 'plan.approved':
      return [`plan approved (${event.by === 'user' ? 'by you' : 'automatically'})`];
    case 'instructions.used':
      return instructionsWords(event, event.taskId === undefined ? 'planner' : `${who(event.taskId)}${event.round > 0 ? ` (fix ${event.round})` : ''}`);
    case 'task.started':
      return [`▶ ${event.taskId} [${event.role}] started with ${event.model}`];
    case 'task.retried':
      return [`↻ ${who(event.taskId)} attempt ${event.attempt}${retryWords(event)}`];
    case 'replay.diverged':
      return [`⚠ ${who(event.taskId)}${event.round > 0 ? ` (fix ${event.round})` : ''}: the workspace changed since turn ${event.turn + 1} was recorded (${event.what} differs now); ${event.dropped === 0 ? 'it goes on from there with what the files hold now' : `its ${plural(event.dropped, 'later recorded turn')} ${event.dropped === 1 ? 'is' : 'are'} dropped and asked again`}`];
    case 'model.turn':
    case 'proposal.updated':
    case 'model.usage':
    case 'blob.stored':
      return [];
    case 'tool.called':
      return [`  ${who(event.taskId)}${event.round > 0 ? ` (fix ${event.round})` : ''} ${event.isError ? '✖ ' : ''}${oneLine(event.summary, 300)}`];
    case 'task.finished':
      return [event.outcome === 'proposed'
        ? `✔ ${who(event.taskId)} proposed: ${oneLine(event.summary ?? '', 300)}`
        : `✖ ${who(event.taskId)} ${event.outcome}: ${oneLine(event.reason ?? '', 300)}${event.code ? ` (${event.code})` : ''}`];
    case 'task.blocked':
      return [`⊘ ${who(event.taskId)} blocked by ${event.blockedBy.join(', ')}: ${event.reason}`];
    case 'tests.skipped':
      return [`tests will not run: ${event.reason}`];
    case 'tests.configured':
      return [`tests: ${event.command} (${event.source === 'user' ? 'given' : 'detected'}; up to ${plural(event.maxFixRounds, 'fix round')})`];
    case 'tests.approvalRequested':
      return [
        event.changes.length === 0
          ? `asking to run the tests: ${event.command}`
          : `asking again before the tests run: the proposals change what \`${event.command}\` runs (${event.changes.map((c) => c.path).join(', ')})`,
        `  sandbox: ${event.sandbox.description}`,
      ];
    case 'tests.approvalDecided':
      return [event.answer === 'deny' ? 'tests not allowed' : `tests allowed ${event.answer === 'workspace' ? 'for this workspace' : 'for this run'}`];
    case 'tests.baseline':
      return [event.cannotRun
        ? `baseline: the command cannot run without the squad's changes either: ${event.cannotRun.reason}`
        : `baseline${event.cached ? ' (cached)' : ''}: ${event.passed} passed, ${event.failed} failed without the squad's changes`];
    case 'tests.started':
      return [`tests round ${event.round}: running ${event.command}…`];
    case 'tests.finished':
      return [
        `tests round ${event.round}: ${event.passed} passed, ${event.failed} failed, ${event.skipped} skipped${event.timedOut ? ' (timed out)' : ''} in ${(event.durationMs / 1000).toFixed(1)} s${event.sandboxed === false ? ' (no sandbox)' : ''}`,
        ...event.failures.map((f) => `  ✖ ${f.test} → ${target(f, role)}`),
      ];
    case 'failure.routed':
      return [`→ ${who(event.taskId)} fix round ${event.round} of ${state.tests.maxFixRounds}: ${plural(event.tests.length, 'failing test')}${event.files.length > 0 ? ` in ${event.files.join(', ')}` : ''}`];
    case 'revision.requested':
    case 'dependency.revised':
      return revisionWords(event, who);
    case 'fix.started':
      return [`▶ ${who(event.taskId)} ${roundKind(state, event.taskId, event.round) ?? 'fix'} round ${event.round} started`];
    case 'fix.retried':
      return [`↻ ${who(event.taskId)} fix round ${event.round} again${event.keepTurns > 0 ? `, replaying its first ${plural(event.keepTurns, 'recorded turn')}` : ''}`];
    case 'fix.finished':
      return [event.outcome === 'revised'
        ? `✔ ${who(event.taskId)} revised (round ${event.round}): ${oneLine(event.summary ?? '', 300)}`
        : `✖ ${who(event.taskId)} ${roundKind(state, event.taskId, event.round) ?? 'fix'} round ${event.round} ${event.outcome}: ${oneLine(event.reason ?? '', 300)}`];
    case 'test.disputed':
      return [`⚑ ${who(event.taskId)} disputes "${event.test}": ${oneLine(event.reason, 300)}`];
    case 'test.weakened':
      return [`⚠ ${who(event.taskId)} loosened ${event.tests.join(', ')} in ${event.file} (round ${event.round}): ${event.assertions.slice(0, 3).map((a) => oneLine(a, 100)).join(' | ')}`];
    case 'tests.settled':
      return [`tests ${event.outcome}: ${event.summary}`];
    case 'tests.selectionRun':
      return [
        `tests on the accepted selection (${plural(event.files, 'file')}): ${event.cannotRun ? `could not run: ${event.cannotRun.reason}` : `${event.passed} passed, ${event.failed} failed, ${event.skipped} skipped${event.timedOut ? ' (timed out)' : ''}`} in ${(event.durationMs / 1000).toFixed(1)} s${event.sandboxed ? '' : ' (no sandbox)'}`,
        ...event.failures.map((f) => `  ✖ ${f.test}${f.file ? ` (${f.file})` : ''}`),
      ];
    case 'review.decided': {
      const s = event.scope;
      const what = s.kind === 'run' ? 'all changes' : s.kind === 'task' ? `task ${s.taskId}` : s.kind === 'file' ? `${s.path} of ${s.taskId}` : `a hunk of ${s.path} (${s.taskId})`;
      return [`review: ${what} ${event.decision}`];
    }
    case 'changes.applied':
      return [`applied ${plural(event.files.length, 'file')} (checkpoint ${event.checkpointId}): ${event.files.map((f) => `${f.path} ${f.action}${f.merged ? ', merged' : ''}`).join('; ')}`];
    case 'changes.notApplied':
      return [event.reason, ...(event.problems ?? []).map((p) => `  - ${p}`)];
    case 'changes.rolledBack':
      return [`rolled back checkpoint ${event.checkpointId}: ${event.files.join(', ')}`];
    case 'plan.estimated':
      return [`estimate: ${estimateWords(event.total)} for ${plural(event.tasks.length, 'task')}${event.total.usdPartial ? ' (cost of the priced models only)' : ''}`];
    case 'budget.reached':
    case 'budget.decided':
      return budgetWords(event);
    case 'run.finished':
      return [`run ${event.outcome} — ${usageText(state)}`];
    case 'run.failed':
      return [`run failed (${event.code}): ${event.message}${event.details && event.details.length > 0 ? ` — ${event.details.join('; ')}` : ''}`];
  }
}

/** "t1 [backend] instructions: AGENTS.md, api/AGENTS.md; cut: CLAUDE.md; left out (over the 2,000-token budget): .clinerules". */
function instructionsWords(event: RunEventOf<'instructions.used'>, whose: string): string[] {
  const paths = (status: string) => event.files.filter((f) => f.status === status).map((f) => f.path);
  const whole = paths('whole');
  const cut = paths('truncated');
  const out = paths('omitted');
  if (whole.length + cut.length + out.length === 0) return [];
  const parts = [whole.length > 0 ? whole.join(', ') : 'none whole'];
  if (cut.length > 0) parts.push(`cut to fit: ${cut.join(', ')}`);
  if (out.length > 0) parts.push(`left out: ${out.join(', ')}`);
  const budget = cut.length + out.length > 0 ? ` (budget ${event.budget.toLocaleString('en-US')} tokens)` : '';
  return [`  ${whose} project instructions: ${parts.join('; ')}${budget}`];
}

function retryWords(event: { readonly fresh: boolean; readonly keepTurns?: number | undefined }): string {
  if (event.keepTurns !== undefined) return event.keepTurns === 0 ? ' (from scratch)' : ` (replaying its first ${plural(event.keepTurns, 'recorded turn')})`;
  return event.fresh ? ' (from scratch)' : ' (replaying its recorded turns)';
}

function target(f: AttributedFailureRecord, role: (taskId: string) => string): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''} (${Math.round(f.confidence * 100)}%)` : 'no file';
  switch (f.kind) {
    case 'routed':
      return `${where} → ${role(f.taskId ?? '')} (${f.taskId ?? '?'})${f.runnerUp ? `; runner-up ${f.runnerUp.taskId}` : ''}`;
    case 'flaky':
      return 'flaky (failed, then passed with no change): not routed';
    case 'pre-existing':
      return `not the squad's (${f.reason}): not routed`;
    default:
      return `${where}: ${f.reason}`;
  }
}

/** "12.3k tokens · $0.0123" or "12.3k tokens · cost unknown". */
export function usageText(state: RunState): string {
  const t = state.usage.tokens;
  const tokens = t.input + t.output + t.cacheRead + t.cacheWrite;
  const cost = state.usage.calls === 0 ? '$0' : state.usage.cost === undefined ? 'cost unknown' : formatCost(state.usage.cost);
  return `${compactNumber(tokens)} tokens · ${cost}`;
}

export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

