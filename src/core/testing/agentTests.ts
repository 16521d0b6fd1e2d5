/**
 * The QA agent's run_tests: the approved command on the changes one task sees, in the sandbox,
 * summarised for a model. It never waits on the user: when the changes alter what the command
 * runs (package.json scripts, a runner config), it says so and the loop asks after the task.
 */
import type { ChangeSet } from '../changes/changeSet';
import { finalFiles } from '../changes/final';
import type { Workspace } from '../ports';
import type { RunSession } from '../run/session';
import { wrapUntrusted } from '../security/untrusted';
import { definitionOn, type TestAuthority } from './authority';
import type { BaselineRun } from './baseline';
import { attributionInput, roleIn } from './changedFiles';
import { runTestsOn, testsPassed, type TestExecution } from './execution';
import { toFailureRecords } from './records';

const MAX_FAILURES_SHOWN = 10;

export interface AgentTestGuards {
  readonly authority: TestAuthority;
  /** The workspace without proposals, where the command's definition is read. */
  readonly workspace: Workspace;
  readonly baseline: BaselineRun;
}

export function agentTestRunner(execution: TestExecution, session: RunSession, guards: AgentTestGuards) {
  return async (changes: ChangeSet, taskIds: readonly string[], signal: AbortSignal): Promise<string> => {
    const files = await finalFiles(changes, taskIds);
    const verdict = await guards.authority.check(await definitionOn(guards.authority.command, guards.workspace, files, signal), signal, 'report');
    if (!verdict.allowed) {
      const what = verdict.changes.map((c) => c.path).join(', ');
      return `The tests cannot run now: the proposed changes to ${what} change what \`${guards.authority.command}\` runs, and the user has to allow that first (they are asked after your task). Finish with your tests as they are.`;
    }
    let run = await runTestsOn(files, execution, attributionInput(changes, taskIds, roleIn(session), files), signal);
    if (!testsPassed(run) && !run.result.timedOut) {
      // Failures that are there without any change are not the squad's: say so, so nobody chases them.
      const baseline = await guards.baseline.get(signal);
      if (baseline.record.cannotRun) return `The test command cannot run in this workspace, with or without changes: ${baseline.record.cannotRun.reason}. ${baseline.record.cannotRun.hint} Finish with your tests as they are.`;
      run = await runTestsOn(files, execution, attributionInput(changes, taskIds, roleIn(session), files), signal, { baseline: baseline.failures, coverage: true });
    }
    const { report, result } = run;
    const head = `${execution.command.command}: ${testsPassed(run) ? 'PASSED' : 'FAILED'} — ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped${result.timedOut ? ' (timed out)' : ''}.`;
    if (testsPassed(run)) return head;
    const records = toFailureRecords(run.attributions, run.stagedDir);
    const lines: string[] = [];
    for (const f of records.slice(0, MAX_FAILURES_SHOWN)) {
      lines.push(`- ${f.test}${f.testFile ? ` (${f.testFile})` : ''}: ${f.message.split('\n').slice(0, 4).join(' / ')}`);
      for (const frame of f.trace.slice(0, 3)) lines.push(`    at ${frame}`);
    }
    const verdicts = records.slice(0, MAX_FAILURES_SHOWN).map((f) =>
      f.kind === 'pre-existing' ? `${f.test}: fails without the squad's changes too (${f.reason}); not yours to fix` : f.file ? `${f.test}: likely cause ${f.file}${f.line ? `:${f.line}` : ''}${f.taskId ? ` (${f.taskId})` : ''}` : '',
    ).filter((l) => l !== '');
    const more = records.length > MAX_FAILURES_SHOWN ? [`… and ${records.length - MAX_FAILURES_SHOWN} more failures.`] : [];
    const output = records.length === 0 ? wrapUntrusted(report.rawTail.slice(-3000), 'test output') : wrapUntrusted(lines.join('\n'), 'test output');
    return [head, output, ...verdicts, ...more].join('\n');
  };
}
