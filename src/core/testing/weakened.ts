/**
 * Did a fix make a failing test pass by asking less of the code? A fix round that removes or
 * rewrites an assertion of a test that was failing, skips it, or deletes it, "fixes" nothing the
 * user asked for. Such a change is recorded (`test.weakened`) and the run's tests never count as
 * passing on its strength without the user's word. Deliberately strict: a legitimate correction
 * of a wrong expectation is flagged too — that is exactly when the user should look.
 */

/** Lines that check something, across node:assert, expect/chai, pytest, Go's testing and unittest. */
const ASSERTION = /\bassert\w*\b|\bexpect\s*\(|\.should\b|\bt\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\b|\bself\.assert\w+|\brequire\.\w+\(|\bassert\.\w+\(|\bpytest\.raises\b|\.rejects\b|\.throws\b|\btoBe|\btoEqual|\btoThrow/;
/** Ways to stop a test from running at all. */
const SKIPPED = /\b(?:it|test|describe|suite)\.(?:skip|todo)\b|\bx(?:it|describe|test)\s*\(|\{\s*(?:skip|todo)\s*:\s*true|@pytest\.mark\.(?:skip|xfail)|@unittest\.skip|\bt\.Skip(?:f|Now)?\(|\bpytest\.skip\(/;

export interface Weakening {
  readonly tests: readonly string[];
  /** The assertion lines removed or changed, as they were; or what now skips the test. */
  readonly assertions: readonly string[];
}

/**
 * What a fix did to the failing tests of one test file: `before` and `after` are the file's text
 * around the fix (undefined: absent). Undefined when no failing test asks less than it did.
 */
export function weakenedTests(before: string | undefined, after: string | undefined, failing: readonly string[]): Weakening | undefined {
  if (before === undefined || before === after) return undefined;
  const tests: string[] = [];
  const assertions: string[] = [];
  for (const name of failing) {
    const was = testRegion(before, name);
    const now = after === undefined ? undefined : testRegion(after, name);
    if (was === undefined) continue;
    if (now === undefined) {
      tests.push(name);
      assertions.push(...checks(was).map((l) => l.trim()), '(the test was removed)');
      continue;
    }
    const nowChecks = checks(now);
    const kept = new Set(nowChecks.map(normalise));
    // A rewritten check still counts when it asks the same: the same kind of check, every expected value kept (a typo fixed in a name is no weakening).
    const lost = checks(was).filter((l) => !kept.has(normalise(l)) && !nowChecks.some((a) => asksAsMuch(l, a)));
    const skip = now.split('\n').filter((l) => SKIPPED.test(l) && !was.split('\n').some((w) => normalise(w) === normalise(l)));
    if (lost.length > 0 || skip.length > 0) {
      tests.push(name);
      assertions.push(...lost.map((l) => l.trim()), ...skip.map((l) => `(now skipped) ${l.trim()}`));
    }
  }
  return tests.length > 0 ? { tests, assertions } : undefined;
}

/** Matchers and assert methods, in a form comparable across a rewrite. */
const CHECK_KIND = /\b(?:assert\.\w+|assert\b|expect\b[\s\S]*?\)\s*\.\s*((?:not\.)?(?:resolves\.|rejects\.)?\w+)|\.should\.[\w.]+|t\.\w+|self\.assert\w+|require\.\w+|pytest\.raises)/g;
/** Expected values: numbers, strings, regular expressions. */
const LITERAL = /(?<![\w$.])-?\d+(?:\.\d+)?\b|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\/(?![*/])(?:[^/\\\n]|\\.)+\/[gimsuy]*/g;

function asksAsMuch(before: string, after: string): boolean {
  const kind = (l: string) => [...l.matchAll(CHECK_KIND)].map((m) => m[1] ?? m[0].replace(/\s+/g, '')).join(' ');
  if (kind(before) !== kind(after)) return false;
  const values = new Set([...after.matchAll(LITERAL)].map((m) => m[0]));
  return [...before.matchAll(LITERAL)].every((m) => values.has(m[0]));
}

function checks(text: string): string[] {
  return text.split('\n').filter((l) => ASSERTION.test(l) && !/^\s*(?:\/\/|#)/.test(l));
}

function normalise(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/**
 * The lines of the test named `name` (its last segment: `suite › case` → `case`), from its
 * declaration to the next declaration at the same or a lower indent; the whole file when the
 * test cannot be found by name (an assertion removed anywhere in it still counts).
 */
export function testRegion(text: string, name: string): string | undefined {
  const lines = text.split('\n');
  const leaf = name.split(/\s*(?:›|>|::|\/|\s-\s)\s*/).filter((p) => p.trim() !== '').pop()?.trim() ?? name;
  const pyName = /\b(test_\w+)/.exec(name)?.[1];
  const goName = /^(Test\w+)/.exec(name)?.[1];
  const declares = (l: string) =>
    (pyName !== undefined && new RegExp(`\\bdef\\s+${pyName}\\s*\\(`).test(l)) ||
    (goName !== undefined && new RegExp(`\\bfunc\\s+${goName}\\s*\\(`).test(l)) ||
    [`'${leaf}'`, `"${leaf}"`, `\`${leaf}\``].some((q) => l.includes(q));
  const start = lines.findIndex(declares);
  if (start < 0) return text.includes(leaf) ? text : undefined;
  const indent = (l: string) => /^\s*/.exec(l)![0].length;
  const base = indent(lines[start]!);
  let end = start + 1;
  const nextDecl = /^\s*(?:(?:it|test|describe|specify)(?:\.\w+)?\s*\(|(?:async\s+)?def\s+test|func\s+Test)/;
  while (end < lines.length && !(nextDecl.test(lines[end]!) && indent(lines[end]!) <= base)) end++;
  return lines.slice(start, end).join('\n');
}
