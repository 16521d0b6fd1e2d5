import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRaw, FromWebview, MAX_REQUEST_CHARS, parseFromWebview, parseToWebview, type ToWebview } from '../../../src/protocol/messages';

/** One of each message the view sends: the record type makes the compiler ask for every one. */
const FROM_VIEW: { [T in FromWebview['type']]: Extract<FromWebview, { type: T }> } = {
  ready: { type: 'ready' },
  requestFeature: { type: 'requestFeature', text: 'Add a due date to tasks' },
  approvePlan: { type: 'approvePlan' },
  editPlan: { type: 'editPlan', edit: { kind: 'setDependencies', taskId: 't2', dependsOn: ['t1'] } },
  cancel: { type: 'cancel' },
  decide: { type: 'decide', scope: { kind: 'hunk', taskId: 't1', path: 'src/a.ts', hunkId: 'abc123' }, decision: 'rejected' },
  openDiff: { type: 'openDiff', taskId: 't1', path: 'src/a.ts' },
  applyAccepted: { type: 'applyAccepted' },
  rollBack: { type: 'rollBack' },
  setApiKey: { type: 'setApiKey' },
  resumeRun: { type: 'resumeRun' },
  log: { type: 'log', level: 'warn', text: 'dropped a message' },
};

const EMPTY_MODEL = { run: null, order: [], tasks: [], activity: {}, files: {}, tests: { maxFixRounds: 0, rounds: [] } };

const TO_VIEW: { [T in ToWebview['type']]: Extract<ToWebview, { type: T }> } = {
  snapshot: { type: 'snapshot', model: EMPTY_MODEL, recent: ['Add tags'] },
  patch: { type: 'patch', runId: 'r1', ops: [{ op: 'activity', taskId: 't1', start: 3, items: [{ round: 0, tool: 'read_file', summary: 'read a.ts', isError: false }] }, { op: 'taskRemoved', taskId: 't9' }] },
  recent: { type: 'recent', requests: ['a', 'b'] },
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

  it('names a dropped message by its type without echoing its content', () => {
    assert.equal(describeRaw({ type: 'decide', secret: 'x'.repeat(1000) }), '"decide"');
    assert.equal(describeRaw(42), 'number');
    assert.equal(describeRaw({ a: 1 }), 'object without a type');
  });
});
