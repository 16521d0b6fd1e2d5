/**
 * One suite, every engine: the same tree must yield the same listing and the same search results
 * from the in-process walker, from `rg` on the PATH and from VS Code's bundled rg. The expected
 * listing is the specification (git's semantics without a repository, case-insensitive, with
 * .squadignore and the settings' globs winning over a .gitignore `!`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFsWorkspace } from '../../../src/node/fsWorkspace';
import { createSandbox } from '../../../src/core/tools/sandbox';
import { executeToolCall } from '../../../src/core/tools/execute';
import { AGENT_TOOLS } from '../../../src/core/tools/index';
import type { ToolContext } from '../../../src/core/tools/context';
import { MemoryFileView } from '../../support/memoryFileView';
import { makeTempWorkspace } from '../../support/tempWorkspace';
import { workspaceEngines } from '../../support/ripgrepEngines';
import { toolCall } from '../core/tools/fixture';

const TREE: Record<string, string> = {
  '.gitignore': 'node_modules/\n*.log\n/build\n!keep.log\ndocs/**/draft-*\nCASE.TXT\n',
  '.squadignore': 'private/\n*.bak\nsrc/keep.log\n',
  '.ignore': 'src/\n',
  '.hidden/config.json': '{"hidden": true}\n',
  '.env': 'TOKEN=abc\n',
  'keep.log': 'kept by a negation\n',
  'debug.log': 'ignored\n',
  'case.txt': 'ignored whatever its case\n',
  'build/out.js': 'ignored at the root\n',
  'src/build/tool.ts': 'export const anchored = "only /build at the root is left out";\n',
  'src/app.ts': 'export function main() {\n  return "needle in app";\n}\n',
  'src/keep.log': 'a .gitignore negation does not beat .squadignore\n',
  'src/notes.bak': 'ignored by .squadignore\n',
  'src/lib/.gitignore': 'generated/\n!important.gen.ts\n*.gen.ts\n',
  'src/lib/util.ts': 'export const NEEDLE = 1;\n',
  'src/lib/a.gen.ts': 'ignored by the nested .gitignore\n',
  'src/lib/generated/x.ts': 'ignored folder\n',
  'src/lib/deep/more/file.ts': 'const needle = "deep";\n',
  'docs/guide/draft-intro.md': 'ignored draft\n',
  'docs/guide/intro.md': '# Needle guide\n',
  'private/plan.md': 'ignored by .squadignore\n',
  'vendor/lib.min.js': 'ignored by the settings\n',
  'node_modules/pkg/index.js': 'ignored\n',
  'packages/api/node_modules/x.js': 'ignored at any depth\n',
  'packages/api/src/server.ts': 'export const port = 8080; // needle\n',
  'sub/.git': 'gitdir: ../.git/modules/sub\n',
  'sub/code.ts': 'export {};\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/config': '[core]\n',
};

const EXPECTED = [
  '.gitignore',
  '.hidden/config.json',
  '.ignore',
  '.squadignore',
  'docs/guide/intro.md',
  'keep.log',
  'packages/api/src/server.ts',
  'src/app.ts',
  'src/build/tool.ts',
  'src/lib/.gitignore',
  'src/lib/deep/more/file.ts',
  'src/lib/util.ts',
  'sub/code.ts',
  // .env is listed; the sandbox keeps it from the agents (see the search below).
  '.env',
].sort();

async function makeTree(): Promise<{ root: string; dispose(): Promise<void> }> {
  // A parent folder's .gitignore is outside the workspace and must not count.
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-ignore-parent-'));
  await fs.writeFile(path.join(parent, '.gitignore'), 'src/\n*.md\n');
  const ws = await makeTempWorkspace(Object.fromEntries(Object.entries(TREE).map(([p, c]) => [path.join('ws', p), c])));
  const root = path.join(parent, 'ws');
  await fs.rename(path.join(ws.root, 'ws'), root);
  await ws.dispose();
  await fs.symlink('src/app.ts', path.join(root, 'app-link.ts'));
  await fs.symlink('src', path.join(root, 'src-link'));
  return { root, dispose: () => fs.rm(parent, { recursive: true, force: true }) };
}

const SETTINGS_GLOBS = ['vendor/'];

for (const engine of workspaceEngines()) {
  // Every search goes to the engine, however few the files (by default a few are read by the tool).
  const options = { ignoreGlobs: SETTINGS_GLOBS, minEngineFiles: 0, ...(engine.ripgrep ? { ripgrep: engine.ripgrep } : {}) };

  test(`listing: nested .gitignore, .squadignore, settings, hidden files, .git and symlinks (${engine.name})`, { skip: engine.missing ?? false }, async () => {
    const tree = await makeTree();
    try {
      const workspace = createFsWorkspace(tree.root, options);
      assert.deepEqual(await workspace.listFiles(), EXPECTED);
      assert.equal(await workspace.indexedBy(), engine.ripgrep ? 'ripgrep' : 'in-process');
      // A folder of the index, and a file named as a folder.
      assert.deepEqual(await workspace.listFiles({ under: 'src/lib' }), ['src/lib/.gitignore', 'src/lib/deep/more/file.ts', 'src/lib/util.ts']);
      assert.deepEqual(await workspace.listFiles({ under: 'src/app.ts' }), ['src/app.ts']);
      // Every listed file is one isIgnored accepts, and every left-out regular file one it refuses.
      for (const rel of Object.keys(TREE)) {
        if (rel.startsWith('.git/') || rel === 'sub/.git') continue;
        assert.equal(await workspace.isIgnored(rel), !EXPECTED.includes(rel), rel);
      }
    } finally {
      await tree.dispose();
    }
  });

  test(`listing: a .rgignore counts for nothing (rg 13 obeys it whatever the flags, so Squad walks instead) (${engine.name})`, { skip: engine.missing ?? false }, async () => {
    const tree = await makeTree();
    try {
      await fs.writeFile(path.join(tree.root, '.rgignore'), 'src/\n');
      const workspace = createFsWorkspace(tree.root, options);
      assert.deepEqual(await workspace.listFiles(), [...EXPECTED, '.rgignore'].sort());
      const ctx: ToolContext = { workspace, view: new MemoryFileView(workspace), sandbox: createSandbox(workspace), signal: new AbortController().signal };
      const found = await executeToolCall(AGENT_TOOLS, toolCall('search', { query: 'NEEDLE' }), ctx);
      assert.equal(found.content, 'src/lib/util.ts:1: export const NEEDLE = 1;');
    } finally {
      await tree.dispose();
    }
  });

  test(`listing past the index's cap: a folder is listed in full (${engine.name})`, { skip: engine.missing ?? false }, async () => {
    const tree = await makeTree();
    try {
      const workspace = createFsWorkspace(tree.root, { ...options, maxIndexedFiles: 4 });
      const all = await workspace.files!();
      assert.equal(all.complete, false);
      assert.equal(all.paths.length, 4);
      assert.deepEqual(await workspace.files!({ under: 'src/lib' }), { paths: ['src/lib/.gitignore', 'src/lib/deep/more/file.ts', 'src/lib/util.ts'], complete: true });
      assert.deepEqual((await workspace.files!({ under: 'private' })).paths, []);
    } finally {
      await tree.dispose();
    }
  });

  test(`search: the same lines, smart case, ignore rules and secrets, literal and regex (${engine.name})`, { skip: engine.missing ?? false }, async () => {
    const tree = await makeTree();
    try {
      const workspace = createFsWorkspace(tree.root, options);
      const view = new MemoryFileView(workspace);
      const ctx: ToolContext = { workspace, view, sandbox: createSandbox(workspace), signal: new AbortController().signal };
      const search = async (args: object) => (await executeToolCall(AGENT_TOOLS, toolCall('search', args), ctx)).content;
      assert.equal(
        await search({ query: 'needle' }),
        [
          'docs/guide/intro.md:1: # Needle guide',
          'packages/api/src/server.ts:1: export const port = 8080; // needle',
          'src/app.ts:2: return "needle in app";',
          'src/lib/deep/more/file.ts:1: const needle = "deep";',
          'src/lib/util.ts:1: export const NEEDLE = 1;',
        ].join('\n'),
      );
      assert.equal(await search({ query: 'NEEDLE' }), 'src/lib/util.ts:1: export const NEEDLE = 1;');
      assert.equal(await search({ query: 'ignored' }), `No matches for "ignored" in ${EXPECTED.length - 1} files.`);
      assert.equal(await search({ query: 'TOKEN' }), `No matches for "TOKEN" in ${EXPECTED.length - 1} files.`);
      // A regex rg can run (\b made ASCII), one it cannot (lookbehind), and a folder scope.
      assert.equal(await search({ query: '\\bneedle\\b = "', regex: true }), 'src/lib/deep/more/file.ts:1: const needle = "deep";');
      assert.equal(await search({ query: '(?<=// )needle', regex: true }), 'packages/api/src/server.ts:1: export const port = 8080; // needle');
      assert.equal(await search({ query: 'export \\w+', regex: true, glob: 'src/lib/**' }), 'src/lib/util.ts:1: export const NEEDLE = 1;');
      // The run's own proposals are searched from the overlay, whatever the engine.
      await view.createFile('src/new.ts', 'const needle = "proposed";\n');
      await view.deleteFile('src/app.ts');
      assert.match(await search({ query: 'needle', glob: 'src/**' }), /^src\/lib\/deep\/more\/file\.ts:1: .*\nsrc\/lib\/util\.ts:1: .*\nsrc\/new\.ts:1: const needle = "proposed";$/);
    } finally {
      await tree.dispose();
    }
  });
}

test('a ripgrep that cannot start leaves the in-process engine to answer', async () => {
  const tree = await makeTree();
  try {
    const workspace = createFsWorkspace(tree.root, { ignoreGlobs: SETTINGS_GLOBS, minEngineFiles: 0, ripgrep: path.join(tree.root, 'no-such-rg') });
    assert.deepEqual(await workspace.listFiles(), EXPECTED);
    const ctx: ToolContext = { workspace, view: new MemoryFileView(workspace), sandbox: createSandbox(workspace), signal: new AbortController().signal };
    const found = await executeToolCall(AGENT_TOOLS, toolCall('search', { query: 'NEEDLE' }), ctx);
    assert.equal(found.content, 'src/lib/util.ts:1: export const NEEDLE = 1;');
  } finally {
    await tree.dispose();
  }
});
