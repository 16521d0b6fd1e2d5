/**
 * The short message of the progress notification after each event. The log lines come from the
 * core's narrator (src/core/run/narrate.ts), the same words the CLI prints.
 */
import type { RunEvent } from '../../core/run/events';
import type { RunState } from '../../core/run/reduce';
import { formatUsage } from '../../protocol/numbers';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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

export { compactNumber as compact } from '../../core/run/narrate';

/** "12k tokens · $0.04": the extension's usage line everywhere (sidebar, status bar, picker, plan), from src/protocol/numbers.ts. */
export function usageText(state: RunState): string {
  const u = state.usage;
  return formatUsage(u.tokens.input + u.tokens.output + u.tokens.cacheRead + u.tokens.cacheWrite, u.calls, u.cost ?? null);
}
