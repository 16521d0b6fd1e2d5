import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call } from '../../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { lastToolResults, planTask, proposals, requestsFor, squadFixture } from '../../../support/squadHarness';

const FILES = {
  'src/app.js': 'export const app = 1;\n',
  '.env': 'API_KEY=sk-live-do-not-leak\n',
  '.git/config': '[core]\n\trepositoryformatversion = 0\n',
};
const OUTSIDE_SECRET = 'TOP SECRET outside the workspace';

/** Each hostile path with the refusal the model must get back for it. */
const READS: [string, RegExp][] = [
  ['../x', /^Refused "\.\.\/x": "\.\." leads outside the workspace\.$/],
  ['/etc/passwd', /^Refused "\/etc\/passwd": it is an absolute path/],
  ['escape/notes.md', /^Refused "escape\/notes\.md": it resolves through a symlink to a location outside the workspace/],
  ['secret-link', /^Refused "secret-link": it resolves through a symlink to a location outside the workspace/],
  ['.git/config', /^Refused "\.git\/config": files under \.git\/ are off limits\.$/],
  ['.env', /^Refused "\.env": environment files \(\.env, \.env\.\*\) may hold secrets/],
];

for (const protocol of ['openai', 'anthropic'] as const) {
  describe(`hostile paths through the ${protocol} adapter`, () => {
    let server: ScriptedServer;
    let outside: string;

    before(async () => {
      server = await startScriptedServer({ turns: [] }, { log: () => {} });
      outside = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-outside-'));
      await fs.writeFile(path.join(outside, 'notes.md'), OUTSIDE_SECRET);
    });
    after(async () => {
      await server.close();
      await fs.rm(outside, { recursive: true, force: true });
    });

    it('refuses reads and writes outside the workspace, under .git/ and of .env as error results; the task still finishes', async () => {
      const escapeName = `squad-escape-${path.basename(outside)}.txt`;
      server.setScript({
        turns: agentTurns('t1', [
          [...READS.map(([p]) => call('read_file', { path: p })), call('read_file', { path: 'src/app.js' })],
          [
            call('create_file', { path: `../${escapeName}`, content: 'pwned\n' }),
            call('create_file', { path: 'escape/new.txt', content: 'pwned\n' }),
            call('propose_edit', { path: '.git/config', edits: [{ search: '[core]', replace: '[core]\n\tsshCommand = evil' }] }),
            call('create_file', { path: '.env.local', content: 'X=1\n' }),
            call('delete_file', { path: 'secret-link' }),
            call('create_file', { path: '/tmp/absolute.txt', content: 'pwned\n' }),
            call('propose_edit', { path: 'src/app.js', edits: [{ search: 'app = 1', replace: 'app = 2' }] }),
          ],
          [call('finish', { summary: 'Changed app to 2.' })],
        ]),
      });
      const run = await squadFixture({ server, files: FILES, plan: { summary: 'paths', tasks: [planTask('t1')] }, protocol });
      try {
        await fs.symlink(outside, path.join(run.root, 'escape'));
        await fs.symlink(path.join(outside, 'notes.md'), path.join(run.root, 'secret-link'));
        const since = server.requests.length;

        const { outcome } = await run.execute();

        assert.equal(outcome, 'completed');
        assert.equal(run.session.state.tasks.t1?.status, 'proposed');
        // The reads: every hostile one is an error result naming the rule; the good one is not.
        const afterReads = lastToolResults(requestsFor(server, 't1 turn 1', since)[0]);
        assert.equal(afterReads.length, READS.length + 1);
        READS.forEach(([p, expected], i) => {
          assert.equal(afterReads[i]?.isError, true, p);
          assert.match(afterReads[i]?.content ?? '', expected, p);
        });
        assert.equal(afterReads[READS.length]?.isError, false);
        assert.match(afterReads[READS.length]?.content ?? '', /1 \| export const app = 1;/);
        // The writes.
        const afterWrites = lastToolResults(requestsFor(server, 't1 turn 2', since)[0]);
        assert.deepEqual(afterWrites.map((r) => r.isError), [true, true, true, true, true, true, false]);
        assert.match(afterWrites[0]?.content ?? '', /"\.\." leads outside the workspace/);
        assert.match(afterWrites[1]?.content ?? '', /symlink to a location outside the workspace/);
        assert.match(afterWrites[2]?.content ?? '', /files under \.git\/ are off limits/);
        assert.match(afterWrites[3]?.content ?? '', /environment files/);
        assert.match(afterWrites[4]?.content ?? '', /symlink to a location outside the workspace/);
        assert.match(afterWrites[5]?.content ?? '', /it is an absolute path/);
        assert.match(afterWrites[6]?.content ?? '', /^Proposed an edit to src\/app\.js/);

        // Nothing secret ever went to the model.
        const sent = JSON.stringify(server.requests.slice(since).map((r) => r.body));
        for (const secret of [OUTSIDE_SECRET, 'sk-live-do-not-leak', 'repositoryformatversion', 'root:x:0']) {
          assert.ok(!sent.includes(secret), `${secret} leaked to the model`);
        }
        // Nothing was written anywhere, and only the legitimate file is proposed.
        assert.deepEqual(await fs.readdir(outside), ['notes.md']);
        assert.equal(await fs.readFile(path.join(outside, 'notes.md'), 'utf8'), OUTSIDE_SECRET);
        await assert.rejects(fs.stat(path.join(run.root, '..', escapeName)));
        await assert.rejects(fs.stat(path.join(run.root, '.env.local')));
        assert.equal(await fs.readFile(path.join(run.root, '.git/config'), 'utf8'), FILES['.git/config']);
        assert.equal(await fs.readFile(path.join(run.root, 'src/app.js'), 'utf8'), FILES['src/app.js']);
        assert.deepEqual(proposals(run.session).t1, [{ path: 'src/app.js', base: 'export const app = 1;\n', content: 'export const app = 2;\n' }]);
        // The journal records each refusal as a failed tool call.
        const calls = run.session.events.filter((e) => e.type === 'tool.called');
        assert.equal(calls.filter((e) => e.type === 'tool.called' && e.isError).length, READS.length + 6);
      } finally {
        await run.dispose();
      }
    });
  });
}
