/**
 * The test loop as the sidebar shows it: the question the run waits on (the gate), the baseline,
 * each round with where its failures went, the tests a fix loosened and the disputes. Pure, like
 * project.ts.
 */
import { shortHash } from '../../core/changes/hunks';
import type { RunEventOf } from '../../core/run/events';
import type { RunState } from '../../core/run/reduce';
import type { TaskState } from '../../core/run/taskState';
import type { ApprovalRequest, BaselineRecord, TestLoopState } from '../../core/run/testState';
import type { TestApprovalAnswer } from '../../core/testing/authority';
import type { TestAnswer, TestOutcome, ViewBaseline, ViewDiffHunk, ViewTestGate, ViewTests } from '../../protocol/messages';

// The protocol mirrors the core's shapes without importing them; these lines make the compiler
// check that they still agree, both ways.
const _outcomeToView = (o: RunEventOf<'tests.settled'>['outcome']): TestOutcome => o;
const _outcomeFromView = (o: TestOutcome): RunEventOf<'tests.settled'>['outcome'] => o;
const _answerToView = (a: TestApprovalAnswer): TestAnswer => a;
const _answerFromView = (a: TestAnswer): TestApprovalAnswer => a;

/** Diff lines the gate shows per changed file; a definition file is small, a generated one is not. */
export const MAX_GATE_DIFF_LINES = 400;
/** Baseline failures named in the view; the count says how many there are. */
export const MAX_BASELINE_NAMES = 20;

/**
 * Each round with the failures it found and where they went; a fix's result comes from its task.
 * `live`: this window works on the run; otherwise a round the journal leaves running was interrupted.
 */
export function projectTests(tests: TestLoopState, tasks: RunState['tasks'], live = true): ViewTests {
  const gate = tests.approval.pending ? projectGate(tests.approval.pending, tests.command) : undefined;
  const approved = tests.approval.allowed.at(-1)?.command;
  return {
    ...(tests.command !== undefined ? { command: tests.command } : {}),
    ...(approved !== undefined ? { approvedCommand: approved } : {}),
    maxFixRounds: tests.maxFixRounds,
    ...(gate ? { gate } : {}),
    ...(tests.baseline ? { baseline: projectBaseline(tests.baseline) } : {}),
    ...(tests.skipped ? { skipped: { ...tests.skipped } } : {}),
    rounds: tests.rounds.map((r) => ({
      round: r.round,
      status: r.status === 'running' && !live ? ('interrupted' as const) : r.status,
      ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
      ...(r.timedOut !== undefined ? { timedOut: r.timedOut } : {}),
      passed: r.passed,
      failed: r.failed,
      skipped: r.skipped,
      ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
      failures: r.failures.map((f) => ({
        test: f.test,
        ...(f.testFile !== undefined ? { testFile: f.testFile } : {}),
        message: f.message,
        ...(f.file !== undefined ? { file: f.file } : {}),
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.taskId !== undefined ? { taskId: f.taskId } : {}),
        kind: f.kind,
        reason: f.reason,
        ...(f.runnerUp ? { runnerUp: { taskId: f.runnerUp.taskId, ...(f.runnerUp.file !== undefined ? { file: f.runnerUp.file } : {}), reason: f.runnerUp.reason } } : {}),
      })),
      // The raw tail only helps when nothing was parsed from a failing run (a null exit code: killed).
      ...(r.rawTail && r.failures.length === 0 && r.status === 'finished' && (r.failed > 0 || r.exitCode !== 0 || r.timedOut === true) ? { rawTail: r.rawTail.slice(-2000) } : {}),
      routed: Object.entries(r.routed).map(([taskId, routedTests]) => ({
        taskId,
        tests: [...routedTests],
        fixRound: r.round + 1,
        outcome: fixOutcome(tasks[taskId], r.round + 1),
      })),
    })),
    weakened: tests.weakened.map((w) => ({ taskId: w.taskId, round: w.round, file: w.file, tests: [...w.tests], assertions: [...w.assertions] })),
    disputes: tests.disputes.map((d) => ({ taskId: d.taskId, round: d.round, test: d.test, reason: d.reason })),
    ...(tests.settled ? { settled: { ...tests.settled } } : {}),
  };
}

/**
 * The pending question. The journaled request names the command as the project states it; the
 * line that runs (with the reporter options Squad adds) is known once the tests were configured,
 * which happens after the first answer: a later question shows it when it differs.
 */
export function projectGate(pending: ApprovalRequest, configured: string | undefined): ViewTestGate {
  return {
    id: questionId(pending),
    command: pending.command,
    ...(configured !== undefined && configured !== pending.command ? { runs: configured } : {}),
    reason: pending.reason,
    sandbox: { kind: pending.sandbox.kind, description: pending.sandbox.description },
    files: pending.definition.files.map((f) => f.path),
    changes: pending.changes.map((c) => ({ path: c.path, kind: c.kind, ...diffHunks(c.diff, MAX_GATE_DIFF_LINES) })),
  };
}

/** The same question (command and what defines it) has the same id; any change of them, another. */
export function questionId(pending: ApprovalRequest): string {
  return shortHash(JSON.stringify([pending.command, pending.definition.command, pending.definition.files.map((f) => [f.path, f.text])]));
}

function projectBaseline(b: BaselineRecord): ViewBaseline {
  return {
    passed: b.passed,
    failed: b.failed,
    cached: b.cached,
    failing: b.failing.slice(0, MAX_BASELINE_NAMES).map((f) => f.test),
    ...(b.cannotRun ? { cannotRun: { reason: b.cannotRun.reason, hint: b.cannotRun.hint } } : {}),
  };
}

/** Tests each task's fixes loosened, by task id. */
export function weakenedByTask(tests: TestLoopState): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const w of tests.weakened) {
    const list = out.get(w.taskId) ?? [];
    for (const t of w.tests) if (!list.includes(t)) list.push(t);
    out.set(w.taskId, list);
  }
  return out;
}

const HUNK_HEAD = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The hunks of a unified diff (src/core/changes/hunks.ts `unifiedDiff`), at most `maxLines` diff
 * lines in all; `omitted` counts the lines left out. Starts follow the core's convention: an empty
 * range's start is the line after the one the header names.
 */
export function diffHunks(diff: string, maxLines: number): { hunks: ViewDiffHunk[]; omitted: number } {
  const hunks: ViewDiffHunk[] = [];
  let current: ViewDiffHunk | undefined;
  let kept = 0;
  let omitted = 0;
  for (const line of diff.split('\n')) {
    const head = HUNK_HEAD.exec(line);
    if (head) {
      const oldLines = head[2] === undefined ? 1 : Number(head[2]);
      const newLines = head[4] === undefined ? 1 : Number(head[4]);
      current = {
        oldStart: Number(head[1]) + (oldLines === 0 ? 1 : 0),
        oldLines,
        newStart: Number(head[3]) + (newLines === 0 ? 1 : 0),
        newLines,
        lines: [],
      };
      if (kept < maxLines) hunks.push(current);
      continue;
    }
    // The file headers (--- a/…, +++ b/…) come before the first hunk; the text ends with a newline.
    if (!current || line === '' || !/^[-+ \\]/.test(line)) continue;
    if (kept < maxLines) {
      current.lines.push(line);
      kept++;
    } else omitted++;
  }
  return { hunks: hunks.filter((h) => h.lines.length > 0), omitted };
}

function fixOutcome(task: TaskState | undefined, round: number): 'waiting' | 'fixing' | 'revised' | 'failed' {
  const revision = task?.history.find((h) => h.round === round);
  if (revision) return revision.outcome === 'revised' ? 'revised' : 'failed';
  return task?.status === 'fixing' && task.fixRound === round ? 'fixing' : 'waiting';
}
