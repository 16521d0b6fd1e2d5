/** The QA agent's run_tests: the approved command on the changes one task sees, summarised for a model. */
import type { ChangeSet } from '../changes/changeSet';
import { finalFiles } from '../changes/final';
import type { RunSession } from '../run/session';
import { attributionInput } from './changedFiles';
import { runTestsOn, testsPassed, type TestExecution } from './execution';
import { toFailureRecords } from './records';

const MAX_FAILURES_SHOWN = 10;

export function agentTestRunner(execution: TestExecution, session: RunSession) {
  return async (changes: ChangeSet, taskIds: readonly string[], signal: AbortSignal): Promise<string> => {
    const files = await finalFiles(changes, taskIds);
    const run = await runTestsOn(files, execution, attributionInput(changes, taskIds, session.state), signal);
    const { report, result } = run;
    const head = `${execution.command.command}: ${testsPassed(run) ? 'PASSED' : 'FAILED'} — ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped${result.timedOut ? ' (timed out)' : ''}.`;
    if (testsPassed(run)) return head;
    const records = toFailureRecords(run.attributions, run.stagedDir);
    const lines = [head];
    for (const f of records.slice(0, MAX_FAILURES_SHOWN)) {
      lines.push(`- ${f.test}${f.testFile ? ` (${f.testFile})` : ''}: ${f.message.split('\n').slice(0, 4).join(' / ')}`);
      for (const frame of f.trace.slice(0, 3)) lines.push(`    at ${frame}`);
      if (f.file) lines.push(`    likely cause: ${f.file}${f.line ? `:${f.line}` : ''}`);
    }
    if (records.length > MAX_FAILURES_SHOWN) lines.push(`… and ${records.length - MAX_FAILURES_SHOWN} more failures.`);
    if (records.length === 0) lines.push('Output tail:', report.rawTail.slice(-3000));
    return lines.join('\n');
  };
}
