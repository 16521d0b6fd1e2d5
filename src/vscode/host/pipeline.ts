/**
 * Moves a run forward from wherever its journal says it stands, as the CLI's `squad run` does:
 * the planner (with the workspace summary) → the plan gate (by `squad.autonomy`) → the test
 * command decision → the squad → the test loop → `run.finished` → with apply-when-tests-pass,
 * accept the whole run and apply it. Resume is the same call on a restored session.
 */
import { createSquad } from '../../core/agents/squad';
import type { ChatModel } from '../../core/llm/chatModel';
import { PLANNER_ROLE, planFeature } from '../../core/plan/planner';
import { DEFAULT_PLAN_LIMITS } from '../../core/plan/validate';
import type { Storage, Workspace } from '../../core/ports';
import type { RunSession } from '../../core/run/session';
import type { ExecutionOutcome } from '../../core/schedule/scheduler';
import { agentTestRunner } from '../../core/testing/agentTests';
import { runTestLoop, type TestLoopOutcome } from '../../core/testing/loop';
import { createSandbox } from '../../core/tools';
import { DEFAULT_MAX_FILES, renderSummary, summarizeWorkspace, SUMMARY_NOISE_GLOBS } from '../../core/workspace/summary';
import { createFsWorkspace } from '../../node/fsWorkspace';
import { createWorkerRegexMatcher } from '../../node/regexWorker';
import type { Settings } from '../settings';
import { MANAGE_TRUST, REVIEW_CHANGES } from './errorActions';
import type { HostPorts } from './ports';
import { planApproved } from './runList';
import { decideTests } from './testGate';

export interface AdvanceInput {
  readonly session: RunSession;
  readonly root: string;
  readonly storage: Storage;
  readonly ports: HostPorts;
  readonly modelFor: (role: string) => ChatModel;
  readonly signal: AbortSignal;
}

/** 'gate': the plan waits for Approve Plan; 'ended': the run finished (or was cancelled). */
export type AdvanceResult = 'gate' | 'ended';

export async function advanceRun(input: AdvanceInput): Promise<AdvanceResult> {
  const { session, ports, signal } = input;
  const settings = ports.settings();
  const workspace = createFsWorkspace(input.root, { ignoreGlobs: [...SUMMARY_NOISE_GLOBS, ...settings.ignore] });
  if (!session.state.plan) {
    const summary = await summarizeWorkspace(workspace, { maxFiles: DEFAULT_MAX_FILES, signal });
    await planFeature({
      request: session.state.request,
      workspaceSummary: renderSummary(summary),
      model: input.modelFor(PLANNER_ROLE),
      session,
      limits: { roles: session.state.roles, maxTasks: DEFAULT_PLAN_LIMITS.maxTasks },
      signal,
      priceOverrides: settings.prices,
    });
  }
  if (!planApproved(session.events)) {
    // Read again: planning takes a while, and the user may have changed the setting meanwhile.
    if (ports.settings().autonomy === 'review-plan-and-changes') {
      ports.log.info('the plan waits for your approval (Squad: Approve Plan)');
      return 'gate';
    }
    await session.emit({ type: 'plan.approved', by: 'auto' });
  }
  await execute(input, workspace, ports.settings());
  return 'ended';
}

async function execute(input: AdvanceInput, workspace: Workspace, settings: Settings): Promise<void> {
  const { session, ports, signal } = input;
  const tests = await decideTests({ root: input.root, workspace, storage: input.storage, settings, ports, signal });
  if (tests.kind === 'skip') {
    ports.log.warn(`tests will not run: ${tests.why}.`);
    if (tests.untrusted) ports.notify({ severity: 'warning', message: `Squad: the tests will not run: ${tests.why}.`, actions: [MANAGE_TRUST] });
  } else if (!session.events.some((e) => e.type === 'tests.configured')) {
    await session.emit({ type: 'tests.configured', command: tests.execution.command.command, source: tests.source, maxFixRounds: settings.maxFixRounds });
  }

  // The agents' regex searches run on a worker, never on the shared extension host thread.
  const regex = createWorkerRegexMatcher();
  const squad = createSquad({
    session,
    workspace,
    sandbox: createSandbox(workspace),
    modelFor: input.modelFor,
    concurrency: settings.concurrency,
    limits: { maxTurns: settings.maxTurns, maxTokens: settings.maxTokensPerTask },
    priceOverrides: settings.prices,
    regex,
    ...(tests.kind === 'run' ? { runTestsFor: agentTestRunner(tests.execution, session) } : {}),
  });
  let outcome: ExecutionOutcome;
  let testOutcome: TestLoopOutcome | undefined;
  try {
    outcome = await squad.execute(signal);
    if (tests.kind === 'run' && outcome !== 'cancelled' && squad.settledOrder().length > 0 && !session.state.tests.settled) {
      testOutcome = await runTestLoop({ session, squad, execution: tests.execution, maxFixRounds: settings.maxFixRounds, concurrency: settings.concurrency }, signal);
    }
  } finally {
    await regex.dispose();
  }
  const finalOutcome = testOutcome === 'cancelled' || signal.aborted ? 'cancelled' : outcome;
  // A resumed run may end differently from how it stopped (a cancelled run that now completed).
  if (session.state.status !== finalOutcome) await session.emit({ type: 'run.finished', outcome: finalOutcome });
  if (finalOutcome !== 'cancelled' && ports.settings().autonomy === 'apply-when-tests-pass') await applyIfPassed(input);
}

/** apply-when-tests-pass: only a complete run whose tests passed is accepted and applied, once. */
async function applyIfPassed(input: AdvanceInput): Promise<void> {
  const { session, ports } = input;
  const state = session.state;
  if (state.review.applies.length > 0) return;
  const passed = state.tests.settled?.outcome === 'passed';
  if (state.status !== 'completed' || !passed) {
    const why = state.status !== 'completed' ? 'not every task proposed its changes' : state.tests.settled ? `the tests did not pass (${state.tests.settled.outcome})` : 'the tests did not run';
    ports.log.warn(`not applied automatically: ${why}; the changes wait for your review.`);
    ports.notify({ severity: 'info', message: `Squad did not apply the changes: ${why}. Review them before applying.`, actions: [REVIEW_CHANGES] });
    return;
  }
  await session.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
  ports.log.info('the tests passed: accepting the whole run and applying it (squad.autonomy is apply-when-tests-pass)');
  await ports.applyAccepted();
}
