import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSquadError } from '../../../../src/core/common/errors';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { createSandbox, type Sandbox, type SandboxPolicy } from '../../../../src/core/tools/sandbox';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

const FILES = {
  'src/app.ts': 'export {};\n',
  '.gitignore': 'dist/\n*.log\n',
  '.squadignore': 'private/\n',
  'dist/bundle.js': 'x',
  'debug.log': 'x',
  'private/notes.md': 'x',
  '.git/config': '[core]\n',
  '.env': 'API_KEY=abc\n',
  '.env.local': 'API_KEY=abc\n',
  '.env.example': 'API_KEY=\n',
  'keys/id_rsa': 'key',
  'certs/server.pem': 'pem',
  'config/credentials.json': '{}',
  'src/auth/credentials.ts': 'export const x = 1;\n',
};

async function withSandbox(policy: SandboxPolicy, fn: (sandbox: Sandbox, root: string) => Promise<void>): Promise<void> {
  const ws = await makeTempWorkspace(FILES);
  try {
    await fn(createSandbox(createFsWorkspace(ws.root), policy), ws.root);
  } finally {
    await ws.dispose();
  }
}

/** Asserts `path/outside_workspace` and that the message names the rule (and never the root, unless the model sent it). */
async function refuses(sandbox: Sandbox, p: string, rule: RegExp, root: string, write = false): Promise<void> {
  await assert.rejects(write ? sandbox.resolveForWrite(p) : sandbox.resolve(p), (err: unknown) => {
    assert.ok(isSquadError(err, 'path/outside_workspace'), `expected a sandbox refusal for ${p}, got ${String(err)}`);
    assert.match(err.message, rule);
    if (!p.includes(root)) assert.ok(!err.message.includes(root), 'the message must not reveal the workspace root');
    return true;
  });
}

test('normalises workspace-relative paths, both separators, and folds inner ..', async () => {
  await withSandbox({}, async (sandbox) => {
    assert.equal(await sandbox.resolve('src/app.ts'), 'src/app.ts');
    assert.equal(await sandbox.resolve('./src//app.ts'), 'src/app.ts');
    assert.equal(await sandbox.resolve('src\\app.ts'), 'src/app.ts');
    assert.equal(await sandbox.resolve('src/lib/../app.ts'), 'src/app.ts');
    assert.equal(await sandbox.resolve(' src/app.ts \n'), 'src/app.ts');
    // A file that does not exist yet (it may exist only in the overlay) still resolves.
    assert.equal(await sandbox.resolve('src/new/thing.ts'), 'src/new/thing.ts');
    assert.equal(await sandbox.resolveForWrite('src/new/thing.ts'), 'src/new/thing.ts');
    assert.equal(sandbox.maxReadBytes, 256 * 1024);
  });
});

test('refuses absolute, Windows, UNC, URL and home paths', async () => {
  await withSandbox({}, async (sandbox, root) => {
    await refuses(sandbox, '/etc/passwd', /absolute path/, root);
    await refuses(sandbox, path.join(root, 'src/app.ts'), /absolute path/, root);
    await refuses(sandbox, 'C:\\Windows\\win.ini', /absolute Windows path/, root);
    await refuses(sandbox, 'c:/Users/me/.ssh/id_rsa', /absolute Windows path/, root);
    await refuses(sandbox, 'D:relative.txt', /absolute Windows path/, root);
    await refuses(sandbox, '\\\\server\\share\\file.txt', /UNC/, root);
    await refuses(sandbox, '//server/share/file.txt', /UNC/, root);
    await refuses(sandbox, 'file:///etc/passwd', /URL/, root);
    await refuses(sandbox, '~/.ssh/id_rsa', /"~" is not expanded/, root);
    await refuses(sandbox, '', /empty/, root);
  });
});

test('refuses .. escapes after normalisation', async () => {
  await withSandbox({}, async (sandbox, root) => {
    await refuses(sandbox, '../outside.txt', /"\.\." leads outside the workspace/, root);
    await refuses(sandbox, 'src/../../outside.txt', /"\.\." leads outside/, root);
    await refuses(sandbox, 'src\\..\\..\\..\\etc\\passwd', /"\.\." leads outside/, root, true);
  });
});

test('refuses symlinks whose real path leaves the workspace, follows ones that stay inside', async () => {
  const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-outside-'));
  try {
    await fs.writeFile(path.join(outside, 'data.txt'), 'top secret');
    await withSandbox({}, async (sandbox, root) => {
      await fs.symlink(path.join(outside, 'data.txt'), path.join(root, 'leak.txt'));
      await fs.symlink(outside, path.join(root, 'linkdir'));
      await fs.symlink('src/app.ts', path.join(root, 'alias.ts'));
      await fs.symlink('.env', path.join(root, 'innocent.txt'));
      await fs.symlink('missing-target', path.join(root, 'dangling'));
      await refuses(sandbox, 'leak.txt', /symlink to a location outside the workspace/, root);
      await refuses(sandbox, 'linkdir/data.txt', /outside the workspace/, root);
      // Creating a file through a symlinked folder would write outside too.
      await refuses(sandbox, 'linkdir/new.txt', /outside the workspace/, root, true);
      await refuses(sandbox, 'dangling', /missing target/, root);
      await refuses(sandbox, 'innocent.txt', /symlink to a refused file.*environment files/, root);
      // A symlink inside the workspace resolves to its target, so one file has one path.
      assert.equal(await sandbox.resolve('alias.ts'), 'src/app.ts');
      for (const message of [outside, 'top secret']) {
        await assert.rejects(sandbox.resolve('leak.txt'), (err: Error) => !err.message.includes(message));
      }
    });
  } finally {
    await fs.rm(outside, { recursive: true, force: true });
  }
});

test('refuses .git/ (and Windows aliases of it) and ignored files', async () => {
  await withSandbox({}, async (sandbox, root) => {
    await refuses(sandbox, '.git/config', /\.git\//, root);
    await refuses(sandbox, '.git', /\.git\//, root);
    await refuses(sandbox, 'src/../.GIT/config', /\.git\//, root);
    await refuses(sandbox, '.git./config', /may not end with "\."/, root);
    await refuses(sandbox, 'GIT~1/config', /8\.3/, root);
    await refuses(sandbox, 'src/app.ts:stream', /":" is not allowed/, root);
    await refuses(sandbox, 'src/CON', /Windows device names/, root);
    await refuses(sandbox, 'nul.txt', /Windows device names/, root, true);
    assert.equal(await sandbox.resolve('src/console.ts'), 'src/console.ts');
    await refuses(sandbox, 'dist/bundle.js', /ignored by \.gitignore or \.squadignore/, root);
    await refuses(sandbox, 'debug.log', /ignored/, root);
    await refuses(sandbox, 'private/notes.md', /ignored/, root);
    await refuses(sandbox, 'dist/new-file.js', /ignored/, root, true);
  });
});

test('refuses secret-looking files unless the policy allows them', async () => {
  await withSandbox({}, async (sandbox, root) => {
    await refuses(sandbox, '.env', /environment files/, root);
    await refuses(sandbox, 'src/../.env.local', /environment files/, root);
    await refuses(sandbox, '.ENV', /environment files/, root);
    await refuses(sandbox, 'keys/id_rsa', /SSH keys/, root);
    await refuses(sandbox, 'certs/server.pem', /\.pem files/, root);
    await refuses(sandbox, 'config/credentials.json', /credentials/, root);
    // Writing one is refused too: an agent may not plant or overwrite a secret.
    await refuses(sandbox, 'config/.env.production', /environment files/, root, true);
    assert.equal(await sandbox.resolve('.env.example'), '.env.example');
    assert.equal(await sandbox.resolve('src/auth/credentials.ts'), 'src/auth/credentials.ts');
    assert.equal(sandbox.isVisible('.env'), false);
    assert.equal(sandbox.isVisible('.git/HEAD'), false);
    assert.equal(sandbox.isVisible('.env.example'), true);
  });
  await withSandbox({ allowSecrets: true }, async (sandbox, root) => {
    assert.equal(await sandbox.resolve('.env'), '.env');
    assert.equal(await sandbox.resolve('keys/id_rsa'), 'keys/id_rsa');
    assert.equal(sandbox.isVisible('.env'), true);
    // Allowing secrets does not open .git/ or ignored files.
    await refuses(sandbox, '.git/config', /\.git\//, root);
    await refuses(sandbox, 'debug.log', /ignored/, root);
  });
  await withSandbox({ allowedSecretPaths: ['.env.local', 'certs/*.pem'] }, async (sandbox, root) => {
    assert.equal(await sandbox.resolve('.env.local'), '.env.local');
    assert.equal(await sandbox.resolve('certs/server.pem'), 'certs/server.pem');
    await refuses(sandbox, '.env', /environment files/, root);
    await refuses(sandbox, 'keys/id_rsa', /SSH keys/, root);
  });
});

test('resolveForWrite refuses the workspace root itself', async () => {
  await withSandbox({}, async (sandbox, root) => {
    assert.equal(await sandbox.resolve('.'), '');
    await refuses(sandbox, '.', /workspace root, not a file/, root, true);
    await refuses(sandbox, 'src/..', /workspace root/, root, true);
  });
});
