import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSquad } from '../../../../src/core/agents/squad';
import { projectInstructions } from '../../../../src/core/instructions';
import { agentTurns, call } from '../../../support/agentScripts';
import { makeModel, planTask, squadFixture, type SquadFixture } from '../../../support/squadHarness';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

const FIX_REQUEST = 'Fix request: the migration fails on an empty table.';

const FILES = {
  'AGENTS.md': 'ROOT-AGENTS: small commits.\n',
  '.cursor/rules/sql.mdc': '---\nglobs: db/**/*.sql\n---\nSQL-RULE: migrations are reversible.\n',
  'db/README.md': 'Migrations live here.\n',
};

function firstUserMessage(request: RecordedRequest | undefined): string {
  const messages = (request?.body as { messages?: { role: string; content: unknown }[] } | undefined)?.messages ?? [];
  const first = messages.find((m) => m.role === 'user');
  return typeof first?.content === 'string' ? first.content : '';
}

describe('project instructions in a fix round', () => {
  let server: ScriptedServer;
  let fixture: SquadFixture;

  before(async () => {
    server = await startScriptedServer({
      turns: [
        { name: 'fix', match: { contains: [FIX_REQUEST], assistantTurns: 0 }, reply: { toolCalls: [{ name: 'finish', arguments: { summary: 'Made it reversible.' } }] } },
        ...agentTurns('t1', [
          [call('create_file', { path: 'db/001_init.sql', content: 'CREATE TABLE t (id INT);\n' })],
          [call('finish', { summary: 'Added the migration.' })],
        ]),
      ],
    }, { log: () => {} });
    fixture = await squadFixture({ server, files: FILES, plan: { summary: 'A table', tasks: [planTask('t1', [], 'database')] } });
  });
  after(async () => {
    await fixture.dispose();
    await server.close();
  });

  const squadOf = () => createSquad({
    session: fixture.session,
    workspace: fixture.workspace,
    sandbox: fixture.sandbox,
    modelFor: () => makeModel(server, 'openai', 'scripted', 0),
    concurrency: 1,
    instructions: projectInstructions(fixture.workspace, fixture.sandbox),
  });

  it('matches the globs against the files the task changed, and journals each round once', async () => {
    const squad = squadOf();
    assert.equal(await squad.execute(new AbortController().signal), 'completed');
    const first = firstUserMessage(server.requests.find((r) => r.turnName === 't1 turn 0'));
    assert.match(first, /ROOT-AGENTS/);
    // The plan named no files, so no glob could match yet.
    assert.doesNotMatch(first, /SQL-RULE/);

    const result = await squad.fix('t1', 1, FIX_REQUEST, new AbortController().signal);
    assert.equal(result.outcome, 'proposed');
    const fix = firstUserMessage(server.requests.find((r) => r.turnName === 'fix'));
    assert.match(fix, /<<untrusted-data source="project instructions \.cursor\/rules\/sql\.mdc"[^\n]*>>\nSQL-RULE/);
    assert.ok(fix.indexOf('SQL-RULE') < fix.indexOf(FIX_REQUEST), 'the instructions come before the request');

    const rounds = fixture.session.state.tasks.t1?.instructions ?? [];
    assert.deepEqual(rounds.map((r) => r.round), [0, 1]);
    assert.equal(rounds[1]?.files.find((f) => f.path === '.cursor/rules/sql.mdc')?.why, 'db/**/*.sql matches db/001_init.sql');

    // A resumed process that gives the same round the same instructions journals nothing new.
    const count = () => fixture.session.events.filter((e) => e.type === 'instructions.used').length;
    await fixture.resume();
    const before = count();
    await squadOf().fix('t1', 1, FIX_REQUEST, new AbortController().signal);
    assert.equal(count(), before);
  });
});
