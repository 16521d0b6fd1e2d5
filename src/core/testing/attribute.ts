/**
 * Failure → the workspace file most likely responsible → the task that changed it. Evidence, in
 * order of strength: a stack frame in a changed source file (nearest a changed line first); a
 * test file a task wrote, unless another task's change touches what the failing test calls;
 * changed files the test reaches through its imports (for Go, its package), ranked by what the
 * failing lines call; a stack frame in an unchanged file; the test file alone.
 */
import type { Workspace } from '../ports';
import { BODY_LINES, definedIn, focusIdentifiers, nearTest } from './focus';
import { goPackageFiles, reachableChanged } from './imports';
import { dirOf, isDependencyPath, isTestPath, normaliseRelPath, parseRawPath, stemOf, WorkspacePaths } from './paths';
import type { Attribution, StackFrame, TestFailure, TestReport } from './types';

export interface ChangedFile {
  readonly taskId: string;
  /** 1-based lines the change added or modified in the new version. */
  readonly changedLines?: readonly number[];
}

export interface AttributionContext {
  readonly workspace: Workspace;
  /** Workspace-relative path → the task whose change touched it. */
  readonly changedFiles: ReadonlyMap<string, ChangedFile>;
  /** Test files written by QA → its task id. */
  readonly testFileOwners?: ReadonlyMap<string, string>;
}

/** Where the evidence points, workspace-relative when it resolved. */
export interface EvidenceLocation {
  readonly file: string;
  readonly line?: number;
}

export interface FailureAttribution extends Attribution {
  /** The failing test's file, workspace-relative, when found. */
  readonly testFile?: string;
  /** The line of `file` a stack frame named. */
  readonly line?: number;
  /** The frame or test line that decided. */
  readonly evidence?: EvidenceLocation;
}

interface Frame {
  readonly rel: string;
  readonly line?: number;
  readonly test: boolean;
}

/** Lines within this distance of a changed line count as "on" the change. */
const NEAR_LINES = 3;

export async function attributeFailures(report: TestReport, ctx: AttributionContext): Promise<FailureAttribution[]> {
  const paths = new WorkspacePaths(ctx.workspace);
  const changed = new Map<string, ChangedFile>();
  for (const [file, c] of ctx.changedFiles) changed.set(normaliseRelPath(file), c);
  const owners = new Map<string, string>();
  for (const [file, task] of ctx.testFileOwners ?? []) owners.set(normaliseRelPath(file), task);
  const out: FailureAttribution[] = [];
  for (const failure of report.failures) out.push(await attributeOne(failure, paths, changed, owners));
  return out;
}

async function attributeOne(
  failure: TestFailure,
  paths: WorkspacePaths,
  changed: ReadonlyMap<string, ChangedFile>,
  owners: ReadonlyMap<string, string>,
): Promise<FailureAttribution> {
  let testFile = failure.testFile === undefined ? undefined : await paths.resolve(failure.testFile);
  const testDir = testFile !== undefined ? dirOf(testFile) : failure.testFile === undefined ? undefined : await resolveDir(paths, failure.testFile);
  // Paths in the message (a SyntaxError's file, a Go build error) come after the real frames.
  const frames = [
    ...(await resolveFrames(failure.stack, paths, testDir, testFile)),
    ...(await resolveFrames(pathsInMessage(failure.message), paths, testDir, testFile)),
  ];
  testFile ??= frames.find((f) => f.test)?.rel ?? (await findTestByName(paths, failure.test, testDir));
  const base = { failure, ...(testFile === undefined ? {} : { testFile }) };
  const ownerOf = (rel: string) => owners.get(rel) ?? changed.get(rel)?.taskId;
  const near = (f: Frame) => {
    const lines = changed.get(f.rel)?.changedLines;
    return f.line !== undefined && lines !== undefined && lines.some((l) => Math.abs(l - f.line!) <= NEAR_LINES);
  };
  const located = (f: Frame) => (f.line === undefined ? { file: f.rel } : { file: f.rel, line: f.line });
  const where = (f: Frame) => (f.line === undefined ? f.rel : `${f.rel}:${f.line}`);

  // (a) + (c): a frame in a source file a task changed; the one on a changed line wins.
  const source = frames.filter((f) => !f.test);
  const changedSource = source.filter((f) => changed.has(f.rel));
  const hit = changedSource.find(near) ?? changedSource[0];
  if (hit) {
    const task = changed.get(hit.rel)!.taskId;
    const lines = changed.get(hit.rel)!.changedLines;
    let confidence = hit === source[0] ? 0.95 : 0.8;
    if (near(hit)) confidence = Math.min(0.99, confidence + 0.04);
    else if (lines !== undefined && hit.line !== undefined) confidence -= 0.1;
    const how = hit === source[0] ? 'innermost workspace frame' : 'stack frame';
    return { ...base, file: hit.rel, ...lineOf(hit), evidence: located(hit), confidence, taskId: task, kind: 'routed',
      reason: `${how} ${where(hit)}${near(hit) ? ', on a line' : ' in a file'} changed by ${task}` };
  }

  // A test a task wrote (QA) fails with no changed source on its stack. The test is the spec, so
  // when another task's change touches a function the failing test calls, that change goes
  // first; otherwise (or when the test's own code is broken) the test goes back to its author.
  const testFrames = frames.filter((f) => f.test);
  const first = source[0];
  const byImport = await importCandidate(paths, failure, testFile, testDir, testFrames, changed);
  const ownedTest = [...(testFile === undefined ? [] : [testFile]), ...testFrames.map((f) => f.rel)].find((t) => ownerOf(t) !== undefined);
  const implementationFirst = byImport?.touched === true && ownerOf(byImport.file) !== ownerOf(ownedTest ?? '') && !TEST_CODE_ERROR.test(failure.message);
  if (ownedTest !== undefined && !implementationFirst) {
    const task = ownerOf(ownedTest)!;
    const frame = testFrames.find((f) => f.rel === ownedTest);
    return { ...base, file: ownedTest, ...(frame ? lineOf(frame) : {}), evidence: frame ? located(frame) : { file: ownedTest },
      confidence: 0.6, taskId: task, kind: 'routed', reason: `the failing test code ${frame ? where(frame) : ownedTest} was written by ${task}` };
  }

  // (b): changed files the test reaches through its imports (Go: its package's files). They win
  // over an unchanged frame: the crash site is often only where a changed caller's bad value lands.
  if (byImport) {
    const task = changed.get(byImport.file)!.taskId;
    const evidenceFrame = testFrames.find((f) => f.rel === testFile) ?? testFrames[0];
    const thrown = first ? `; thrown in unchanged ${where(first)}` : '';
    return { ...base, file: byImport.file, evidence: evidenceFrame ? located(evidenceFrame) : { file: testFile ?? byImport.file },
      confidence: Number((byImport.confidence * (first ? 0.8 : 1)).toFixed(2)), taskId: task, kind: 'routed',
      reason: `${byImport.reason}, changed by ${task}${thrown}` };
  }

  if (first) {
    return { ...base, file: first.rel, ...lineOf(first), evidence: located(first), confidence: 0.6, kind: 'pre-existing',
      reason: `innermost workspace frame ${where(first)}; no task changed this file` };
  }
  if (testFile !== undefined) {
    const frame = testFrames.find((f) => f.rel === testFile);
    return { ...base, file: testFile, ...(frame ? lineOf(frame) : {}), evidence: frame ? located(frame) : { file: testFile },
      confidence: 0.3, kind: 'pre-existing', reason: 'only the test file points anywhere, and no task changed what it imports' };
  }
  return { failure, confidence: 0, kind: 'unknown', reason: 'no file of the workspace in the output' };
}

const lineOf = (f: Frame) => (f.line === undefined ? {} : { line: f.line });

/** Workspace frames, innermost first, without dependencies. */
async function resolveFrames(stack: readonly StackFrame[], paths: WorkspacePaths, nearDir: string | undefined, testFile: string | undefined): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (const frame of stack) {
    if (isDependencyPath(frame.file)) continue;
    const rel = await paths.resolve(frame.file, nearDir);
    if (rel === undefined || isDependencyPath(rel)) continue;
    const line = frame.line ?? parseRawPath(frame.file).line;
    frames.push({ rel, ...(line === undefined ? {} : { line }), test: rel === testFile || isTestPath(rel) });
  }
  // Every parser orders frames innermost first (Python and Go included).
  return frames;
}

const MESSAGE_PATH = /(?:file:\/\/)?(?:[A-Za-z]:)?[\w.@~/\\-]*[\w-]\.(?:[cm]?[jt]sx?|py|go|vue|svelte)\b(?::(\d+))?/g;

function pathsInMessage(message: string): StackFrame[] {
  const out: StackFrame[] = [];
  for (const m of message.matchAll(MESSAGE_PATH)) {
    const file = m[0].replace(/:\d+$/, '');
    if (out.some((f) => f.file === file)) continue;
    out.push(m[1] === undefined ? { file } : { file, line: Number(m[1]) });
  }
  return out;
}

/** Errors in the test's own code (a typo, a name it never imported), not in what it tests. */
const TEST_CODE_ERROR = /\b(?:ReferenceError|SyntaxError|NameError|IndentationError)\b|\bis not defined\b|\bundefined: |\bcannot find name\b/i;

interface Candidate {
  readonly file: string;
  readonly confidence: number;
  readonly reason: string;
  /** The file's change touches the body of a function the failing test calls. */
  readonly touched: boolean;
}

async function importCandidate(
  paths: WorkspacePaths,
  failure: TestFailure,
  testFile: string | undefined,
  testDir: string | undefined,
  testFrames: readonly Frame[],
  changed: ReadonlyMap<string, ChangedFile>,
): Promise<Candidate | undefined> {
  const changedSet = new Set(changed.keys());
  let reach = new Map<string, number>();
  if (testFile !== undefined) reach = await reachableChanged(paths, testFile, changedSet);
  else if (testDir !== undefined) for (const f of await goPackageFiles(paths, testDir)) if (changedSet.has(f)) reach.set(f, 1);
  if (reach.size === 0) return undefined;
  const lines = testFrames.filter((f) => f.rel === testFile && f.line !== undefined).map((f) => f.line!);
  const ids = await focusIdentifiers(paths, testFile, failure.test, lines);
  let best: { file: string; score: number; defines: string[]; depth: number; touched: boolean } | undefined;
  let total = 0;
  for (const [file, depth] of reach) {
    const found = ids.size === 0 ? { names: [], weight: 0, lines: [] } : definedIn((await paths.read(file)) ?? '', ids);
    const defines = found.names;
    let score = 1 / depth + 0.6 * Math.min(found.weight, 3);
    if (testFile !== undefined && stemOf(testFile) === stemOf(file)) score += 1;
    if (testFile !== undefined && nearTest(testFile, file)) score += 0.2;
    // (c): the change touched the body of a function the test calls.
    const changedLines = changed.get(file)?.changedLines ?? [];
    const touched = found.lines.some((d) => changedLines.some((l) => l >= d && l <= d + BODY_LINES));
    if (touched) score += 0.8;
    total += score;
    if (!best || score > best.score) best = { file, score, defines, depth, touched };
  }
  if (!best) return undefined;
  const share = best.score / total;
  const confidence = Number(((best.depth === 1 ? 0.75 : 0.6) * (reach.size === 1 ? 1 : Math.max(0.5, share))).toFixed(2));
  const via = testFile === undefined ? `the failing test's package includes ${best.file}`
    : best.depth === 1 ? `${testFile} imports ${best.file}` : `${testFile} reaches ${best.file} through ${best.depth} imports`;
  const defines = best.defines.length === 0 ? '' : ` (${best.touched ? 'the change touches' : 'defines'} ${best.defines.slice(0, 3).join(', ')})`;
  return { file: best.file, confidence, reason: `${via}${defines}`, touched: best.touched };
}

/** A printed folder or Go package path (`example.com/shop/internal/cart`) → a workspace folder. */
async function resolveDir(paths: WorkspacePaths, raw: string): Promise<string | undefined> {
  const files = await paths.listFiles();
  const text = raw.trim();
  for (const gomod of files.filter((f) => f === 'go.mod' || f.endsWith('/go.mod')).slice(0, 50)) {
    const mod = /^module\s+(\S+)/m.exec((await paths.read(gomod)) ?? '')?.[1];
    if (mod === undefined || (text !== mod && !text.startsWith(`${mod}/`))) continue;
    return [dirOf(gomod), text.slice(mod.length + 1)].filter((s) => s !== '').join('/');
  }
  const segments = parseRawPath(text).segments;
  for (let i = 0; i < segments.length; i++) {
    const dir = segments.slice(i).join('/');
    if (files.some((f) => f.startsWith(`${dir}/`))) return dir;
  }
  return undefined;
}

/** The file declaring a Go (`func TestX`) or pytest (`def test_x`) test, when exactly one does. */
async function findTestByName(paths: WorkspacePaths, testName: string, dir: string | undefined): Promise<string | undefined> {
  const go = /^(Test\w+)/.exec(testName);
  const py = /(?:^|::|\.)(test_\w+)/.exec(testName);
  const name = go?.[1] ?? py?.[1];
  if (name === undefined) return undefined;
  const decl = go ? new RegExp(`^func\\s+${name}\\s*\\(`, 'm') : new RegExp(`^\\s*(?:async\\s+)?def\\s+${name}\\s*\\(`, 'm');
  const inDir = (f: string) => dir === undefined || dirOf(f) === dir;
  const files = (await paths.listFiles()).filter((f) => inDir(f) && isTestPath(f) && (go ? f.endsWith('_test.go') : f.endsWith('.py')));
  const hits: string[] = [];
  for (const f of files) if (decl.test((await paths.read(f)) ?? '')) hits.push(f);
  return hits.length === 1 ? hits[0] : undefined;
}
