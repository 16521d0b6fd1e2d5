/**
 * Which functions a failing test exercises, which candidate file defines them and where: the
 * tie-break when a test reaches several changed files and no stack frame says which one failed,
 * and the check whether a change touched what the test calls.
 */
import { dirOf, type WorkspacePaths } from './paths';

/** Names a test calls that say nothing about the code under test. */
const NOISE = new Set(
  (
    'expect assert it test describe context before after beforeEach afterEach beforeAll afterAll equal deepEqual strictEqual ' +
    'deepStrictEqual notEqual ok fail throws rejects match Errorf Fatalf Error Fatal Run Helper Log Logf Parallel Cleanup Skip ' +
    'require import if for while switch return function func def len print str int float list dict set tuple range raises ' +
    'typeof new async await then catch map filter reduce forEach push JSON parse stringify Object Array String Number Boolean ' +
    'Promise Date Math keys values entries includes slice join split toString resolve reject spyOn mock fn vi jest sinon ' +
    'Sprintf Printf Println Errorf DeepEqual Equal Contains fmt errors reflect strings approx fixture mark parametrize'
  ).split(' '),
);
const isNoise = (id: string) => NOISE.has(id) || /^(to[A-Z]|assert|expect|should|test_|Test[A-Z])/.test(id) || id.length < 3;

const TEST_DECLARATION = /^\s*(?:(?:it|test|specify)(?:\.\w+)?\s*\(|(?:async\s+)?def\s+test|func\s+Test)/;

/** What a name found in a place is worth: the failing line itself says most. */
const WEIGHT = { line: 1, name: 0.8, window: 0.4 } as const;

/** Function names from the test's name, its failing lines and the lines above them (or its body), with weights. */
export async function focusIdentifiers(
  paths: WorkspacePaths,
  testFile: string | undefined,
  testName: string,
  lines: readonly number[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const add = (id: string, weight: number) => {
    if (!isNoise(id) && (ids.get(id) ?? 0) < weight) ids.set(id, weight);
  };
  const calls = (text: string, weight: number) => {
    for (const m of text.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)) add(m[1] as string, weight);
  };
  // Go's TestCreateUser/empty_name and pytest's test_create_user name the function under test.
  const goName = /\bTest_?([A-Z]\w*)/.exec(testName);
  if (goName) add((goName[1] as string).split('_')[0] as string, WEIGHT.name);
  const pyName = /\btest_(\w+)/.exec(testName);
  if (pyName) add(pyName[1] as string, WEIGHT.name);
  // "orderTotal › applies a coupon": describe blocks often carry the function's name.
  for (const word of testName.split(/[^\w$]+/)) if (/[a-z][A-Z]|[a-z]_[a-z]/.test(word)) add(word, WEIGHT.name);
  const text = testFile === undefined ? undefined : await paths.read(testFile);
  if (text === undefined) return ids;
  const all = text.split('\n');
  for (const line of lines) {
    // A frame on the test's declaration (a timeout) says nothing: read the body below it.
    if (TEST_DECLARATION.test(all[line - 1] ?? '')) calls(all.slice(line, line + 24).join('\n'), WEIGHT.window);
    else {
      calls(all[line - 1] ?? '', WEIGHT.line);
      calls(all.slice(Math.max(0, line - 7), line - 1).join('\n'), WEIGHT.window);
    }
  }
  if (lines.length === 0) {
    const at = locateTest(all, testName);
    if (at >= 0) calls(all.slice(at, at + 25).join('\n'), WEIGHT.window);
  }
  return ids;
}

/** The line index where the test is declared, by its last name segment; -1 when not found. */
function locateTest(lines: readonly string[], testName: string): number {
  const parts = testName.split(/\s*(?:›|>|::|\/|\s-\s)\s*/).filter((p) => p.trim() !== '');
  const leaf = parts[parts.length - 1]?.trim();
  const root = parts[0]?.trim();
  for (const name of [leaf, root]) {
    if (!name) continue;
    const i = lines.findIndex((l) => l.includes(`'${name}'`) || l.includes(`"${name}"`) || l.includes(`\`${name}\``) || new RegExp(`\\b(def|func)\\s+${escape(name)}\\b`).test(l));
    if (i >= 0) return i;
  }
  return -1;
}

/** Which of `ids` the file defines (function, method, class, const = arrow, exports.x =), heaviest first, their weight and lines. */
export function definedIn(text: string, ids: ReadonlyMap<string, number>): { names: string[]; weight: number; lines: number[] } {
  const names: string[] = [];
  const lines: number[] = [];
  for (const id of ids.keys()) {
    const m = definitionPattern(id).exec(text);
    if (!m) continue;
    names.push(id);
    lines.push(text.slice(0, m.index).split('\n').length);
  }
  names.sort((a, b) => (ids.get(b) ?? 0) - (ids.get(a) ?? 0));
  return { names, weight: names.reduce((sum, id) => sum + (ids.get(id) ?? 0), 0), lines };
}

/** Roughly how far a definition's body reaches: a change this far below it changed the function. */
export const BODY_LINES = 30;

function definitionPattern(id: string): RegExp {
  const e = escape(id);
  return new RegExp(
    [
      `\\b(?:function\\*?|def|func|class|type|interface|const|let|var)\\s+(?:\\([^)]*\\)\\s*)?${e}\\b`,
      `^[ \\t]*(?:export\\s+)?(?:default\\s+)?(?:(?:public|private|protected|static|async)\\s+)*\\*?${e}\\s*\\([^)\\n]*\\)\\s*(?::[^{\\n]*)?\\{`,
      `\\b${e}\\s*[:=]\\s*(?:async\\s*)?(?:function\\b|\\([^)]*\\)\\s*=>|\\w+\\s*=>)`,
      `\\bexports\\.${e}\\s*=`,
    ].join('|'),
    'm',
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Same folder as the test, or the test's folder mirrored under src/ (test/db/x.test.ts ↔ src/db/x.ts). */
export function nearTest(testFile: string, candidate: string): boolean {
  const strip = (d: string) => d.replace(/^(test|tests|__tests__|spec|src|lib)(\/|$)/, '').replace(/(^|\/)(__tests__|tests?)$/, '');
  return dirOf(testFile) === dirOf(candidate) || strip(dirOf(testFile)) === strip(dirOf(candidate));
}
