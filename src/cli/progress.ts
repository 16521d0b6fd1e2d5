/** Live progress lines (stderr) for a run's events: planning, then which agent is doing what. */
import type { RunEvent } from '../core/run/events';
import type { RunState } from '../core/run/reduce';
import type { AttributedFailureRecord } from '../core/run/testEvents';

function failureTarget(f: AttributedFailureRecord, role: (taskId: string) => string): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''} (${Math.round(f.confidence * 100)}%)` : 'no file';
  switch (f.kind) {
    case 'routed':
      return `${where} → ${role(f.taskId ?? '')} (${f.taskId ?? '?'})`;
    case 'flaky':
      return `flaky (failed, then passed with no change): not routed`;
    case 'pre-existing':
      return `${where}: pre-existing, no task changed it: not routed`;
    default:
      return `${where}: ${f.reason}`;
  }
}

export function progressLines(event: RunEvent, state: RunState, planner: { model: string; provider: string }): string[] {
  const role = (taskId: string) => state.tasks[taskId]?.task.role ?? '?';
  switch (event.type) {
    case 'plan.requested':
      return event.attempt === 1 ? [`planning with ${planner.model} (${planner.provider})…`] : [`attempt ${event.attempt}…`];
    case 'plan.rejected': {
      const n = event.problems.length;
      return [`attempt ${event.attempt}: plan had ${n} problem${n === 1 ? '' : 's'}`, ...event.problems.map((p) => `  - ${p}`)];
    }
    case 'plan.proposed':
      return [`plan ready: ${event.plan.tasks.length} tasks after ${event.attempt} attempt${event.attempt === 1 ? '' : 's'}`];
    case 'task.started':
      return [`▶ ${event.taskId} [${event.role}] started with ${event.model}`];
    case 'tool.called':
      return [`  ${event.taskId} [${role(event.taskId)}] ${event.summary}`];
    case 'task.finished':
      if (event.outcome === 'proposed') return [`✔ ${event.taskId} [${role(event.taskId)}] proposed: ${event.summary ?? ''}`];
      return [`✖ ${event.taskId} [${role(event.taskId)}] ${event.outcome}: ${event.reason ?? ''}`];
    case 'task.blocked':
      return [`⊘ ${event.taskId} [${role(event.taskId)}] blocked: ${event.reason}`];
    case 'tests.configured':
      return [`tests: ${event.command} (${event.source === 'user' ? 'given' : 'detected'}; up to ${event.maxFixRounds} fix rounds)`];
    case 'tests.started':
      return [`tests round ${event.round}: running…`];
    case 'tests.finished': {
      const head = `tests round ${event.round}: ${event.failed} failed, ${event.passed} passed${event.timedOut ? ' (timed out)' : ''} in ${(event.durationMs / 1000).toFixed(1)} s`;
      return [head, ...event.failures.map((f) => `  ✖ ${f.test} → ${failureTarget(f, role)}`)];
    }
    case 'failure.routed':
      return [`→ ${role(event.taskId)} (${event.taskId}), round ${event.round} of ${state.tests.maxFixRounds}: ${event.tests.length} failing test${event.tests.length === 1 ? '' : 's'}`];
    case 'fix.finished':
      return [event.outcome === 'revised' ? `✔ ${event.taskId} [${role(event.taskId)}] revised (round ${event.round}): ${event.summary ?? ''}` : `✖ ${event.taskId} [${role(event.taskId)}] fix round ${event.round} ${event.outcome}: ${event.reason ?? ''}`];
    case 'tests.settled':
      return [`tests: ${event.outcome} — ${event.summary}`];
    default:
      return [];
  }
}
