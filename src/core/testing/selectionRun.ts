/**
 * The approved test command on exactly the selection the user accepted: the accepted hunks
 * layered as the apply would write them, staged in a scratch copy and run in the sandbox, the
 * same way a loop round runs (execution.ts). The definition on that tree must be one the user
 * allowed (asked through the front end's port otherwise, like the loop). The result is journaled
 * with the selection's digest (`tests.selectionRun`): it holds for that selection only.
 */
import { cancelledError } from '../common/errors';
import type { Workspace } from '../ports';
import type { RunSession } from '../run/session';
import type { SelectionRunRecord } from '../run/testState';
import type { Selection } from '../review/selection';
import { selectionDigest } from '../review/selectionDigest';
import { selectionRunPassed } from '../review/testedSelection';
import { definitionOn } from './authority';
import { runTestsOn } from './execution';
import { toFailureRecords } from './records';
import type { TestPlan } from './setup';
import type { StagedFile } from './staging';

export type SelectionTestOutcome =
  | { readonly kind: 'ran'; readonly run: SelectionRunRecord; readonly passed: boolean }
  | { readonly kind: 'not-run'; readonly reason: string };

export interface SelectionRunInput {
  readonly session: RunSession;
  readonly tests: Extract<TestPlan, { kind: 'run' }>;
  /** The workspace without proposals: the definition of the command is read from it plus the selection. */
  readonly workspace: Workspace;
  readonly selection: Selection;
}

export async function runSelectionTests(input: SelectionRunInput, signal: AbortSignal): Promise<SelectionTestOutcome> {
  const { session, tests, selection } = input;
  const files: StagedFile[] = selection.files.map((f) => ({ path: f.path, content: f.content }));
  const verdict = await tests.authority.check(await definitionOn(tests.authority.command, input.workspace, files, signal), signal, 'ask');
  if (signal.aborted) throw cancelledError(signal);
  if (!verdict.allowed) {
    const what = verdict.changes.map((c) => c.path).join(', ');
    return { kind: 'not-run', reason: `The tests did not run: the accepted changes alter what "${tests.authority.command}" runs (${what || 'its definition'}), and that was not allowed.` };
  }
  const digest = selectionDigest(selection);
  const run = await runTestsOn(files, tests.execution, undefined, signal);
  if (signal.aborted) throw cancelledError(signal);
  // A test that failed without any proposal is named so: the selection did not break it.
  const before = new Set(session.state.tests.baseline?.failing.map((f) => f.test) ?? []);
  // A reporter may name a file-level failure by its path in the scratch tree: named as the workspace does.
  const tree = `${run.stagedDir.replace(/\\/g, '/').replace(/\/$/, '')}/`;
  const named = run.report.failures.map((f) => (f.test.replace(/\\/g, '/').startsWith(tree) ? { ...f, test: f.test.replace(/\\/g, '/').slice(tree.length) } : f));
  const failures = toFailureRecords(
    named.map((failure) => (before.has(failure.test)
      ? { failure, confidence: 0, kind: 'pre-existing' as const, reason: 'failed before the squad\'s changes too' }
      : { failure, confidence: 0, kind: 'unknown' as const, reason: 'fails on the accepted selection' })),
    run.stagedDir,
  );
  await session.emit({
    type: 'tests.selectionRun',
    digest,
    files: files.length,
    command: tests.execution.command.command,
    exitCode: run.result.exitCode,
    timedOut: run.result.timedOut,
    passed: run.report.passed,
    failed: run.report.failed,
    skipped: run.report.skipped,
    failures,
    rawTail: run.report.rawTail,
    durationMs: run.result.durationMs,
    sandboxed: run.result.sandboxed,
    ...(run.cannotRun ? { cannotRun: { reason: run.cannotRun.reason, hint: run.cannotRun.hint } } : {}),
  });
  const record = session.state.tests.selectionRun!;
  return { kind: 'ran', run: record, passed: selectionRunPassed(record) };
}
