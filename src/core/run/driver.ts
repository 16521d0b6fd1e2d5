/**
 * THE run lifecycle, for every front end: request → plan → plan gate → test approval → agents →
 * test loop → finish → (optionally) apply. It moves a run forward from wherever its journal says
 * it stands, so resume is the same call on a restored session. What differs between the CLI and
 * the extension is a port: whether the plan waits at the gate, how the user is asked about the
 * test command, how files are read and written for an apply. Front ends configure the driver,
 * render its events, and answer its questions; none of them repeats a step.
 */
import { roleDefinition, roleFromSpec } from '../agents/roles';
import { rosterDescriptions } from '../agents/roles/roster';
import { createSquad, type Squad } from '../agents/squad';
import { finishPendingRevisions, reviseWithSquad, revisionProblem, type RevisionOutcome, type RevisionRequest } from '../agents/revision';
import { isSquadError, SquadError } from '../common/errors';
import type { ExternalToolsConfig } from '../mcp/externalTools';
import { prepareExternalTools } from '../mcp/toolset';
import type { AgentLimits } from '../agents/runner';
import type { ChatModel } from '../llm/chatModel';
import type { Price } from '../llm/usage';
import { PLANNER_ROLE, planFeature, type PlanFeatureResult } from '../plan/planner';
import type { PlanLimits } from '../plan/validate';
import type { Storage, Workspace } from '../ports';
import { applyAccepted, type ApplyOutcome, type ApplyPorts } from '../review/applyRun';
import { acceptedSelection } from '../review/selection';
import { runSelectionTests, type SelectionTestOutcome } from '../testing/selectionRun';
import type { ExecutionOutcome } from '../schedule/scheduler';
import { agentTestRunner } from '../testing/agentTests';
import type { TestApprovalPort } from '../testing/authority';
import { runTestLoop, type TestLoopOutcome } from '../testing/loop';
import { setUpTests, type TestEnvironment, type TestPlan } from '../testing/setup';
import { createSandbox } from '../tools';
import { projectInstructions } from '../instructions';
import { plannerInstructions } from '../instructions/journal';
import type { RegexMatcher } from '../tools/regexMatcher';
import { DEFAULT_MAX_FILES, renderSummary, summarizeWorkspace } from '../workspace/summary';
import { fixesToResume, retryOf } from './retry';
import type { RunSession } from './session';
import { budgetedDrive } from './budgeted';
import { estimatePlanInto } from '../budget/runEstimate';
import type { BudgetPort } from '../budget/gate';
import type { RunBudget } from '../budget/runBudget';

export interface DriverConfig {
  readonly root: string;
  /** The workspace as the agents see it (ignore rules applied). */
  readonly workspace: Workspace;
  /** The journal's storage: approvals and baselines are kept beside the runs. */
  readonly storage: Storage;
  readonly modelFor: (role: string) => ChatModel;
  readonly concurrency: number;
  readonly planLimits: PlanLimits;
  readonly agentLimits?: AgentLimits;
  readonly priceOverrides?: Record<string, Price>;
  readonly maxFixRounds: number;
  /** Runs model-written regexes off the thread (the node worker); absent: in-thread. */
  readonly regex?: RegexMatcher;
  /** How tests run here; absent: they do not run at all. */
  readonly tests?: TestEnvironment;
  /** Tools from outside Squad (MCP servers, VS Code's); absent: none. A role uses only those granted to it. */
  readonly externalTools?: ExternalToolsConfig;
  /** The run's budget (setting squad.runBudget, --budget); absent or empty: no limit. */
  readonly budget?: RunBudget;
  readonly now?: () => number;
}

/** When an apply follows the run without the user's review (CLI --apply, apply-when-tests-pass). */
export interface AutoApply {
  readonly ports: ApplyPorts;
  /** The tests must have passed; otherwise "not configured" counts as passing too. */
  readonly requireTests: boolean;
}

export interface DriverPorts {
  /** Read when the plan is ready: 'wait' stops at the gate until the user approves. */
  readonly planGate: () => 'auto' | 'wait';
  readonly testApproval: TestApprovalPort;
  readonly autoApply?: () => AutoApply | undefined;
  /** Asked when the next model call would cross the run's budget; absent: the run stops there. */
  readonly budgetReached?: BudgetPort;
}

/** 'gate': the plan waits for approval; 'ended': the run finished (or was cancelled). */
export type DriveResult = 'gate' | 'ended';

export async function driveRun(session: RunSession, config: DriverConfig, ports: DriverPorts, signal: AbortSignal): Promise<DriveResult> {
  const drive = budgetedDrive(session, { ...config, ...(ports.budgetReached ? { ask: ports.budgetReached } : {}) }, signal);
  try {
    return await driveWithin(session, { ...config, modelFor: drive.modelFor }, ports, drive.signal);
  } catch (err) {
    // Stopped at the budget while planning: the run ends cancelled, resumable, like a stop anywhere else.
    if (!drive.stoppedAtBudget() || !isSquadError(err) || err.code !== 'cancelled') throw err;
    await session.emit({ type: 'run.finished', outcome: 'cancelled' });
    return 'ended';
  } finally {
    drive.dispose();
  }
}

async function driveWithin(session: RunSession, config: DriverConfig, ports: DriverPorts, signal: AbortSignal): Promise<DriveResult> {
  if (!session.state.plan) await planRun(session, config, signal);
  // The gate shows what each task is expected to use before anything is spent on it.
  if (!session.state.planApproved && !session.state.estimate) await estimatePlanInto(session, config.storage, config.modelFor, config.priceOverrides);
  if (!session.state.planApproved) {
    if (ports.planGate() === 'wait') return 'gate';
    await session.emit({ type: 'plan.approved', by: 'auto' });
  }
  const resumedAt = session.events.length;
  await retryStopped(session);
  const tests = config.tests ? await prepareTests(session, config, ports, signal) : undefined;
  const outcome = await execute(session, config, tests, signal);
  // A resumed run may end differently from how it stopped (a cancelled run that now completed); one
  // that worked again after its end (a fix round run again) ends again, so its journal closes on its outcome.
  if (session.state.status !== outcome || session.events.length > resumedAt) await session.emit({ type: 'run.finished', outcome });
  const auto = outcome === 'cancelled' ? undefined : ports.autoApply?.();
  if (auto) await applyIfSucceeded(session, auto);
  return 'ended';
}

/** The planning step alone (`squad plan` stops after it). */
export async function planRun(session: RunSession, config: Pick<DriverConfig, 'workspace' | 'modelFor' | 'planLimits' | 'priceOverrides'>, signal: AbortSignal): Promise<PlanFeatureResult> {
  const summary = await summarizeWorkspace(config.workspace, { maxFiles: DEFAULT_MAX_FILES, signal });
  return planFeature({
    request: session.state.request,
    workspaceSummary: renderSummary(summary),
    projectInstructions: await plannerInstructions(session, projectInstructions(config.workspace, createSandbox(config.workspace))),
    model: config.modelFor(PLANNER_ROLE),
    session,
    limits: rosterLimits(config.planLimits, session),
    signal,
    ...(config.priceOverrides ? { priceOverrides: config.priceOverrides } : {}),
  });
}

/** The run's journaled roster decides the roles and what the planner is told about each (a resumed run keeps its own). */
function rosterLimits(limits: PlanLimits, session: RunSession): PlanLimits {
  const roster = session.state.roster;
  if (roster.length === 0) return limits;
  return { ...limits, roles: roster.map((r) => r.name), roleDescriptions: { ...limits.roleDescriptions, ...rosterDescriptions(roster) } };
}

/**
 * Resuming is the user asking to go on: a task that failed or was blocked gets a new attempt; it
 * replays the turns it already paid for unless replaying them would fail the same way (retry.ts).
 */
async function retryStopped(session: RunSession): Promise<void> {
  for (const t of Object.values(session.state.tasks)) {
    if (t.status !== 'failed' && t.status !== 'blocked' && t.status !== 'cancelled') continue;
    await session.emit({ type: 'task.retried', taskId: t.task.id, attempt: t.attempt + 1, ...retryOf(t) });
  }
}

async function prepareTests(session: RunSession, config: DriverConfig, ports: DriverPorts, signal: AbortSignal): Promise<TestPlan> {
  const tests = await setUpTests({
    root: config.root,
    workspace: config.workspace,
    storage: config.storage,
    session,
    environment: config.tests!,
    approvals: ports.testApproval,
    signal,
    ...(config.now ? { now: config.now } : {}),
  });
  if (tests.kind === 'skip') {
    if (session.state.tests.skipped?.reason !== tests.why) await session.emit({ type: 'tests.skipped', reason: tests.why, untrusted: tests.untrusted });
  } else if (session.state.tests.command !== tests.command.command) {
    await session.emit({ type: 'tests.configured', command: tests.command.command, source: tests.command.source, maxFixRounds: config.maxFixRounds });
  }
  return tests;
}

/**
 * Request changes: the user's comment on a task, file or hunk goes to that task's agent, which
 * revises in a round of its own; dependents that already proposed are told (agents/revision.ts).
 * The run must not be moving (the front end holds it); a revision a crash interrupted finishes first.
 */
export async function reviseTask(session: RunSession, config: DriverConfig, request: RevisionRequest, signal: AbortSignal, budgetReached?: BudgetPort): Promise<RevisionOutcome> {
  const problem = revisionProblem(session.state, request);
  if (problem) throw new SquadError('config/invalid', problem);
  // A revision's calls are the run's calls: the same budget holds them (a stop cancels the round, resumably).
  const drive = budgetedDrive(session, { ...config, ...(budgetReached ? { ask: budgetReached } : {}) }, signal);
  try {
    return await reviseWithSquad(session, await squadFor(session, { ...config, modelFor: drive.modelFor }, undefined, drive.signal), request, drive.signal);
  } finally {
    drive.dispose();
  }
}

async function execute(session: RunSession, config: DriverConfig, tests: TestPlan | undefined, signal: AbortSignal): Promise<ExecutionOutcome> {
  const running = tests?.kind === 'run' ? tests : undefined;
  const squad = await squadFor(session, config, running, signal);
  const outcome = await squad.execute(signal);
  // A revision the user asked for that a crash interrupted is finished before the tests look at the proposals.
  if (outcome !== 'cancelled' && !signal.aborted) await finishPendingRevisions(session, squad, signal);
  if (!running || outcome === 'cancelled' || signal.aborted || squad.settledOrder().length === 0) return signal.aborted ? 'cancelled' : outcome;
  if (!loopNeeded(session)) return outcome;
  const loop: TestLoopOutcome = await runTestLoop(
    {
      session,
      squad,
      execution: running.execution,
      workspace: config.workspace,
      authority: running.authority,
      baseline: running.baseline,
      maxFixRounds: config.maxFixRounds,
      concurrency: config.concurrency,
    },
    signal,
  );
  return loop === 'cancelled' || signal.aborted ? 'cancelled' : outcome;
}

/** The run's squad, configured once for executing the plan or for a revision round. */
async function squadFor(session: RunSession, config: DriverConfig, running: Extract<TestPlan, { kind: 'run' }> | undefined, signal: AbortSignal): Promise<Squad> {
  const roster = session.state.roster.map(roleFromSpec);
  const roles = [...new Set(session.state.plan?.tasks.map((t) => t.role) ?? [])].map((name) => roleDefinition(name, roster));
  const externalToolsFor = config.externalTools ? await prepareExternalTools(config.externalTools, roles, signal) : undefined;
  const sandbox = createSandbox(config.workspace);
  return createSquad({
    session,
    workspace: config.workspace,
    sandbox,
    modelFor: config.modelFor,
    concurrency: config.concurrency,
    ...(config.agentLimits ? { limits: config.agentLimits } : {}),
    ...(config.priceOverrides ? { priceOverrides: config.priceOverrides } : {}),
    ...(config.regex ? { regex: config.regex } : {}),
    instructions: projectInstructions(config.workspace, sandbox),
    ...(externalToolsFor ? { externalToolsFor } : {}),
    ...(running ? { runTestsFor: agentTestRunner(running.execution, session, { authority: running.authority, workspace: config.workspace, baseline: running.baseline }) } : {}),
  });
}

/**
 * The loop runs unless it already reached a verdict on the proposals as they stand: a loop that
 * was cancelled, or stopped for an approval, runs again; so does one whose proposals changed
 * since (a task retried on resume), or whose last fix a model error stopped (retry.ts).
 */
function loopNeeded(session: RunSession): boolean {
  const settled = session.state.tests.settled;
  if (!settled) return true;
  // Stopped short of a verdict (cancelled, waiting for an approval, an error such as a bad key): resuming runs it again.
  if (settled.outcome === 'cancelled' || settled.outcome === 'needs-approval' || settled.outcome === 'error') return true;
  return settled.stale === true || fixesToResume(session.state, session.events).length > 0;
}

/** Accepts the whole run and applies it, only when every task proposed and the tests passed. */
async function applyIfSucceeded(session: RunSession, auto: AutoApply): Promise<ApplyOutcome | undefined> {
  const state = session.state;
  if (state.review.applies.some((a) => !a.rolledBack)) return undefined;
  const settled = state.tests.settled?.outcome;
  const testsOk = settled === 'passed' || (settled === undefined && !auto.requireTests);
  if (state.status !== 'completed' || !testsOk) {
    const why = state.status !== 'completed'
      ? 'not every task proposed its changes'
      : settled === undefined ? 'the tests did not run' : settled === 'weakened' ? 'the tests pass only because a fix loosened a failing test' : `the tests did not pass (${settled})`;
    await session.emit({ type: 'changes.notApplied', kind: 'incomplete', reason: `Nothing was applied: ${why}. Review the changes, then apply them yourself.` });
    return undefined;
  }
  await session.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
  const outcome = await applyAccepted(session, auto.ports);
  if (outcome.kind === 'refused') await session.emit({ type: 'changes.notApplied', kind: 'refused', reason: 'Nothing was applied: files changed since the agents read them.', problems: [...outcome.problems] });
  else if (outcome.kind === 'failed') await session.emit({ type: 'changes.notApplied', kind: 'failed', reason: `Nothing was applied: ${outcome.reason}` });
  else if (outcome.kind === 'nothing') await session.emit({ type: 'changes.notApplied', kind: 'nothing', reason: outcome.reason });
  return outcome;
}

/** What testing an accepted selection needs: the workspace, the journal's storage and how tests run here. */
export type SelectionTestConfig = Pick<DriverConfig, 'root' | 'workspace' | 'storage' | 'tests' | 'now'>;

/**
 * Runs the approved test command on exactly the accepted selection, in the scratch copy and the
 * sandbox (testing/selectionRun.ts), journaled as `tests.selectionRun` with the selection's
 * digest. Never in an untrusted workspace, never a command the user did not allow: the same
 * setup and approval as the run's tests (a question goes through the front end's port).
 */
export async function testAcceptedSelection(session: RunSession, config: SelectionTestConfig, ports: Pick<DriverPorts, 'testApproval'>, signal: AbortSignal): Promise<SelectionTestOutcome> {
  const selection = acceptedSelection(session.state);
  if (selection.conflicts.length > 0) {
    const which = selection.conflicts.map((c) => `${c.path} (${c.taskId}, ${c.lines})`).join('; ');
    return { kind: 'not-run', reason: `The accepted changes cannot be layered as they are: ${which}. Accept or reject so that they fit, then test again.` };
  }
  if (selection.files.length === 0) return { kind: 'not-run', reason: 'Nothing is accepted: there is no selection to test.' };
  if (!config.tests) return { kind: 'not-run', reason: 'The tests do not run here.' };
  const tests = await setUpTests({
    root: config.root,
    workspace: config.workspace,
    storage: config.storage,
    session,
    environment: config.tests,
    approvals: ports.testApproval,
    signal,
    ...(config.now ? { now: config.now } : {}),
  });
  if (tests.kind === 'skip') return { kind: 'not-run', reason: `The tests did not run: ${tests.why}.` };
  return runSelectionTests({ session, tests, workspace: config.workspace, selection }, signal);
}

export type { SelectionTestOutcome };
export { applyAccepted, revisionProblem };
export type { RevisionOutcome, RevisionRequest };
