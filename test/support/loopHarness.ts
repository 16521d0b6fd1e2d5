/**
 * The test loop in-process, as `squad run` wires it: a real temp workspace (optionally a git
 * repository), a real journal, the real stager and process runner, agents against the scripted
 * model server. `execute()` lets the squad propose; `loop()` runs `runTestLoop` on the result.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSquad, type Squad } from '../../src/core/agents/squad';
import type { ChatModel } from '../../src/core/llm/chatModel';
import { validatePlan } from '../../src/core/plan/validate';
import type { Storage } from '../../src/core/ports';
import { RunSession } from '../../src/core/run/session';
import type { ExecutionOutcome } from '../../src/core/schedule/scheduler';
import { resolveTestCommand } from '../../src/core/testing/detect';
import { DEFAULT_MAX_OUTPUT_BYTES, type TestExecution } from '../../src/core/testing/execution';
import type { NetworkPolicy } from '../../src/core/testing/runner';
import { runTestLoop, type TestLoopOutcome } from '../../src/core/testing/loop';
import { TestCommandApprovals } from '../../src/core/testing/approval';
import { TestAuthority, type TestApprovalAnswer, type TestApprovalRequest } from '../../src/core/testing/authority';
import { BaselineRun } from '../../src/core/testing/baseline';
import { definitionOn } from '../../src/core/testing/authority';
import { createSandbox } from '../../src/core/tools';
import { createFsStorage } from '../../src/node/fsStorage';
import { createFsWorkspace } from '../../src/node/fsWorkspace';
import { createProcessRunner } from '../../src/node/processRunner';
import { createStager } from '../../src/node/staging';
import { initRepo } from './gitRepo';
import type { ScriptedServer } from './scriptedServer';
import { makeModel, type PlanInput, ROLES } from './squadHarness';
import { makeTempWorkspace } from './tempWorkspace';

export interface LoopFixtureOptions {
  readonly server: ScriptedServer;
  readonly files: Readonly<Record<string, string>>;
  readonly plan: PlanInput;
  /** The approved test command, run as the user wrote it. */
  readonly command: string;
  /** Added to this process's environment for the command (e.g. absolute paths of marker files). */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
  readonly maxFixRounds?: number;
  /** Make the workspace a git repository with one commit (worktree staging) instead of a plain folder (copy staging). */
  readonly git?: boolean;
  /** Wraps the journal's storage (e.g. `crashingStorage`). */
  readonly storage?: (inner: Storage) => Storage;
  /** What the sandboxed command may reach (default: nothing). */
  readonly network?: NetworkPolicy;
  /** The user's answer when the loop asks to run the command (default: allow for the workspace). */
  readonly answer?: (request: TestApprovalRequest) => TestApprovalAnswer;
}

export interface LoopFixture {
  readonly root: string;
  readonly journalDir: string;
  readonly session: RunSession;
  readonly squad: Squad;
  readonly execution: TestExecution;
  /** What the loop asked the user. */
  readonly asked: TestApprovalRequest[];
  /** How many times the command ran (each run stages a scratch tree). */
  readonly stagings: number;
  /** The journal file on disk. */
  readonly journalFile: string;
  execute(signal?: AbortSignal): Promise<ExecutionOutcome>;
  loop(options?: { readonly signal?: AbortSignal; readonly flakyReruns?: number }): Promise<TestLoopOutcome>;
  dispose(): Promise<void>;
}

export async function loopFixture(options: LoopFixtureOptions): Promise<LoopFixture> {
  const ws = await makeTempWorkspace(options.files);
  const journalDir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-journal-'));
  let session: RunSession | undefined;
  try {
    if (options.git) await initRepo(ws.root);
    const inner = createFsStorage(journalDir);
    const started = await RunSession.start({ storage: options.storage ? options.storage(inner) : inner, request: options.plan.summary, workspaceName: 'ws', roles: ROLES });
    session = started;
    await started.emit({ type: 'plan.proposed', plan: validatePlan(options.plan, { roles: ROLES, maxTasks: 100 }), attempt: 1 });
    await started.emit({ type: 'plan.approved', by: 'auto' });
    const maxFixRounds = options.maxFixRounds ?? 2;
    await started.emit({ type: 'tests.configured', command: options.command, source: 'user', maxFixRounds });
    const workspace = createFsWorkspace(ws.root);
    const model: ChatModel = makeModel(options.server, 'openai', 'scripted', 0);
    const squad = createSquad({ session: started, workspace, sandbox: createSandbox(workspace), modelFor: () => model, concurrency: 2 });
    const command = resolveTestCommand({ userCommand: options.command });
    if (!command) throw new Error('no test command');
    const runner = createProcessRunner({ killGraceMs: 500 });
    const stager = createStager(ws.root);
    let stagings = 0;
    const execution: TestExecution = {
      // Counted: each staging is one run of the command (the first round, the baseline, a re-run).
      stager: { stage: (files, signal) => (stagings++, stager.stage(files, signal)), digest: (signal) => stager.digest(signal) },
      runner,
      command,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
      env: { ...process.env, ...options.env },
      workspaceAt: (dir) => createFsWorkspace(dir),
      ...(options.network ? { network: options.network } : {}),
    };
    const asked: TestApprovalRequest[] = [];
    const authority = new TestAuthority({
      root: ws.root,
      approvals: new TestCommandApprovals(inner),
      session: started,
      port: { ask: async (request) => (asked.push(request), options.answer?.(request) ?? 'workspace') },
      sandbox: await runner.sandboxInfo(),
      command: options.command,
      runs: command.command,
      reason: command.reason,
    });
    const definition = () => definitionOn(options.command, workspace, []);
    const baseline = new BaselineRun({ execution, session: started, storage: inner, definition });
    return {
      root: ws.root,
      journalDir,
      session: started,
      squad,
      execution,
      asked,
      get stagings() {
        return stagings;
      },
      journalFile: path.join(journalDir, 'runs', started.runId, 'events.jsonl'),
      execute: (signal) => squad.execute(signal ?? new AbortController().signal),
      loop: (opts = {}) =>
        runTestLoop(
          { session: started, squad, execution, workspace, authority, baseline, maxFixRounds, concurrency: 2, ...(opts.flakyReruns === undefined ? {} : { flakyReruns: opts.flakyReruns }) },
          opts.signal ?? new AbortController().signal,
        ),
      async dispose() {
        started.dispose();
        await fs.rm(journalDir, { recursive: true, force: true });
        await ws.dispose();
      },
    };
  } catch (err) {
    session?.dispose();
    await fs.rm(journalDir, { recursive: true, force: true });
    await ws.dispose();
    throw err;
  }
}
