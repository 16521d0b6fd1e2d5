/** The generic JUnit reader: layouts of several writers, and the hooks other tools plug in. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJunitXml } from '../../../../../src/core/testing/parsers/junit';
import { locationLineFrame, pythonFrame } from '../../../../../src/core/testing/parsers/common';

describe('parseJunitXml', () => {
  it('walks nested suites and loose testcases, counting failures, errors and skips', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="outer" file="/w/test/a.test.js">
    <testsuite name="inner">
      <testcase name="fails" classname="inner" file="/w/test/a.test.js">
        <failure message="expected 1 to be 2" type="AssertionError"><![CDATA[AssertionError: expected 1 to be 2
    at Context.<anonymous> (/w/test/a.test.js:4:10)]]></failure>
      </testcase>
      <testcase name="passes" classname="inner"/>
      <testcase name="skipped" classname="inner"><skipped/></testcase>
    </testsuite>
  </testsuite>
  <testcase name="test/b.test.js" classname="test" file="/w/test/b.test.js">
    <error message="Cannot find module &apos;./gone&apos;" type="Error">Error: Cannot find module './gone'
    at load (/w/src/loader.js:9:3)</error>
  </testcase>
</testsuites>`;
    const r = parseJunitXml(xml);
    assert.deepEqual([r.format, r.passed, r.failed, r.skipped], ['junit-xml', 1, 2, 1]);
    const fails = r.failures.find((f) => f.test === 'inner › fails');
    const broken = r.failures.find((f) => f.test === 'test/b.test.js');
    assert.deepEqual(fails, {
      test: 'inner › fails',
      testFile: '/w/test/a.test.js',
      message: 'AssertionError: expected 1 to be 2',
      stack: [{ file: '/w/test/a.test.js', line: 4, column: 10, fn: 'Context.<anonymous>' }],
    });
    assert.equal(broken?.message, "Error: Cannot find module './gone'");
    assert.equal(broken?.testFile, '/w/test/b.test.js');
    assert.equal(broken?.stack[0]?.file, '/w/src/loader.js');
  });

  it('takes the message from the body when the failure has no message attribute', () => {
    const r = parseJunitXml('<testsuite name="s"><testcase name="t" classname="s"><failure>Error: boom\n    at f (/w/a.js:1:1)</failure></testcase></testsuite>');
    assert.equal(r.failures[0]?.message, 'Error: boom');
    assert.equal(r.failures[0]?.testFile, undefined);
  });

  it('reads a report that follows other console output', () => {
    const r = parseJunitXml('> npm test\n\nsome log line\n<testsuites><testsuite name="a.test.js"><testcase name="x" classname="a.test.js"><failure message="m"/></testcase></testsuite></testsuites>');
    assert.deepEqual([r.failed, r.failures[0]?.testFile, r.failures[0]?.test], [1, 'a.test.js', 'x']);
  });

  it('lets a tool plug in its frame style and its way of naming tests and files (pytest)', () => {
    const xml = `<testsuites><testsuite name="pytest" tests="2">
<testcase classname="tests.test_service" name="test_total"><failure message="KeyError: 'ada'">def test_total(service):
&gt;       order = service.place_order("ada")

tests/test_service.py:7:
_ _ _ _ _ _ _ _ _ _ _ _
shop/service.py:17: in place_order
    return self.repository.save(order)
E       KeyError: 'ada'

shop/repository.py:23: KeyError</failure></testcase>
<testcase classname="tests.test_service" name="test_ok"/>
</testsuite></testsuites>`;
    const r = parseJunitXml(xml, {
      frameParsers: [pythonFrame, locationLineFrame],
      testFileOf: (tc) => `${(tc.classname ?? '').replace(/\./g, '/')}.py`,
      testNameOf: (tc) => `${(tc.classname ?? '').replace(/\./g, '/')}.py::${tc.name}`,
    });
    assert.deepEqual([r.passed, r.failed], [1, 1]);
    const f = r.failures[0];
    assert.equal(f?.test, 'tests/test_service.py::test_total');
    assert.equal(f?.testFile, 'tests/test_service.py');
    assert.equal(f?.message, "KeyError: 'ada'");
    assert.deepEqual(f?.stack.map((s) => `${s.file}:${s.line}`), ['tests/test_service.py:7', 'shop/service.py:17', 'shop/repository.py:23']);
  });

  it('returns an empty report for text without a testsuite', () => {
    assert.deepEqual(parseJunitXml('no xml here'), { format: 'junit-xml', passed: 0, failed: 0, skipped: 0, failures: [] });
  });
});
