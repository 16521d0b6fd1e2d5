/**
 * VS Code's own ripgrep, found from inside a real extension host as the extension finds it (under
 * `vscode.env.appRoot`), lists and searches a workspace with Squad's ignore rules: the index is
 * built by rg, not by the in-process walker.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFsWorkspace } from '../../../src/node/fsWorkspace';
import { vscodeRipgrep } from '../../../src/vscode/ripgrep';

describe("VS Code's bundled ripgrep", () => {
  it('is found under vscode.env.appRoot and builds the workspace index with the ignore rules', async () => {
    const rg = await vscodeRipgrep()();
    assert.ok(rg, 'a ripgrep binary under vscode.env.appRoot');
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-vscode-rg-'));
    try {
      const files: Record<string, string> = {
        '.gitignore': 'build/\n*.log\n',
        '.squadignore': 'secret-notes/\n',
        'src/app.ts': 'export const due = "dueDate";\n',
        'src/nested/.gitignore': 'generated.ts\n',
        'src/nested/generated.ts': 'export const due = 1;\n',
        'src/nested/kept.ts': 'export const kept = 1;\n',
        'build/out.js': 'dueDate\n',
        'debug.log': 'dueDate\n',
        'secret-notes/a.md': 'dueDate\n',
      };
      for (const [rel, text] of Object.entries(files)) {
        await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
        await fs.writeFile(path.join(root, rel), text);
      }
      const workspace = createFsWorkspace(root, { ripgrep: rg });
      const listed = await workspace.listFiles();
      assert.equal(await workspace.indexedBy(), 'ripgrep');
      assert.deepEqual(listed, ['.gitignore', '.squadignore', 'src/app.ts', 'src/nested/.gitignore', 'src/nested/kept.ts']);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
