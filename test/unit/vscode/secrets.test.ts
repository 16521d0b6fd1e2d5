import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createModelRouter } from '../../../src/core/llm/roleModels';
import { isSquadError } from '../../../src/core/common/errors';
import { PLANNER_ROLE } from '../../../src/core/plan/planner';
import { DEFAULT_MODELS, keyedModelConfig, PLANNER } from '../../../src/vscode/host/modelConfig';
import { redactSecrets } from '../../../src/vscode/redact';
import { API_KEY_SECRETS, ApiKeys, apiKeyProblem, type SecretStore } from '../../../src/vscode/secrets';
import { parseSettingsObject } from '../../../src/vscode/settings';
import { startScriptedServer } from '../../support/scriptedServer';

/** SecretStorage's contract over a Map. */
function memoryStore(): SecretStore & { readonly data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (key) => data.get(key),
    store: async (key, value) => void data.set(key, value),
    delete: async (key) => void data.delete(key),
  };
}

describe('API keys', () => {
  it('are kept under squad.apiKey.<provider>; the environment is the fallback', async () => {
    const store = memoryStore();
    const keys = new ApiKeys(store, { OPENAI_API_KEY: 'sk-env-1234567890' });
    assert.deepEqual(await keys.get('openai'), { value: 'sk-env-1234567890', source: 'environment' });
    assert.equal(await keys.get('anthropic'), undefined);
    await keys.set('openai', '  sk-stored-abcdefghij \n');
    assert.equal(store.data.get(API_KEY_SECRETS.openai), 'sk-stored-abcdefghij');
    assert.deepEqual(await keys.get('openai'), { value: 'sk-stored-abcdefghij', source: 'secret storage' });
    await keys.delete('openai');
    assert.equal((await keys.get('openai'))?.source, 'environment');
  });

  it('refuses what cannot be a key', async () => {
    const keys = new ApiKeys(memoryStore(), {});
    assert.equal(apiKeyProblem('sk-abc def-123'), 'An API key has no spaces or line breaks.');
    // Short keys are real keys for local proxies: any non-empty key without whitespace is taken.
    assert.equal(apiKeyProblem('sk-test'), undefined);
    assert.equal(apiKeyProblem('x'), undefined);
    assert.equal(apiKeyProblem('sk-\ttest'), 'An API key has no spaces or line breaks.');
    await keys.set('openai', ' sk-test ');
    assert.equal((await keys.get('openai'))?.value, 'sk-test');
    assert.equal(apiKeyProblem('sk-ant-api03-abcdefgh'), undefined);
    await assert.rejects(keys.set('anthropic', '   '), /Paste the API key/);
  });

  it('every key seen is blanked from log text, as are key-shaped strings', async () => {
    const store = memoryStore();
    store.data.set(API_KEY_SECRETS.anthropic, 'ant-custom-key-0001');
    const keys = new ApiKeys(store, { OPENAI_API_KEY: 'envkey-XYZ-123456' });
    await keys.get('anthropic');
    const text = keys.redact('keys: ant-custom-key-0001 envkey-XYZ-123456 sk-proj-abcdef0123 Authorization: Bearer abc.def.ghi-123');
    assert.doesNotMatch(text, /ant-custom-key-0001|envkey-XYZ-123456|abcdef0123|abc\.def\.ghi/);
    assert.match(text, /\[redacted\]/);
    assert.equal(redactSecrets('x-api-key: "zzzzzzzzzz"'), 'x-api-key: "[redacted]"');
  });
});

describe('model configuration from settings and key', () => {
  it('names the planner role as the core does', () => {
    assert.equal(PLANNER, PLANNER_ROLE);
  });

  it('a missing key is config/missing_key naming Set API Key; a local server needs none', () => {
    const openai = parseSettingsObject({ provider: 'openai' }).settings as Parameters<typeof keyedModelConfig>[0];
    assert.throws(() => keyedModelConfig(openai, undefined), (err: unknown) => isSquadError(err, 'config/missing_key') && /Set API Key/.test(err.message) && /squad\.baseUrl/.test(err.message));
    const anthropic = parseSettingsObject({ provider: 'anthropic' }).settings as Parameters<typeof keyedModelConfig>[0];
    assert.throws(() => keyedModelConfig(anthropic, undefined), (err: unknown) => isSquadError(err, 'config/missing_key') && /ANTHROPIC_API_KEY/.test(err.message));
    const local = parseSettingsObject({ provider: 'openai', baseUrl: 'http://127.0.0.1:1/v1' }).settings as Parameters<typeof keyedModelConfig>[0];
    assert.deepEqual(keyedModelConfig(local, undefined), { base: { provider: 'openai', baseUrl: 'http://127.0.0.1:1/v1' }, map: { default: DEFAULT_MODELS.openai, roles: {} } });
  });

  it('drives the real adapter: the key, the base URL and each role\'s model reach the server', async () => {
    const server = await startScriptedServer({ turns: [{ reply: { text: 'hi' } }] }, { log: () => {} });
    try {
      const settings = parseSettingsObject({ provider: 'anthropic', baseUrl: server.anthropicBaseUrl, model: 'claude-haiku-4-5', models: { planner: 'claude-sonnet-4-5', qa: '' } }).settings as Parameters<typeof keyedModelConfig>[0];
      const config = keyedModelConfig(settings, { value: 'sk-ant-test-123456', source: 'secret storage' });
      const modelFor = createModelRouter(config.base, config.map);
      await modelFor('planner').complete({ system: 's', messages: [{ role: 'user', content: 'x' }] });
      await modelFor('qa').complete({ system: 's', messages: [{ role: 'user', content: 'x' }] });
      const [planner, qa] = server.requests;
      assert.equal((planner?.body as { model: string }).model, 'claude-sonnet-4-5');
      assert.equal((qa?.body as { model: string }).model, 'claude-haiku-4-5');
      assert.match(`${planner?.headers['x-api-key'] ?? ''} ${planner?.headers['authorization'] ?? ''}`, /sk-ant-test-123456/);
    } finally {
      await server.close();
    }
  });
});
