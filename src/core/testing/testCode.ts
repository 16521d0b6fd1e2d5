/**
 * Failures in the test's own code rather than in what it tests: a syntax or reference error in
 * the test, a fixture it misuses, an import of a module or a name that no task created. These
 * go to the test's author. An import of something a task removed or renamed goes to that task.
 */
import { definedIn } from './focus';
import { directImports } from './imports';
import type { FileOwnership } from './ownership';
import { dirOf, normaliseRelPath, type WorkspacePaths } from './paths';
import type { TestFailure } from './types';

export interface TestCodeCause {
  /** The file whose author gets the failure. */
  readonly file: string;
  /** The task, when a task wrote that file or removed what it needed. */
  readonly taskId?: string;
  readonly reason: string;
  readonly confidence: number;
}

export interface TestCodeContext {
  /** What the squad was asked to build (request, plan, tasks): a name it mentions is expected of the code, not a typo. */
  readonly spec?: string;
  /** The crash site: the innermost frame that is not test code. */
  readonly crashSite?: { readonly rel: string; readonly line?: number };
  /** The failing test's own frames (file and line), innermost first. */
  readonly testFrames?: readonly { readonly rel: string; readonly line?: number }[];
  readonly paths: WorkspacePaths;
  /** The failing test's file (workspace-relative), when known. */
  readonly testFile: string | undefined;
  /** The innermost workspace frame is in the test file. */
  readonly thrownInTest: boolean;
  readonly ownership: ReadonlyMap<string, FileOwnership>;
  /** The owner of a file as a whole: the test files QA wrote, or the last task that changed it. */
  readonly ownerOf: (path: string) => string | undefined;
}

const MISSING_MODULE = [
  /Cannot find module '([^']+)'(?: from '([^']+)')?/,
  /Failed to (?:load url|resolve import) "?([^"\s]+)"?(?: \(resolved id: [^)]*\))?(?: (?:in|from) "?([^"\s]+?)"?)?[.\s]/,
  /ModuleNotFoundError: No module named '([\w.]+)'/,
];
const MISSING_EXPORT = [
  /does not provide an export named '([\w$]+)'/,
  /cannot import name '(\w+)' from '([\w.]+)'/,
  /module '([\w.]+)' has no attribute '(\w+)'/,
  /(?:\(0\s*,\s*)?(?:[\w$]+\.)?([\w$]+)\)? is not a (?:function|constructor)/,
  /\bundefined: (?:[\w]+\.)?([A-Z]\w*)/,
];
const TEST_OWN_ERROR = /\b(?:ReferenceError|NameError|IndentationError|TabError)\b|\bis not defined\b|fixture '[\w-]+' not found|missing \d+ required positional argument/;

export async function testCodeCause(failure: TestFailure, ctx: TestCodeContext): Promise<TestCodeCause | undefined> {
  const message = failure.message;
  const test = ctx.testFile;
  if (test !== undefined && TEST_OWN_ERROR.test(message) && (ctx.thrownInTest || /fixture|positional argument/.test(message))) {
    return owned(test, ctx, `the test's own code fails: ${firstLine(message)}`, 0.85);
  }
  for (const re of MISSING_MODULE) {
    const m = re.exec(message);
    if (m) return missingModule(m[1]!, test, ctx);
  }
  const typo = (await unknownProperty(failure, ctx)) ?? (await automockedValue(failure, ctx));
  if (typo) return typo;
  for (const re of MISSING_EXPORT) {
    const m = re.exec(message);
    if (!m) continue;
    const name = re.source.startsWith('module') ? m[2]! : m[1]!;
    const cause = await missingName(name, test, ctx);
    if (cause) return cause;
  }
  return undefined;
}

/** A module that is not there: removed by a task, or never created by one (the importer's author is wrong). */
async function missingModule(spec: string, importer: string | undefined, ctx: TestCodeContext): Promise<TestCodeCause | undefined> {
  const target = resolveSpec(spec, importer);
  for (const [path, own] of ctx.ownership) {
    if (own.final !== undefined || own.original === undefined) continue;
    if (target !== undefined && (path === target || stripExt(path) === stripExt(target) || stripExt(path) === `${stripExt(target)}/index`)) {
      return { file: path, taskId: own.tasks[own.tasks.length - 1]!, reason: `${importer ?? 'the test'} imports ${spec}, which a task deleted`, confidence: 0.85 };
    }
  }
  if (importer === undefined) return undefined;
  return owned(importer, ctx, `${importer} imports ${spec}, which no task created`, 0.8);
}

/** A name the test imports that its module does not define: removed or renamed by a task, or never created. */
async function missingName(name: string, importer: string | undefined, ctx: TestCodeContext): Promise<TestCodeCause | undefined> {
  if (importer === undefined) return undefined;
  const ids = new Map([[name, 1]]);
  const importerText = (await ctx.paths.read(importer)) ?? '';
  // Only a name the file imports is an import problem (not a method of a value, not its own function).
  if (!importsName(importerText, name) || definedIn(importerText, ids).names.length > 0) return undefined;
  const imported = await directImports(ctx.paths, importer);
  for (const file of imported) {
    const own = ctx.ownership.get(file);
    if (own === undefined) continue;
    const hadIt = own.original !== undefined && definedIn(own.original, ids).names.length > 0;
    const hasIt = own.final !== undefined && definedIn(own.final, ids).names.length > 0;
    if (hadIt && !hasIt) return { file, taskId: own.tasks[own.tasks.length - 1]!, reason: `${file} no longer defines ${name}, which ${importer} uses`, confidence: 0.85 };
  }
  for (const file of imported) {
    const text = (ctx.ownership.get(file)?.final ?? (await ctx.paths.read(file))) ?? '';
    if (definedIn(text, ids).names.length > 0) return undefined; // defined where the test looks: a real error, not a missing name
  }
  // Nobody defines it where the test imports from: created under another name or place, or not at all.
  const definers = [...ctx.ownership.values()].filter((o) => o.final !== undefined && definedIn(o.final, ids).names.length > 0);
  const elsewhere = definers.length > 0 ? ` (${definers.map((o) => o.path).join(', ')} defines it)` : '';
  return owned(importer, ctx, `${importer} uses ${name}, which no task created where it imports from${elsewhere}`, definers.length > 0 ? 0.6 : 0.8);
}

/** The file binds `name` by an import, or reaches it through an imported namespace (`tasks.isOverdue`). */
export function importsName(text: string, name: string): boolean {
  const n = escape(name);
  const direct = [
    new RegExp(`\\bimport\\s+(?:type\\s+)?(?:[\\w$]+\\s*,\\s*)?\\{[^}]*\\b${n}\\b[^}]*\\}\\s*from`),
    new RegExp(`\\{[^}]*\\b${n}\\b[^}]*\\}\\s*=\\s*(?:await\\s+)?(?:require|import)\\s*\\(`),
    new RegExp(`^\\s*from\\s+[\\w.]+\\s+import\\s+[^\\n]*\\b${n}\\b`, 'm'),
    new RegExp(`\\brequire\\s*\\([^)]*\\)\\.${n}\\b`),
  ];
  if (direct.some((re) => re.test(text))) return true;
  const namespaces = [
    ...text.matchAll(/\bimport\s+\*\s+as\s+([\w$]+)\s+from/g),
    ...text.matchAll(/\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:await\s+)?(?:require|import)\s*\(/g),
    ...text.matchAll(/^\s*import\s+([\w.]+)(?:\s+as\s+(\w+))?\s*$/gm),
    ...text.matchAll(/^\s*from\s+[\w.]+\s+import\s+(\w+)\s*$/gm),
  ].map((m) => m[2] ?? m[1]!);
  return namespaces.some((ns) => new RegExp(`\\b${escape(ns)}\\.${n}\\b`).test(text));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An assertion that got nothing where a value was expected (chai, node:assert, jest, pytest). */
const GOT_NOTHING = /expected undefined to |\bundefined !== |!== undefined\b|Received:\s+undefined|^\s*\+ undefined$|\bgot undefined\b|assert None ==|\bNone != |has no attribute '(\w+)'/m;
/** Words of assertion libraries, never a property of the code under test. */
const ASSERTION_WORDS = new Set(['to', 'be', 'been', 'is', 'that', 'which', 'and', 'has', 'have', 'with', 'at', 'of', 'same', 'but', 'does', 'still', 'not', 'deep', 'nested', 'own', 'ordered', 'any', 'all', 'equal', 'equals', 'eql', 'include', 'length', 'lengthOf', 'true', 'false', 'null', 'undefined', 'ok', 'exist', 'empty', 'property', 'members', 'keys', 'a', 'an', 'strictEqual', 'deepEqual', 'deepStrictEqual', 'notEqual', 'resolves', 'rejects']);
/** Most files read to look for a name. */
const MAX_FILES_SCANNED = 300;

/**
 * A test that reads a property no code defines (`s.totl` for `s.net`) gets `undefined` and fails
 * its assertion: a typo in the test, not a bug in what it tests.
 */
async function unknownProperty(failure: TestFailure, ctx: TestCodeContext): Promise<TestCodeCause | undefined> {
  const m = GOT_NOTHING.exec(failure.message);
  if (!m || ctx.testFile === undefined) return undefined;
  const testText = (await ctx.paths.read(ctx.testFile)) ?? '';
  const line = ctx.testFrames?.find((f) => f.rel === ctx.testFile && f.line !== undefined)?.line;
  const names = new Set<string>();
  if (m[1]) names.add(m[1]);
  if (line !== undefined) {
    for (const p of (testText.split('\n')[line - 1] ?? '').matchAll(/\.([A-Za-z_$][\w$]*)\b(?!\s*\()/g)) if (!ASSERTION_WORDS.has(p[1]!)) names.add(p[1]!);
  }
  if (names.size === 0) return undefined;
  const sources = await reachableSources(ctx.paths, ctx.testFile);
  const texts = await Promise.all(sources.map((f) => ctx.paths.read(f)));
  const named = (t: string | undefined, n: string) => t !== undefined && new RegExp(`\\b${escape(n)}\\b`).test(t);
  // A name the feature request or the plan uses is one the code was asked to provide: its absence is the implementation's.
  const unknown = [...names].filter((n) => !texts.some((t) => named(t, n)) && !named(ctx.spec, n));
  if (unknown.length === 0 || sources.length === 0) return undefined;
  return owned(ctx.testFile, ctx, `the test reads ${unknown.map((n) => `.${n}`).join(', ')}, which no code it runs defines (a typo in the test?)`, 0.8);
}

const READ_FROM_NOTHING = /Cannot read propert(?:y|ies) of (?:undefined|null)|(?:undefined|null) is not an object|is not a function or its return value is not iterable|object is not iterable/;

/**
 * A test that auto-mocks a module (`jest.mock('../src/mailer')`, no factory: every function
 * returns undefined) and expects real values from code that calls it: the code crashes on the
 * mock's undefined — a misused mock, the test's own doing.
 */
async function automockedValue(failure: TestFailure, ctx: TestCodeContext): Promise<TestCodeCause | undefined> {
  const site = ctx.crashSite;
  if (!READ_FROM_NOTHING.test(failure.message) || ctx.testFile === undefined || site?.line === undefined) return undefined;
  const testText = (await ctx.paths.read(ctx.testFile)) ?? '';
  const mocked = [...testText.matchAll(/\b(?:jest|vi)\.mock\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  if (mocked.length === 0) return undefined;
  const siteText = (await ctx.paths.read(site.rel)) ?? '';
  const lines = siteText.split('\n');
  const around = lines.slice(Math.max(0, site.line - 4), site.line).join('\n');
  for (const spec of mocked) {
    const stem = spec.split('/').pop()!.replace(/\.[cm]?[jt]sx?$/, '');
    // The binding the crash site's file gives that module: `const mailer = require('./mailer')`, `import * as mailer`, `{ send }`.
    const binding = new RegExp(`(?:const|let|var|import)\\s+(?:\\*\\s+as\\s+)?(\\{[^}]*\\}|[\\w$]+)\\s*(?:=\\s*require\\(|from)\\s*\\(?\\s*['"][^'"]*\\b${escape(stem)}(?:\\.[cm]?[jt]sx?)?['"]`).exec(siteText)?.[1];
    if (binding === undefined) continue;
    const names = binding.startsWith('{') ? binding.slice(1, -1).split(',').map((n) => n.trim().split(/\s*:\s*|\s+as\s+/).pop()!).filter((n) => n !== '') : [binding];
    if (names.some((n) => new RegExp(`\\b${escape(n)}\\b`).test(around))) {
      return owned(ctx.testFile, ctx, `the test auto-mocks ${spec} (its functions return undefined), and ${site.rel}:${site.line} crashes on such a value: the mock, not the code, is wrong`, 0.8);
    }
  }
  return undefined;
}

/** The source files a test reaches through imports (a bounded walk). */
async function reachableSources(paths: WorkspacePaths, from: string): Promise<string[]> {
  const seen = new Set([from]);
  let frontier = [from];
  for (let depth = 0; depth < 4 && frontier.length > 0 && seen.size < MAX_FILES_SCANNED; depth++) {
    const next: string[] = [];
    for (const f of frontier) {
      for (const dep of await directImports(paths, f)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        next.push(dep);
      }
    }
    frontier = next;
  }
  seen.delete(from);
  return [...seen];
}

function owned(file: string, ctx: TestCodeContext, reason: string, confidence: number): TestCodeCause {
  const taskId = ctx.ownerOf(file);
  return taskId === undefined ? { file, reason, confidence } : { file, taskId, reason, confidence };
}

function resolveSpec(spec: string, importer: string | undefined): string | undefined {
  if (spec.startsWith('.') && importer !== undefined) return normaliseRelPath(`${dirOf(importer)}/${spec}`);
  if (/^[\w]+(\.[\w]+)*$/.test(spec) && !spec.includes('/')) return `${spec.replace(/\./g, '/')}.py`;
  return undefined;
}

function stripExt(path: string): string {
  return path.replace(/\.[cm]?[jt]sx?$|\.py$/, '');
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 160);
}
