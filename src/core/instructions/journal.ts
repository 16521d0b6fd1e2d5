/**
 * The instructions a prompt gets, and `instructions.used` saying which: journaled unless the
 * journal already says exactly that for this prompt (a resumed run). A task's round gets the files
 * it touches: the plan's `files`, and in a fix round also the files its proposal changed.
 */
import type { ProjectInstructions } from './index';
import type { Task } from '../plan/schema';
import { sameRecord } from '../run/instructionEvents';
import type { RunSession } from '../run/session';

export async function taskInstructions(session: RunSession, instructions: ProjectInstructions | undefined, task: Task, round: number): Promise<string> {
  if (!instructions) return '';
  const state = session.state.tasks[task.id];
  const changed = round > 0 ? (state?.files.map((f) => f.path) ?? []) : [];
  const { text, record } = await instructions.forTask([...(task.files ?? []), ...changed]);
  const journaled = state?.instructions?.find((r) => r.round === round);
  if ((record.files.length > 0 || journaled) && !sameRecord(journaled, record)) {
    await session.emit({ type: 'instructions.used', taskId: task.id, round, budget: record.budget, files: [...record.files] });
  }
  return text;
}

/** The planner's, journaled the same way. */
export async function plannerInstructions(session: RunSession, instructions: ProjectInstructions): Promise<string> {
  const { text, record } = await instructions.forPlanner();
  const journaled = session.state.plannerInstructions;
  if ((record.files.length > 0 || journaled) && !sameRecord(journaled, record)) {
    await session.emit({ type: 'instructions.used', round: 0, budget: record.budget, files: [...record.files] });
  }
  return text;
}
