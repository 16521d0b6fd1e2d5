/**
 * `squad run "<request>"`: plan, then let the squad work: each task's agent proposes changes,
 * independent tasks in parallel. Prints each agent's diffs and the usage; writes nothing to the
 * workspace unless --apply. `--resume RUN_ID` continues a run whose process died.
 */
import * as path from 'node:path';
import { createSquad } from '../../core/agents/squad';
import { agentTestRunner } from '../../core/testing/agentTests';
import { runTestLoop, type TestLoopOutcome } from '../../core/testing/loop';
import { finalFiles } from '../../core/changes/final';
import { RunSession } from '../../core/run/session';
import { createSandbox } from '../../core/tools';
import type { RegexMatcher } from '../../core/tools/regexMatcher';
import { createWorkerRegexMatcher } from '../../node/regexWorker';
import { writeFinalFiles } from '../../node/writeFiles';
import { parseCommandArgs, usageError } from '../args';
import { RUN_HELP } from '../help';
import { type CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { formatPlan, jsonLine } from '../print';
import { formatRunResult, runJson } from '../printRun';
import { journalFile, planInto, prepare, type Prepared, reportFailure, reportProgress } from '../runSetup';
import { parseTestOptions, planTests, type TestOptions } from '../testSetup';

const RUN_OPTIONS = {
  workspace: { type: 'string' },
  json: { type: 'boolean' },
  concurrency: { type: 'string' },
  apply: { type: 'boolean' },
  resume: { type: 'string' },
  'test-cmd': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'max-fix-rounds': { type: 'string' },
  'test-timeout': { type: 'string' },
} as const;

export const DEFAULT_CONCURRENCY = 4;

export async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals, roleModels } = parseCommandArgs(argv, RUN_OPTIONS);
  if (values.help) {
    io.stdout.write(RUN_HELP);
    return EXIT_OK;
  }
  const request = positionals.join(' ').trim();
  if (request === '' && values.resume === undefined) throw usageError('squad run needs a feature request, e.g. squad run "Add due dates to tasks".');
  if (request !== '' && values.resume !== undefined) throw usageError('Give either a request or --resume RUN_ID, not both.');
  const concurrency = parseConcurrency(values.concurrency);
  const testOptions = parseTestOptions(values);
  const prepared = await prepare(values, roleModels, io);
  const session = values.resume
    ? await RunSession.resume(prepared.storage, values.resume)
    : await RunSession.start({ storage: prepared.storage, request, workspaceName: path.basename(prepared.root), roles: prepared.config.limits.roles });
  prepared.say(`run ${session.runId} (journal: ${journalFile(prepared, session.runId)})${values.resume ? ' — resumed' : ''}`);
  reportProgress(session, prepared);
  const regex = createWorkerRegexMatcher();

  try {
    return await execute(session, prepared, io, { concurrency, json: values.json === true, apply: values.apply === true, tests: testOptions, regex });
  } catch (err) {
    await reportFailure(err, session, prepared, io, values.json);
    return EXIT_FAILED;
  } finally {
    session.dispose();
    await regex.dispose();
  }
}

interface ExecuteOptions {
  readonly concurrency: number;
  readonly json: boolean;
  readonly apply: boolean;
  readonly tests: TestOptions;
  readonly regex: RegexMatcher;
}

async function execute(session: RunSession, prepared: Prepared, io: CliIO, opts: ExecuteOptions): Promise<number> {
  if (!session.state.plan) await planInto(session, prepared, io);
  const plan = session.state.plan;
  if (!plan) throw new Error('planning ended without a plan');
  if (!opts.json) io.stdout.write(`${formatPlan(plan)}\n\n`);
  if (!session.events.some((e) => e.type === 'plan.approved')) await session.emit({ type: 'plan.approved', by: 'auto' });

  const tests = await planTests(prepared, opts.tests, io);
  if (tests.kind === 'skip') prepared.say(`tests will not run: ${tests.why}.`);
  else if (!session.events.some((e) => e.type === 'tests.configured')) {
    await session.emit({ type: 'tests.configured', command: tests.execution.command.command, source: tests.source, maxFixRounds: opts.tests.maxFixRounds });
  }

  const signal = io.signal ?? new AbortController().signal;
  const squad = createSquad({
    session,
    workspace: prepared.workspace,
    sandbox: createSandbox(prepared.workspace),
    modelFor: prepared.modelFor,
    concurrency: opts.concurrency,
    regex: opts.regex,
    ...(tests.kind === 'run' ? { runTestsFor: agentTestRunner(tests.execution, session) } : {}),
  });
  const outcome = await squad.execute(signal);
  let testOutcome: TestLoopOutcome | undefined;
  if (tests.kind === 'run' && outcome !== 'cancelled' && squad.settledOrder().length > 0 && !session.state.tests.settled) {
    testOutcome = await runTestLoop({ session, squad, execution: tests.execution, maxFixRounds: opts.tests.maxFixRounds, concurrency: opts.concurrency }, signal);
  }
  const finalOutcome = testOutcome === 'cancelled' ? 'cancelled' : outcome;
  // A resumed run may end differently from how it stopped (a cancelled run that now completed).
  if (session.state.status !== finalOutcome) await session.emit({ type: 'run.finished', outcome: finalOutcome });

  let applied: Awaited<ReturnType<typeof writeFinalFiles>> | undefined;
  if (opts.apply && finalOutcome !== 'cancelled') {
    applied = await writeFinalFiles(prepared.root, await finalFiles(squad.changes, squad.settledOrder()));
    for (const s of applied.skipped) prepared.say(`not applied: ${s.path}: ${s.reason}`);
  }
  io.stdout.write(opts.json ? jsonLine(runJson(session.state, applied)) : formatRunResult(session.state, applied));
  const testsOk = session.state.tests.settled === undefined || session.state.tests.settled.outcome === 'passed';
  return finalOutcome === 'completed' && testsOk ? EXIT_OK : EXIT_FAILED;
}

function parseConcurrency(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 32) throw usageError(`--concurrency takes a whole number from 1 to 32, got "${text}".`);
  return n;
}
