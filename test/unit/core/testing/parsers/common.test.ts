/** The shared helpers: frame parsing in every style the parsers meet, ANSI, JSON in noise. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  bareV8Frame,
  extractJson,
  firstLines,
  guessTestFile,
  locationLineFrame,
  locationsInMessage,
  parseFrames,
  pythonFrame,
  stripAnsi,
  tail,
  v8Frame,
  vitestFrame,
} from '../../../../../src/core/testing/parsers/common';

describe('stack frames', () => {
  it('reads V8 frames with and without a function, async, new, aliases, URLs and Windows paths', () => {
    assert.deepEqual(v8Frame('    at applyDiscount (/tmp/x/src/util/discount.js:9:12)'), { file: '/tmp/x/src/util/discount.js', line: 9, column: 12, fn: 'applyDiscount' });
    assert.deepEqual(v8Frame('    at /tmp/x/test/orders.test.js:12:12'), { file: '/tmp/x/test/orders.test.js', line: 12, column: 12 });
    assert.deepEqual(v8Frame('    at async TestContext.<anonymous> (file:///tmp/x/test/a.test.js:13:18)'), { file: 'file:///tmp/x/test/a.test.js', line: 13, column: 18, fn: 'TestContext.<anonymous>' });
    assert.deepEqual(v8Frame('    at new Store (src/data/store.js:4:11)'), { file: 'src/data/store.js', line: 4, column: 11, fn: 'Store' });
    assert.deepEqual(v8Frame('      at Parser.raise [as unexpected] (../node_modules/@babel/parser/src/tokenizer/index.ts:1603:16)')?.fn, 'Parser.raise [as unexpected]');
    assert.deepEqual(v8Frame('    at Object.<anonymous> (C:\\work\\app\\test\\a.test.js:3:1)'), { file: 'C:\\work\\app\\test\\a.test.js', line: 3, column: 1, fn: 'Object.<anonymous>' });
    // node:test's spec reporter appends ` {` when the error has own properties.
    assert.deepEqual(v8Frame('      at TestContext.<anonymous> (/tmp/x/test/a.test.js:15:12) {'), { file: '/tmp/x/test/a.test.js', line: 15, column: 12, fn: 'TestContext.<anonymous>' });
  });

  it('drops frames that point at no file', () => {
    for (const line of ['    at new Promise (<anonymous>)', '    at async Promise.all (index 0)', '    at Test.run (node:internal/test_runner/test:1409:7)', '    at node:internal/main:1:1', '    at Array.map (native)', 'at least ~326ms faster', 'attach the file']) {
      assert.equal(v8Frame(line), undefined, line);
    }
  });

  it('reads node:test TAP frames without `at`, vitest `❯` frames, Python and `path:line:` frames', () => {
    assert.deepEqual(bareV8Frame('        applyDiscount (file:///tmp/x/src/util/discount.js:9:12)'), { file: 'file:///tmp/x/src/util/discount.js', line: 9, column: 12, fn: 'applyDiscount' });
    assert.deepEqual(bareV8Frame('        async Promise.all (index 0)'), undefined);
    assert.deepEqual(vitestFrame(' ❯ applyDiscount src/util/discount.js:9:12'), { file: 'src/util/discount.js', line: 9, column: 12, fn: 'applyDiscount' });
    assert.deepEqual(vitestFrame(' ❯ test/orders.test.js:12:12'), { file: 'test/orders.test.js', line: 12, column: 12 });
    assert.deepEqual(vitestFrame(' ❯ orderTotal (2)'), undefined);
    assert.deepEqual(pythonFrame('  File "/tmp/p/shop/repository.py", line 23, in save'), { file: '/tmp/p/shop/repository.py', line: 23, fn: 'save' });
    assert.deepEqual(locationLineFrame('shop/service.py:17: in place_order'), { file: 'shop/service.py', line: 17, fn: 'place_order' });
    assert.deepEqual(locationLineFrame('shop/repository.py:23: KeyError'), { file: 'shop/repository.py', line: 23 });
    assert.deepEqual(locationLineFrame('    order_test.go:31: got 3, want 4'), { file: 'order_test.go', line: 31 });
    assert.deepEqual(locationLineFrame('\t/home/u/shop/money/money.go:40 +0x1d'), { file: '/home/u/shop/money/money.go', line: 40 });
  });

  it('keeps frames in order and caps a long stack without losing the user frames after it', () => {
    const deps = Array.from({ length: 60 }, (_, i) => `    at dep${i} (/p/node_modules/@babel/parser/lib/index.js:${i + 1}:1)`);
    const frames = parseFrames(['Error: x', ...deps, '    at Object.require (test/paginate.test.js:1:22)'].join('\n'));
    assert.ok(frames.length <= 30);
    assert.equal(frames[0]?.fn, 'dep0');
    assert.equal(frames.at(-1)?.file, 'test/paginate.test.js');
  });

  it('finds the locations compilers put in messages', () => {
    assert.deepEqual(locationsInMessage('SyntaxError: /tmp/x/src/util/paginate.js: Unexpected token, expected "," (5:95)'), [{ file: '/tmp/x/src/util/paginate.js', line: 5, column: 95 }]);
    assert.deepEqual(locationsInMessage('  Plugin: vite:import-analysis\n  File: /tmp/x/src/a.ts:1:0'), [{ file: '/tmp/x/src/a.ts', line: 1, column: 0 }]);
    assert.deepEqual(locationsInMessage('/tmp/x/src/util/paginate.js:5\n  return {\n     ^^^^\n\nSyntaxError: missing ) after argument list'), [{ file: '/tmp/x/src/util/paginate.js', line: 5 }]);
    assert.deepEqual(locationsInMessage('expected 3 to be 4 // at /tmp/x.js:5'), []);
  });

  it('guesses the test file from frames, or from a path in the message', () => {
    assert.equal(guessTestFile([{ file: 'src/a.js', line: 1 }, { file: 'test/a.test.js', line: 2 }]), 'test/a.test.js');
    assert.equal(guessTestFile([], 'Error: Timeout of 1000ms exceeded. (/tmp/x/test/notify.test.js)'), '/tmp/x/test/notify.test.js');
    assert.equal(guessTestFile([{ file: '/p/node_modules/mocha/lib/test.js', line: 1 }]), undefined);
  });
});

describe('text helpers', () => {
  it('strips colours, hyperlinks and other escapes', () => {
    assert.equal(stripAnsi('\u001b[0m\u001b[7m\u001b[1m\u001b[31m FAIL \u001b[39m\u001b[22m\u001b[27m\u001b[0m \u001b[2mtest/\u001b[22m'), ' FAIL  test/');
    assert.equal(stripAnsi('\u001b]8;;file:///a\u0007link\u001b]8;;\u0007 \u001b[2K\u001b[1Gdone'), 'link done');
  });

  it('keeps the first lines of a message, dedented, blank runs collapsed', () => {
    assert.equal(firstLines('\n\n      AssertionError: x\n+ actual - expected\n\n\n\n  {'), 'AssertionError: x\n+ actual - expected\n\n  {');
    assert.equal(firstLines(Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n')).split('\n').length, 12);
  });

  it('keeps a bounded tail', () => {
    const t = tail(Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\r\n'));
    assert.ok(t.endsWith('line 499'));
    assert.ok(!t.includes('line 400\n'));
    assert.ok(!t.includes('\r'));
  });

  it('finds a JSON report after and before other output', () => {
    assert.deepEqual(extractJson('{"a":1}'), { a: 1 });
    assert.deepEqual(extractJson('FAIL test/x.js\n  ● x › y\n  11 | }\n{"numTotalTests":1,"testResults":[]}\nTest Suites: 1 failed'), { numTotalTests: 1, testResults: [] });
    assert.deepEqual(extractJson('> npm test\n\n{\n  "stats": {"passes": 1}\n}\n'), { stats: { passes: 1 } });
    assert.equal(extractJson('{"truncated": [1, 2'), undefined);
    assert.equal(extractJson('no json here } at all'), undefined);
  });
});
