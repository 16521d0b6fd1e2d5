import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configuredModel, DEFAULT_SETTINGS, parseSettingsObject, SETTING_KEYS, withRoleModel } from '../../../src/vscode/settings';

describe('settings', () => {
  it('has the defaults package.json contributes, for every contributed squad.* setting', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const contributed = Object.entries(pkg.contributes.configuration.properties);
    assert.deepEqual(contributed.map(([k]) => k.replace(/^squad\./, '')).sort(), [...SETTING_KEYS].sort());
    for (const [key, spec] of contributed) assert.deepEqual(DEFAULT_SETTINGS[key.replace(/^squad\./, '') as keyof typeof DEFAULT_SETTINGS], spec.default, key);
  });

  it('reads valid values as they are (strings trimmed)', () => {
    const { settings, problems } = parseSettingsObject({
      provider: 'anthropic',
      baseUrl: ' http://127.0.0.1:11434/v1 ',
      models: { planner: 'claude-sonnet-4-5' },
      concurrency: 8,
      maxFixRounds: 0,
      autonomy: 'apply-when-tests-pass',
      ignore: ['secrets/**'],
      prices: { mine: { inputPerMTok: 0.5, outputPerMTok: 1.5 } },
    });
    assert.deepEqual(problems, []);
    assert.equal(settings.baseUrl, 'http://127.0.0.1:11434/v1');
    assert.equal(settings.concurrency, 8);
    assert.equal(settings.maxFixRounds, 0);
    assert.deepEqual(settings.prices, { mine: { inputPerMTok: 0.5, outputPerMTok: 1.5 } });
    assert.equal(settings.testTimeoutSeconds, 600, 'unset values take the default');
  });

  it('an invalid value falls back to its default with a message naming the setting; the others stay', () => {
    const { settings, problems } = parseSettingsObject({
      provider: 'gemini',
      concurrency: 50,
      baseUrl: 'localhost:11434',
      prices: { x: { inputPerMTok: -1, outputPerMTok: 1 } },
      maxTurns: 12,
    });
    assert.equal(settings.provider, 'openai');
    assert.equal(settings.concurrency, 4);
    assert.equal(settings.baseUrl, '');
    assert.deepEqual(settings.prices, {});
    assert.equal(settings.maxTurns, 12);
    assert.deepEqual(problems.map((p) => p.setting), ['squad.provider', 'squad.baseUrl', 'squad.concurrency', 'squad.prices']);
    const concurrency = problems.find((p) => p.setting === 'squad.concurrency')?.message ?? '';
    assert.match(concurrency, /^The setting squad\.concurrency is invalid: .*32.* \(got 50\); using the default 4\.$/);
    assert.match(problems.find((p) => p.setting === 'squad.prices')?.message ?? '', /\(at x\.inputPerMTok\)/);
  });

  it('routes a role to its own model, else squad.model', () => {
    const { settings } = parseSettingsObject({ model: 'gpt-4.1-mini', models: { planner: 'gpt-4.1', qa: '' } });
    assert.equal(configuredModel(settings, 'planner'), 'gpt-4.1');
    assert.equal(configuredModel(settings, 'qa'), 'gpt-4.1-mini', 'an empty entry means the default');
    assert.equal(configuredModel(settings, 'constructor'), 'gpt-4.1-mini', 'prototype names route nowhere odd');
  });

  it('withRoleModel sets or removes one role and keeps the others', () => {
    assert.deepEqual(withRoleModel({ planner: 'a', qa: 'b', junk: 3 }, 'qa', ' c '), { planner: 'a', qa: 'c' });
    assert.deepEqual(withRoleModel({ planner: 'a', qa: 'b' }, 'qa', ''), { planner: 'a' });
    assert.deepEqual(withRoleModel(undefined, 'backend', 'x'), { backend: 'x' });
  });
});
