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
import { createSquad } from '../agents/squad';
import type { ExternalToolsConfig } from '../mcp/externalTools';
import { prepareExternalTools } from '../mcp/toolset';
import type { AgentLimits } from '../agents/runner';
import type { ChatModel } from '../llm/chatModel';
import type { Price } from '../llm/usage';
import { PLANNER_ROLE, planFeature, type PlanFeatureResult } from '../plan/planner';
import type { PlanLimits } from '../plan/validate';
import type { Storage, Workspace } from '../ports';
import { applyAccepted, type ApplyOutcome, type ApplyPorts } from '../review/applyRun';
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
}

/** 'gate': the plan waits for approval; 'ended': the run finished (or was cancelled). */
export type DriveResult = 'gate' | 'ended';

export async function driveRun(session: RunSession, config: DriverConfig, ports: DriverPorts, signal: AbortSignal): Promise<DriveResult> {
  if (!session.state.plan) await planRun(session, config, signal);
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

async function execute(session: RunSession, config: DriverConfig, tests: TestPlan | undefined, signal: AbortSignal): Promise<ExecutionOutcome> {
  const running = tests?.kind === 'run' ? tests : undefined;
  const roster = session.state.roster.map(roleFromSpec);
  const roles = [...new Set(session.state.plan?.tasks.map((t) => t.role) ?? [])].map((name) => roleDefinition(name, roster));
  const externalToolsFor = config.externalTools ? await prepareExternalTools(config.externalTools, roles, signal) : undefined;
  const sandbox = createSandbox(config.workspace);
  const squad = createSquad({
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
  const outcome = await squad.execute(signal);
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

export { applyAccepted };
