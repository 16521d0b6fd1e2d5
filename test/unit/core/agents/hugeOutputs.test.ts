import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentTurns, call } from '../../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { DEFAULT_MAX_READ_BYTES } from '../../../../src/core/tools';
import { lastToolResults, planTask, proposals, requestsFor, squadFixture } from '../../../support/squadHarness';

const LINE = `${'x'.repeat(63)}\n`;
const BIG_LINES = 80_000; // 5.1 MB
const BIG = LINE.repeat(BIG_LINES);
/** A tool result may hold the read cap plus headers and notes (execute.ts RESULT_SLACK_CHARS). */
const RESULT_BOUND = DEFAULT_MAX_READ_BYTES + 16 * 1024;

describe('huge outputs stay bounded', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('a 5 MB create_file is proposed, and reads of it and of large workspace files come back cut at the read cap', async () => {
    server.setScript({
      turns: agentTurns('t1', [
        [call('create_file', { path: 'data/big.txt', content: BIG })],
        [
          call('read_file', { path: 'data/big.txt' }),
          call('read_file', { path: 'logs/huge.log' }),
          call('read_file', { path: 'dist/bundle.min.js' }),
          call('search', { query: 'xxx' }),
        ],
        [call('finish', { summary: 'Added the data file.' })],
      ]),
    });
    const files = {
      'logs/huge.log': 'log line with some text in it\n'.repeat(100_000), // 3 MB on disk
      'dist/bundle.min.js': `var a=${'1+'.repeat(600_000)}1;`, // one 1.2 MB line
    };
    const run = await squadFixture({ server, files, plan: { summary: 'huge', tasks: [planTask('t1')] } });
    try {
      const since = server.requests.length;
      const { outcome } = await run.execute();
      assert.equal(outcome, 'completed');

      const [created] = lastToolResults(requestsFor(server, 't1 turn 1', since)[0]);
      assert.equal(created?.content, `Proposed file data/big.txt: +${BIG_LINES} -0 lines.`);

      const reads = lastToolResults(requestsFor(server, 't1 turn 2', since)[0]);
      assert.equal(reads.length, 4);
      for (const r of reads) {
        assert.equal(r.isError, false);
        assert.ok(r.content.length <= RESULT_BOUND, `${r.content.length} chars`);
      }
      assert.match(reads[0]?.content ?? '', /^data\/big\.txt \(lines 1-\d+ of 80000\)\n/);
      assert.match(reads[0]?.content ?? '', /\[truncated at the 256 KB read cap: lines \d+-80000 not shown; read them with startLine=\d+\]$/);
      assert.match(reads[1]?.content ?? '', /^logs\/huge\.log \(lines 1-\d+ of 100000\)\n/);
      assert.match(reads[1]?.content ?? '', /read them with startLine=\d+\]$/);
      assert.match(reads[2]?.content ?? '', /^dist\/bundle\.min\.js \(lines 1-1 of 1\)\n {3}1 \| var a=1\+1\+/);
      assert.match(reads[2]?.content ?? '', /\[… line cut at the read cap\]/);
      assert.match(reads[3]?.content ?? '', /\[stopped at 100 matches; narrow the query or the glob\]/);

      // The proposal is whole, not cut: only what goes back to the model is bounded.
      const [proposal] = proposals(run.session).t1 ?? [];
      assert.equal(proposal?.path, 'data/big.txt');
      assert.equal(proposal?.content?.length, BIG.length);
    } finally {
      await run.dispose();
    }
  });

  it('a reply with 50 tool calls gets 50 results, in order, each answering its own call', async () => {
    const numbers = Array.from({ length: 50 }, (_, i) => i + 1);
    server.setScript({
      turns: agentTurns('t1', [
        numbers.map((n) => call('read_file', { path: 'src/long.js', startLine: n, endLine: n })),
        [call('finish', { summary: 'Read every line.' })],
      ]),
    });
    const longFile = numbers.map((n) => `export const line${n} = ${n};\n`).join('');
    const run = await squadFixture({ server, files: { 'src/long.js': longFile }, plan: { summary: 'many calls', tasks: [planTask('t1')] } });
    try {
      const since = server.requests.length;
      const { outcome } = await run.execute();
      assert.equal(outcome, 'completed');

      const request = requestsFor(server, 't1 turn 1', since)[0];
      const body = request?.body as { messages: { role: string; tool_calls?: { id: string }[] }[] };
      const callIds = body.messages.find((m) => m.role === 'assistant')?.tool_calls?.map((c) => c.id) ?? [];
      assert.equal(callIds.length, 50);
      const results = lastToolResults(request);
      assert.deepEqual(results.map((r) => r.callId), callIds);
      results.forEach((r, i) => {
        assert.equal(r.isError, false);
        assert.match(r.content, new RegExp(`^src/long\\.js \\(lines ${i + 1}-${i + 1} of 50\\)\\n +${i + 1} \\| export const line${i + 1} = ${i + 1};$`));
      });
      const called = run.session.events.filter((e) => e.type === 'tool.called' && e.turn === 0);
      assert.equal(called.length, 50);
      assert.equal(run.session.state.tasks.t1?.status, 'proposed');
    } finally {
      await run.dispose();
    }
  });

  it('a huge finish summary is refused with a correctable error, and the dependent task gets a bounded message', async () => {
    server.setScript({
      turns: [
        ...agentTurns('t1', [
          [call('finish', { summary: `Done. ${'Details. '.repeat(125_000)}` })], // 1 MB
          [call('finish', { summary: 'Done, in short.' })],
        ]),
        ...agentTurns('t2', [[call('finish', { summary: 'Nothing left.' })]]),
      ],
    });
    const plan = { summary: 'long summary', tasks: [planTask('t1'), planTask('t2', ['t1'], 'qa')] };
    const run = await squadFixture({ server, files: { 'src/app.js': 'export {};\n' }, plan });
    try {
      const since = server.requests.length;
      assert.equal((await run.execute()).outcome, 'completed');
      const [refused] = lastToolResults(requestsFor(server, 't1 turn 1', since)[0]);
      assert.equal(refused?.isError, true);
      assert.match(refused?.content ?? '', /summary: .*4000/);
      assert.equal(run.session.state.tasks.t1?.summary, 'Done, in short.');
      const body = requestsFor(server, 't2 turn 0', since)[0]?.body as { messages: { role: string; content: string }[] };
      const first = body.messages.find((m) => m.role === 'user')?.content ?? '';
      assert.ok(first.length < 20_000, `the dependent's task message has ${first.length} characters`);
    } finally {
      await run.dispose();
    }
  });
});
