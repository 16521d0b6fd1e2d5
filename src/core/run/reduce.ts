/**
 * The run's state as a pure projection of its events. Every reader (scheduler, sidebar, CLI,
 * status bar, resume) derives what it shows from here; nothing else keeps a copy of the truth.
 * Handlers return new objects and never touch their inputs.
 */
import { addUsage, ZERO_USAGE, type Usage } from '../llm/chatModel';
import { blobText, type BlobTexts } from './blobs';
import type { Plan } from '../plan/schema';
import { plainRoster, type RoleSpec } from '../agents/roles/spec';
import type { RunEvent, RunEventOf, RunEventType } from './events';
import { reduceTask, tasksOfPlan, type TaskState } from './taskState';
import { INITIAL_RUN_CLOCK, tickClock, type RunClock } from './runClock';
import { withRound } from './instructionEvents';
import type { InstructionsRecord } from '../instructions/types';
import { INITIAL_REVIEW, reduceReview, type ReviewState } from './reviewState';
import { INITIAL_REVISIONS, reduceRevisions, type RevisionState } from './revisionState';
import { INITIAL_BUDGET, reduceBudget, type BudgetState, type PlanEstimateRecord } from './budgetEvents';
import { INITIAL_TEST_LOOP, reduceTests, staleVerdict, type TestLoopState } from './testState';

export type RunStatus = 'idle' | 'planning' | 'planned' | 'running' | 'completed' | 'incomplete' | 'cancelled' | 'failed';

export interface UsageTotals {
  readonly tokens: Usage;
  /** Model calls counted. */
  readonly calls: number;
  /** Total cost, or undefined as soon as one call's cost was unknown (see knownCost). */
  readonly cost: number | undefined;
  /** The sum of the costs that were known. */
  readonly knownCost: number;
}

export const ZERO_USAGE_TOTALS: UsageTotals = { tokens: ZERO_USAGE, calls: 0, cost: 0, knownCost: 0 };

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly details: readonly string[];
}

export interface RunState {
  readonly runId: string;
  readonly request: string;
  readonly workspaceName: string;
  readonly roles: readonly string[];
  /** Each role as journaled when the run started: its file's prompt, tools, model, owned globs, source. */
  readonly roster: readonly RoleSpec[];
  readonly status: RunStatus;
  /** The latest proposed plan. */
  readonly plan?: Plan;
  /** The plan gate opened (by the user or the autonomy setting). */
  readonly planApproved: boolean;
  /** Highest planning attempt requested so far (0 before planning). */
  readonly planAttempts: number;
  /** Problems of the latest rejected plan; cleared when a plan is proposed. */
  readonly lastProblems: readonly string[];
  /** Each task of the latest plan by id, in plan order. */
  readonly tasks: Readonly<Record<string, TaskState>>;
  /** The project's instruction files the planner's prompt received (instructions.used without a task). */
  readonly plannerInstructions?: InstructionsRecord;
  /** Tasks that proposed, in the order they finished: the order their changes layer in. */
  readonly settled: readonly string[];
  /** The test loop: the command and each round. */
  readonly tests: TestLoopState;
  /** The user's decisions on the proposals, and the applies. */
  readonly review: ReviewState;
  /** Changes the user asked for on a task's proposal, and the dependents told of a revision. */
  readonly revisions: RevisionState;
  /** Usage and cost of the whole run. */
  readonly usage: UsageTotals;
  readonly usageByRole: Readonly<Record<string, UsageTotals>>;
  readonly usageByModel: Readonly<Record<string, UsageTotals>>;
  readonly usageByTask: Readonly<Record<string, UsageTotals>>;
  /** The run's budget: a held call's question, a raise, a stop. */
  readonly budget: BudgetState;
  /** The estimate of the latest plan (cleared when the plan is proposed again or edited, until estimated again). */
  readonly estimate?: PlanEstimateRecord;
  readonly error?: RunError;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** The run's stored texts by SHA-256: what `proposal.updated` names. */
  readonly blobs: BlobTexts;
  /** Sequence number of the last event applied; -1 before any. */
  readonly lastSeq: number;
  /** Work time, without the waits for the user and the time stopped (runClock.ts). */
  readonly clock: RunClock;
}

export function initialRunState(runId: string): RunState {
  return {
    runId,
    request: '',
    workspaceName: '',
    roles: [],
    roster: [],
    status: 'idle',
    planApproved: false,
    planAttempts: 0,
    lastProblems: [],
    tasks: {},
    settled: [],
    tests: INITIAL_TEST_LOOP,
    review: INITIAL_REVIEW,
    revisions: INITIAL_REVISIONS,
    usage: ZERO_USAGE_TOTALS,
    usageByTask: {},
    usageByRole: {},
    usageByModel: {},
    budget: INITIAL_BUDGET,
    blobs: {},
    lastSeq: -1,
    clock: INITIAL_RUN_CLOCK,
  };
}

type Handlers = { readonly [T in RunEventType]: (state: RunState, event: RunEventOf<T>) => RunState };

/** One handler per event type: adding a type to events.ts makes the compiler ask for one here. */
const handlers: Handlers = {
  'run.started': (s, e) => ({
    ...s,
    request: e.request,
    workspaceName: e.workspaceName,
    roles: [...e.roles],
    roster: e.roster ?? plainRoster(e.roles),
    status: 'planning',
    startedAt: e.at,
  }),
  'plan.requested': (s, e) => ({ ...s, status: 'planning', planAttempts: Math.max(s.planAttempts, e.attempt) }),
  'plan.rejected': (s, e) => ({ ...s, lastProblems: [...e.problems] }),
  'plan.proposed': (s, e) => ({ ...s, plan: e.plan, lastProblems: [], tasks: tasksOfPlan(e.plan), settled: [], estimate: undefined }),
  'plan.edited': (s, e) => ({ ...s, plan: e.plan, tasks: tasksOfPlan(e.plan), settled: [], estimate: undefined }),
  'plan.approved': (s) => ({ ...s, status: 'running', planApproved: true }),
  'task.started': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e) }),
  'model.turn': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e) }),
  'tool.called': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e) }),
  'proposal.updated': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e, s.blobs), tests: staleVerdict(s.tests) }),
  'blob.stored': (s, e) => (Object.hasOwn(s.blobs, e.hash) ? s : { ...s, blobs: { ...s.blobs, [e.hash]: blobText(s.blobs, e) } }),
  'replay.diverged': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e) }),
  'instructions.used': (s, e) => {
    const record = { budget: e.budget, files: e.files };
    if (e.taskId === undefined) return { ...s, plannerInstructions: record };
    const task = s.tasks[e.taskId];
    return task ? { ...s, tasks: { ...s.tasks, [e.taskId]: { ...task, instructions: withRound(task.instructions, { round: e.round, ...record }) } } } : s;
  },
  'task.finished': (s, e) => ({
    ...s,
    tasks: reduceTask(s.tasks, e),
    settled: e.outcome === 'proposed' ? [...s.settled.filter((id) => id !== e.taskId), e.taskId] : s.settled.filter((id) => id !== e.taskId),
  }),
  'task.blocked': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e) }),
  'task.retried': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e), status: 'running', settled: s.settled.filter((id) => id !== e.taskId), tests: staleVerdict(s.tests) }),
  'tests.skipped': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'changes.notApplied': (s, e) => ({ ...s, review: reduceReview(s.review, e) }),
  'tests.configured': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'tests.approvalRequested': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'tests.approvalDecided': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'tests.baseline': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'test.weakened': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'test.disputed': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'tests.started': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'tests.finished': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'failure.routed': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'tests.settled': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'tests.selectionRun': (s, e) => ({ ...s, tests: reduceTests(s.tests, e) }),
  'review.decided': (s, e) => ({ ...s, review: reduceReview(s.review, e) }),
  // The run works again until the revision ends it again (run.finished): a crash in between reads as interrupted.
  'revision.requested': (s, e) => ({ ...s, status: 'running', revisions: reduceRevisions(s.revisions, e) }),
  'dependency.revised': (s, e) => ({ ...s, revisions: reduceRevisions(s.revisions, e) }),
  'changes.applied': (s, e) => ({ ...s, review: reduceReview(s.review, e) }),
  'changes.rolledBack': (s, e) => ({ ...s, review: reduceReview(s.review, e) }),
  'fix.started': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e) }),
  'fix.finished': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e) }),
  'fix.retried': (s, e) => ({ ...s, tasks: reduceTask(s.tasks, e) }),
  'model.usage': (s, e) => ({
    ...s,
    usage: addTotals(s.usage, e.usage, e.cost),
    usageByRole: { ...s.usageByRole, [e.role]: addTotals(s.usageByRole[e.role] ?? ZERO_USAGE_TOTALS, e.usage, e.cost) },
    usageByModel: {
      ...s.usageByModel,
      [e.model]: addTotals(s.usageByModel[e.model] ?? ZERO_USAGE_TOTALS, e.usage, e.cost),
    },
    usageByTask:
      e.taskId === undefined
        ? s.usageByTask
        : { ...s.usageByTask, [e.taskId]: addTotals(s.usageByTask[e.taskId] ?? ZERO_USAGE_TOTALS, e.usage, e.cost) },
  }),
  'plan.estimated': (s, e) => ({ ...s, estimate: { tasks: e.tasks, total: e.total } }),
  'budget.reached': (s, e) => ({ ...s, budget: reduceBudget(s.budget, e) }),
  'budget.decided': (s, e) => ({ ...s, budget: reduceBudget(s.budget, e) }),
  'run.finished': (s, e) => ({ ...s, status: e.outcome, finishedAt: e.at }),
  'run.failed': (s, e) => ({
    ...s,
    status: 'failed',
    error: { code: e.code, message: e.message, details: [...(e.details ?? [])] },
    finishedAt: e.at,
  }),
};

/** Pure and deterministic: the same state and event always give the same new state. */
export function reduceRun(state: RunState, event: RunEvent): RunState {
  // The mapped type cannot tie `event.type` to its handler's parameter, hence the widening.
  const handler = handlers[event.type] as (s: RunState, e: RunEvent) => RunState;
  return { ...handler(state, event), lastSeq: event.seq, clock: tickClock(state.clock, event, resumesWork(state, event)) };
}

/** Work starts again on a stopped run: a task retried, or started while the journal has it running (the window closed mid-task). */
function resumesWork(state: RunState, event: RunEvent): boolean {
  if (event.type === 'task.retried') return true;
  const status = event.type === 'task.started' ? state.tasks[event.taskId]?.status : undefined;
  return status === 'running' || status === 'fixing';
}

/** The state after all `events`; the run id comes from the first event. */
export function projectRun(events: readonly RunEvent[], runId = events[0]?.runId ?? ''): RunState {
  return events.reduce(reduceRun, initialRunState(runId));
}

function addTotals(totals: UsageTotals, usage: Usage, cost: number | undefined): UsageTotals {
  return {
    tokens: addUsage(totals.tokens, usage),
    calls: totals.calls + 1,
    cost: totals.cost === undefined || cost === undefined ? undefined : totals.cost + cost,
    knownCost: totals.knownCost + (cost ?? 0),
  };
}
