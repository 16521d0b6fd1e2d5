/** Live progress lines (stderr) for a run's events: planning, then which agent is doing what. */
import type { RunEvent } from '../core/run/events';
import type { RunState } from '../core/run/reduce';

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
    default:
      return [];
  }
}
