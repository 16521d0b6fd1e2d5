import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretRule } from '../../../../src/core/tools/secrets';

test('secret-looking files are recognised by name, case-insensitively', () => {
  const secret = [
    '.env', '.env.local', 'apps/web/.env.production', '.ENV', 'prod.env',
    'server.pem', 'tls/private.key', 'cert.p12', 'cert.PFX', 'release.keystore', 'app.jks', 'putty.ppk',
    'id_rsa', 'id_rsa.pub', 'home/id_ed25519', 'id_ecdsa',
    '.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials', '.pgpass', '.htpasswd',
    'infra/terraform.tfstate', 'terraform.tfstate.backup',
    'credentials', 'credentials.json', 'config/secrets.yml', 'secrets.prod.yaml', 'secret.json', 'credentials-dev.ini',
    '.aws/config', 'home/.ssh/known_hosts', '.gnupg/pubring.kbx',
  ];
  for (const p of secret) assert.ok(secretRule(p) !== undefined, `${p} should be secret`);
});

test('ordinary files, env templates and source modules named like secrets stay readable', () => {
  const fine = [
    '.env.example', '.env.sample', '.env.template', '.env.dist', 'apps/api/.env.example',
    'src/auth/credentials.ts', 'src/secrets.py', 'lib/secrets_manager.go', 'docs/keys.md', 'src/env.ts',
    'environment.ts', 'keyboard.key.ts', 'package.json', 'README.md', 'src/id_generator.ts', '.envrc.md',
  ];
  for (const p of fine) assert.equal(secretRule(p), undefined, `${p} should not be secret`);
});

test('the rule text says which rule matched', () => {
  assert.match(secretRule('.env') ?? '', /environment files/);
  assert.match(secretRule('a/id_rsa') ?? '', /SSH keys/);
  assert.match(secretRule('x.pem') ?? '', /\.pem files/);
  assert.match(secretRule('.ssh/config') ?? '', /\.ssh\//);
});
