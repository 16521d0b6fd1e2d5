/**
 * Apply history: `squad rollback` lists every apply of the workspace that can be rolled back, and
 * rolls back any of them, not only the last; an older apply whose file a later apply also wrote is
 * refused (nothing written) until the later one is rolled back. Real applies on a temp workspace.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const FILES = { 'src/a.js': "export const a = 'a0';\n", 'src/b.js': "export const b = 'b0';\n" };

/** A one-task run that replaces `from` with `to` in `file`. */
function editScript(summary: string, file: string, from: string, to: string): Script {
  return {
    turns: [
      planTurn({ summary, tasks: [{ id: 't1', role: 'backend', title: summary, description: summary, dependsOn: [] }] }),
      ...agentTurns('t1', [
        [call('propose_edit', { path: file, edits: [{ search: from, replace: to }] })],
        [call('finish', { summary })],
      ]),
    ],
  };
}

describe('squad rollback: the apply history', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer(editScript('x', 'src/a.js', 'a0', 'a1'), { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-rollback-history-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });
  const env = () => ({ HOME: home, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted' });

  it('lists three applies newest first, rolls back the middle one, refuses the oldest until the newest that shares its file is gone', async () => {
    const ws = await makeTempWorkspace(FILES);
    const read = (f: string) => fs.readFile(path.join(ws.root, f), 'utf8');
    const squad = (args: string[]) => runSquadCli([...args, '--workspace', ws.root], env(), ws.root);
    try {
      for (const [summary, file, from, to] of [['First a', 'src/a.js', 'a0', 'a1'], ['Then b', 'src/b.js', 'b0', 'b1'], ['Again a', 'src/a.js', 'a1', 'a2']] as const) {
        server.setScript(editScript(summary, file, from, to));
        const run = await squad(['run', summary, '--apply']);
        assert.equal(run.code, 0, run.stderr);
      }
      assert.equal(await read('src/a.js'), "export const a = 'a2';\n");
      assert.equal(await read('src/b.js'), "export const b = 'b1';\n");

      const list = await squad(['rollback']);
      assert.equal(list.code, 0, list.stderr);
      const rows = list.stdout.split('\n').filter((l) => /^\S+ {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}"/.test(l));
      assert.deepEqual(rows.map((r) => /"([^"]+)"\s+(.*)$/.exec(r)!.slice(1)), [['Again a', 'src/a.js'], ['Then b', 'src/b.js'], ['First a', 'src/a.js']]);
      const [newest, middle, oldest] = rows.map((r) => r.split(' ')[0]!);

      const middleBack = await squad(['rollback', middle!]);
      assert.equal(middleBack.code, 0, middleBack.stderr);
      assert.equal(await read('src/b.js'), FILES['src/b.js'], 'the older apply was rolled back');
      assert.equal(await read('src/a.js'), "export const a = 'a2';\n", 'the newer apply is untouched');

      const refused = await squad(['rollback', oldest!]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, new RegExp(`Nothing was rolled back\\. A later apply changed the same files: ${newest} \\("Again a"\\) wrote src/a\\.js\\. Roll it back first`));
      assert.equal(await read('src/a.js'), "export const a = 'a2';\n", 'a refusal writes nothing');

      assert.equal((await squad(['rollback', newest!])).code, 0);
      assert.equal(await read('src/a.js'), "export const a = 'a1';\n");
      const oldestBack = await squad(['rollback', oldest!]);
      assert.equal(oldestBack.code, 0, oldestBack.stderr);
      assert.equal(await read('src/a.js'), FILES['src/a.js']);
      assert.match((await squad(['rollback'])).stdout, /^No apply of this workspace can be rolled back/);
    } finally {
      await ws.dispose();
    }
  });
});
