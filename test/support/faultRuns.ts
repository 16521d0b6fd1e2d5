/**
 * One fault case of the fault suite, end to end: a fresh copy of the fault project, `squad run …
 * --apply --json` in-process against the scripted model with the fault in place, then the fault
 * taken away and `squad run --resume`. Each of the two runs is reduced to the facts the suite
 * checks: its exit code, whether stdout is one complete JSON object naming every task, whether
 * the journal reads back closed, what the workspace became (untouched, fully applied, or partly
 * written), and which scripted turns the model server answered.
 */
import { after, before } from 'node:test';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_TIMEOUT_MS } from '../../src/core/llm/options';
import type { RunEvent } from '../../src/core/run/events';
import { readRunJournal } from '../../src/core/run/journal';
import { createFsStorage } from '../../src/node/fsStorage';
import { runSquadCli } from './cliHarness';
import { cliEnv } from './cliRuns';
import { FAULT_FILES, FAULT_REQUEST, faultFreeScript, TASK_IDS } from './faultProject';
import type { Script } from './script';
import { type ScriptedServer, startScriptedServer } from './scriptedServer';
import { makeTempWorkspace } from './tempWorkspace';
import { treeDiff, treeSnapshot, type TreeSnapshot } from './treeSnapshot';

/** With tests: `node --test` approved, one fix round (the fix-round faults need the loop). */
export type RunMode = 'plain' | 'tests';

/** Events that may follow the run's end: the apply `--apply` asked for, and its record. */
const AFTER_END = new Set(['review.decided', 'changes.applied', 'changes.notApplied']);

export interface RunFacts {
  readonly exitCode: number;
  readonly stderr: string;
  readonly runId: string | undefined;
  /** Why stdout is not one complete object with every task; undefined when it is. */
  readonly jsonProblem: string | undefined;
  readonly status: string | undefined;
  /** Why the journal is not closed and intact; undefined when it is. */
  readonly journalProblem: string | undefined;
  readonly events: readonly RunEvent[];
  readonly workspace: 'untouched' | 'applied' | 'partial';
  /** How the workspace differs from both untouched and applied, when partial. */
  readonly workspaceDiff: readonly string[];
  /** Scripted turn name → requests it answered in this run (faults included). */
  readonly answered: Readonly<Record<string, number>>;
  /** Requests no scripted turn matched (a script mistake, not an injected fault). */
  readonly unmatched: number;
}

export interface FaultProject {
  readonly root: string;
  readonly journalDir: string;
  dispose(): Promise<void>;
}

export async function faultProject(files: Readonly<Record<string, string>> = FAULT_FILES): Promise<FaultProject> {
  const ws = await makeTempWorkspace(files);
  const journalDir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-fault-journal-'));
  return {
    root: ws.root,
    journalDir,
    async dispose() {
      await ws.dispose();
      await fs.rm(journalDir, { recursive: true, force: true });
    },
  };
}

export interface CliContext {
  readonly server: ScriptedServer;
  readonly home: string;
  readonly mode: RunMode;
  /** The workspace after a fault-free run applied everything. */
  readonly applied: TreeSnapshot;
}

export function runArgs(project: FaultProject, mode: RunMode, resume?: string): string[] {
  const what = resume === undefined ? [FAULT_REQUEST] : ['--resume', resume];
  const tests = mode === 'tests' ? ['--test-cmd', 'node --test', '--yes', '--max-fix-rounds', '1'] : [];
  return ['run', ...what, '--workspace', project.root, '--journal', project.journalDir, '--apply', '--json', ...tests];
}

/** Runs `squad run` (or `--resume`) with `script` and reports what it left. */
export async function runOnce(ctx: CliContext, project: FaultProject, script: Script, options: { readonly resume?: string; readonly shortTimeoutMs?: number } = {}): Promise<RunFacts> {
  ctx.server.setScript(script);
  const before = await treeSnapshot(project.root);
  const since = ctx.server.requests.length;
  const argv = runArgs(project, ctx.mode, options.resume);
  const run = () => runSquadCli(argv, cliEnv(ctx.server, ctx.home), project.root);
  const result = options.shortTimeoutMs === undefined ? await run() : await withShortModelTimeout(options.shortTimeoutMs, run);
  const runId = /^run (\S+) \(journal: /m.exec(result.stderr)?.[1];
  const after = await treeSnapshot(project.root);
  const untouched = treeDiff(before, after).length === 0;
  const appliedDiff = treeDiff(ctx.applied, after);
  const journal = runId === undefined ? { events: [], problem: 'no run was started' } : await closedJournal(project.journalDir, runId);
  const { problem: jsonProblem, status } = jsonFacts(result.stdout, journal.events);
  const answered: Record<string, number> = {};
  let unmatched = 0;
  for (const r of ctx.server.requests.slice(since)) {
    if (r.turnName === undefined) unmatched++;
    else answered[r.turnName] = (answered[r.turnName] ?? 0) + 1;
  }
  return {
    exitCode: result.code,
    stderr: result.stderr,
    runId,
    jsonProblem,
    status,
    journalProblem: journal.problem,
    events: journal.events,
    workspace: untouched ? 'untouched' : appliedDiff.length === 0 ? 'applied' : 'partial',
    workspaceDiff: untouched || appliedDiff.length === 0 ? [] : appliedDiff,
    answered,
    unmatched,
  };
}

/**
 * The journal read back as a resume reads it: no torn or corrupt line, sequence numbers 0…n-1
 * (readRunJournal checks both), and a `run.finished` or `run.failed` after which only the apply's
 * own record may follow.
 */
async function closedJournal(journalDir: string, runId: string): Promise<{ events: RunEvent[]; problem: string | undefined }> {
  let events: RunEvent[];
  try {
    const read = await readRunJournal(createFsStorage(journalDir), runId);
    if (read.warnings.length > 0) return { events: read.events, problem: read.warnings.join('; ') };
    events = read.events;
  } catch (err) {
    return { events: [], problem: err instanceof Error ? err.message : String(err) };
  }
  const end = events.findLastIndex((e) => e.type === 'run.finished' || e.type === 'run.failed');
  if (end < 0) return { events, problem: 'no run.finished or run.failed' };
  const after = events.slice(end + 1).filter((e) => !AFTER_END.has(e.type));
  return { events, problem: after.length > 0 ? `events after the run ended: ${after.map((e) => e.type).join(', ')}` : undefined };
}

/** stdout must be exactly one JSON object naming the run, its status and every planned task. */
function jsonFacts(stdout: string, events: readonly RunEvent[]): { problem: string | undefined; status: string | undefined } {
  const text = stdout.trim();
  let out: { runId?: unknown; status?: unknown; tasks?: unknown };
  try {
    if (text.includes('\n')) throw new Error('more than one line');
    out = JSON.parse(text) as typeof out;
  } catch (err) {
    return { problem: `stdout is not one JSON object (${err instanceof Error ? err.message : String(err)}): ${text.slice(0, 200)}`, status: undefined };
  }
  const status = typeof out.status === 'string' ? out.status : undefined;
  if (typeof out.runId !== 'string' || status === undefined) return { problem: 'no runId or status', status };
  const planned = events.some((e) => e.type === 'plan.proposed');
  const tasks = Array.isArray(out.tasks) ? out.tasks.map((t: { id?: unknown }) => t.id) : undefined;
  if (planned && JSON.stringify(tasks) !== JSON.stringify(TASK_IDS)) return { problem: `tasks ${JSON.stringify(tasks)} instead of ${JSON.stringify(TASK_IDS)}`, status };
  return { problem: undefined, status };
}

/**
 * The model client's 120 s request timeout is the one wait a test cannot sit through: while `run`
 * runs, a timer of exactly that length fires after `ms` instead. The server still never answers;
 * the real SDK gives up, the retries run and fail the same way, as they would after two minutes.
 */
export async function withShortModelTimeout<T>(ms: number, run: () => Promise<T>): Promise<T> {
  const real = globalThis.setTimeout;
  const short = ((handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => real(handler, delay === DEFAULT_TIMEOUT_MS ? ms : delay, ...args)) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(short, real);
  try {
    return await run();
  } finally {
    globalThis.setTimeout = real;
  }
}

/** Normal (not fault) turns the server answered, added over runs. */
export function normalTurns(...runs: readonly RunFacts[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const run of runs) {
    for (const [name, n] of Object.entries(run.answered)) if (!name.startsWith('fault:')) total[name] = (total[name] ?? 0) + n;
  }
  return total;
}

/** Turns answered more than once over the runs: each extra answer is a turn paid for again. */
export function rebilledTurns(...runs: readonly RunFacts[]): string[] {
  return Object.entries(normalTurns(...runs)).flatMap(([name, n]) => Array.from({ length: n - 1 }, () => name));
}

/** The workspace a fault-free run leaves after applying everything. */
export async function appliedTree(server: ScriptedServer, home: string, mode: RunMode, script: Script): Promise<TreeSnapshot> {
  const project = await faultProject();
  try {
    const facts = await runOnce({ server, home, mode, applied: new Map() }, project, script);
    if (facts.exitCode !== 0) throw new Error(`the fault-free run failed (${facts.exitCode}):\n${facts.stderr}`);
    return await treeSnapshot(project.root);
  } finally {
    await project.dispose();
  }
}

/**
 * Registers the suite's hooks: one scripted server and home folder for the suite, and the tree a
 * fault-free run applies, to compare each case with. Returns the context, ready inside tests.
 */
export function useFaultSuite(mode: RunMode): () => CliContext {
  let server: ScriptedServer | undefined;
  let home: string | undefined;
  let ctx: CliContext | undefined;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-faults-home-'));
    ctx = { server, home, mode, applied: await appliedTree(server, home, mode, faultFreeScript()) };
  });
  after(async () => {
    await server?.close();
    if (home) await fs.rm(home, { recursive: true, force: true });
  });
  return () => {
    if (!ctx) throw new Error('the fault suite did not start');
    return ctx;
  };
}
