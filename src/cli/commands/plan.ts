/** `squad plan "<request>"`: summarise the workspace, ask the planner, print the plan. */
import * as path from 'node:path';
import { RunSession } from '../../core/run/session';
import { parseCommandArgs, usageError } from '../args';
import { PLAN_HELP } from '../help';
import { type CliIO, EXIT_OK } from '../io';
import { formatPlan, formatUsage, jsonLine, rosterJson, usageJson } from '../print';
import { journalFile, planInto, prepare, reportFailure, reportProgress } from '../runSetup';
import { PLANNER_ROLE } from '../../core/plan/planner';
import { estimatePlanInto } from '../../core/budget/runEstimate';
import { estimateJson, formatEstimate } from '../printEstimate';

const PLAN_OPTIONS = {
  workspace: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function planCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals, roleModels } = parseCommandArgs(argv, PLAN_OPTIONS);
  if (values.help) {
    io.stdout.write(PLAN_HELP);
    return EXIT_OK;
  }
  const request = positionals.join(' ').trim();
  if (request === '') throw usageError('squad plan needs a feature request, e.g. squad plan "Add due dates to tasks".');
  const prepared = await prepare(values, roleModels, io);
  const session = await RunSession.start({
    storage: prepared.storage,
    request,
    workspaceName: path.basename(prepared.root),
    roles: prepared.config.limits.roles,
    roster: prepared.roster,
  });
  const journal = journalFile(prepared, session.runId);
  prepared.say(`run ${session.runId} (journal: ${journal})`);
  reportProgress(session, prepared);

  try {
    const result = await planInto(session, prepared, io);
    await estimatePlanInto(session, prepared.storage, prepared.modelFor);
    await session.emit({ type: 'run.finished', outcome: 'planned' });
    const usage = session.state.usage;
    const estimate = session.state.estimate;
    if (values.json) {
      io.stdout.write(jsonLine({
        runId: session.runId,
        request,
        provider: prepared.config.provider,
        model: prepared.modelFor(PLANNER_ROLE).model,
        attempts: result.attempts,
        plan: result.plan,
        plannerInstructions: session.state.plannerInstructions ?? null,
        roles: rosterJson(session.state.roster),
        usage: usageJson(usage),
        estimate: estimate ? estimateJson(estimate) : null,
        journal,
      }));
    } else {
      io.stdout.write(`${formatPlan(result.plan, session.state.roster)}\n\n${estimate ? `${formatEstimate(estimate)}\n\n` : ''}${formatUsage(usage)}\n`);
    }
    return EXIT_OK;
  } catch (err) {
    return await reportFailure(err, session, prepared, io, values.json);
  } finally {
    session.dispose();
  }
}
