/**
 * Nothing is skipped in silence: a workspace larger than the index's cap (small here, through the
 * option) says so in every listing and search, and a query narrowed to a folder still finds a
 * string in any file of it. Run against each engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { createSandbox } from '../../../../src/core/tools/sandbox';
import { executeToolCall } from '../../../../src/core/tools/execute';
import { AGENT_TOOLS } from '../../../../src/core/tools/index';
import type { ToolContext } from '../../../../src/core/tools/context';
import { MemoryFileView } from '../../../support/memoryFileView';
import { makeTempWorkspace } from '../../../support/tempWorkspace';
import { workspaceEngines } from '../../../support/ripgrepEngines';
import { toolCall } from './fixture';
import { globFolder } from '../../../../src/core/tools/fileAccess';

const FILES: Record<string, string> = {
  ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a/file${String(i).padStart(2, '0')}.ts`, `export const a${i} = ${i};\n`])),
  ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m/file${String(i).padStart(2, '0')}.ts`, `export const m${i} = ${i};\n`])),
  'z/deep/target.ts': 'export const beyondTheCap = "found";\n',
};
const TOTAL = Object.keys(FILES).length;

for (const engine of workspaceEngines()) {
  test(`past the index's cap every result says so, and a folder glob finds any file (${engine.name})`, { skip: engine.missing ?? false }, async () => {
    const ws = await makeTempWorkspace(FILES);
    try {
      // minEngineFiles 0: every search goes through the engine (rg, or the scan workers), as on a large repository.
      const workspace = createFsWorkspace(ws.root, { maxIndexedFiles: 10, minEngineFiles: 0, ...(engine.ripgrep ? { ripgrep: engine.ripgrep } : {}) });
      const ctx: ToolContext = { workspace, view: new MemoryFileView(workspace), sandbox: createSandbox(workspace), signal: new AbortController().signal };
      const call = async (name: string, args: object) => (await executeToolCall(AGENT_TOOLS, toolCall(name, args), ctx)).content;
      const note = /\[the workspace has more files than one call covers: only part of it was (listed|searched), the rest was left out; use a glob confined to one folder \(like "packages\/api\/\*\*"\) to cover that folder in full\]$/;

      const listed = await call('list_files', {});
      assert.match(listed, /^10 files:\n/);
      assert.match(listed, note);
      const searched = await call('search', { query: 'export' });
      assert.match(searched, note);
      assert.ok(searched.split('\n').filter((l) => l.includes(': export const')).length <= 10);

      // Narrowed to its folder, the file past the cap is listed and found, with no note.
      assert.equal(await call('list_files', { glob: 'z/**' }), '1 file matching "z/**":\nz/deep/target.ts');
      assert.equal(await call('search', { query: 'beyondthecap', glob: 'z/**' }), 'z/deep/target.ts:1: export const beyondTheCap = "found";');
      assert.equal(await call('search', { query: 'beyondTheCap', glob: 'z/deep/target.ts' }), 'z/deep/target.ts:1: export const beyondTheCap = "found";');
      // A folder larger than the cap is itself capped, and says so about that folder.
      const folder = await call('list_files', { glob: 'm/**' });
      assert.match(folder, /^10 files matching "m\/\*\*":\n/);
      assert.match(folder, /\["m" has more files than one call covers: only part of it was listed/);

      // With a cap the workspace fits in, nothing is said.
      const roomy = createFsWorkspace(ws.root, { maxIndexedFiles: TOTAL, minEngineFiles: 0, ...(engine.ripgrep ? { ripgrep: engine.ripgrep } : {}) });
      const roomyCtx = { ...ctx, workspace: roomy, view: new MemoryFileView(roomy), sandbox: createSandbox(roomy) };
      const all = (await executeToolCall(AGENT_TOOLS, toolCall('search', { query: 'beyondTheCap' }), roomyCtx)).content;
      assert.equal(all, 'z/deep/target.ts:1: export const beyondTheCap = "found";');
    } finally {
      await ws.dispose();
    }
  });
}

test('files over 1 MB are named, not dropped, with how to read them', async () => {
  const big = `${'filler\n'.repeat(200_000)}the needle at the end\n`;
  const ws = await makeTempWorkspace({ 'big/data.txt': big, 'small.txt': 'a needle\n', 'big/other.txt': 'x'.repeat(1_100_000) });
  try {
    for (const engine of workspaceEngines().filter((e) => e.missing === undefined)) {
      const search = async (minEngineFiles?: number) => {
        const workspace = createFsWorkspace(ws.root, { ...(engine.ripgrep ? { ripgrep: engine.ripgrep } : {}), ...(minEngineFiles === undefined ? {} : { minEngineFiles }) });
        const ctx: ToolContext = { workspace, view: new MemoryFileView(workspace), sandbox: createSandbox(workspace), signal: new AbortController().signal };
        return (await executeToolCall(AGENT_TOOLS, toolCall('search', { query: 'needle' }), ctx)).content;
      };
      // A few files are read by the tool itself, which names every large file it did not match line by line.
      assert.equal(await search(), 'small.txt:1: a needle\n[skipped 2 files over 1 MB: big/data.txt, big/other.txt; read_file them in line ranges]', engine.name);
      // An engine looks into every file, so it names only the large files that hold a match.
      assert.equal(await search(0), 'small.txt:1: a needle\n[1 matching file over 1 MB not searched line by line: big/data.txt; read_file them in line ranges]', engine.name);
    }
  } finally {
    await ws.dispose();
  }
});

test('a glob is confined to the folder before its first wildcard, never outside the root', () => {
  assert.equal(globFolder('packages/api/**'), 'packages/api');
  assert.equal(globFolder('./packages/api/src/*.ts'), 'packages/api/src');
  assert.equal(globFolder('packages\\api\\'), 'packages/api');
  assert.equal(globFolder('src/a.ts'), 'src/a.ts');
  // Without a slash a pattern matches at any depth; wildcards and braces confine nothing past them.
  assert.equal(globFolder('*.ts'), '');
  assert.equal(globFolder('src'), '');
  assert.equal(globFolder('{a,b}/x.ts'), '');
  assert.equal(globFolder('../outside/**'), '');
  assert.equal(globFolder(undefined), '');
});
