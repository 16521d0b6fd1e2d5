import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { extractRoleModels, parseCommandArgs } from '../../../src/cli/args';
import { resolveCliConfig, resolveJournalDir } from '../../../src/cli/config';
import { isSquadError } from '../../../src/core/common/errors';

describe('--model-<role> options', () => {
  it('takes both --model-role NAME and --model-role=NAME, leaving the rest to parseArgs', () => {
    const r = extractRoleModels(['plan', '--model-planner', 'gpt-4.1', '--model-Backend=gpt-4.1-nano', '--json', '--', '--model-qa', 'x']);
    assert.deepEqual(r.roleModels, { planner: 'gpt-4.1', backend: 'gpt-4.1-nano' });
    assert.deepEqual(r.args, ['plan', '--json', '--', '--model-qa', 'x']);
  });

  it('refuses a role flag without a model', () => {
    assert.throws(() => extractRoleModels(['--model-planner']), (e) => isSquadError(e, 'config/invalid'));
    assert.throws(() => extractRoleModels(['--model-planner', '--json']), (e) => isSquadError(e, 'config/invalid'));
  });

  it('turns parseArgs errors into config/invalid', () => {
    assert.throws(() => parseCommandArgs(['--nope'], {}), (e) => isSquadError(e, 'config/invalid') && /--nope/.test(e.message));
    assert.throws(() => parseCommandArgs(['--provider'], {}), (e) => isSquadError(e, 'config/invalid'));
  });
});

describe('resolveCliConfig', () => {
  const env = { OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'a' };

  it('defaults to openai and its default model with the default roles', () => {
    const c = resolveCliConfig({}, {}, env);
    assert.equal(c.provider, 'openai');
    assert.equal(c.apiKey, 'k');
    assert.deepEqual(c.models, { default: 'gpt-4.1-mini', roles: {} });
    assert.deepEqual(c.limits, { roles: ['database', 'backend', 'frontend', 'qa'], maxTasks: 30 });
    assert.equal(resolveCliConfig({ provider: 'anthropic' }, {}, env).models.default, 'claude-haiku-4-5');
  });

  it('reads per-role models from the environment, and --model replaces them', () => {
    const e = { ...env, SQUAD_MODEL: 'm', SQUAD_MODEL_PLANNER: 'p', SQUAD_MODEL_DATA_ENG: 'd' };
    // `_` in the variable's name stands for `-` when the squad's role is spelled so.
    const custom = resolveCliConfig({ roles: 'backend,data-eng' }, {}, e);
    assert.deepEqual(custom.models, { default: 'm', roles: { planner: 'p', 'data-eng': 'd' } });
    assert.deepEqual(custom.warnings, []);
    // A variable for a role this squad lacks is ignored with a warning, not an error.
    const defaults = resolveCliConfig({}, {}, e);
    assert.deepEqual(defaults.models, { default: 'm', roles: { planner: 'p' } });
    assert.deepEqual(defaults.warnings, ['SQUAD_MODEL_DATA_ENG is ignored: the squad has no role "data_eng" (its roles are planner, database, backend, frontend, qa).']);
    assert.deepEqual(resolveCliConfig({ model: 'f' }, { qa: 'q' }, e).models, { default: 'f', roles: { qa: 'q' } });
    assert.throws(() => resolveCliConfig({}, { dba: 'x' }, e), (err) => isSquadError(err, 'config/invalid') && /--model-dba/.test(err.message));
  });

  it('parses --roles and --max-tasks', () => {
    const c = resolveCliConfig({ roles: 'Backend, qa,qa', 'max-tasks': '5' }, {}, env);
    assert.deepEqual(c.limits, { roles: ['backend', 'qa'], maxTasks: 5 });
    for (const bad of [{ roles: ' , ' }, { roles: 'a b' }, { 'max-tasks': '0' }, { 'max-tasks': '2.5' }, { 'base-url': 'localhost:11434' }]) {
      assert.throws(() => resolveCliConfig(bad, {}, env), (e) => isSquadError(e, 'config/invalid'), JSON.stringify(bad));
    }
  });
});

describe('resolveJournalDir', () => {
  it('prefers --journal, then XDG_STATE_HOME, then ~/.local/state', () => {
    assert.equal(resolveJournalDir('j', { XDG_STATE_HOME: '/s' }, '/cwd'), path.resolve('/cwd', 'j'));
    assert.equal(resolveJournalDir(undefined, { XDG_STATE_HOME: '/s', HOME: '/h' }, '/cwd'), path.join('/s', 'squad'));
    assert.equal(resolveJournalDir(undefined, { HOME: '/h' }, '/cwd'), path.join('/h', '.local', 'state', 'squad'));
    // A relative XDG_STATE_HOME is invalid per the spec and ignored.
    assert.equal(resolveJournalDir(undefined, { XDG_STATE_HOME: 'rel', HOME: '/h' }, '/cwd'), path.join('/h', '.local', 'state', 'squad'));
  });
});
