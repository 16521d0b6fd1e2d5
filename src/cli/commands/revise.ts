/**
 * `squad revise RUN_ID --task ID [--file PATH] "<comment>"`: request changes from the command line.
 * The comment goes to that task's agent (the core driver's reviseTask), which revises its proposal
 * in a round of its own; tasks built on it that had proposed are told. Prints the run's proposals
 * as `squad run` does. Exit 0 when the task revised, 1 when its round failed.
 */
import { isSquadError } from '../../core/common/errors';
import { reviseTask, revisionProblem, type DriverConfig } from '../../core/run/driver';
import type { ReviewScope } from '../../core/run/reviewEvents';
import { RunSession } from '../../core/run/session';
import { createWorkerRegexMatcher } from '../../node/regexWorker';
import { parseCommandArgs, usageError } from '../args';
import { REVISE_HELP } from '../help';
import { type CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { jsonLine } from '../print';
import { formatRunResult, runJson } from '../printRun';
import { journalFile, prepare, reportFailure, reportProgress } from '../runSetup';
import { DEFAULT_CONCURRENCY } from './run';
import { cliBudgetPort, parseBudgetOption } from '../budgetSetup';

const REVISE_OPTIONS = {
  workspace: { type: 'string' },
  task: { type: 'string' },
  file: { type: 'string' },
  json: { type: 'boolean' },
  budget: { type: 'string', multiple: true },
} as const;

export async function reviseCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals, roleModels } = parseCommandArgs(argv, REVISE_OPTIONS);
  if (values.help) {
    io.stdout.write(REVISE_HELP);
    return EXIT_OK;
  }
  const [runId, ...words] = positionals;
  const comment = words.join(' ').trim();
  if (runId === undefined || values.task === undefined || comment === '') throw usageError('squad revise takes a run id, --task ID and what should change, e.g. squad revise RUN_ID --task t1 "Use the existing date helper".');
  const budget = parseBudgetOption(values.budget);
  const scope: ReviewScope = values.file !== undefined ? { kind: 'file', taskId: values.task, path: values.file } : { kind: 'task', taskId: values.task };
  const prepared = await prepare(values, roleModels, io);
  const session = await RunSession.resume(prepared.storage, runId);
  await session.acquireWriter().catch((err: unknown) => {
    session.dispose();
    throw err;
  });
  // A request that cannot be honoured is a usage error, and nothing is journaled.
  const problem = revisionProblem(session.state, { scope, comment });
  if (problem) {
    await session.releaseWriter().catch(() => undefined);
    session.dispose();
    throw usageError(problem);
  }
  prepared.say(`run ${session.runId} (journal: ${journalFile(prepared, session.runId)}) — asking ${values.task} to revise`);
  reportProgress(session, prepared);
  const regex = createWorkerRegexMatcher();
  try {
    const config: DriverConfig = {
      root: prepared.root,
      workspace: prepared.workspace,
      storage: prepared.storage,
      modelFor: prepared.modelFor,
      concurrency: DEFAULT_CONCURRENCY,
      planLimits: prepared.config.limits,
      maxFixRounds: session.state.tests.maxFixRounds,
      regex,
      ...(budget ? { budget } : {}),
    };
    const outcome = await reviseTask(session, config, { scope, comment }, io.signal ?? new AbortController().signal, cliBudgetPort(io, () => session.runId, prepared.say, values.json !== true));
    io.stdout.write(values.json ? jsonLine({ ...runJson(session.state), revision: { taskId: outcome.taskId, round: outcome.round, outcome: outcome.result.outcome, dependents: outcome.dependents, told: outcome.told } }) : formatRunResult(session.state));
    return outcome.result.outcome === 'proposed' ? EXIT_OK : EXIT_FAILED;
  } catch (err) {
    if (isSquadError(err, 'cancelled') && session.state.budget.stopped) {
      // Stopped at the budget: paused, not failed; `squad run --resume` finishes the revision (the line above says how).
      await session.emit({ type: 'run.finished', outcome: 'cancelled' });
      if (values.json) io.stdout.write(jsonLine(runJson(session.state)));
      return EXIT_FAILED;
    }
    return await reportFailure(err, session, prepared, io, values.json);
  } finally {
    await session.releaseWriter().catch(() => undefined);
    session.dispose();
    await regex.dispose();
  }
}
