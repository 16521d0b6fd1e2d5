/**
 * Failure → the task whose change caused it, from evidence, never from one rule alone. Each
 * task that changed something collects points for what links its change to the failure:
 *
 *   - a stack frame on a line it wrote (innermost strongest), or in a file it changed;
 *   - lines it wrote that the failing test executed (coverage of the re-run), more when only
 *     failing test processes ran them; without coverage, its files the test reaches through
 *     imports (transitively: tests import through entry modules);
 *   - a change touching a function the failing test calls;
 *   - names at the crash site (an unchanged frame) that its change added or removed.
 *
 * Before any scoring: a failure that fails the same without the squad's changes (the baseline)
 * is pre-existing; an error in the test's own code (syntax, reference, a fixture, an import of
 * something no task created) goes to the test's author. A test QA wrote in this run is the
 * specification: an assertion on code another task changed goes to that code's owner; it goes
 * to QA only when the test ran no changed code at all. Each failure names one owner and a
 * ranked runner-up; failures with one cause are grouped and get one owner.
 */
import type { Workspace } from '../ports';
import type { RunCoverage } from './coverage/runCoverage';
import { type FileOwnership, wholeFileOwnership } from './ownership';
import { dirOf, normaliseRelPath, WorkspacePaths } from './paths';
import { failureSignature, isThrownError } from './signature';
import { testCodeCause } from './testCode';
import type { Attribution, TestFailure, TestReport } from './types';
import { candidateTally, doesNotBuild, nearOwner, POINTS, type ScoringEnv, scoreCalls, scoreCoverage, scoreCrashSite, scoreReach } from './attribution/evidence';
import { findTestByName, type Frame, pathsInMessage, resolveDir, resolveFrames, where } from './attribution/frames';
import { type Attributed, groupByCause, topics } from './attribution/groups';
import { preExisting, routed } from './attribution/routing';

export interface ChangedFile {
  readonly taskId: string;
  /** 1-based lines the change added or modified in the new version. */
  readonly changedLines?: readonly number[];
}

/** What failed before the squad's changes: test name → failure signature, and the thrown errors among them. */
export interface BaselineFailures {
  readonly tests: ReadonlyMap<string, string>;
  readonly thrown: ReadonlySet<string>;
}

export interface AttributionContext {
  /** The tree the tests ran on. */
  readonly workspace: Workspace;
  /** Workspace-relative path → the task whose change touched it (used when `ownership` is absent). */
  readonly changedFiles: ReadonlyMap<string, ChangedFile>;
  /** Test files written or changed by QA → its task id. */
  readonly testFileOwners?: ReadonlyMap<string, string>;
  /** Which task wrote which line of each changed file. */
  readonly ownership?: ReadonlyMap<string, FileOwnership>;
  /** What the re-run of the failing suite executed. */
  readonly coverage?: RunCoverage;
  readonly baseline?: BaselineFailures;
  /** What the squad was asked to build: the request, the plan's summary and its tasks. */
  readonly spec?: string;
  /** The tasks whose role owns the path (agent files' `owns`): preferred when the evidence is otherwise tied. */
  readonly ownedBy?: (path: string) => readonly string[];
}

export interface EvidenceLocation {
  readonly file: string;
  readonly line?: number;
}

export interface FailureAttribution extends Attribution {
  /** The failing test's file, workspace-relative, when found. */
  readonly testFile?: string;
  /** The line of `file` the evidence named. */
  readonly line?: number;
  readonly evidence?: EvidenceLocation;
  readonly runnerUp?: { readonly taskId: string; readonly file?: string; readonly reason: string };
  /** Failures with one cause share a group id (the first such failure's test name). */
  readonly group?: string;
  /** Every task the evidence named, strongest first, with its points and its best file: what re-runs may test. */
  readonly candidates?: readonly {
    readonly taskId: string;
    readonly score: number;
    readonly file: string;
    readonly reason: string;
    /** Distinctive words the failing test shares with the lines this task wrote (topic.ts). */
    readonly topic: number;
  }[];
  /** The task that wrote or changed the failing test's file, when one did. */
  readonly testOwner?: string;
}

export async function attributeFailures(report: TestReport, ctx: AttributionContext): Promise<FailureAttribution[]> {
  const paths = new WorkspacePaths(ctx.workspace);
  const ownership = new Map<string, FileOwnership>();
  if (ctx.ownership) for (const [p, o] of ctx.ownership) ownership.set(normaliseRelPath(p), o);
  else for (const [p, c] of ctx.changedFiles) ownership.set(normaliseRelPath(p), wholeFileOwnership(normaliseRelPath(p), c.taskId, c.changedLines, await paths.read(normaliseRelPath(p))));
  const testOwners = new Map<string, string>();
  for (const [file, task] of ctx.testFileOwners ?? []) testOwners.set(normaliseRelPath(file), task);
  const env: Env = { paths, ownership, testOwners, ctx, ...(ctx.coverage ? { coverage: ctx.coverage } : {}) };
  const out: FailureAttribution[] = [];
  for (const failure of report.failures) {
    const one = await attributeOne(failure, env);
    out.push(one.scores ? { ...one, topics: await topics(one, env) } : one);
  }
  return groupByCause(out);
}

interface Env extends ScoringEnv {
  readonly ctx: AttributionContext;
}

async function attributeOne(failure: TestFailure, env: Env): Promise<Attributed> {
  const { paths, ownership, testOwners } = env;
  let testFile = failure.testFile === undefined ? undefined : await paths.resolve(failure.testFile);
  const testDir = testFile !== undefined ? dirOf(testFile) : failure.testFile === undefined ? undefined : await resolveDir(paths, failure.testFile);
  const frames = [
    ...(await resolveFrames(failure.stack, paths, testDir, testFile)),
    ...(await resolveFrames(pathsInMessage(failure.message), paths, testDir, testFile)),
  ];
  testFile ??= frames.find((f) => f.test)?.rel ?? (await findTestByName(paths, failure.test, testDir));
  const ownerOfFile = (rel: string) => testOwners.get(rel) ?? ownership.get(rel)?.tasks.at(-1);
  const testOwnerOfFile = testFile === undefined ? undefined : ownerOfFile(testFile);
  const base = { failure, ...(testFile === undefined ? {} : { testFile }), ...(testOwnerOfFile === undefined ? {} : { testOwner: testOwnerOfFile }) };
  const lineOwner = (f: Frame) => (f.line === undefined ? undefined : nearOwner(ownership.get(f.rel), f.line));
  const source = frames.filter((f) => !f.test);
  const onChange = source.some((f) => lineOwner(f) !== undefined);

  // Not the squad's: it fails the same without the proposals.
  const baseline = env.ctx.baseline;
  if (baseline && !onChange) {
    const before = baseline.tests.get(failure.test);
    const signature = failureSignature(failure);
    if (before !== undefined) return preExisting(base, frames, 'it failed the same way before the squad’s changes (baseline run)');
    if (isThrownError(failure) && baseline.thrown.has(signature)) return preExisting(base, frames, 'the same error fails tests without the squad’s changes (baseline run)');
  }

  const { scores, add } = candidateTally();
  const thrownInTest = frames[0]?.test === true;
  const testFrames = frames.filter((f) => f.test);
  const testCode = (await testCodeCause(failure, { paths, testFile, thrownInTest, ownership, ownerOf: ownerOfFile, testFrames, ...(source[0] ? { crashSite: source[0] } : {}), ...(env.ctx.spec === undefined ? {} : { spec: env.ctx.spec }) })) ?? doesNotBuild(failure, frames, ownerOfFile);
  if (testCode?.taskId !== undefined) add(testCode.taskId, POINTS.testCode, testCode.file, testCode.reason, undefined, 'testCode');

  // Stack frames, innermost first; the message's paths (a SyntaxError's file) come after them.
  source.forEach((f, i) => {
    const decay = 1 / (1 + 0.3 * i);
    const owner = lineOwner(f);
    const kind = i === 0 ? 'innermostOnChange' : 'frameOnChange';
    if (owner !== undefined) return add(owner, POINTS[kind] * decay, f.rel, `stack frame ${where(f)} on a line ${owner} wrote`, f.line, kind);
    const fileOwner = ownership.get(f.rel)?.tasks.at(-1);
    const fileKind = i === 0 ? 'innermostInFile' : 'frameInFile';
    if (fileOwner !== undefined) add(fileOwner, POINTS[fileKind] * decay, f.rel, `stack frame ${where(f)} in a file ${fileOwner} changed`, f.line, fileKind);
  });
  // A frame in the test file (a syntax error the message names) points at its author.
  for (const f of frames.filter((fr) => fr.test && fr.rel !== testFile)) {
    const owner = ownerOfFile(f.rel);
    if (owner !== undefined) add(owner, POINTS.frameInFile, f.rel, `${where(f)}, in test code ${owner} wrote, is on the stack`, f.line, 'frameInFile');
  }

  const executed = env.coverage?.executedBy(testFile);
  if (executed) scoreCoverage(executed, env, add);
  // A load-time error with no location (an ES module's SyntaxError): one of the files the test loads is broken.
  const unlocated = source.length === 0 && /SyntaxError|ERR_REQUIRE_ESM|Unexpected token/.test(failure.message);
  if (!executed || unlocated) await scoreReach(testFile, testDir, env, add, unlocated);
  await scoreCalls(failure, testFile, frames, env, add);
  await scoreCrashSite(source, env, add);

  const owned = ownedPreference(source, env.ctx.ownedBy);
  const ranked = [...scores].sort((a, b) => b[1].score - a[1].score || owned(a[0], a[1].file) - owned(b[0], b[1].file));
  const thrownAt = source[0] !== undefined && !ownership.has(source[0].rel) ? `thrown in unchanged ${where(source[0])}` : undefined;
  const testFrame = frames.find((f) => f.rel === testFile && f.line !== undefined);
  const context = { ...(thrownAt ? { thrownAt } : {}), ...(testFrame ? { evidence: { file: testFrame.rel, line: testFrame.line! } } : {}) };
  const testOwner = testFile === undefined ? undefined : ownerOfFile(testFile);
  // A test written in this run is the specification: its author gets the failure only when the
  // test ran no line another task wrote (or the error is in the test's own code).
  if (testOwner !== undefined && testFile !== undefined && testCode?.taskId !== testOwner) {
    const implementation = ranked.filter(([task, c]) => task !== testOwner && c.strong > 0);
    const [top] = implementation;
    if (top) return { ...routed(base, top[0], top[1], ranked.find(([task]) => task !== top[0]), context), scores };
    const own = scores.get(testOwner) ?? { score: 1, file: testFile, reasons: [], weights: [], best: 1, strong: 1, sure: 0.55 };
    const why = `the failing test, written by ${testOwner} in this run, ran no line another task wrote: its expectation may be wrong`;
    const ownReasons = { reasons: [why, ...own.reasons], weights: [Number.POSITIVE_INFINITY, ...own.weights] };
    return { ...routed(base, testOwner, { ...own, ...ownReasons, file: testFile, sure: Math.max(own.sure, 0.55) }, ranked.find(([task]) => task !== testOwner), context), scores };
  }
  // The test's own code is at fault (a typo, a misused mock, a missing import): its author, whatever ran.
  if (testCode?.taskId !== undefined && testCode.taskId === testOwner) {
    const own = scores.get(testOwner)!;
    return { ...routed(base, testOwner, { ...own, file: testCode.file, reasons: [testCode.reason, ...own.reasons.filter((r) => r !== testCode.reason)], weights: [Number.POSITIVE_INFINITY, ...own.weights] }, ranked.find(([task]) => task !== testOwner), context), scores };
  }
  const [top, second] = ranked;
  if (!top) {
    if (testCode) return preExisting(base, frames, testCode.reason);
    const first = source[0] ?? frames[0];
    if (first) return preExisting(base, frames, first.test ? 'only the test file points anywhere, and no task changed what it runs' : `innermost workspace frame ${where(first)}; no task changed this code`);
    return { failure, confidence: 0, kind: 'unknown', reason: 'no file of the workspace in the output' };
  }
  return { ...routed(base, top[0], top[1], second, context), scores };
}

/**
 * A tie-breaker between candidates with equal points: the task whose role owns the innermost
 * failing frame's file first, then one owning the file its evidence names; 0 ranks first.
 */
function ownedPreference(source: readonly Frame[], ownedBy: AttributionContext['ownedBy']): (taskId: string, file: string) => number {
  if (!ownedBy) return () => 0;
  return (taskId, file) => {
    const at = source.findIndex((f) => ownedBy(f.rel).includes(taskId));
    if (at >= 0) return at;
    return ownedBy(file).includes(taskId) ? source.length : source.length + 1;
  };
}
