/**
 * Runs an approved plan: one agent per task, scheduled over the DAG, all proposing into one
 * in-memory change set. A task sees the workspace plus the changes of the tasks it depends on;
 * when tasks that ran side by side changed the same file, the later one is rebased onto the
 * earlier one (three-way) and a true conflict fails the task with the conflicting lines. The
 * test loop asks the same agents for fix rounds through `fix`.
 */
import { ChangeSet } from '../changes/changeSet';
import type { ChatModel } from '../llm/chatModel';
import type { Price } from '../llm/usage';
import type { Task } from '../plan/schema';
import type { Workspace } from '../ports';
import type { RunSession } from '../run/session';
import { executePlan, type ExecutionOutcome, type TaskResult } from '../schedule/scheduler';
import { AGENT_TOOLS, disputeTestTool, toolRegistry, type Sandbox, type Tool, type ToolContext } from '../tools';
import type { RegexMatcher } from '../tools/regexMatcher';
import { ancestorsOf } from './ancestors';
import { toolFileView } from './fileView';
import { agentSystemPrompt, agentTaskMessage, withProjectInstructions, type DependencyReport } from './prompt';
import type { ProjectInstructions } from '../instructions';
import { taskInstructions } from '../instructions/journal';
import { compareRecordedProposal, proposalBefore, publishProposal, restoreProposals } from './proposals';
import { roleDefinition, roleFromSpec, type RoleDefinition } from './roles';
import { ownedAreas } from './roles/owned';
import { DEFAULT_AGENT_LIMITS, runAgent, type AgentLimits } from './runner';
import { workspaceTextReader } from './workspaceText';
import type { ExternalToolsFor } from '../mcp/toolset';

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
  /** Runs the approved tests on the given tasks' changes (the QA agent's run_tests tool); absent: not allowed. */
  readonly runTestsFor?: (changes: ChangeSet, taskIds: readonly string[], signal: AbortSignal) => Promise<string>;
  /** Runs the search tool's regexes off this thread with a time budget; absent: on this thread. */
  readonly regex?: RegexMatcher;
  /** The project's instruction files, put ahead of each task's first message; absent: none. */
  readonly instructions?: ProjectInstructions;
  /** The external tools (MCP, VS Code's) a role is granted; absent: none. */
  readonly externalToolsFor?: ExternalToolsFor;
}

export interface SquadResult {
  readonly outcome: ExecutionOutcome;
  readonly changes: ChangeSet;
}

export interface Squad {
  readonly changes: ChangeSet;
  /** Tasks whose proposals stand, in the order they settled: the order their changes layer in. */
  settledOrder(): readonly string[];
  execute(signal: AbortSignal): Promise<ExecutionOutcome>;
  /**
   * A fix round: the task's agent revises its own proposal from `request` (failures, trace, its
   * diff). `disputable`: failing tests written in this run that it may dispute instead of passing.
   */
  fix(taskId: string, round: number, request: string, signal: AbortSignal, disputable?: readonly string[]): Promise<TaskResult>;
}

export async function executeSquad(options: SquadOptions, signal: AbortSignal): Promise<SquadResult> {
  const squad = createSquad(options);
  return { outcome: await squad.execute(signal), changes: squad.changes };
}

export function createSquad(options: SquadOptions): Squad {
  const { session } = options;
  const plan = session.state.plan;
  if (!plan) throw new Error('A squad needs a proposed plan');
  const changes = new ChangeSet(workspaceTextReader(options.workspace));
  const settled = restoreProposals(session, changes, plan);
  const ancestors = ancestorsOf(plan);
  const seenBy = (taskId: string) => settled.filter((id) => ancestors.get(taskId)?.has(id));
  let finalizing: Promise<unknown> = Promise.resolve();
  // The roster journaled when the run started (agent files as they were then), unless the caller gives one.
  const roster = options.extraRoles ?? session.state.roster.map(roleFromSpec);
  const owned = ownedAreas(session.state.roster);

  const agentFor = (task: Task, round: number, firstMessage: string, disputable: readonly string[] = []) => {
    const role = roleDefinition(task.role, roster);
    const visible = seenBy(task.id);
    const view = changes.view(task.id, visible);
    const dispute = disputable.length > 0 ? disputeHandler(session, task.id, round, disputable) : undefined;
    const context: Omit<ToolContext, 'signal'> = {
      sandbox: options.sandbox,
      workspace: options.workspace,
      view: toolFileView(view, (p) => kindOf(changes, task.id, visible, p)),
      ...(options.runTestsFor ? { runTests: testsOf(options.runTestsFor, changes, [...visible, task.id]) } : {}),
      ...(options.regex ? { regex: options.regex } : {}),
      ...(dispute ? { disputeTest: dispute } : {}),
    };
    // External tools come after Squad's own, so the stable prefix of the tool list stays the same.
    const baseTools = [...(role.tools ?? AGENT_TOOLS), ...(options.externalToolsFor?.(role) ?? [])];
    const state = session.state.tasks[task.id];
    return {
      task,
      model: options.modelFor(task.role),
      system: agentSystemPrompt(role),
      firstMessage,
      tools: toolRegistry(dispute ? withDispute(baseTools) : baseTools),
      context,
      session,
      limits: options.limits ?? DEFAULT_AGENT_LIMITS,
      round,
      recordedTurns: (round === 0 ? state?.turns : state?.fixTurns[round]) ?? [],
      publishProposal: (turn: number) => publishProposal(session, changes, task.id, round, turn),
      compareProposal: (turn: number) => compareRecordedProposal(session, changes, task.id, round, turn),
      ...(options.priceOverrides ? { priceOverrides: options.priceOverrides } : {}),
      ...(options.onToken ? { onToken: options.onToken } : {}),
    };
  };

  const runTask = async (task: Task, signal: AbortSignal): Promise<TaskResult> => {
    changes.discard(task.id); // a restarted task rebuilds its proposal from its recorded turns
    const first = agentTaskMessage(task, plan.summary, dependencyReports(session, task));
    const result = await runAgent(agentFor(task, 0, withProjectInstructions(first, await taskInstructions(session, options.instructions, task, 0))), signal);
    if (result.outcome !== 'proposed') return result;
    // One task settles at a time, so two tasks finishing together still rebase onto each other.
    const settle = finalizing.then(() => rebaseOntoSettled(changes, task.id, settled));
    finalizing = settle.catch(() => undefined);
    const conflicts = await settle;
    await publishProposal(session, changes, task.id, 0);
    if (conflicts.length > 0) {
      return { outcome: 'failed', code: 'changes/conflict', reason: `Its changes conflict with tasks that finished first: ${conflicts.join('; ')}.` };
    }
    settled.push(task.id);
    return result;
  };

  return {
    changes,
    settledOrder: () => [...settled],
    execute: (signal) =>
      executePlan(session, {
        concurrency: options.concurrency,
        signal,
        modelFor: (role) => options.modelFor(role).model,
        runTask,
        ...(owned.any ? { exclusive: owned.exclusive } : {}),
      }),
    async fix(taskId, round, request, signal, disputable = []) {
      const task = plan.tasks.find((t) => t.id === taskId);
      if (!task) throw new Error(`No task ${taskId} in the plan`);
      // A fix round interrupted by a crash starts again from the proposal it was asked to fix.
      const before = proposalBefore(session, taskId, round);
      if (before) changes.load({ version: 1, tasks: { [taskId]: before } });
      return runAgent(agentFor(task, round, withProjectInstructions(request, await taskInstructions(session, options.instructions, task, round)), disputable), signal);
    },
  };
}

/** dispute_test goes just before finish, so the stable prefix of the tool list stays the same. */
function withDispute(tools: readonly Tool[]): Tool[] {
  const at = tools.findIndex((t) => t.name === 'finish');
  return at < 0 ? [...tools, disputeTestTool] : [...tools.slice(0, at), disputeTestTool, ...tools.slice(at)];
}

function disputeHandler(session: RunSession, taskId: string, round: number, disputable: readonly string[]) {
  return async (test: string, reason: string): Promise<string> => {
    const name = disputable.find((t) => t === test) ?? disputable.find((t) => t.includes(test) || test.includes(t));
    if (name === undefined) return `No failing test written in this run is named ${JSON.stringify(test)}. You can dispute: ${disputable.map((t) => JSON.stringify(t)).join(', ')}.`;
    const already = session.state.tests.disputes.some((d) => d.taskId === taskId && d.round === round && d.test === name);
    if (!already) await session.emit({ type: 'test.disputed', taskId, round, test: name, reason });
    return `Recorded: "${name}" goes back to the test's author with your reason. Do not change the test yourself; fix anything else that is yours, then call finish.`;
  };
}

function testsOf(run: NonNullable<SquadOptions['runTestsFor']>, changes: ChangeSet, taskIds: readonly string[]) {
  return (signal: AbortSignal) => run(changes, taskIds, signal);
}

async function rebaseOntoSettled(changes: ChangeSet, taskId: string, settled: readonly string[]): Promise<string[]> {
  const reports = await changes.rebase(taskId, settled);
  return reports.flatMap((r) => (r.ok ? [] : [`${r.path} ${r.conflicts.map((c) => `lines ${c.startLine}-${c.endLine}`).join(', ')}`]));
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

