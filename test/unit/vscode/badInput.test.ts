/**
 * The extension's side of bad input: a base URL setting with an invalid port is refused by name,
 * a provider's 404 is one line with the actions that fix it (never Resume), and retries are
 * logged while they wait.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createModelRouter } from '../../../src/core/llm/roleModels';
import { keyedModelConfig } from '../../../src/vscode/host/modelConfig';
import { parseSettingsObject } from '../../../src/vscode/settings';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { hostFixture, noticeText } from './support/hostHarness';
import { UNTESTED_FILES } from './support/hostScripts';

describe('squad.baseUrl', () => {
  it('refuses an invalid port by name and falls back to the default', () => {
    const parsed = parseSettingsObject({ baseUrl: 'http://localhost:99999/v1' });
    assert.equal(parsed.settings.baseUrl, '');
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]?.setting, 'squad.baseUrl');
    assert.match(parsed.problems[0]?.message ?? '', /^The setting squad\.baseUrl is invalid: must be empty or a usable http\(s\) URL: the port 99999 is out of range \(1-65535\) \(got "http:\/\/localhost:99999\/v1"\); using the default ""\.$/);
    assert.deepEqual(parseSettingsObject({ baseUrl: ' http://127.0.0.1:11434/v1 ' }).problems, []);
    assert.equal(parseSettingsObject({ baseUrl: 'localhost:11434' }).problems.length, 1);
  });
});

describe('the extension on provider refusals and retries', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('a 404 fails the run with one line, Open Settings and Open Run Log, and no Resume', async () => {
    server.setScript({ turns: [{ fault: { kind: 'status', status: 404, message: 'The model `scripted` does not exist or you do not have access to it.' } }] });
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.error?.code, 'config/invalid');
      const notice = f.notices.at(-1);
      assert.equal(notice?.severity, 'error');
      assert.equal(notice?.message, 'Squad: OpenAI (scripted) rejected the request (HTTP 404): The model `scripted` does not exist or you do not have access to it. Check the model name and the base URL.');
      assert.deepEqual((notice?.actions ?? []).map((a) => a.command), ['workbench.action.openSettings', 'squad.openRunLog'], noticeText(f));
      assert.ok(!f.notices.some((n) => (n.actions ?? []).some((a) => a.command === 'squad.resumeRun')), noticeText(f));
    } finally {
      await f.dispose();
    }
  });

  it('logs each retry as a warning while it waits (429 with retry-after: 1, then the answer)', async () => {
    server.setScript({ turns: [{ times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 1 } }, { reply: { text: 'ok' } }] });
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (l: string) => void warnings.push(l), error: () => undefined };
    const settings = parseSettingsObject({ provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'scripted' }).settings;
    const config = keyedModelConfig(settings as Parameters<typeof keyedModelConfig>[0], undefined, log);
    const reply = await createModelRouter(config.base, config.map)('planner').complete({ system: 's', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(reply.text, 'ok');
    assert.deepEqual(warnings, ['OpenAI (scripted) rate limited (HTTP 429), retrying in 1 s (retry 1 of 2)']);
  });
});
