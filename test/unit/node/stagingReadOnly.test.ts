/**
 * A read-only file in the workspace (generated code, a Perforce checkout) that a task changes:
 * its scratch copy keeps the mode, and the proposal must still be written over it, or the tests
 * could not run at all ("EACCES: permission denied" inside the scratch tree).
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { createStager } from '../../../src/node/staging';

test('a proposal replaces a read-only file in the scratch copy, which is left writable; the workspace is untouched', async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-stage-ro-'));
  const root = path.join(base, 'ws');
  const tmp = path.join(base, 'tmp');
  try {
    await fs.mkdir(path.join(root, 'src'), { recursive: true });
    await fs.mkdir(tmp);
    const file = path.join(root, 'src/generated.js');
    await fs.writeFile(file, 'export const v = 1;\n');
    await fs.chmod(file, 0o444);
    // As a normal user the old stager failed here with EACCES; root ignores the mode, so the mode
    // of the staged copy is checked too: the tests' own processes may need to write it again.
    const tree = await createStager(root, { tmpDir: tmp }).stage([{ path: 'src/generated.js', content: 'export const v = 2;\n' }]);
    try {
      const staged = path.join(tree.dir, 'src/generated.js');
      assert.equal(await fs.readFile(staged, 'utf8'), 'export const v = 2;\n');
      assert.equal((await fs.stat(staged)).mode & 0o777, 0o644);
    } finally {
      await tree.dispose();
    }
    assert.equal(await fs.readFile(file, 'utf8'), 'export const v = 1;\n');
    assert.equal((await fs.stat(file)).mode & 0o777, 0o444);
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
});
