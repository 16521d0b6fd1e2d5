import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSquadError } from '../../../../src/core/common/errors';
import { createChatModel, type ProviderName } from '../../../../src/core/llm/factory';
import { planFeature } from '../../../../src/core/plan/planner';
import { plannerPromptOverhead, SUBMIT_PLAN_TOOL } from '../../../../src/core/plan/plannerPrompt';
import { RunSession } from '../../../../src/core/run/session';
import { createFsStorage } from '../../../../src/node/fsStorage';
import type { Script, ScriptedTurn } from '../../../support/script';
import { lastMessageText, normalise } from '../../../support/scriptedMatch';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

const VALID_PLAN = {
  summary: 'Due dates on tasks',
  tasks: [
    { id: 't1', role: 'database', title: 'Add due_date column', description: 'Migration adding tasks.due_date TEXT.', files: ['src/db/migrations/002_due.sql'] },
    { id: 't2', role: 'backend', title: 'Accept dueDate in the API', description: 'POST/PATCH /api/tasks take dueDate.', dependsOn: ['t1'] },
    { id: 't3', role: 'frontend', title: 'Show due dates', description: 'Date input and label.', dependsOn: ['t2'] },
    { id: 't4', role: 'qa', title: 'Test due dates', description: 'API tests for dueDate.', dependsOn: ['t2'] },
  ],
};

/** A cycle (t1 ↔ t2) and a role the squad does not have. */
const INVALID_PLAN = {
  summary: 'Due dates on tasks',
  tasks: [
    { id: 't1', role: 'database', title: 'Add column', description: 'x', dependsOn: ['t2'] },
    { id: 't2', role: 'devops', title: 'Deploy', description: 'y', dependsOn: ['t1'] },
  ],
};

const SUMMARY = 'Files: 3 files; languages: JavaScript (3)\nTest command: npm test';
const REQUEST = 'Add due dates to tasks';

function turn(assistantTurns: number, args: unknown, extra: Partial<ScriptedTurn> = {}): ScriptedTurn {
  return {
    name: `attempt ${assistantTurns + 1}`,
    match: { assistantTurns },
    reply: { toolCalls: [{ name: SUBMIT_PLAN_TOOL, arguments: args }], usage: { input: 100 + assistantTurns, output: 20 } },
    ...extra,
  };
}

const MODELS: Record<ProviderName, string> = { openai: 'gpt-4.1-mini', anthropic: 'claude-haiku-4-5' };

for (const provider of ['openai', 'anthropic'] as const) {
  describe(`planFeature over the ${provider} adapter`, () => {
    let server: ScriptedServer;
    let tmp: string;

    before(async () => {
      server = await startScriptedServer({ turns: [] }, { log: () => {} });
      tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-planner-'));
    });
    after(async () => {
      await server.close();
      await fs.rm(tmp, { recursive: true, force: true });
    });

    const model = () =>
      createChatModel({
        provider,
        model: MODELS[provider],
        apiKey: 'test-key',
        baseUrl: provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl,
        maxRetries: 0,
      });
    const requestsFrom = (start: number) => server.requests.slice(start).map((r) => normalise(provider, r.body));
    const run = (script: Script, extra: Partial<Parameters<typeof planFeature>[0]> = {}) => {
      server.setScript(script);
      return planFeature({ request: REQUEST, workspaceSummary: SUMMARY, model: model(), ...extra });
    };

    it('accepts a valid plan on the first try, forcing the submit_plan tool', async () => {
      const start = server.requests.length;
      const result = await run({ turns: [turn(0, VALID_PLAN)] });
      assert.equal(result.attempts, 1);
      assert.deepEqual(result.plan.tasks.map((t) => [t.id, t.role, t.dependsOn]), [
        ['t1', 'database', []],
        ['t2', 'backend', ['t1']],
        ['t3', 'frontend', ['t2']],
        ['t4', 'qa', ['t2']],
      ]);
      assert.deepEqual(result.usage, { input: 100, output: 20, cacheRead: 0, cacheWrite: 0 });
      const [req] = server.requests.slice(start);
      const body = req?.body as Record<string, unknown>;
      assert.equal(body['model'], MODELS[provider]);
      const choice = JSON.stringify(body['tool_choice']);
      assert.match(choice, /submit_plan/);
      const [conv] = requestsFrom(start);
      assert.match(conv?.system ?? '', /planner of Squad/);
      assert.ok(conv?.messages[0]?.text.includes(SUMMARY));
      assert.ok(conv?.messages[0]?.text.includes(REQUEST));
    });

    it('sends the problems of an invalid plan back and takes the repaired one', async () => {
      const start = server.requests.length;
      const result = await run({ turns: [turn(0, INVALID_PLAN), turn(1, VALID_PLAN)] });
      assert.equal(result.attempts, 2);
      assert.equal(result.plan.tasks.length, 4);
      assert.deepEqual(result.usage, { input: 201, output: 40, cacheRead: 0, cacheWrite: 0 });
      const second = requestsFrom(start)[1];
      assert.ok(second);
      assert.equal(second.messages.at(-1)?.role, 'tool');
      const feedback = lastMessageText(second);
      assert.match(feedback, /cycle: t1 → t2 → t1/);
      assert.match(feedback, /unknown role "devops"/);
      assert.match(feedback, /call submit_plan again/);
    });

    it('repairs malformed JSON arguments', async () => {
      const start = server.requests.length;
      const result = await run({ turns: [turn(0, '{"summary": "Due dates", "tasks": ['), turn(1, VALID_PLAN)] });
      assert.equal(result.attempts, 2);
      const feedback = lastMessageText(requestsFrom(start)[1]!);
      assert.match(feedback, /not valid JSON/);
    });

    it('asks again when the model answers without calling the tool', async () => {
      const start = server.requests.length;
      const result = await run({
        turns: [{ match: { assistantTurns: 0 }, reply: { text: 'Here is my plan: …', usage: { input: 10, output: 5 } } }, turn(1, VALID_PLAN)],
      });
      assert.equal(result.attempts, 2);
      assert.match(lastMessageText(requestsFrom(start)[1]!), /no submit_plan call/);
    });

    it('gives up with plan/invalid and the problems after three invalid answers', async () => {
      const start = server.requests.length;
      await assert.rejects(run({ turns: [turn(0, INVALID_PLAN), turn(1, INVALID_PLAN), turn(2, INVALID_PLAN), turn(3, VALID_PLAN)] }), (err) => {
        assert.ok(isSquadError(err, 'plan/invalid'));
        assert.ok(err.details.some((d) => /cycle/.test(d)));
        assert.ok(err.details.some((d) => /unknown role "devops"/.test(d)));
        return true;
      });
      assert.equal(server.requests.length - start, 3, 'one first attempt and two repairs');
    });

    it('records the attempts, usage with cost, and the plan in the run journal, in order', async () => {
      const storage = createFsStorage(path.join(tmp, provider));
      const session = await RunSession.start({ storage, request: REQUEST, workspaceName: 'ws', roles: ['database', 'backend', 'frontend', 'qa'] });
      try {
        await run({ turns: [turn(0, INVALID_PLAN), turn(1, VALID_PLAN)] }, { session });
        const events = session.events;
        assert.deepEqual(events.map((e) => e.type), [
          'run.started', 'plan.requested', 'model.usage', 'plan.rejected', 'plan.requested', 'model.usage', 'plan.proposed',
        ]);
        const usage = events.filter((e) => e.type === 'model.usage');
        for (const u of usage) {
          assert.equal(u.role, 'planner');
          assert.equal(u.model, MODELS[provider]);
          assert.ok(u.cost !== undefined && u.cost > 0, 'a priced model has a cost');
        }
        const rejected = events.find((e) => e.type === 'plan.rejected');
        assert.ok(rejected?.problems.some((p) => /cycle/.test(p)));
        const proposed = events.at(-1);
        assert.equal(proposed?.type === 'plan.proposed' && proposed.attempt, 2);
        const lines = await storage.readLines(`runs/${session.runId}/events.jsonl`);
        assert.equal(lines?.length, 7);
      } finally {
        session.dispose();
      }
    });
  });
}

describe('planner prompt overhead', () => {
  it('is one short system prompt and the submit_plan tool, with the roles as an enum', () => {
    const { system, tools } = plannerPromptOverhead();
    assert.equal(tools.length, 1);
    assert.equal(tools[0]?.name, SUBMIT_PLAN_TOOL);
    assert.match(JSON.stringify(tools[0]?.parameters), /"enum":\["database","backend","frontend","qa"\]/);
    // Rough bound (4 characters a token): the benchmark counts exactly.
    assert.ok((system.length + JSON.stringify(tools).length) / 4 < 2000);
  });
});
