/**
 * The sandbox's mount planning, without running bwrap: which toolchain folders under a hidden
 * folder are shown again, and the order of bwrap's arguments (later mounts cover earlier ones).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bwrapArgs } from '../../../src/node/sandbox/bwrapArgs';
import { secretsInside, toolchainMounts } from '../../../src/node/sandbox/toolchains';

async function tempHome(dirs: readonly string[], files: readonly string[] = []): Promise<string> {
  const home = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'squad-mounts-')));
  for (const dir of dirs) await fs.mkdir(path.join(home, dir), { recursive: true });
  for (const file of files) await fs.writeFile(path.join(home, file), 'x');
  return home;
}

test('toolchains under a hidden home: bin/ and shims/ bring their parent, pyenv whole, rustup beside cargo; never the home itself', async () => {
  const home = await tempHome(
    ['.nvm/versions/node/v22/bin', '.nvm/versions/node/v22/lib', '.pyenv/shims', '.pyenv/versions/3.12/bin', '.cargo/bin', '.rustup/toolchains', 'bin', 'work/project', '.local/bin'],
    ['.cargo/credentials.toml'],
  );
  try {
    const ws = path.join(home, 'work/project');
    const env = {
      PATH: [
        path.join(home, '.nvm/versions/node/v22/bin'),
        path.join(home, '.pyenv/versions/3.12/bin'),
        path.join(home, '.cargo/bin'),
        path.join(home, 'bin'),
        home,
        path.join(home, 'work'),
        '/usr/bin',
        'relative/bin',
        path.join(home, 'missing/bin'),
      ].join(path.delimiter),
      JAVA_HOME: path.join(home, '.local'),
    };
    const mounts = await toolchainMounts({ env, execPath: path.join(home, '.nvm/versions/node/v22/bin/node'), hidden: [home, ws], shown: [] });
    assert.deepEqual(mounts.sort(), [
      path.join(home, '.cargo'),
      path.join(home, '.local'),
      path.join(home, '.nvm/versions/node/v22'),
      path.join(home, '.pyenv'),
      path.join(home, '.rustup'),
      path.join(home, 'bin'),
    ].sort());
    assert.deepEqual(await secretsInside(mounts), { files: [path.join(home, '.cargo/credentials.toml')], dirs: [] });
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
});

test('bwrap arguments: hide, then home, read-only, masks, overlays, writable last; empty folders made read-only unless covered', () => {
  const args = bwrapArgs(
    {
      hide: ['/home', '/run', '/root'],
      home: { source: '/tmp/base/.squad-home', target: '/root' },
      readOnly: ['/home/u/project/node_modules'],
      masks: { files: ['/root/.cargo/credentials.toml'], dirs: [] },
      overlays: [{ source: '/tmp/base/.squad-net/hosts', target: '/etc/hosts' }],
      writable: ['/tmp/base'],
      cwd: '/tmp/base/project',
      hostNetwork: false,
      bindLowPorts: false,
    },
    ['/bin/sh', '-c', 'npm test'],
  );
  const text = args.join(' ');
  const at = (s: string) => text.indexOf(s);
  assert.ok(at('--ro-bind / /') === 0);
  assert.ok(at('--tmpfs /home') < at('--bind /tmp/base/.squad-home /root'));
  assert.ok(at('--bind /tmp/base/.squad-home /root') < at('--ro-bind /home/u/project/node_modules'));
  assert.ok(at('--ro-bind /home/u/project/node_modules') < at('--ro-bind /dev/null /root/.cargo/credentials.toml'));
  assert.ok(at('--ro-bind /tmp/base/.squad-net/hosts /etc/hosts') < at('--bind /tmp/base /tmp/base'));
  assert.ok(text.includes('--remount-ro /home') && text.includes('--remount-ro /run'));
  assert.ok(!text.includes('--remount-ro /root'), 'the private home covers /root: it stays writable');
  for (const flag of ['--unshare-pid', '--unshare-net', '--cap-drop ALL', '--die-with-parent', '--new-session', '--chdir /tmp/base/project']) assert.ok(text.includes(flag), flag);
  assert.deepEqual(args.slice(-4), ['--', '/bin/sh', '-c', 'npm test']);
  const open = bwrapArgs({ hide: [], readOnly: [], masks: { files: [], dirs: [] }, overlays: [], writable: [], cwd: '/', hostNetwork: true, bindLowPorts: true }, ['true']);
  assert.ok(!open.includes('--unshare-net'), 'the host network when all is allowed');
  assert.ok(open.join(' ').includes('--cap-add CAP_NET_BIND_SERVICE'));
});
