/**
 * The evidence that links a task's change to a failure, as points per task: what the failing test
 * executed (coverage), what it reaches through imports, the functions it calls, the names at the
 * crash site, and code that does not build. Each kind of evidence has its points and how sure it
 * alone makes us; attribute.ts ranks the tasks by what they collect.
 */
import type { RunCoverage } from '../coverage/runCoverage';
import type { ExecutedLines } from '../coverage/types';
import { BODY_LINES, definedIn, focusIdentifiers } from '../focus';
import { goPackageFiles, reachableChanged } from '../imports';
import type { FileOwnership } from '../ownership';
import { isTestPath, type WorkspacePaths } from '../paths';
import type { TestCodeCause } from '../testCode';
import type { TestFailure } from '../types';
import { type Frame, where } from './frames';

export interface Candidate {
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
export const POINTS = {
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

export type EvidenceKind = keyof typeof SURE;
/** Evidence that a file is reachable, not that its changed lines ran. */
const WEAK = new Set<EvidenceKind>(['reached', 'definesCalled']);
export type AddPoints = (taskId: string, points: number, file: string, why: string, line: number | undefined, kind: EvidenceKind) => void;

/** What scoring reads: the tree, who wrote which lines, QA's test files, and the coverage of the re-run. */
export interface ScoringEnv {
  readonly paths: WorkspacePaths;
  readonly ownership: ReadonlyMap<string, FileOwnership>;
  readonly testOwners: ReadonlyMap<string, string>;
  readonly coverage?: RunCoverage;
}

/** A tally of candidates by task, and the `add` that credits one piece of evidence to a task. */
export function candidateTally(): { readonly scores: Map<string, Candidate>; readonly add: AddPoints } {
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
  return { scores, add };
}

export function scoreCoverage(executed: ReadonlyMap<string, ExecutedLines>, env: ScoringEnv, add: AddPoints): void {
  const passing = env.coverage?.executedByPassing();
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
export async function scoreReach(testFile: string | undefined, testDir: string | undefined, env: ScoringEnv, add: AddPoints, unlocated: boolean): Promise<void> {
  const changed = new Set([...env.ownership.keys()].filter((p) => !isTestPath(p) && !env.testOwners.has(p)));
  let reach = new Map<string, number>();
  if (testFile !== undefined) reach = await reachableChanged(env.paths, testFile, changed);
  else if (testDir !== undefined) for (const f of await goPackageFiles(env.paths, testDir)) if (changed.has(f)) reach.set(f, 1);
  for (const [file, depth] of reach) {
    const owner = env.ownership.get(file)?.tasks.at(-1);
    if (owner === undefined) continue;
    const via = depth === 1 ? `the test imports ${file}` : `the test reaches ${file} through ${depth} imports`;
    if (unlocated) add(owner, (POINTS.reached * 3) / depth, file, `${via}, and the error names no file: one of the files the test loads does not parse`, undefined, 'unlocated');
    else add(owner, POINTS.reached / depth, file, via, undefined, 'reached');
  }
}

/** A change to the body of a function the failing test calls. */
export async function scoreCalls(failure: TestFailure, testFile: string | undefined, frames: readonly Frame[], env: ScoringEnv, add: AddPoints): Promise<void> {
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
export async function scoreCrashSite(source: readonly Frame[], env: ScoringEnv, add: AddPoints): Promise<void> {
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

/** Compiler and parser complaints (Go, TypeScript, Python, JavaScript) about the code at a location. */
const BUILD_ERROR = /assignment mismatch|declared and not used|imported and not used|\bundefined: |cannot use .+ as |too many arguments|not enough arguments|missing return|syntax error|SyntaxError|IndentationError|error TS\d+|non-declaration statement|expected '[^']+', found/i;

/** Code that does not compile or parse belongs to whoever wrote the file the compiler names. */
export function doesNotBuild(failure: TestFailure, frames: readonly Frame[], ownerOf: (rel: string) => string | undefined): TestCodeCause | undefined {
  if (!BUILD_ERROR.test(failure.message)) return undefined;
  const at = frames.find((f) => f.line !== undefined && ownerOf(f.rel) !== undefined);
  const owner = at ? ownerOf(at.rel) : undefined;
  if (!at || owner === undefined) return undefined;
  const what = failure.message.split('\n').find((l) => BUILD_ERROR.test(l))?.trim().slice(0, 160) ?? '';
  return { file: at.rel, taskId: owner, reason: `${where(at)}, written by ${owner}, does not compile: ${what}`, confidence: 0.9 };
}

export function nearOwner(own: FileOwnership | undefined, line: number): string | undefined {
  if (!own) return undefined;
  const exact = own.lines.get(line);
  if (exact !== undefined) return exact;
  for (let d = 1; d <= NEAR_LINES; d++) {
    const hit = own.lines.get(line - d) ?? own.lines.get(line + d);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
