import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isSquadError } from '../../../../src/core/common/errors';
import type { ChatModel } from '../../../../src/core/llm/chatModel';
import { type ProviderConfig, type ProviderName, createChatModel } from '../../../../src/core/llm/factory';
import { type ModelMap, createModelRouter, modelForRole } from '../../../../src/core/llm/roleModels';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

const MAP: ModelMap = { default: 'cheap-model', roles: { planner: 'strong-model', qa: 'cheap-model', frontend: ' ' } };

describe('role → model routing', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({
      turns: [
        { match: { model: 'strong-model' }, reply: { text: 'planned' } },
        { match: { model: 'cheap-model' }, reply: { text: 'coded' } },
      ],
    }, { log: () => undefined });
  });
  after(() => server.close());

  it('picks the role\'s model, else the default', () => {
    assert.equal(modelForRole(MAP, 'planner'), 'strong-model');
    assert.equal(modelForRole(MAP, 'backend'), 'cheap-model');
    assert.equal(modelForRole(MAP, 'frontend'), 'cheap-model', 'a blank entry falls back');
    assert.equal(modelForRole(MAP, 'constructor'), 'cheap-model', 'prototype names are not roles');
  });

  it('makes one ChatModel per distinct model and shares it between roles', () => {
    const made: ProviderConfig[] = [];
    const route = createModelRouter({ provider: 'openai', apiKey: 'k', baseUrl: server.openaiBaseUrl }, MAP, (cfg) => {
      made.push(cfg);
      return createChatModel(cfg);
    });
    const planner = route('planner');
    const backend = route('backend');
    assert.equal(route('qa'), backend);
    assert.equal(route('planner'), planner);
    assert.notEqual(planner, backend);
    assert.deepEqual(made.map((c) => [c.model, c.provider, c.baseUrl]), [
      ['strong-model', 'openai', server.openaiBaseUrl],
      ['cheap-model', 'openai', server.openaiBaseUrl],
    ]);
  });

  for (const provider of ['openai', 'anthropic'] as const satisfies readonly ProviderName[]) {
    it(`sends each role's requests to its model (${provider})`, async () => {
      const baseUrl = provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl;
      const route = createModelRouter({ provider, apiKey: 'k', baseUrl, maxRetries: 0 }, MAP);
      const ask = (m: ChatModel) => m.complete({ system: 's', messages: [{ role: 'user', content: 'go' }] });
      assert.equal((await ask(route('planner'))).text, 'planned');
      assert.equal((await ask(route('database'))).text, 'coded');
      assert.deepEqual(server.requests.slice(-2).map((r) => (r.body as { model: string }).model), ['strong-model', 'cheap-model']);
    });
  }

  it('refuses an unknown provider', () => {
    assert.throws(
      () => createChatModel({ provider: 'mistral' as ProviderName, model: 'x', apiKey: 'k' }),
      (e) => isSquadError(e, 'config/invalid'),
    );
  });
});
