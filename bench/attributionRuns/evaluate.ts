/**
 * The corpus measured through the real test loop: the command as Squad would detect and run it
 * (with the reporter it adds), in the sandbox, one round exactly as `runTestLoop` runs it
 * (src/core/testing/round.ts: first run, baseline, coverage re-run, attribution with line
 * ownership). Each task's files become a change-set layer, in the order the case lists them.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ChangeSet } from '../../src/core/changes/changeSet';
import { finalFiles } from '../../src/core/changes/final';
import { runBaseline, toBaseline } from '../../src/core/testing/baseline';
import { attributionInput } from '../../src/core/testing/changedFiles';
import { detectTestCommand, resolveTestCommand } from '../../src/core/testing/detect';
import { DEFAULT_MAX_OUTPUT_BYTES, type TestExecution } from '../../src/core/testing/execution';
import { DEFAULT_EXPERIMENTS, testRound } from '../../src/core/testing/round';
import { createFsWorkspace } from '../../src/node/fsWorkspace';
import { createProcessRunner } from '../../src/node/processRunner';
import { scrubEnv } from '../../src/node/scrubEnv';
import { createStager } from '../../src/node/staging';
import type { CaseVerdict, EvaluateCase } from './types';

const runner = createProcessRunner();

export const evaluateLoop: EvaluateCase = async (input, signal) => {
  const workspace = createFsWorkspace(input.root);
  const detected = await detectTestCommand(workspace, { signal });
  const command = detected && detected.command === input.command ? resolveTestCommand({ detected }) : resolveTestCommand({ userCommand: input.command });
  if (!command) throw new Error(`no command for ${input.command}`);
  const sandbox = await runner.sandboxInfo();
  const execution: TestExecution = {
    stager: createStager(input.root),
    runner,
    command,
    timeoutMs: input.timeoutMs,
    maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
    env: scrubEnv(process.env),
    workspaceAt: (dir) => createFsWorkspace(dir),
    ...(sandbox.kind === 'none' ? { allowUnsandboxed: true } : {}),
  };
  const { changes, order, roles } = await layers(input);
  const files = await finalFiles(changes, order);
  const result = await testRound(
    {
      files,
      execution,
      attribution: attributionInput(changes, order, (id) => roles.get(id), files),
      baseline: async (s) => toBaseline(await runBaseline(execution, s)),
      experiments: { changes, order, mayRun: async () => true, ...DEFAULT_EXPERIMENTS },
    },
    signal,
  );
  if (result.kind === 'cannot-run') return { kind: 'cannot-run', failures: 0, detail: `${result.reason.reason}. ${result.reason.hint}` };
  const { last, records } = result;
  if (records.length === 0 && last.result.exitCode === 0 && last.report.failed === 0) return { kind: 'passed', failures: 0, detail: `${last.report.passed} tests pass` };
  return verdictOf(records, last.result.timedOut);
};

function verdictOf(records: readonly { kind: string; taskId?: string; reason: string; runnerUp?: { taskId: string } }[], timedOut: boolean): CaseVerdict {
  const failures = records.length;
  const groups = new Map<string, number>();
  for (const r of records) if (r.kind === 'routed' && r.taskId) groups.set(r.taskId, (groups.get(r.taskId) ?? 0) + 1);
  const [first, second] = [...groups].sort((a, b) => b[1] - a[1]);
  if (first) {
    const top = records.find((r) => r.taskId === first[0]);
    const runnerUp = second?.[0] ?? top?.runnerUp?.taskId;
    return { kind: 'routed', owner: first[0], ...(runnerUp ? { runnerUp } : {}), failures, detail: `${first[1]}/${failures} to ${first[0]}: ${top?.reason ?? ''}` };
  }
  if (records.some((r) => r.kind === 'pre-existing')) return { kind: 'pre-existing', failures, detail: records.map((r) => r.reason).find((r) => r !== '') ?? '' };
  return { kind: 'unknown', failures, detail: timedOut ? 'the command timed out' : records[0]?.reason ?? 'no failure parsed' };
}

/** The tasks' files as change-set layers: each task built on the workspace plus the tasks before it. */
async function layers(input: Parameters<EvaluateCase>[0]) {
  const read = async (p: string) => fs.readFile(path.join(input.root, p), 'utf8').catch(() => undefined);
  const current = new Map<string, string | undefined>();
  const tasks: Record<string, Record<string, { base: string | null; content: string | null }>> = {};
  const roles = new Map<string, string>();
  for (const task of input.tasks) {
    roles.set(task.id, task.role);
    const own: Record<string, { base: string | null; content: string | null }> = {};
    for (const f of task.files) {
      const base = current.has(f.path) ? current.get(f.path) : await read(f.path);
      own[f.path] = { base: base ?? null, content: f.content ?? null };
      current.set(f.path, f.content);
    }
    tasks[task.id] = own;
  }
  const changes = new ChangeSet(read);
  changes.load({ version: 1, tasks });
  return { changes, order: input.tasks.map((t) => t.id), roles };
}
