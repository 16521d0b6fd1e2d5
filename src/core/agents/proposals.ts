/** Moving proposals between the change set (memory) and the run's events (the journal). */
import type { ChangeSet } from '../changes/changeSet';
import type { Plan } from '../plan/schema';
import type { RunSession } from '../run/session';

type FileChangesJSON = Record<string, { base: string | null; content: string | null }>;

export async function publishProposal(session: RunSession, changes: ChangeSet, taskId: string, round: number): Promise<void> {
  const diffs = changes.fileDiffs(taskId);
  await session.emit({
    type: 'proposal.updated',
    taskId,
    round,
    files: diffs.map((d) => ({ path: d.path, kind: d.kind, added: d.added, removed: d.removed })),
    changes: [...changes.changes(taskId)].map(([path, c]) => ({ path, base: c.base ?? null, content: c.content ?? null })),
  });
}

/** Loads every task's latest proposal (on resume) and returns the settled tasks in settling order. */
export function restoreProposals(session: RunSession, changes: ChangeSet, plan: Plan): string[] {
  const tasks: Record<string, FileChangesJSON> = {};
  for (const task of plan.tasks) {
    const state = session.state.tasks[task.id];
    if (state && state.changes.length > 0) tasks[task.id] = toJSON(state.changes);
  }
  changes.load({ version: 1, tasks });
  return [...session.state.settled];
}

/** The task's proposal as it stood when fix round `round` started (undefined: that round has not started). */
export function proposalBefore(session: RunSession, taskId: string, round: number): FileChangesJSON | undefined {
  const events = session.events;
  const start = events.findIndex((e) => e.type === 'fix.started' && e.taskId === taskId && e.round === round);
  if (start < 0) return undefined;
  for (let i = start - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === 'proposal.updated' && e.taskId === taskId) return toJSON(e.changes);
  }
  return {};
}

function toJSON(changes: readonly { path: string; base: string | null; content: string | null }[]): FileChangesJSON {
  return Object.fromEntries(changes.map((c) => [c.path, { base: c.base, content: c.content }]));
}
