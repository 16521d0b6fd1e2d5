/**
 * Recent requests follow every run that starts, wherever it was sent from: a request made from
 * the palette before the sidebar was ever opened is in the list when the sidebar opens. The real
 * host (journal, scripted planner) fires the events.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { RecentRequests } from '../../../src/vscode/view/recent';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { hostFixture } from './support/hostHarness';
import { script, UNTESTED_FILES } from './support/hostScripts';

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer({ turns: [] }, { log: () => {} });
});
after(() => server.close());

function memento() {
  const data = new Map<string, unknown>();
  return { get: <T>(key: string) => data.get(key) as T | undefined, update: async (key: string, value: unknown) => void data.set(key, value) };
}

it('the first request, made before any view exists, is recent; once disposed, nothing more is followed', async () => {
  server.setScript(script());
  const f = await hostFixture(server, UNTESTED_FILES);
  try {
    const recent = new RecentRequests(memento());
    let changes = 0;
    const following = recent.follow(f.controller.onDidEvent, () => changes++);
    await f.controller.requestFeature('  Add discounts ');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(recent.list(), ['Add discounts']);
    assert.equal(changes, 1);
    following.dispose();
    f.answer = (_m, choices) => choices[0];
    await f.controller.requestFeature('Add coupons');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(recent.list(), ['Add discounts'], 'no longer followed once disposed');
  } finally {
    await f.dispose();
  }
});
