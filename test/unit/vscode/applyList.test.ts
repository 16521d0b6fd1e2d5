/**
 * The sidebar's Applies list: the workspace's applies newest first, each with whether it can be
 * rolled back (an older one whose files a later standing apply wrote is blocked, naming it), through
 * the protocol into the view's store; its Roll back reaches the Roll Back an Apply command.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplyEntry } from '../../../src/core/review/applyHistory';
import { parseFromWebview, parseToWebview, type ToWebviewInput } from '../../../src/protocol/messages';
import { dispatch, SIDEBAR_COMMANDS, type DispatchDeps } from '../../../src/vscode/view/dispatch';
import { MAX_LISTED_APPLIES, projectApplies } from '../../../src/vscode/view/projectApplies';
import { isEmpty, noChanges, ViewStore } from '../../../src/webview/store';

const apply = (checkpointId: string, at: number, request: string, paths: string[], rolledBack = false): ApplyEntry => ({
  runId: `run-${checkpointId}`, request, checkpointId, at, files: paths.map((path) => ({ path, action: 'modified' as const })), rolledBack,
});

// Newest first, as readApplyHistory returns them.
const HISTORY = [
  apply('c4', 4000, 'Again a', ['src/a.js']),
  apply('c3', 3000, 'Then b', ['src/b.js']),
  apply('c2', 2000, 'Rolled back one', ['src/a.js'], true),
  apply('c1', 1000, 'First a\n  on two lines', ['src/a.js', 'src/c.js']),
  apply('c0', 500, 'Long ago', ['src/d.js']),
];
const KEPT = new Set(['c4', 'c3', 'c2', 'c1']);

describe('the sidebar\'s Applies list', () => {
  it('says of each apply whether it can be rolled back, and why not', () => {
    const list = projectApplies(HISTORY, KEPT);
    assert.deepEqual(list.map((a) => [a.checkpointId, a.state]), [['c4', 'standing'], ['c3', 'standing'], ['c2', 'rolledBack'], ['c1', 'blocked'], ['c0', 'gone']]);
    const blocked = list[3]!;
    assert.equal(blocked.request, 'First a on two lines');
    assert.deepEqual(blocked.files, ['src/a.js', 'src/c.js']);
    assert.match(blocked.note ?? '', /A later apply changed the same files: c4 \("Again a"\) wrote src\/a\.js\. Roll it back first/);
    assert.equal(list[0]!.note, undefined);
    // Once the later apply is rolled back, the older one can go.
    const after = projectApplies(HISTORY.map((h) => (h.checkpointId === 'c4' ? { ...h, rolledBack: true } : h)), KEPT);
    assert.equal(after.find((a) => a.checkpointId === 'c1')?.state, 'standing');
  });

  it('lists at most the newest MAX_LISTED_APPLIES', () => {
    const many = Array.from({ length: MAX_LISTED_APPLIES + 5 }, (_, i) => apply(`k${i}`, 10_000 - i, `r${i}`, [`f${i}.js`]));
    const list = projectApplies(many, new Set(many.map((m) => m.checkpointId)));
    assert.equal(list.length, MAX_LISTED_APPLIES);
    assert.equal(list[0]!.checkpointId, 'k0');
  });

  it('reaches the view\'s store through the protocol', () => {
    const message: ToWebviewInput = { type: 'applies', applies: projectApplies(HISTORY, KEPT) };
    const parsed = parseToWebview(JSON.parse(JSON.stringify(message)));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems);
    const store = new ViewStore();
    const changes = noChanges();
    assert.equal(store.apply(parsed.message, changes), 'ok');
    assert.equal(changes.applies, true);
    assert.equal(isEmpty(changes), false);
    assert.deepEqual(store.applies.map((a) => a.state), ['standing', 'standing', 'rolledBack', 'blocked', 'gone']);
  });

  it('Roll back runs Roll Back an Apply on that checkpoint; a failure comes back as a notice', async () => {
    const calls: string[] = [];
    const posted: ToWebviewInput[] = [];
    let fail = false;
    const unexpected = (what: string) => () => Promise.reject(new Error(`${what} is not part of a roll-back`));
    const deps: DispatchDeps = {
      host: { state: undefined, requestFeature: unexpected('requestFeature'), approvePlan: unexpected('approvePlan'), editPlan: unexpected('editPlan'), cancel: () => undefined, decide: unexpected('decide'), requestChanges: unexpected('requestChanges'), answerTests: () => undefined },
      executeCommand: async (command, ...args) => {
        calls.push(`${command}:${JSON.stringify(args)}`);
        if (fail) throw new Error('The checkpoint could not be read.');
      },
      post: (m) => void posted.push(m),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      ready: () => undefined,
      remember: async () => undefined,
    };
    const msg = parseFromWebview({ type: 'rollBackApply', checkpointId: 'c3' });
    assert.ok(msg.ok);
    if (!msg.ok) return;
    await dispatch(msg.message, deps);
    assert.deepEqual(calls, [`${SIDEBAR_COMMANDS.rollBackApply}:[{"checkpointId":"c3"}]`]);
    assert.equal(SIDEBAR_COMMANDS.rollBackApply, 'squad.rollBackApply');
    assert.deepEqual(posted, []);
    fail = true;
    await dispatch(msg.message, deps);
    assert.equal(posted.length, 1);
    assert.match(JSON.stringify(posted[0]), /"type":"notice".*The checkpoint could not be read/);
    assert.equal(parseFromWebview({ type: 'rollBackApply', checkpointId: '' }).ok, false, 'an empty id is refused');
  });
});
