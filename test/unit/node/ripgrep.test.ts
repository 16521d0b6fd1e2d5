import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSquadError } from '../../../src/core/common/errors';
import { IgnoreRules } from '../../../src/node/ignoreRules';
import { createRipgrepEngine } from '../../../src/node/ripgrep';
import { ripgrepPattern } from '../../../src/node/ripgrepPattern';
import { makeTempWorkspace } from '../../support/tempWorkspace';
import { workspaceEngines } from '../../support/ripgrepEngines';

test('JavaScript regexes become ripgrep patterns only where both syntaxes agree', () => {
  assert.equal(ripgrepPattern('export (function|const) \\w+\\('), 'export (function|const) \\w+\\x28');
  assert.equal(ripgrepPattern('\\bgetUser\\b'), '(?-u:\\b)getUser(?-u:\\b)');
  assert.equal(ripgrepPattern('a[^"/]+b'), 'a[^"/]+b');
  assert.equal(ripgrepPattern('(?:x|y)\\.ts$'), '(?:x|y)\\x2ets$');
  assert.equal(ripgrepPattern('\\/api\\/'), '\\x2fapi\\x2f');
  // Left to JavaScript: lookaround, back-references, named groups, escapes Rust reads otherwise,
  // classes Rust reads as set operations, [] and [^], non-ASCII and a dangling escape.
  for (const js of ['(?<=a)b', '(?!a)b', '(a)\\1', '(?<n>a)', '\\p{L}', '\\x41', '\\u0041', '\\cA', '[a&&b]', '[a--b]', '[[]', '[]', '[^]', 'café', 'a\\', '[\\b]', '\\n', '[a']) {
    assert.equal(ripgrepPattern(js), undefined, js);
  }
});

for (const engine of workspaceEngines().filter((e) => e.ripgrep !== undefined || e.missing !== undefined)) {
  test(`rg finds candidate files, declines what it cannot run, and a cancelled call stops it (${engine.name})`, { skip: engine.missing ?? false }, async () => {
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f/${i}.txt`, `line ${i}\n${'padding '.repeat(2000)}\n`]));
    const ws = await makeTempWorkspace({ ...files, 'hit.ts': 'const getUser = 1;\r\n', 'other.ts': 'getusers\n' });
    try {
      const rg = createRipgrepEngine(engine.ripgrep as string, ws.root, new IgnoreRules(ws.root, []));
      const paths = ['hit.ts', 'other.ts', ...Object.keys(files)];
      const query = { regex: true, caseSensitive: true, paths, under: '' };
      assert.deepEqual([...((await rg.candidates({ ...query, pattern: '\\bgetUser\\b' }))?.files ?? [])], ['hit.ts']);
      assert.deepEqual([...((await rg.candidates({ ...query, pattern: 'getUser = 1;$' }))?.files ?? [])], ['hit.ts']);
      assert.deepEqual([...((await rg.candidates({ ...query, regex: false, caseSensitive: false, pattern: 'GETUSER' }))?.files ?? [])].sort(), ['hit.ts', 'other.ts']);
      // Only the paths asked about are answered.
      assert.deepEqual([...((await rg.candidates({ ...query, regex: false, pattern: 'getUser', paths: ['other.ts'] }))?.files ?? [])], []);
      assert.equal(await rg.candidates({ ...query, pattern: '(?<=const )getUser' }), undefined);
      // rg refuses a pattern JavaScript accepts (`{` alone): the caller falls back, nothing is lost.
      assert.equal(await rg.candidates({ ...query, pattern: 'a{' }), undefined);

      const controller = new AbortController();
      const running = rg.candidates({ ...query, pattern: 'no such text anywhere' }, controller.signal);
      controller.abort();
      await assert.rejects(running, (err) => isSquadError(err) && err.code === 'cancelled');
    } finally {
      await ws.dispose();
    }
  });
}
