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
import type { ExecutedLines } from './coverage/types';
import { BODY_LINES, definedIn, focusIdentifiers } from './focus';
import { goPackageFiles, reachableChanged } from './imports';
import { type FileOwnership, wholeFileOwnership } from './ownership';
import { dirOf, isDependencyPath, isTestPath, normaliseRelPath, parseRawPath, WorkspacePaths } from './paths';
import { failureSignature, isThrownError } from './signature';
import { testCodeCause, type TestCodeCause } from './testCode';
import { sharedTopic, topicTokens } from './topic';
import { testRegion } from './weakened';
import type { Attribution, StackFrame, TestFailure, TestReport } from './types';

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

interface Frame {
  readonly rel: string;
  readonly line?: number;
  readonly test: boolean;
}

interface Candidate {
  score: number;
  file: string;
  line?: number;
  /** Why, with the points each piece of evidence gave: the strongest is told first. */
  reasons: string[];
  weights: number[];
  /** Points of the strongest single piece of evidence (decides the file and line shown). */
  best: number;
  /** Points from evidence that the failing test ran or crashed in lines this task wrote (not mere reachability). */
  strong: number;
  /** How sure the strongest piece of evidence alone makes us (0..1). */
  sure: number;
}

/** Lines within this distance of a changed line count as "on" the change. */
const NEAR_LINES = 3;

/** Points per kind of evidence, and how sure that evidence alone makes us. */
const POINTS = {
  innermostOnChange: 6,
  frameOnChange: 4.5,
  innermostInFile: 2.5,
  frameInFile: 1.5,
  executedChange: 2,
  perExecutedLine: 0.15,
  onlyFailingRan: 1.5,
  executedFile: 1,
  reached: 0.6,
  touchesCalled: 2,
  definesCalled: 0.3,
  crashSiteNames: 1.5,
  testCode: 7,
} as const;

const SURE: Record<keyof typeof POINTS | 'unlocated', number> = {
  innermostOnChange: 0.97,
  frameOnChange: 0.9,
  innermostInFile: 0.9,
  frameInFile: 0.75,
  executedChange: 0.8,
  perExecutedLine: 0.8,
  onlyFailingRan: 0.88,
  executedFile: 0.6,
  reached: 0.55,
  touchesCalled: 0.75,
  definesCalled: 0.45,
  crashSiteNames: 0.65,
  testCode: 0.85,
  unlocated: 0.7,
};

export async function attributeFailures(report: TestReport, ctx: AttributionContext): Promise<FailureAttribution[]> {
  const paths = new WorkspacePaths(ctx.workspace);
  const ownership = new Map<string, FileOwnership>();
  if (ctx.ownership) for (const [p, o] of ctx.ownership) ownership.set(normaliseRelPath(p), o);
  else for (const [p, c] of ctx.changedFiles) ownership.set(normaliseRelPath(p), wholeFileOwnership(normaliseRelPath(p), c.taskId, c.changedLines, await paths.read(normaliseRelPath(p))));
  const testOwners = new Map<string, string>();
  for (const [file, task] of ctx.testFileOwners ?? []) testOwners.set(normaliseRelPath(file), task);
  const env: Env = { paths, ownership, testOwners, ctx };
  const out: FailureAttribution[] = [];
  for (const failure of report.failures) {
    const one = await attributeOne(failure, env);
    out.push(one.scores ? { ...one, topics: await topics(one, env) } : one);
  }
  return groupByCause(out);
}

interface Env {
  readonly paths: WorkspacePaths;
  readonly ownership: ReadonlyMap<string, FileOwnership>;
  readonly testOwners: ReadonlyMap<string, string>;
  readonly ctx: AttributionContext;
}

type Attributed = FailureAttribution & { scores?: Map<string, Candidate>; topics?: Map<string, number> };

async function attributeOne(failure: TestFailure, env: Env): Promise<Attributed> {
  const { paths, ownership, testOwners } = env;
  let testFile = failure.testFile === undefined ? undefined : await paths.resolve(failure.testFile);
  const testDir = testFile !== undefined ? dirOf(testFile) : failure.testFile === undefined ? undefined : await resolveDir(paths, failure.testFile);
  const frames = [
    ...(await resolveFrames(failure.stack, paths, testDir, testFile)),
    ...(await resolveFrames(pathsInMessage(failure.message), paths, testDir, testFile)),
  ];
  testFile ??= frames.find((f) => f.test)?.rel ?? (await findTestByName(paths, failure.test, testDir));
  const ownerOfFile = (rel: string) => testOwners.get(rel) ?? last(ownership.get(rel)?.tasks);
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

  const scores = new Map<string, Candidate>();
  const add: AddPoints = (taskId, points, file, why, line, kind) => {
    const c = scores.get(taskId) ?? { score: 0, file, reasons: [], weights: [], best: 0, strong: 0, sure: 0 };
    c.score += points;
    if (!WEAK.has(kind)) c.strong += points;
    c.sure = Math.max(c.sure, SURE[kind]);
    if (points > c.best) {
      c.best = points;
      c.file = file;
      if (line === undefined) delete c.line;
      else c.line = line;
    }
    const at = c.reasons.indexOf(why);
    if (at < 0) {
      c.reasons.push(why);
      c.weights.push(points);
    } else c.weights[at]! += points;
    scores.set(taskId, c);
  };

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
    const fileOwner = last(ownership.get(f.rel)?.tasks);
    const fileKind = i === 0 ? 'innermostInFile' : 'frameInFile';
    if (fileOwner !== undefined) add(fileOwner, POINTS[fileKind] * decay, f.rel, `stack frame ${where(f)} in a file ${fileOwner} changed`, f.line, fileKind);
  });
  // A frame in the test file (a syntax error the message names) points at its author.
  for (const f of frames.filter((fr) => fr.test && fr.rel !== testFile)) {
    const owner = ownerOfFile(f.rel);
    if (owner !== undefined) add(owner, POINTS.frameInFile, f.rel, `${where(f)}, in test code ${owner} wrote, is on the stack`, f.line, 'frameInFile');
  }

  const executed = env.ctx.coverage?.executedBy(testFile);
  if (executed) scoreCoverage(executed, env, add);
  // A load-time error with no location (an ES module's SyntaxError): one of the files the test loads is broken.
  const unlocated = source.length === 0 && /SyntaxError|ERR_REQUIRE_ESM|Unexpected token/.test(failure.message);
  if (!executed || unlocated) await scoreReach(testFile, testDir, env, add, unlocated);
  await scoreCalls(failure, testFile, frames, env, add);
  await scoreCrashSite(source, env, add);

  const ranked = [...scores].sort((a, b) => b[1].score - a[1].score);
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

function scoreCoverage(executed: ReadonlyMap<string, ExecutedLines>, env: Env, add: AddPoints): void {
  const passing = env.ctx.coverage?.executedByPassing();
  for (const [path, own] of env.ownership) {
    if (isTestPath(path) || env.testOwners.has(path)) continue;
    const ran = executed.get(path);
    if (ran === undefined) continue;
    if (ran === 'file') {
      for (const task of own.tasks) add(task, POINTS.executedFile, path, `the failing test ran ${path}, which ${task} changed`, undefined, 'executedFile');
      continue;
    }
    const byTask = new Map<string, { count: number; only: number; first: number }>();
    const passed = passing?.get(path);
    for (const [line, task] of own.lines) {
      if (!ran.has(line)) continue;
      const e = byTask.get(task) ?? { count: 0, only: 0, first: line };
      e.count++;
      if (passed !== 'file' && !(passed?.has(line) ?? false)) e.only++;
      byTask.set(task, e);
    }
    for (const [task, e] of byTask) {
      const contrast = e.only > 0 && passing !== undefined && passing.size > 0;
      const points = POINTS.executedChange + POINTS.perExecutedLine * Math.min(e.count, 6) + (contrast ? POINTS.onlyFailingRan : 0);
      add(task, points, path, `the failing test ran ${e.count} line${e.count === 1 ? '' : 's'} ${task} wrote in ${path}${contrast ? ' that no passing test ran' : ''}`, e.first, contrast ? 'onlyFailingRan' : 'executedChange');
    }
  }
}

/** Without coverage: changed files the test reaches through its imports (Go: its package). */
async function scoreReach(testFile: string | undefined, testDir: string | undefined, env: Env, add: AddPoints, unlocated: boolean): Promise<void> {
  const changed = new Set([...env.ownership.keys()].filter((p) => !isTestPath(p) && !env.testOwners.has(p)));
  let reach = new Map<string, number>();
  if (testFile !== undefined) reach = await reachableChanged(env.paths, testFile, changed);
  else if (testDir !== undefined) for (const f of await goPackageFiles(env.paths, testDir)) if (changed.has(f)) reach.set(f, 1);
  for (const [file, depth] of reach) {
    const owner = last(env.ownership.get(file)?.tasks);
    if (owner === undefined) continue;
    const via = depth === 1 ? `the test imports ${file}` : `the test reaches ${file} through ${depth} imports`;
    if (unlocated) add(owner, (POINTS.reached * 3) / depth, file, `${via}, and the error names no file: one of the files the test loads does not parse`, undefined, 'unlocated');
    else add(owner, POINTS.reached / depth, file, via, undefined, 'reached');
  }
}

/** A change to the body of a function the failing test calls. */
async function scoreCalls(failure: TestFailure, testFile: string | undefined, frames: readonly Frame[], env: Env, add: AddPoints): Promise<void> {
  const lines = frames.filter((f) => f.rel === testFile && f.line !== undefined).map((f) => f.line!);
  const ids = await focusIdentifiers(env.paths, testFile, failure.test, lines);
  if (ids.size === 0) return;
  for (const [path, own] of env.ownership) {
    if (own.final === undefined || isTestPath(path) || env.testOwners.has(path)) continue;
    const found = definedIn(own.final, ids);
    if (found.names.length === 0) continue;
    const touchedBy = new Set<string>();
    for (const d of found.lines) for (const [line, task] of own.lines) if (line >= d && line <= d + BODY_LINES) touchedBy.add(task);
    const weight = Math.min(1.5, Math.max(0.4, found.weight));
    for (const task of touchedBy) add(task, POINTS.touchesCalled * weight, path, `${task}'s change touches ${found.names.slice(0, 3).join(', ')}, which the test calls`, undefined, 'touchesCalled');
    if (touchedBy.size === 0) for (const task of own.tasks) add(task, POINTS.definesCalled * weight, path, `${path} defines ${found.names.slice(0, 3).join(', ')}, which the test calls`, undefined, 'definesCalled');
  }
}

/** The names on the line that threw, in unchanged code, shared with a task's added or removed lines. */
async function scoreCrashSite(source: readonly Frame[], env: Env, add: AddPoints): Promise<void> {
  const site = source.find((f) => f.line !== undefined);
  if (!site || nearOwner(env.ownership.get(site.rel), site.line!) !== undefined) return;
  const text = await env.paths.read(site.rel);
  const line = text?.split('\n')[site.line! - 1] ?? '';
  const names = new Set([...line.matchAll(/[A-Za-z_$][\w$]{2,}/g)].map((m) => m[0]).filter((n) => !COMMON_WORDS.has(n)));
  if (names.size === 0) return;
  for (const [path, own] of env.ownership) {
    if (isTestPath(path) || env.testOwners.has(path)) continue;
    for (const [task, lines] of own.byTask) {
      const shared = [...names].filter((n) => [...lines.added, ...lines.removed].some((l) => new RegExp(`\\b${n.replace(/\$/g, '\\$')}\\b`).test(l)));
      if (shared.length > 0) add(task, POINTS.crashSiteNames, path, `the crash at ${where(site)} uses ${shared.slice(0, 3).join(', ')}, which ${task}'s change to ${path} touches`, undefined, 'crashSiteNames');
    }
  }
}

const COMMON_WORDS = new Set(['const', 'let', 'var', 'return', 'function', 'this', 'new', 'await', 'async', 'throw', 'Error', 'undefined', 'null', 'true', 'false', 'self', 'def', 'for', 'while', 'if', 'else', 'length', 'map', 'push', 'then']);

type EvidenceKind = keyof typeof SURE;
/** Evidence that a file is reachable, not that its changed lines ran. */
const WEAK = new Set<EvidenceKind>(['reached', 'definesCalled']);
type AddPoints = (taskId: string, points: number, file: string, why: string, line: number | undefined, kind: EvidenceKind) => void;

interface RoutingContext {
  /** The crash site, when no task changed it (the change elsewhere made it throw). */
  readonly thrownAt?: string;
  /** The failing test's own frame: where the evidence starts when the file's line is unknown. */
  readonly evidence?: EvidenceLocation;
}

function routed(base: { failure: TestFailure; testFile?: string; testOwner?: string }, taskId: string, c: Candidate, second: [string, Candidate] | undefined, ctx: RoutingContext): FailureAttribution {
  // Less sure only when another task has evidence of the same kind and weight (not an outer frame that merely called in).
  const rival = second !== undefined && second[1].strong > 0 && second[1].sure >= c.sure;
  const surer = c.sure * (rival ? 0.7 : 1) * (ctx.thrownAt && c.line === undefined ? 0.85 : 1);
  const confidence = Number(Math.min(0.99, Math.max(0.2, surer)).toFixed(2));
  const runnerUp = second ? { taskId: second[0], file: second[1].file, reason: strongestFirst(second[1])[0] ?? '' } : undefined;
  const evidence = c.line !== undefined ? { file: c.file, line: c.line } : ctx.evidence;
  return {
    ...base,
    file: c.file,
    ...(c.line === undefined ? {} : { line: c.line }),
    ...(evidence ? { evidence } : {}),
    confidence,
    taskId,
    kind: 'routed',
    reason: [...strongestFirst(c).slice(0, 3), ...(ctx.thrownAt ? [ctx.thrownAt] : [])].join('; '),
    ...(runnerUp ? { runnerUp } : {}),
  };
}

function strongestFirst(c: Candidate): string[] {
  return c.reasons.map((r, i) => [r, c.weights[i] ?? 0] as const).sort((a, b) => b[1] - a[1]).map(([r]) => r);
}

function preExisting(base: { failure: TestFailure; testFile?: string; testOwner?: string }, frames: readonly Frame[], reason: string): FailureAttribution {
  const first = frames.find((f) => !f.test) ?? frames[0];
  return { ...base, ...(first ? { file: first.rel, ...(first.line === undefined ? {} : { line: first.line }) } : {}), confidence: 0.6, kind: 'pre-existing', reason };
}

/**
 * One cause, one owner: failures with the same signature that were routed to different tasks go
 * to the task with the most points over the whole group (a hundred test files failing on one
 * syntax error are one fix request).
 */
/** For each candidate: the distinctive words its added lines share with the failing test's code. */
async function topics(a: Attributed, env: Env): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const text = a.testFile === undefined ? undefined : await env.paths.read(a.testFile);
  const region = text === undefined ? undefined : testRegion(text, a.failure.test);
  if (region === undefined) return out;
  const test = topicTokens(region);
  for (const taskId of a.scores?.keys() ?? []) {
    const added = [...env.ownership.values()].flatMap((o) => [...(o.byTask.get(taskId)?.added ?? [])]);
    out.set(taskId, sharedTopic(test, topicTokens(added.join('\n'))));
  }
  return out;
}

function groupByCause(all: readonly Attributed[]): FailureAttribution[] {
  const groups = new Map<string, number[]>();
  all.forEach((a, i) => {
    if (a.kind !== 'routed') return;
    const key = failureSignature(a.failure);
    if (key === '' || !isThrownError(a.failure)) return;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out: FailureAttribution[] = all.map(({ scores, topics: topicOf, ...a }) => ({
    ...a,
    ...(scores
      ? { candidates: [...scores].sort((x, y) => y[1].score - x[1].score).map(([taskId, c]) => ({ taskId, score: c.score, file: c.file, reason: strongestFirst(c)[0] ?? '', topic: topicOf?.get(taskId) ?? 0 })) }
      : {}),
  }));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    // The members' own decisions vote; points over the whole group break a tie.
    const votes = new Map<string, number>();
    for (const i of members) {
      const task = all[i]!.taskId;
      if (task !== undefined) votes.set(task, (votes.get(task) ?? 0) + 1);
    }
    const totals = new Map<string, number>();
    for (const i of members) for (const [task, c] of all[i]!.scores ?? []) totals.set(task, (totals.get(task) ?? 0) + c.score);
    const winner = [...votes].sort((a, b) => b[1] - a[1] || (totals.get(b[0]) ?? 0) - (totals.get(a[0]) ?? 0))[0]?.[0];
    const group = all[members[0]!]!.failure.test;
    for (const i of members) {
      const a = all[i]!;
      const c = winner === undefined ? undefined : a.scores?.get(winner);
      const moved = winner !== undefined && a.taskId !== winner && c !== undefined;
      out[i] = { ...out[i]!, group, ...(moved ? { taskId: winner, file: c.file, reason: `${strongestFirst(c)[0] ?? ''} (one cause with ${members.length} failures)` } : {}) };
    }
  }
  return out;
}

/** Compiler and parser complaints (Go, TypeScript, Python, JavaScript) about the code at a location. */
const BUILD_ERROR = /assignment mismatch|declared and not used|imported and not used|\bundefined: |cannot use .+ as |too many arguments|not enough arguments|missing return|syntax error|SyntaxError|IndentationError|error TS\d+|non-declaration statement|expected '[^']+', found/i;

/** Code that does not compile or parse belongs to whoever wrote the file the compiler names. */
function doesNotBuild(failure: TestFailure, frames: readonly Frame[], ownerOf: (rel: string) => string | undefined): TestCodeCause | undefined {
  if (!BUILD_ERROR.test(failure.message)) return undefined;
  const at = frames.find((f) => f.line !== undefined && ownerOf(f.rel) !== undefined);
  const owner = at ? ownerOf(at.rel) : undefined;
  if (!at || owner === undefined) return undefined;
  const what = failure.message.split('\n').find((l) => BUILD_ERROR.test(l))?.trim().slice(0, 160) ?? '';
  return { file: at.rel, taskId: owner, reason: `${where(at)}, written by ${owner}, does not compile: ${what}`, confidence: 0.9 };
}

function nearOwner(own: FileOwnership | undefined, line: number): string | undefined {
  if (!own) return undefined;
  const exact = own.lines.get(line);
  if (exact !== undefined) return exact;
  for (let d = 1; d <= NEAR_LINES; d++) {
    const hit = own.lines.get(line - d) ?? own.lines.get(line + d);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function last<T>(list: readonly T[] | undefined): T | undefined {
  return list === undefined ? undefined : list[list.length - 1];
}

const where = (f: Frame) => (f.line === undefined ? f.rel : `${f.rel}:${f.line}`);

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
