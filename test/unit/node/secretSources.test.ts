import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED } from '../../../src/core/security/scrubber';
import { collectTestSecrets, isEnvFileName } from '../../../src/node/secretSources';
import { isSecretEnvName, scrubEnv } from '../../../src/node/scrubEnv';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const KEY = 'sk-proj-Zq8v3RmT0yK2bW9xLp4nC7eJ1hG5fD6s';

describe('secret sources: keys, environment and the workspace .env files', () => {
  it('collects what each source holds, and nothing that is plain configuration', async () => {
    const ws = await makeTempWorkspace({
      '.env': 'SESSION_SECRET=root-session-secret-1\nHOST=localhost\nPORT=3000\nNODE_ENV=development\nPUBLIC_URL=http://localhost:3000/app\n',
      '.env.local': 'STRIPE_WEBHOOK_KEY="whsec_local_abcdef123"\nINNOCENT=Zx9Qw8Er7Ty6Ui5O\n',
      '.env.example': 'SESSION_SECRET=example-secret-not-real\n',
      'packages/api/.env.test': 'DATABASE_URL=postgres://app:PkgDbPass77@db/test\n',
      'packages/api/package.json': '{}',
      'node_modules/dep/.env': 'DEP_TOKEN=dependency-token-skipped\n',
      'a/b/c/d/.env': 'DEEP_TOKEN=too-deep-to-be-read\n',
    });
    try {
      const env = {
        PATH: '/usr/bin:/bin',
        HOME: '/home/someone',
        GITHUB_TOKEN: 'gh-env-token-value',
        SQUAD_MODEL: 'gpt-4o-mini-2024',
        OPENAI_ORG_ID: 'org-Abc123Def456Ghi789',
        LLM_KEY: KEY,
        MY_AUTH: 'Bearer Zx81QwErTy00',
        CREDENTIALS_FILE_PASSWORD: '/home/someone/creds.json',
        UNSET: undefined,
      };
      const secrets = await collectTestSecrets({ root: ws.root, env, keys: [KEY, undefined, 'short'] });
      const values = new Set(secrets.values);
      for (const v of [KEY, 'root-session-secret-1', 'whsec_local_abcdef123', 'Zx9Qw8Er7Ty6Ui5O', 'postgres://app:PkgDbPass77@db/test', 'PkgDbPass77', 'gh-env-token-value', 'org-Abc123Def456Ghi789', 'Bearer Zx81QwErTy00']) {
        assert.ok(values.has(v), `missing ${v}`);
      }
      for (const v of ['localhost', 'development', 'http://localhost:3000/app', 'example-secret-not-real', 'dependency-token-skipped', 'too-deep-to-be-read', 'gpt-4o-mini-2024', '/home/someone/creds.json', '/usr/bin:/bin', 'short']) {
        assert.ok(!values.has(v), `should not hold ${v}`);
      }
      assert.equal(
        secrets.scrub(`key ${KEY} session root-session-secret-1 on localhost:3000 db PkgDbPass77`),
        `key ${REDACTED} session ${REDACTED} on localhost:3000 db ${REDACTED}`,
      );
    } finally {
      await ws.dispose();
    }
  });

  it('names .env files and not their templates', () => {
    for (const n of ['.env', '.env.local', '.env.test', '.ENV.production', 'prod.env', '.envrc']) assert.equal(isEnvFileName(n), true, n);
    for (const n of ['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults', 'env', '.environment', 'src.ts']) assert.equal(isEnvFileName(n), false, n);
  });
});

describe('scrubEnv: by name and by value', () => {
  it('drops the configured key under an innocent name, Bearer credentials, and strips URL passwords', () => {
    const env = scrubEnv(
      {
        PATH: '/usr/bin',
        LLM_KEY: KEY,
        MY_AUTH: 'Bearer Zx81QwErTy00',
        BASIC_HEADER: 'Basic dXNlcjpwYXNzd29yZA==',
        SOME_GH: 'ghp_0123456789abcdefABCDEF0123456789abcd',
        DATABASE_URL: 'postgres://u:pw@h/db',
        HTTPS_PROXY: 'http://me:proxy-pass@proxy:8080',
        WITH_KNOWN: `prefix-root-session-secret-1-suffix`,
        PLAIN: 'hello',
        OPENAI_API_KEY: KEY,
      },
      [KEY, 'root-session-secret-1', 'short'],
    );
    assert.deepEqual(env, {
      PATH: '/usr/bin',
      DATABASE_URL: 'postgres://u@h/db',
      HTTPS_PROXY: 'http://me@proxy:8080',
      PLAIN: 'hello',
      CI: 'true',
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    });
  });

  it('keeps its name rules (the known secrets are optional)', () => {
    assert.deepEqual(scrubEnv({ A: '1', B: undefined, OPENAI_API_KEY: 'k', GITHUB_TOKEN: 'g', SSH_AUTH_SOCK: '/s' }), { A: '1', CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' });
    assert.equal(isSecretEnvName('npm_config__authToken'), true);
    assert.equal(isSecretEnvName('LLM_KEY'), false, 'the name alone does not give LLM_KEY away: its value does');
  });
});
