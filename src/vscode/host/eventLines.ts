/**
 * Words for a run's events: one log line per agent step (the "Squad" output channel) and a short
 * message for the progress notification. Pure; the lines carry what the events carry, and events
 * never hold keys (the log channel redacts anyway).
 */
import { formatCost } from '../../core/llm/usage';
import type { RunEvent } from '../../core/run/events';
import type { RunState } from '../../core/run/reduce';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The log line for an event; undefined for events the neighbouring lines already tell. */
export function logLine(event: RunEvent, state: RunState): string | undefined {
  const role = (taskId: string) => state.tasks[taskId]?.task.role ?? '?';
  const who = (taskId: string) => `${taskId} [${role(taskId)}]`;
  switch (event.type) {
    case 'run.started':
      return `run ${event.runId} started: "${oneLine(event.request, 200)}" (roles: ${event.roles.join(', ')})`;
    case 'plan.requested':
      return event.attempt === 1 ? 'planning…' : `planning, attempt ${event.attempt}…`;
    case 'plan.rejected':
      return `plan attempt ${event.attempt} had ${plural(event.problems.length, 'problem')}: ${event.problems.join('; ')}`;
    case 'plan.proposed':
      return `plan ready: ${plural(event.plan.tasks.length, 'task')} — ${event.plan.tasks.map((t) => `${t.id} [${t.role}] ${t.title}`).join('; ')}`;
    case 'plan.edited':
      return `plan edited: ${event.edit}`;
    case 'plan.approved':
      return `plan approved (${event.by === 'user' ? 'by you' : 'automatically, by the autonomy setting'})`;
    case 'task.started':
      return `▶ ${event.taskId} [${event.role}] started with ${event.model}`;
    case 'model.turn':
      return undefined; // its tool calls follow, one line each
    case 'tool.called':
      return `  ${who(event.taskId)}${event.round > 0 ? ` (fix ${event.round})` : ''} ${event.isError ? '✖ ' : ''}${oneLine(event.summary, 300)}`;
    case 'proposal.updated':
      return undefined; // the tool.called line before it already says what changed
    case 'task.finished':
      return event.outcome === 'proposed'
        ? `✔ ${who(event.taskId)} proposed: ${oneLine(event.summary ?? '', 300)}`
        : `✖ ${who(event.taskId)} ${event.outcome}: ${oneLine(event.reason ?? '', 300)}${event.code ? ` (${event.code})` : ''}`;
    case 'task.blocked':
      return `⊘ ${who(event.taskId)} blocked by ${event.blockedBy.join(', ')}: ${event.reason}`;
    case 'tests.configured':
      return `tests: ${event.command} (${event.source === 'user' ? 'from squad.testCommand' : 'detected'}; up to ${plural(event.maxFixRounds, 'fix round')})`;
    case 'tests.started':
      return `tests round ${event.round}: running ${event.command}…`;
    case 'tests.finished':
      return `tests round ${event.round}: ${event.passed} passed, ${event.failed} failed, ${event.skipped} skipped${event.timedOut ? ' (timed out)' : ''} in ${(event.durationMs / 1000).toFixed(1)} s`;
    case 'failure.routed':
      return `→ ${who(event.taskId)} fix round ${event.round}: ${plural(event.tests.length, 'failing test')}${event.files.length > 0 ? ` in ${event.files.join(', ')}` : ''}`;
    case 'fix.started':
      return `▶ ${who(event.taskId)} fix round ${event.round} started`;
    case 'fix.finished':
      return event.outcome === 'revised'
        ? `✔ ${who(event.taskId)} revised (round ${event.round}): ${oneLine(event.summary ?? '', 300)}`
        : `✖ ${who(event.taskId)} fix round ${event.round} ${event.outcome}: ${oneLine(event.reason ?? '', 300)}`;
    case 'tests.settled':
      return `tests ${event.outcome}: ${event.summary}`;
    case 'review.decided': {
      const s = event.scope;
      const what = s.kind === 'run' ? 'all changes' : s.kind === 'task' ? `task ${s.taskId}` : s.kind === 'file' ? `${s.path} of ${s.taskId}` : `a hunk of ${s.path} (${s.taskId})`;
      return `review: ${what} ${event.decision}`;
    }
    case 'changes.applied':
      return `applied ${plural(event.files.length, 'file')} (checkpoint ${event.checkpointId}): ${event.files.map((f) => `${f.path} ${f.action}${f.merged ? ', merged' : ''}`).join('; ')}`;
    case 'changes.rolledBack':
      return `rolled back checkpoint ${event.checkpointId}: ${event.files.join(', ')}`;
    case 'model.usage':
      return undefined; // totals are on run.finished and in the status bar
    case 'run.finished':
      return `run ${event.outcome} — ${usageText(state)}`;
    case 'run.failed':
      return `run failed (${event.code}): ${event.message}${event.details && event.details.length > 0 ? ` — ${event.details.join('; ')}` : ''}`;
  }
}

/** What the progress notification says after an event; undefined keeps the previous message. */
export function progressMessage(event: RunEvent, state: RunState): string | undefined {
  const tasks = Object.values(state.tasks);
  const done = tasks.filter((t) => t.status === 'proposed').length;
  const running = tasks.filter((t) => t.status === 'running' || t.status === 'fixing');
  switch (event.type) {
    case 'run.started':
    case 'plan.requested':
      return 'Planning…';
    case 'plan.proposed':
      return `Plan ready: ${plural(event.plan.tasks.length, 'task')}`;
    case 'task.started':
    case 'task.finished':
    case 'task.blocked':
    case 'tool.called':
      return `${done} of ${tasks.length} tasks proposed${running.length > 0 ? ` · working: ${running.map((t) => `${t.task.id} [${t.task.role}]`).join(', ')}` : ''}`;
    case 'tests.started':
      return `Running the tests (round ${event.round})…`;
    case 'tests.finished':
      return `Tests round ${event.round}: ${event.passed} passed, ${event.failed} failed`;
    case 'failure.routed':
    case 'fix.started':
      return `Fix round ${event.round}: ${running.map((t) => t.task.id).join(', ') || event.taskId}`;
    case 'tests.settled':
      return `Tests ${event.outcome}`;
    default:
      return undefined;
  }
}

/** "12.3k tokens · $0.0123" or "12.3k tokens · cost unknown". */
export function usageText(state: RunState): string {
  const t = state.usage.tokens;
  const tokens = t.input + t.output + t.cacheRead + t.cacheWrite;
  const cost = state.usage.calls === 0 ? '$0' : state.usage.cost === undefined ? 'cost unknown' : formatCost(state.usage.cost);
  return `${compact(tokens)} tokens · ${cost}`;
}

export function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
