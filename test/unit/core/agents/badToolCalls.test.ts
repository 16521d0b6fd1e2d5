import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentTurns, call } from '../../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { lastToolResults, planTask, proposals, requestsFor, squadFixture, statuses } from '../../../support/squadHarness';

const FILES = { 'src/app.js': 'export const app = 1;\n' };
const READ_SHAPE = 'read_file({ path: string, startLine?: integer, endLine?: integer })';

for (const protocol of ['openai', 'anthropic'] as const) {
  for (const streamed of [false, true]) {
    describe(`malformed tool calls through the ${protocol} adapter (${streamed ? 'streamed' : 'not streamed'})`, () => {
      let server: ScriptedServer;
      before(async () => {
        server = await startScriptedServer({ turns: [] }, { log: () => {} });
      });
      after(() => server.close());

      it('broken JSON, arguments against the schema and unknown tools come back as precise errors the model corrects', async () => {
        server.setScript({
          turns: agentTurns('t1', [
            [
              { name: 'read_file', arguments: '{"path": "src/app.js"' },
              call('read_file', { path: 42 }),
              call('read_file', { path: 'src/app.js', startLine: 1.5 }),
              call('read_file', { path: 'src/app.js', encoding: 'latin1' }),
              call('read_file', { path: 'src/app.js' }),
            ],
            [
              call('propose_edit', { path: 'src/app.js', edits: [] }),
              call('propose_edit', { path: 'src/app.js', edits: [{ search: '', replace: 'x' }] }),
              call('create_file', { path: 'src/new.js' }),
              call('rm_rf', { path: '/' }),
              call('finish', {}),
            ],
            [
              call('propose_edit', { path: 'src/app.js', edits: [{ search: 'app = 1', replace: 'app = 2' }] }),
              call('create_file', { path: 'src/new.js', content: 'export {};\n' }),
            ],
            [call('finish', { summary: 'Fixed my calls.' })],
          ]),
        });
        const run = await squadFixture({ server, files: FILES, plan: { summary: 'bad calls', tasks: [planTask('t1')] }, protocol });
        try {
          const since = server.requests.length;
          const { outcome } = await run.execute(streamed ? { onToken: () => undefined } : {});
          assert.equal(outcome, 'completed');
          const results = (turn: number) => lastToolResults(requestsFor(server, `t1 turn ${turn}`, since)[0]);

          const first = results(1);
          assert.deepEqual(first.map((r) => r.isError), [true, true, true, true, false]);
          assert.match(first[0]?.content ?? '', new RegExp(`^The arguments of read_file are not valid JSON: .+\\nSend one JSON object: ${escape(READ_SHAPE)}$`));
          assert.equal(first[1]?.content, `Invalid arguments for read_file:\n- path: expected string, got number\nExpected: ${READ_SHAPE}`);
          assert.equal(first[2]?.content, `Invalid arguments for read_file:\n- startLine: expected integer, got number (not an integer)\nExpected: ${READ_SHAPE}`);
          assert.equal(first[3]?.content, `Invalid arguments for read_file:\n- arguments: unknown field "encoding"\nExpected: ${READ_SHAPE}`);

          const second = results(2);
          assert.deepEqual(second.map((r) => r.isError), [true, true, true, true, true]);
          assert.match(second[0]?.content ?? '', /^Invalid arguments for propose_edit:\n- edits: Too small: expected array to have >=1 items\nExpected: propose_edit\(/);
          assert.match(second[1]?.content ?? '', /^Invalid arguments for propose_edit:\n- edits\[0\]\.search: Too small: expected string to have >=1 characters\n/);
          assert.equal(second[2]?.content, 'Invalid arguments for create_file:\n- content: required (string)\nExpected: create_file({ path: string, content: string })');
          assert.equal(second[3]?.content, 'Unknown tool "rm_rf". Available tools: list_files, read_file, search, propose_edit, create_file, delete_file, finish.');
          // A finish that does not fit its schema does not end the task.
          assert.equal(second[4]?.content, 'Invalid arguments for finish:\n- summary: required (string)\nExpected: finish({ summary: string })');

          assert.deepEqual(results(3).map((r) => r.isError), [false, false]);
          assert.equal(run.session.state.tasks.t1?.summary, 'Fixed my calls.');
          assert.deepEqual(proposals(run.session).t1?.map((c) => [c.path, c.content]), [
            ['src/app.js', 'export const app = 2;\n'],
            ['src/new.js', 'export {};\n'],
          ]);
        } finally {
          await run.dispose();
        }
      });
    });
  }
}

describe('rate limits mid-run', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('a 429 with retry-after is retried and the run completes, the turn recorded once', async () => {
    const t1 = agentTurns('t1', [[call('read_file', { path: 'src/app.js' })], [call('finish', { summary: 'Read it.' })]]);
    server.setScript({
      turns: [
        t1[0]!,
        { name: 'rate limited', times: 1, match: t1[1]!.match!, fault: { kind: 'status', status: 429, retryAfterSeconds: 0.01 } },
        t1[1]!,
      ],
    });
    const run = await squadFixture({ server, files: FILES, plan: { summary: '429', tasks: [planTask('t1')] }, maxRetries: 2 });
    try {
      const since = server.requests.length;
      const { outcome } = await run.execute();
      assert.equal(outcome, 'completed');
      assert.deepEqual(server.requests.slice(since).map((r) => [r.turnName, r.status]), [['t1 turn 0', 200], ['rate limited', 429], ['t1 turn 1', 200]]);
      assert.equal(run.session.state.tasks.t1?.turns.length, 2);
      assert.equal(run.session.state.usage.calls, 2);
    } finally {
      await run.dispose();
    }
  });

  it('a 429 that persists past the retries fails only that task, with llm/rate_limited', async () => {
    server.setScript({
      turns: [
        { name: 'always limited', match: { contains: ['Your task (t1)'] }, fault: { kind: 'status', status: 429, retryAfterSeconds: 0.01 } },
        ...agentTurns('t2', [[call('finish', { summary: 'Nothing to do.' })]]),
      ],
    });
    const plan = { summary: '429 forever', tasks: [planTask('t1'), planTask('t2', [], 'frontend'), planTask('t3', ['t1'], 'qa')] };
    const run = await squadFixture({ server, files: FILES, plan, maxRetries: 1 });
    try {
      const since = server.requests.length;
      const { outcome } = await run.execute();
      assert.equal(outcome, 'incomplete');
      assert.deepEqual(statuses(run.session), { t1: 'failed', t2: 'proposed', t3: 'blocked' });
      assert.equal(run.session.state.tasks.t1?.code, 'llm/rate_limited');
      assert.equal(requestsFor(server, 'always limited', since).length, 2);
    } finally {
      await run.dispose();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
