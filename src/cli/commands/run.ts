/**
 * `squad run "<request>"`: plan, then let the squad work: each task's agent proposes changes,
 * independent tasks in parallel. Prints each agent's diffs and the usage; writes nothing to the
 * workspace unless --apply. `--resume RUN_ID` continues a run whose process died.
 */
import * as path from 'node:path';
import { executeSquad } from '../../core/agents/squad';
import { finalFiles } from '../../core/changes/final';
import { RunSession } from '../../core/run/session';
import { createSandbox } from '../../core/tools';
import { writeFinalFiles } from '../../node/writeFiles';
import { parseCommandArgs, usageError } from '../args';
import { RUN_HELP } from '../help';
import { type CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { formatPlan, jsonLine } from '../print';
import { formatRunResult, runJson } from '../printRun';
import { journalFile, planInto, prepare, type Prepared, reportFailure, reportProgress } from '../runSetup';

const RUN_OPTIONS = {
  workspace: { type: 'string' },
  json: { type: 'boolean' },
  concurrency: { type: 'string' },
  apply: { type: 'boolean' },
  resume: { type: 'string' },
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
  const prepared = await prepare(values, roleModels, io);
  const session = values.resume
    ? await RunSession.resume(prepared.storage, values.resume)
    : await RunSession.start({ storage: prepared.storage, request, workspaceName: path.basename(prepared.root), roles: prepared.config.limits.roles });
  prepared.say(`run ${session.runId} (journal: ${journalFile(prepared, session.runId)})${values.resume ? ' — resumed' : ''}`);
  reportProgress(session, prepared);

  try {
    return await execute(session, prepared, io, { concurrency, json: values.json === true, apply: values.apply === true });
  } catch (err) {
    await reportFailure(err, session, prepared, io, values.json);
    return EXIT_FAILED;
  } finally {
    session.dispose();
  }
}

async function execute(session: RunSession, prepared: Prepared, io: CliIO, opts: { concurrency: number; json: boolean; apply: boolean }): Promise<number> {
  if (!session.state.plan) await planInto(session, prepared, io);
  const plan = session.state.plan;
  if (!plan) throw new Error('planning ended without a plan');
  if (!opts.json) io.stdout.write(`${formatPlan(plan)}\n\n`);
  if (!session.events.some((e) => e.type === 'plan.approved')) await session.emit({ type: 'plan.approved', by: 'auto' });

  const signal = io.signal ?? new AbortController().signal;
  const { outcome, changes } = await executeSquad(
    { session, workspace: prepared.workspace, sandbox: createSandbox(prepared.workspace), modelFor: prepared.modelFor, concurrency: opts.concurrency },
    signal,
  );
  // A resumed run may end differently from how it stopped (a cancelled run that now completed).
  if (session.state.status !== outcome) await session.emit({ type: 'run.finished', outcome });

  let applied: Awaited<ReturnType<typeof writeFinalFiles>> | undefined;
  if (opts.apply && outcome !== 'cancelled') {
    const settledOrder = session.events.flatMap((e) => (e.type === 'task.finished' && e.outcome === 'proposed' ? [e.taskId] : []));
    applied = await writeFinalFiles(prepared.root, await finalFiles(changes, settledOrder));
    for (const s of applied.skipped) prepared.say(`not applied: ${s.path}: ${s.reason}`);
  }
  io.stdout.write(opts.json ? jsonLine(runJson(session.state, applied)) : formatRunResult(session.state, applied));
  return outcome === 'completed' ? EXIT_OK : EXIT_FAILED;
}

function parseConcurrency(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 32) throw usageError(`--concurrency takes a whole number from 1 to 32, got "${text}".`);
  return n;
}
