/**
 * Runs an approved plan: one agent per task, scheduled over the DAG, all proposing into one
 * in-memory change set. A task sees the workspace plus the changes of the tasks it depends on;
 * when tasks that ran side by side changed the same file, the later one is rebased onto the
 * earlier one (three-way) and a true conflict fails the task with the conflicting lines.
 */
import { ChangeSet } from '../changes/changeSet';
import type { ChatModel } from '../llm/chatModel';
import type { Price } from '../llm/usage';
import type { Plan, Task } from '../plan/schema';
import type { Workspace } from '../ports';
import type { RunSession } from '../run/session';
import { executePlan, type ExecutionOutcome, type TaskResult } from '../schedule/scheduler';
import { AGENT_TOOLS, toolRegistry, type Sandbox } from '../tools';
import { toolFileView } from './fileView';
import { agentSystemPrompt, agentTaskMessage, type DependencyReport } from './prompt';
import { roleDefinition, type RoleDefinition } from './roles';
import { DEFAULT_AGENT_LIMITS, runAgent, type AgentLimits } from './runner';
import { workspaceTextReader } from './workspaceText';

export interface SquadOptions {
  readonly session: RunSession;
  readonly workspace: Workspace;
  readonly sandbox: Sandbox;
  readonly modelFor: (role: string) => ChatModel;
  readonly concurrency: number;
  readonly limits?: AgentLimits;
  readonly extraRoles?: readonly RoleDefinition[];
  readonly priceOverrides?: Record<string, Price>;
  readonly onToken?: (taskId: string, text: string) => void;
}

export interface SquadResult {
  readonly outcome: ExecutionOutcome;
  readonly changes: ChangeSet;
}

export async function executeSquad(options: SquadOptions, signal: AbortSignal): Promise<SquadResult> {
  const { session } = options;
  const plan = session.state.plan;
  if (!plan) throw new Error('executeSquad needs a proposed plan');
  const changes = new ChangeSet(workspaceTextReader(options.workspace));
  const settled = restoreProposals(session, changes, plan);
  const ancestors = ancestorsOf(plan);
  let finalizing: Promise<unknown> = Promise.resolve();

  const runTask = async (task: Task, taskSignal: AbortSignal): Promise<TaskResult> => {
    changes.discard(task.id); // a restarted task rebuilds its proposal from its recorded turns
    const seen = () => settled.filter((id) => ancestors.get(task.id)?.has(id));
    const view = changes.view(task.id, seen());
    const role = roleDefinition(task.role, options.extraRoles);
    const publishProposal = () => publish(session, changes, task.id);
    const result = await runAgent(
      {
        task,
        model: options.modelFor(task.role),
        system: agentSystemPrompt(role),
        firstMessage: agentTaskMessage(task, plan.summary, dependencyReports(session, task)),
        tools: toolRegistry(role.tools ?? AGENT_TOOLS),
        context: { sandbox: options.sandbox, workspace: options.workspace, view: toolFileView(view, (p) => kindOf(changes, task.id, seen(), p)) },
        session,
        limits: options.limits ?? DEFAULT_AGENT_LIMITS,
        publishProposal,
        ...(options.priceOverrides ? { priceOverrides: options.priceOverrides } : {}),
        ...(options.onToken ? { onToken: options.onToken } : {}),
      },
      taskSignal,
    );
    if (result.outcome !== 'proposed') return result;
    // One task settles at a time, so two tasks finishing together still rebase onto each other.
    const settle = finalizing.then(() => rebaseOntoSettled(changes, task.id, settled));
    finalizing = settle.catch(() => undefined);
    const conflicts = await settle;
    await publishProposal();
    if (conflicts.length > 0) {
      return { outcome: 'failed', code: 'changes/conflict', reason: `Its changes conflict with tasks that finished first: ${conflicts.join('; ')}.` };
    }
    settled.push(task.id);
    return result;
  };

  const outcome = await executePlan(session, {
    concurrency: options.concurrency,
    signal,
    modelFor: (role) => options.modelFor(role).model,
    runTask,
  });
  return { outcome, changes };
}

/** Loads the proposals of tasks that already finished (on resume) and returns them in finishing order. */
function restoreProposals(session: RunSession, changes: ChangeSet, plan: Plan): string[] {
  const order = session.events.filter((e) => e.type === 'task.finished' && e.outcome === 'proposed').map((e) => (e.type === 'task.finished' ? e.taskId : ''));
  const tasks: Record<string, Record<string, { base: string | null; content: string | null }>> = {};
  for (const task of plan.tasks) {
    const state = session.state.tasks[task.id];
    if (!state || state.changes.length === 0) continue;
    tasks[task.id] = Object.fromEntries(state.changes.map((c) => [c.path, { base: c.base, content: c.content }]));
  }
  changes.load({ version: 1, tasks });
  return order.filter((id) => session.state.tasks[id]?.status === 'proposed');
}

async function rebaseOntoSettled(changes: ChangeSet, taskId: string, settled: readonly string[]): Promise<string[]> {
  const reports = await changes.rebase(taskId, settled);
  return reports.flatMap((r) => (r.ok ? [] : [`${r.path} ${r.conflicts.map((c) => `lines ${c.startLine}-${c.endLine}`).join(', ')}`]));
}

async function publish(session: RunSession, changes: ChangeSet, taskId: string): Promise<void> {
  const diffs = changes.fileDiffs(taskId);
  const own = changes.changes(taskId);
  await session.emit({
    type: 'proposal.updated',
    taskId,
    files: diffs.map((d) => ({ path: d.path, kind: d.kind, added: d.added, removed: d.removed })),
    changes: [...own].map(([path, c]) => ({ path, base: c.base ?? null, content: c.content ?? null })),
  });
}

function kindOf(changes: ChangeSet, taskId: string, visible: readonly string[], path: string): 'created' | 'modified' | 'deleted' {
  let existedBefore: boolean | undefined;
  let existsNow = true;
  for (const id of [...visible, taskId]) {
    const change = changes.changes(id).get(path);
    if (!change) continue;
    existedBefore ??= change.base !== undefined;
    existsNow = change.content !== undefined;
  }
  if (!existsNow) return 'deleted';
  return existedBefore === false ? 'created' : 'modified';
}

function dependencyReports(session: RunSession, task: Task): DependencyReport[] {
  return task.dependsOn.flatMap((id) => {
    const dep = session.state.tasks[id];
    return dep ? [{ task: dep.task, summary: dep.summary ?? '', files: dep.files.map((f) => f.path) }] : [];
  });
}

/** Every task's transitive dependencies. */
function ancestorsOf(plan: Plan): Map<string, Set<string>> {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const memo = new Map<string, Set<string>>();
  const visit = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const result = new Set<string>();
    memo.set(id, result);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      result.add(dep);
      for (const a of visit(dep)) result.add(a);
    }
    return result;
  };
  for (const t of plan.tasks) visit(t.id);
  return memo;
}
