/**
 * Runs for the sidebar's tests and benchmark, as real RunEvents folded by the core's reducer:
 * a small run that has a bit of everything (plan gate, statuses, fix rounds, failures of every
 * kind, decisions, an apply) and a large one (200 tasks, 2,000 hunks).
 */
import { parseRunEvent, type RunEvent, type RunEventPayload } from '../../../src/core/run/events';
import { initialRunState, reduceRun, type RunState } from '../../../src/core/run/reduce';
import { compareDefinitions, readTestDefinition } from '../../../src/core/testing/definition';

export const ROLES = ['database', 'backend', 'frontend', 'qa'];

export const T0 = 1_700_000_000_000;

/** Envelopes: sequence numbers from `firstSeq`, one second apart from `at0`. */
export function stamp(payloads: readonly RunEventPayload[], runId = 'run-1', firstSeq = 0, at0 = T0): RunEvent[] {
  return payloads.map((p, i) => parseRunEvent({ ...p, runId, seq: firstSeq + i, at: at0 + (firstSeq + i) * 1000 }));
}

/** Every intermediate state, in order (state i has events 0..i applied). */
export function states(events: readonly RunEvent[]): RunState[] {
  const out: RunState[] = [];
  let s = initialRunState(events[0]?.runId ?? 'run-1');
  for (const e of events) out.push((s = reduceRun(s, e)));
  return out;
}

export const lastState = (events: readonly RunEvent[]): RunState => states(events).at(-1)!;

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i + 1}`).join('\n') + '\n';

/** `text` with the given 1-based lines replaced: each far enough apart to make its own hunk. */
function edit(text: string, at: readonly number[], suffix: string): string {
  const ls = text.split('\n');
  for (const n of at) ls[n - 1] = `${ls[n - 1]} ${suffix}`;
  return ls.join('\n');
}

export const usage = (input: number, output: number) => ({ input, output, cacheRead: 0, cacheWrite: 0 });

export const TASKBOARD_PLAN = {
  summary: 'Add an optional due date to tasks, with an overdue filter in the API and the UI.',
  tasks: [
    { id: 't1', role: 'database', title: 'Add due_date column', description: 'Migration and repository mapping.', dependsOn: [] },
    { id: 't2', role: 'backend', title: 'Accept dueDate in the API', description: 'Validate dueDate; add ?status=overdue.', dependsOn: ['t1'] },
    { id: 't3', role: 'frontend', title: 'Show due dates', description: 'Date input, overdue badge and filter.', dependsOn: ['t2'] },
    { id: 't4', role: 'qa', title: 'Tests for due dates', description: 'API and repository tests.', dependsOn: ['t1', 't2'] },
  ],
};

export const DB_BASE = lines(30, 'db');
export const DB_NEW = edit(DB_BASE, [3, 20], '-- due_date');
export const API_BASE = lines(40, 'api');
export const API_NEW = edit(API_BASE, [5, 30], '// dueDate');

/** Planning up to the plan gate. */
export function gateEvents(): RunEventPayload[] {
  return [
    { type: 'run.started', request: 'Add a due date to tasks', workspaceName: 'taskboard', roles: ROLES },
    { type: 'plan.requested', attempt: 1 },
    { type: 'model.usage', role: 'planner', model: 'gpt-4.1-mini', usage: usage(1200, 300), cost: 0.002 },
    { type: 'plan.proposed', attempt: 1, plan: TASKBOARD_PLAN },
  ];
}

/** The whole small run after the gate: t1 and t2 proposed, a failing test routed to t2, t3 failed, t4 running. */
export function runEvents(): RunEventPayload[] {
  return [
    ...gateEvents(),
    { type: 'plan.approved', by: 'user' },
    { type: 'task.started', taskId: 't1', role: 'database', model: 'gpt-4.1-mini' },
    { type: 'tool.called', taskId: 't1', round: 0, turn: 0, callId: 'c1', tool: 'read_file', summary: 'read src/db/tasks.js', isError: false },
    { type: 'tool.called', taskId: 't1', round: 0, turn: 1, callId: 'c2', tool: 'propose_edit', summary: 'edited src/db/tasks.js (+2 −2)', isError: false },
    { type: 'model.usage', role: 'database', taskId: 't1', model: 'gpt-4.1-mini', usage: usage(3000, 400), cost: 0.004 },
    { type: 'proposal.updated', taskId: 't1', round: 0, files: [{ path: 'src/db/tasks.js', kind: 'modified', added: 2, removed: 2 }], changes: [{ path: 'src/db/tasks.js', base: DB_BASE, content: DB_NEW }] },
    { type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'Added the column and the mapping.' },
    { type: 'task.started', taskId: 't2', role: 'backend', model: 'claude-haiku-4-5' },
    { type: 'tool.called', taskId: 't2', round: 0, turn: 0, callId: 'c3', tool: 'search', summary: 'searched "status" in src/api: 3 matches', isError: false },
    { type: 'model.usage', role: 'backend', taskId: 't2', model: 'claude-haiku-4-5', usage: usage(5000, 700) },
    {
      type: 'proposal.updated',
      taskId: 't2',
      round: 0,
      files: [{ path: 'src/api/tasks.js', kind: 'modified', added: 2, removed: 2 }, { path: 'src/api/dates.js', kind: 'created', added: 2, removed: 0 }],
      changes: [{ path: 'src/api/tasks.js', base: API_BASE, content: API_NEW }, { path: 'src/api/dates.js', base: null, content: 'export const x = 1;\nexport const y = 2;\n' }],
    },
    { type: 'task.finished', taskId: 't2', outcome: 'proposed', summary: 'Validated dueDate.' },
    { type: 'task.started', taskId: 't3', role: 'frontend', model: 'gpt-4.1-mini' },
    { type: 'task.finished', taskId: 't3', outcome: 'failed', reason: 'The model stopped making progress.', code: 'agent/no_progress' },
    { type: 'task.started', taskId: 't4', role: 'qa', model: 'gpt-4.1-mini' },
    { type: 'tests.configured', command: 'npm test', source: 'detected', maxFixRounds: 3 },
    { type: 'tests.started', round: 0, command: 'npm test' },
    {
      type: 'tests.finished',
      round: 0,
      exitCode: 1,
      timedOut: false,
      format: 'node-test',
      passed: 10,
      failed: 3,
      skipped: 0,
      rawTail: '',
      durationMs: 1500,
      failures: [
        { test: 'rejects a bad dueDate', message: 'Expected 400, got 500', trace: [], file: 'src/api/tasks.js', line: 31, confidence: 0.9, reason: 'changed line', taskId: 't2', kind: 'routed' },
        { test: 'lists users', message: 'timeout', trace: [], confidence: 0, reason: 'failed before', kind: 'pre-existing' },
        { test: 'sorts tasks', message: 'order', trace: [], confidence: 0, reason: 'passed on re-run', kind: 'flaky' },
      ],
    },
    { type: 'failure.routed', round: 1, taskId: 't2', tests: ['rejects a bad dueDate'], files: ['src/api/tasks.js'] },
    { type: 'fix.started', taskId: 't2', round: 1 },
    { type: 'tool.called', taskId: 't2', round: 1, turn: 0, callId: 'c4', tool: 'read_file', summary: 'read src/api/tasks.js lines 20-40', isError: false },
  ];
}

export const RUN_ID = 'run-1';

/** A plan of `tasks` tasks in layers of ten, each depending on two tasks of the layer above. */
export function bigPlan(tasks: number) {
  return {
    summary: `A large plan of ${tasks} tasks`,
    tasks: Array.from({ length: tasks }, (_, i) => {
      const layer = Math.floor(i / 10);
      const deps = layer === 0 ? [] : [`t${(layer - 1) * 10 + (i % 10) + 1}`, `t${(layer - 1) * 10 + ((i + 3) % 10) + 1}`];
      return { id: `t${i + 1}`, role: ROLES[i % 4]!, title: `Task number ${i + 1} of the large plan`, description: `Do part ${i + 1}.`, dependsOn: [...new Set(deps)] };
    }),
  };
}

/** Every task proposed: two files of five hunks each (10 hunks a task), and `activity` tool calls. */
export function bigRunEvents(tasks = 200, activity = 5): RunEventPayload[] {
  const base = lines(70, 'file');
  const changed = edit(base, [4, 18, 32, 46, 60], '// changed');
  const out: RunEventPayload[] = [
    { type: 'run.started', request: 'A large feature', workspaceName: 'big', roles: ROLES },
    { type: 'plan.proposed', attempt: 1, plan: bigPlan(tasks) },
    { type: 'plan.approved', by: 'auto' },
  ];
  for (let i = 1; i <= tasks; i++) {
    const taskId = `t${i}`;
    out.push({ type: 'task.started', taskId, role: ROLES[(i - 1) % 4]!, model: 'gpt-4.1-mini' });
    for (let a = 0; a < activity; a++) out.push({ type: 'tool.called', taskId, round: 0, turn: a, callId: `${taskId}-${a}`, tool: 'read_file', summary: `read src/m${i}/f${a}.js`, isError: false });
    out.push({ type: 'model.usage', role: ROLES[(i - 1) % 4]!, taskId, model: 'gpt-4.1-mini', usage: usage(2000, 300), cost: 0.001 });
    out.push({
      type: 'proposal.updated',
      taskId,
      round: 0,
      files: [],
      changes: [
        { path: `src/m${i}/a.js`, base, content: changed },
        { path: `src/m${i}/b.js`, base, content: changed },
      ],
    });
    out.push({ type: 'task.finished', taskId, outcome: 'proposed', summary: `Task ${i} done.` });
  }
  return out;
}

export const PACKAGE_BEFORE = `${JSON.stringify({ name: 'taskboard', scripts: { test: 'node --test' }, dependencies: { express: '^5.0.0' } }, null, 2)}\n`;
export const PACKAGE_AFTER = `${JSON.stringify({ name: 'taskboard', scripts: { test: 'node --test && node scripts/seed.js' }, dependencies: { express: '^5.0.0' } }, null, 2)}\n`;

/** The definition of `npm test` on a workspace of these files, read by the core as the loop reads it. */
export async function definitionOf(files: Record<string, string>) {
  return readTestDefinition('npm test', { listFiles: async () => Object.keys(files), read: async (p) => files[p] });
}

const SANDBOX = { kind: 'bwrap' as const, description: 'bubblewrap: writes only to a scratch copy, no network, no home folder' };

/**
 * The trusted test loop on top of `runEvents()`' plan: the command allowed once, the baseline,
 * then t2's proposal changes package.json's test script and the run asks again, with the diff.
 * Ends with that question pending.
 */
export async function testGateEvents(sandbox: { kind: 'bwrap' | 'none'; description: string } = SANDBOX): Promise<RunEventPayload[]> {
  const approved = await definitionOf({ 'package.json': PACKAGE_BEFORE, 'test/a.test.js': '' });
  const proposed = await definitionOf({ 'package.json': PACKAGE_AFTER, 'scripts/seed.js': 'seed()\n', 'test/a.test.js': '' });
  const asked = (definition: typeof approved, changes: ReturnType<typeof compareDefinitions>) => ({
    type: 'tests.approvalRequested' as const,
    command: 'npm test',
    reason: 'package.json has a test script',
    sandbox,
    changes: changes.map((c) => ({ path: c.path, kind: c.kind, diff: c.diff })),
    definition: { command: definition.command, files: definition.files.map((f) => ({ ...f })) },
  });
  return [
    ...gateEvents(),
    { type: 'plan.approved', by: 'user' },
    asked(approved, []),
    { type: 'tests.approvalDecided', answer: 'run', by: 'user' },
    { type: 'tests.configured', command: 'npm test -- --test-reporter=tap', source: 'detected', maxFixRounds: 2 },
    {
      type: 'tests.baseline',
      command: 'npm test -- --test-reporter=tap',
      cached: false,
      exitCode: 1,
      passed: 9,
      failed: 3,
      failing: ['lists users', 'due dates sort by day', 'archives old tasks'].map((test) => ({ test, signature: `sig:${test}`, thrown: false })),
      durationMs: 800,
    },
    { type: 'task.started', taskId: 't1', role: 'database', model: 'gpt-4.1-mini' },
    { type: 'proposal.updated', taskId: 't1', round: 0, files: [{ path: 'src/db/tasks.js', kind: 'modified', added: 2, removed: 2 }], changes: [{ path: 'src/db/tasks.js', base: DB_BASE, content: DB_NEW }] },
    { type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'Added the column.' },
    { type: 'task.started', taskId: 't2', role: 'backend', model: 'gpt-4.1-mini' },
    { type: 'proposal.updated', taskId: 't2', round: 0, files: [{ path: 'package.json', kind: 'modified', added: 1, removed: 1 }], changes: [{ path: 'package.json', base: PACKAGE_BEFORE, content: PACKAGE_AFTER }, { path: 'scripts/seed.js', base: null, content: 'seed()\n' }] },
    { type: 'task.finished', taskId: 't2', outcome: 'proposed', summary: 'Seeds the database before the tests.' },
    asked(proposed, compareDefinitions(approved, proposed)),
  ];
}

/** After the question: allowed for the run, a round with a failure and its runner-up, a fix that loosened the test, a dispute, the loop settled as weakened, and an apply that wrote nothing. */
export function weakenedLoopEvents(): RunEventPayload[] {
  return [
    { type: 'tests.approvalDecided', answer: 'run', by: 'user' },
    { type: 'tests.started', round: 0, command: 'npm test -- --test-reporter=tap' },
    {
      type: 'tests.finished', round: 0, exitCode: 1, timedOut: false, format: 'tap', passed: 9, failed: 1, skipped: 0, rawTail: '', durationMs: 900, sandboxed: true,
      failures: [{
        test: 'rejects a bad dueDate', message: 'Expected 400, got 500', trace: [], file: 'src/api/tasks.js', line: 31, confidence: 0.7, reason: 'the failing line was changed by t2', taskId: 't2', kind: 'routed',
        runnerUp: { taskId: 't1', file: 'src/db/tasks.js', reason: 'the test reads the column t1 added' },
      }],
    },
    { type: 'failure.routed', round: 1, taskId: 't2', tests: ['rejects a bad dueDate'], files: ['src/api/tasks.js'] },
    { type: 'fix.started', taskId: 't2', round: 1 },
    { type: 'test.disputed', taskId: 't2', round: 1, test: 'due dates sort by day, then by priority', reason: 'the task asks for sorting by due date only' },
    { type: 'fix.finished', taskId: 't2', round: 1, outcome: 'revised', summary: 'Relaxed the status check.' },
    { type: 'test.weakened', taskId: 't2', round: 1, file: 'test/api.test.js', tests: ['rejects a bad dueDate'], assertions: ['  assert.equal(res.status, 400);'] },
    { type: 'tests.started', round: 1, command: 'npm test -- --test-reporter=tap' },
    { type: 'tests.finished', round: 1, exitCode: 0, timedOut: false, format: 'tap', passed: 10, failed: 0, skipped: 0, rawTail: '', durationMs: 850, failures: [], sandboxed: true },
    { type: 'tests.settled', outcome: 'weakened', rounds: 1, summary: 'The tests pass after 1 fix round, but t2 loosened "rejects a bad dueDate".' },
    { type: 'changes.notApplied', kind: 'incomplete', reason: 'Nothing was applied: the tests pass only because a fix loosened a failing test. Review the changes, then apply them yourself.' },
  ];
}
