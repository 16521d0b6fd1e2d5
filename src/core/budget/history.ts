/**
 * "What similar tasks used": per role, the whole-task usage of the tasks of this workspace's
 * earlier runs (the journals beside this one), newest runs first, at most MAX_RUNS of them. A task
 * counts only when it proposed (a failed task's usage says little about a typical one). A journal
 * that cannot be read is skipped: history only sharpens an estimate, it never blocks one.
 */
import { addUsage, ZERO_USAGE, type Usage } from '../llm/chatModel';
import type { Storage } from '../ports';
import { listRuns, readRunEvents } from '../run/journal';
import { projectRun } from '../run/reduce';
import type { RoleHistory } from './estimate';

export const MAX_RUNS = 30;

export async function readRoleHistory(storage: Storage, options: { readonly exceptRunId?: string; readonly maxRuns?: number } = {}): Promise<RoleHistory> {
  const runs = (await listRuns(storage)).filter((id) => id !== options.exceptRunId).reverse().slice(0, options.maxRuns ?? MAX_RUNS);
  const byRole: Record<string, Usage[]> = {};
  for (const runId of runs) {
    const events = await readRunEvents(storage, runId).catch(() => undefined);
    if (!events) continue;
    for (const [role, usage] of taskUsages(projectRun(events, runId))) (byRole[role] ??= []).push(usage);
  }
  return byRole;
}

function taskUsages(state: ReturnType<typeof projectRun>): [string, Usage][] {
  return Object.values(state.tasks).flatMap((t) => {
    const totals = state.usageByTask[t.task.id];
    if (t.status !== 'proposed' || !totals || totals.calls === 0) return [];
    return [[t.task.role, addUsage(ZERO_USAGE, totals.tokens)] as [string, Usage]];
  });
}
