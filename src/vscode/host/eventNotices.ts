/** What the host says of a run's events: each one in the output log, and a few as notifications. */
import type { RunEvent } from '../../core/run/events';
import { narrate } from '../../core/run/narrate';
import type { RunState } from '../../core/run/reduce';
import { MANAGE_TRUST, type Notice, REVIEW_CHANGES } from './errorActions';
import type { HostLog } from './ports';

const WARNS: ReadonlySet<RunEvent['type']> = new Set(['tests.skipped', 'changes.notApplied', 'test.weakened']);

/** The event in the log, at the level it deserves. */
export function logEvent(log: HostLog, event: RunEvent, state: RunState): void {
  for (const line of narrate(event, state)) {
    if (event.type === 'run.failed') log.error(line);
    else if (WARNS.has(event.type)) log.warn(line);
    else log.info(line);
  }
}

/** Events the user should see even with the sidebar closed: said once, with the action that helps. */

export function eventNotice(event: RunEvent): Notice | undefined {
  if (event.type === 'tests.skipped' && event.untrusted) return { severity: 'warning', message: `Squad: the tests will not run: ${event.reason}.`, actions: [MANAGE_TRUST] };
  if (event.type === 'changes.notApplied') return { severity: 'info', message: `Squad: ${event.reason}`, actions: [REVIEW_CHANGES] };
  if (event.type === 'test.weakened') {
    return { severity: 'warning', message: `Squad: ${event.taskId} loosened a failing test (${event.tests.join(', ')} in ${event.file}); the tests do not count as passing until you review it.`, actions: [REVIEW_CHANGES] };
  }
  return undefined;
}
