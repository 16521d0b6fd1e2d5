/**
 * `squad apply RUN_ID [--task ID]... [--test]`: apply a finished run, or some of its tasks, later —
 * the same apply as `run --apply` (checkpoint, all or nothing, merged with edits made since, or
 * refused naming the file). It warns when a chosen task builds on one left out, and when the
 * run's tests ran on something else than what is applied; `--test` runs the approved test command
 * on exactly the chosen selection first and applies only when it passes. Exit 0 only when
 * everything asked for was written.
 */
import { applyAccepted } from '../../core/review/applyRun';
import { parseCommandArgs, usageError } from '../args';
import { cliApplyPorts, cliCheckpointStore } from '../applyPorts';
import { APPLY_HELP } from '../help';
import { type CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { selectionWarnings, testSelectionFirst } from '../applySelection';
import { openRunForWriting, prepareLocal } from '../localSetup';
import { parseTestOptions } from '../testSetup';
import { jsonLine } from '../print';

const APPLY_OPTIONS = {
  workspace: { type: 'string' },
  task: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  test: { type: 'boolean' },
  'test-cmd': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'test-timeout': { type: 'string' },
  'allow-net': { type: 'string' },
} as const;

export async function applyCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, APPLY_OPTIONS);
  if (values.help) {
    io.stdout.write(APPLY_HELP);
    return EXIT_OK;
  }
  const runId = positionals[0];
  const tests = parseTestOptions(values);
  if (runId === undefined || positionals.length > 1) throw usageError('squad apply takes one run id, e.g. squad apply 20261207-101500-123-ab12cd34.');
  const setup = await prepareLocal(values, io);
  const session = await openRunForWriting(setup, runId);
  try {
    const state = session.state;
    const tasks = values.task ?? [];
    const unknown = tasks.filter((t) => !state.tasks[t]);
    if (unknown.length > 0) throw usageError(`Run ${runId} has no task ${unknown.join(', ')}; its tasks: ${Object.keys(state.tasks).join(', ')}.`);
    const chosen = tasks.length > 0 ? tasks : Object.keys(state.tasks);
    const unfinished = chosen.filter((t) => state.tasks[t]?.status !== 'proposed');
    if (unfinished.length > 0) {
      const list = unfinished.map((t) => `${t} (${state.tasks[t]?.status ?? '?'})`).join(', ');
      setup.say(`Nothing was applied: ${list} did not propose changes. Continue the run (squad run --resume ${runId}) or apply the tasks that did: squad apply ${runId} --task ID.`);
      return EXIT_FAILED;
    }
    const settled = state.tests.settled?.outcome;
    if (settled !== undefined && settled !== 'passed') setup.say(`Note: the run's tests ended "${settled}": ${state.tests.settled?.summary ?? ''}`);
    await session.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'rejected' });
    for (const t of chosen) await session.emit({ type: 'review.decided', scope: { kind: 'task', taskId: t }, decision: 'accepted' });
    for (const line of selectionWarnings(session.state, values.test === true)) setup.say(line);
    if (values.test) {
      const tested = await testSelectionFirst(session, setup, tests, io);
      if (tested.kind !== 'ran' || !tested.passed) {
        const reason = tested.kind === 'ran' ? 'Nothing was applied: the tests fail on the chosen selection.' : 'Nothing was applied: the chosen selection could not be tested.';
        await session.emit({ type: 'changes.notApplied', kind: 'incomplete', reason });
        setup.say(reason);
        if (values.json) io.stdout.write(jsonLine({ runId, outcome: { kind: 'not-applied', reason }, selectionTests: tested }));
        return EXIT_FAILED;
      }
    }
    const store = cliCheckpointStore(setup.journalDir, setup.root, setup.say);
    const outcome = await applyAccepted(session, cliApplyPorts(setup.root, store, io.signal));
    if (outcome.kind !== 'applied') {
      const reason = outcome.kind === 'refused' ? 'Nothing was applied: files changed since the agents read them.' : `Nothing was applied: ${outcome.reason}`;
      await session.emit({ type: 'changes.notApplied', kind: outcome.kind, reason, ...(outcome.kind === 'refused' ? { problems: [...outcome.problems] } : {}) });
      setup.say(reason);
      if (outcome.kind === 'refused') for (const p of outcome.problems) setup.say(`  - ${p}`);
    } else {
      setup.say(`applied ${outcome.files.length} file(s): ${outcome.files.map((f) => `${f.path} ${f.action}${f.merged ? ' (merged with your edits)' : ''}`).join(', ')}; undo with: squad rollback ${runId}`);
    }
    if (values.json) io.stdout.write(jsonLine({ runId, outcome }));
    return outcome.kind === 'applied' ? EXIT_OK : EXIT_FAILED;
  } finally {
    await session.releaseWriter().catch(() => undefined);
    session.dispose();
  }
}
