import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRaw, FromWebview, MAX_REQUEST_CHARS, parseFromWebview, parseToWebview, type ToWebview, type ViewTests } from '../../../src/protocol/messages';

/** One of each message the view sends: the record type makes the compiler ask for every one. */
const FROM_VIEW: { [T in FromWebview['type']]: Extract<FromWebview, { type: T }> } = {
  ready: { type: 'ready' },
  requestFeature: { type: 'requestFeature', text: 'Add a due date to tasks' },
  approvePlan: { type: 'approvePlan' },
  editPlan: { type: 'editPlan', edit: { kind: 'setDependencies', taskId: 't2', dependsOn: ['t1'] } },
  cancel: { type: 'cancel' },
  decide: { type: 'decide', scope: { kind: 'hunk', taskId: 't1', path: 'src/a.ts', hunkId: 'abc123' }, decision: 'rejected' },
  requestChanges: { type: 'requestChanges', scope: { kind: 'hunk', taskId: 't1', path: 'src/a.ts', hunkId: 'abc123' }, comment: 'Use the existing date helper.' },
  openDiff: { type: 'openDiff', taskId: 't1', path: 'src/a.ts' },
  applyAccepted: { type: 'applyAccepted' },
  rollBack: { type: 'rollBack' },
  rollBackApply: { type: 'rollBackApply', checkpointId: '20261207-120000-abc' },
  testSelection: { type: 'testSelection' },
  setApiKey: { type: 'setApiKey' },
  resumeRun: { type: 'resumeRun', runId: 'run-1' },
  answerTests: { type: 'answerTests', answer: 'run', question: 'a1b2c3d4e5f6' },
  log: { type: 'log', level: 'warn', text: 'dropped a message' },
};

const EMPTY_MODEL = { run: null, order: [], tasks: [], activity: {}, files: {}, tests: { maxFixRounds: 0, rounds: [], weakened: [], disputes: [] } };

/** A test loop with everything the sidebar draws of it: the gate with a diff, baseline, runner-up, loosened and disputed tests. */
const TESTS = {
  command: 'npm test -- --test-reporter=tap',
  maxFixRounds: 2,
  gate: {
    id: 'a1b2c3d4e5f6',
    command: 'npm test',
    runs: 'npm test -- --test-reporter=tap',
    reason: 'package.json has a test script',
    sandbox: { kind: 'none', description: 'bubblewrap is not installed' },
    files: ['package.json'],
    changes: [{ path: 'package.json', kind: 'changed', hunks: [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 1, lines: ['-"test": "a"', '+"test": "b"'] }], omitted: 3 }],
  },
  baseline: { passed: 4, failed: 1, cached: true, failing: ['old'], cannotRun: { reason: 'jest missing', hint: 'npm install' } },
  skipped: { reason: 'not trusted', untrusted: true },
  rounds: [{
    round: 0, status: 'finished', passed: 1, failed: 1, skipped: 0, routed: [],
    failures: [{ test: 'x', message: 'm', kind: 'routed', reason: 'r', taskId: 't2', runnerUp: { taskId: 't1', reason: 'also read' } }],
  }],
  weakened: [{ taskId: 't2', round: 1, file: 'test/a.test.js', tests: ['x'], assertions: ['assert.ok(y)'] }],
  disputes: [{ taskId: 't2', round: 1, test: 'x', reason: 'contradicts the task' }],
  settled: { outcome: 'weakened', rounds: 1, summary: 's' },
};

const TO_VIEW: { [T in ToWebview['type']]: Extract<ToWebview, { type: T }> } = {
  snapshot: { type: 'snapshot', model: EMPTY_MODEL, recent: ['Add tags'] },
  patch: {
    type: 'patch',
    runId: 'r1',
    ops: [{ op: 'activity', taskId: 't1', start: 3, items: [{ round: 0, tool: 'read_file', summary: 'read a.ts', isError: false }] }, { op: 'taskRemoved', taskId: 't9' }, { op: 'tests', tests: TESTS as ViewTests }],
  },
  recent: { type: 'recent', requests: ['a', 'b'] },
  applies: {
    type: 'applies',
    applies: [
      { checkpointId: 'c2', request: 'Shout', at: 2, files: ['src/shout.js'], state: 'standing' },
      { checkpointId: 'c1', request: 'Greet', at: 1, files: ['src/a.js', 'src/b.js'], state: 'blocked', note: 'A later apply changed the same files: c2' },
    ],
  },
  notice: { type: 'notice', area: 'plan', level: 'error', text: 'The plan would have a cycle: t1 → t2 → t1', details: [] },
};

describe('protocol: messages from the view', () => {
  for (const [type, message] of Object.entries(FROM_VIEW)) {
    it(`"${type}" parses to itself`, () => {
      const parsed = parseFromWebview(JSON.parse(JSON.stringify(message)));
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems);
      assert.deepEqual(parsed.message, message);
    });
  }

  it('every plan edit and every scope parses', () => {
    const edits = [
      { kind: 'updateTask', taskId: 't1', title: 'New title' },
      { kind: 'updateTask', taskId: 't1', description: 'New description', role: 'qa' },
      { kind: 'addTask', task: { role: 'qa', title: 'Tests', description: 'Write tests', dependsOn: ['t1'] } },
      { kind: 'removeTask', taskId: 't3' },
      { kind: 'setDependencies', taskId: 't2', dependsOn: [] },
    ];
    for (const edit of edits) assert.ok(parseFromWebview({ type: 'editPlan', edit }).ok, JSON.stringify(edit));
    for (const scope of [{ kind: 'run' }, { kind: 'task', taskId: 't1' }, { kind: 'file', taskId: 't1', path: 'a' }]) {
      assert.ok(parseFromWebview({ type: 'decide', scope, decision: 'undecided' }).ok);
    }
  });

  it('trims a request, and refuses an empty or an over-long one', () => {
    const parsed = parseFromWebview({ type: 'requestFeature', text: '  Add tags \n' });
    assert.ok(parsed.ok && parsed.message.type === 'requestFeature' && parsed.message.text === 'Add tags');
    assert.equal(parseFromWebview({ type: 'requestFeature', text: ' \n ' }).ok, false);
    assert.equal(parseFromWebview({ type: 'requestFeature', text: 'x'.repeat(MAX_REQUEST_CHARS + 1) }).ok, false);
  });

  it('malformed messages are refused with problems that name the field', () => {
    const cases: [unknown, RegExp][] = [
      [null, /message/],
      ['ready', /message/],
      [{ type: 'launchMissiles' }, /type/],
      [{ type: 'decide', scope: { kind: 'hunk', taskId: 't1', path: 'a' }, decision: 'accepted' }, /scope/],
      [{ type: 'decide', scope: { kind: 'run' }, decision: 'maybe' }, /decision/],
      [{ type: 'editPlan', edit: { kind: 'updateTask', taskId: 't1', title: 'x'.repeat(201) } }, /edit\.title/],
      [{ type: 'editPlan', edit: { kind: 'addTask', task: { role: 'qa', title: '', description: 'd', dependsOn: [] } } }, /edit\.task\.title/],
      [{ type: 'openDiff', taskId: 't1' }, /path/],
      [{ type: 'answerTests', answer: 'always', question: 'q' }, /answer/],
      [{ type: 'answerTests', question: 'q' }, /answer/],
      [{ type: 'answerTests', answer: 'run' }, /question/],
      [{ type: 'answerTests', answer: 'run', question: '' }, /question/],
    ];
    for (const [raw, where] of cases) {
      const parsed = parseFromWebview(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
      if (!parsed.ok) assert.match(parsed.problems, where, JSON.stringify(raw));
    }
  });
});

describe('protocol: messages to the view', () => {
  for (const [type, message] of Object.entries(TO_VIEW)) {
    it(`"${type}" parses to itself`, () => {
      const parsed = parseToWebview(JSON.parse(JSON.stringify(message)));
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems);
      assert.deepEqual(parsed.message, message);
    });
  }

  it('a notice without details gets an empty list', () => {
    const parsed = parseToWebview({ type: 'notice', area: 'run', level: 'info', text: 'hi' });
    assert.ok(parsed.ok && parsed.message.type === 'notice');
    assert.deepEqual(parsed.ok && parsed.message.type === 'notice' ? parsed.message.details : undefined, []);
  });

  it('malformed ones are refused: unknown op, a task row without its fields, a negative start', () => {
    const cases: unknown[] = [
      { type: 'patch', runId: 'r', ops: [{ op: 'explode' }] },
      { type: 'patch', runId: 'r', ops: [{ op: 'task', task: { id: 't1' } }] },
      { type: 'patch', runId: 'r', ops: [{ op: 'activity', taskId: 't1', start: -1, items: [] }] },
      { type: 'snapshot', model: { ...EMPTY_MODEL, run: { runId: 'r' } }, recent: [] },
      { type: 'notice', area: 'somewhere', level: 'error', text: 'x' },
    ];
    for (const raw of cases) assert.equal(parseToWebview(raw).ok, false, JSON.stringify(raw));
  });

  it('a test loop that does not fit is refused where it does not: a sandbox kind, a diff hunk, a list it must have', () => {
    const patch = (tests: unknown) => parseToWebview({ type: 'patch', runId: 'r', ops: [{ op: 'tests', tests }] });
    const cases: [unknown, RegExp][] = [
      [{ ...TESTS, gate: { ...TESTS.gate, sandbox: { kind: 'docker', description: '' } } }, /gate\.sandbox\.kind/],
      [{ ...TESTS, gate: { ...TESTS.gate, changes: [{ path: 'p', kind: 'changed', hunks: [{ lines: [] }], omitted: 0 }] } }, /gate\.changes\.0\.hunks\.0\.oldStart/],
      [{ ...TESTS, weakened: undefined }, /tests\.weakened/],
      [{ ...TESTS, disputes: [{ taskId: 't2', test: 'x', reason: 'r' }] }, /disputes\.0\.round/],
      [{ ...TESTS, rounds: [{ ...TESTS.rounds[0], failures: [{ ...TESTS.rounds[0]!.failures[0], runnerUp: { file: 'a' } }] }] }, /runnerUp\.taskId/],
    ];
    for (const [tests, where] of cases) {
      const parsed = patch(tests);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.problems, where);
    }
    const withNotApplied = parseToWebview({
      type: 'patch',
      runId: 'r',
      ops: [{ op: 'run', run: { runId: 'r', request: 'x', status: 'completed', awaitingApproval: false, busy: false, roles: [], planAttempts: 1, problems: [], usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, calls: 0, cost: 0, knownCost: 0 }, review: { hunks: 0, accepted: 0, rejected: 0, undecided: 0, toApply: 0, applies: [], notApplied: { reason: 'Nothing was applied', kind: 'incomplete' } } } }],
    });
    assert.equal(withNotApplied.ok, false, 'a not-applied record needs its problems list');
  });

  it('names a dropped message by its type without echoing its content', () => {
    assert.equal(describeRaw({ type: 'decide', secret: 'x'.repeat(1000) }), '"decide"');
    assert.equal(describeRaw(42), 'number');
    assert.equal(describeRaw({ a: 1 }), 'object without a type');
  });
});
