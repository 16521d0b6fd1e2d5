import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanCandidates } from '../../../src/node/scanPool';
import { createFsWorkspace } from '../../../src/node/fsWorkspace';
import { createSandbox } from '../../../src/core/tools/sandbox';
import { executeToolCall } from '../../../src/core/tools/execute';
import { AGENT_TOOLS } from '../../../src/core/tools/index';
import type { ToolContext } from '../../../src/core/tools/context';
import { MemoryFileView } from '../../support/memoryFileView';
import { toolCall } from '../core/tools/fixture';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const FILES: Record<string, string | Uint8Array> = {
  'lower.ts': 'const getuserbyid = 1;\n',
  'mixed.ts': 'x GetUserById(y)\n',
  'start.ts': 'GETUSERBYID at the start',
  'end.ts': 'at the end: getUserById',
  'near.ts': 'getUserByI d, getUser ById, etUserById\n',
  'latin1.ts': Uint8Array.from([...Buffer.from('caf'), 0xe9, ...Buffer.from(' getUserById\n')]),
  'binary.bin': Uint8Array.from([0, 1, 2, ...Buffer.from('getUserById')]),
  'utf16.txt': Uint8Array.from([0xff, 0xfe, 0x67, 0]),
  'lines.ts': 'export function a() {\n}\r\nexport const b = 2;\n',
};

test('the scan workers pick files as line matching would: folded literals, exact literals, regexes', async () => {
  const ws = await makeTempWorkspace(FILES);
  const paths = Object.keys(FILES);
  const scan = async (pattern: string, regex: boolean, caseSensitive: boolean) => {
    const found = await scanCandidates(ws.root, { pattern, regex, caseSensitive, paths, under: '' });
    assert.ok(found);
    return { files: [...found.files].sort(), binary: found.binary };
  };
  try {
    // UTF-16 files are always candidates (the tool decodes them); binary files are counted, not matched.
    assert.deepEqual(await scan('getuserbyid', false, false), {
      files: ['end.ts', 'latin1.ts', 'lower.ts', 'mixed.ts', 'start.ts', 'utf16.txt'],
      binary: 1,
    });
    assert.deepEqual((await scan('getUserById', false, true)).files, ['end.ts', 'latin1.ts', 'utf16.txt']);
    assert.deepEqual((await scan('g', false, false)).files.length, 7);
    assert.deepEqual((await scan('^export const \\w+ = \\d;$', true, true)).files, ['lines.ts', 'utf16.txt']);
    assert.deepEqual((await scan('function a\\(\\) \\{$', true, true)).files, ['lines.ts', 'utf16.txt']);
    assert.deepEqual((await scan('caf. getuser', true, false)).files, ['latin1.ts', 'utf16.txt']);
    // Lookaround could see across lines in a whole-text scan: left to the tool.
    assert.equal(await scanCandidates(ws.root, { pattern: '(?<=a)b', regex: true, caseSensitive: true, paths, under: '' }), undefined);
  } finally {
    await ws.dispose();
  }
});

test('a search over many files goes through the scan workers and reads the same as the tool alone', async () => {
  const files: Record<string, string> = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`src/f${String(i).padStart(3, '0')}.ts`, `export const v${i} = ${i};\n`]));
  files['src/f599.ts'] = 'export const Needle = 599;\n';
  files['data/big.json'] = `${'{"filler": 1}\n'.repeat(80_000)}{"needle": true}\n`;
  files['data/other.json'] = '{"x": 1}\n'.repeat(120_000);
  const ws = await makeTempWorkspace(files);
  try {
    const workspace = createFsWorkspace(ws.root);
    const ctx: ToolContext = { workspace, view: new MemoryFileView(workspace), sandbox: createSandbox(workspace), signal: new AbortController().signal };
    const search = async (args: object) => (await executeToolCall(AGENT_TOOLS, toolCall('search', args), ctx)).content;
    // The workers read every file, so only the large file that holds a match is named.
    assert.equal(await search({ query: 'needle' }), 'src/f599.ts:1: export const Needle = 599;\n[1 matching file over 1 MB not searched line by line: data/big.json; read_file them in line ranges]');
    assert.equal(await search({ query: 'const \\w+ = 59\\d;', regex: true }), 'src/f590.ts:1: export const v590 = 590;\nsrc/f591.ts:1: export const v591 = 591;\nsrc/f592.ts:1: export const v592 = 592;\nsrc/f593.ts:1: export const v593 = 593;\nsrc/f594.ts:1: export const v594 = 594;\nsrc/f595.ts:1: export const v595 = 595;\nsrc/f596.ts:1: export const v596 = 596;\nsrc/f597.ts:1: export const v597 = 597;\nsrc/f598.ts:1: export const v598 = 598;\nsrc/f599.ts:1: export const Needle = 599;');
    assert.equal(await search({ query: 'absent everywhere' }), 'No matches for "absent everywhere" in 602 files.');
  } finally {
    await ws.dispose();
  }
});
