/** `squad plan "<request>"`: summarise the workspace, ask the planner, print the plan. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isSquadError } from '../../core/common/errors';
import { createModelRouter } from '../../core/llm/roleModels';
import { PLANNER_ROLE, planFeature } from '../../core/plan/planner';
import type { RunEvent } from '../../core/run/events';
import { RunSession } from '../../core/run/session';
import { DEFAULT_MAX_FILES, renderSummary, summarizeWorkspace, SUMMARY_NOISE_GLOBS } from '../../core/workspace/summary';
import { createFsStorage } from '../../node/fsStorage';
import { createFsWorkspace } from '../../node/fsWorkspace';
import { parseCommandArgs, usageError } from '../args';
import { API_KEY_VARS, type CliConfig, resolveCliConfig, resolveJournalDir } from '../config';
import { PLAN_HELP } from '../help';
import { type CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { formatError, formatPlan, formatUsage, jsonLine, usageJson } from '../print';

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
  const config = resolveCliConfig(values, roleModels, io.env);
  const root = path.resolve(io.cwd, values.workspace ?? '.');
  const st = await fs.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw usageError(`The workspace "${root}" is not a folder.`);
  const model = createModelRouter({ provider: config.provider, ...keyAndUrl(config) }, config.models)(PLANNER_ROLE);
  const say = (line: string): void => void io.stderr.write(`${line}\n`);

  const workspace = createFsWorkspace(root, { ignoreGlobs: SUMMARY_NOISE_GLOBS });
  const summary = await summarizeWorkspace(workspace, { maxFiles: DEFAULT_MAX_FILES, ...(io.signal ? { signal: io.signal } : {}) });
  const journalDir = resolveJournalDir(values.journal, io.env, io.cwd);
  const session = await RunSession.start({
    storage: createFsStorage(journalDir),
    request,
    workspaceName: path.basename(root),
    roles: config.limits.roles,
  });
  const journal = path.join(journalDir, 'runs', session.runId, 'events.jsonl');
  say(`run ${session.runId} (journal: ${journal})`);
  session.onEvent((event) => progressLine(event, model.model, config.provider).forEach(say));

  try {
    const result = await planFeature({
      request,
      workspaceSummary: renderSummary(summary),
      model,
      session,
      limits: config.limits,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    await session.emit({ type: 'run.finished', outcome: 'planned' });
    const usage = session.state.usage;
    if (values.json) {
      io.stdout.write(jsonLine({
        runId: session.runId,
        request,
        provider: config.provider,
        model: model.model,
        attempts: result.attempts,
        plan: result.plan,
        usage: usageJson(usage),
        journal,
      }));
    } else {
      io.stdout.write(`${formatPlan(result.plan)}\n\n${formatUsage(usage)}\n`);
    }
    return EXIT_OK;
  } catch (err) {
    const code = isSquadError(err) ? err.code : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    const details = isSquadError(err) ? [...err.details] : [];
    await session.emit({ type: 'run.failed', code, message, ...(details.length > 0 ? { details } : {}) }).catch(() => undefined);
    say(formatError(code, message, details, hintFor(code, config)));
    if (values.json) {
      io.stdout.write(jsonLine({ runId: session.runId, request, error: { code, message, details }, usage: usageJson(session.state.usage), journal }));
    }
    return EXIT_FAILED;
  } finally {
    session.dispose();
  }
}

function keyAndUrl(config: CliConfig): { apiKey?: string; baseUrl?: string } {
  return { ...(config.apiKey ? { apiKey: config.apiKey } : {}), ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) };
}

function progressLine(event: RunEvent, model: string, provider: string): string[] {
  switch (event.type) {
    case 'plan.requested':
      return event.attempt === 1 ? [`planning with ${model} (${provider})…`] : [`attempt ${event.attempt}…`];
    case 'plan.rejected': {
      const n = event.problems.length;
      return [`attempt ${event.attempt}: plan had ${n} problem${n === 1 ? '' : 's'}`, ...event.problems.map((p) => `  - ${p}`)];
    }
    case 'plan.proposed':
      return [`plan ready: ${event.plan.tasks.length} tasks after ${event.attempt} attempt${event.attempt === 1 ? '' : 's'}`];
    default:
      return [];
  }
}

function hintFor(code: string, config: CliConfig): string | undefined {
  if (code === 'llm/auth') return `Check ${API_KEY_VARS[config.provider]}${config.baseUrl ? ` and --base-url ${config.baseUrl}` : ''}.`;
  if (code === 'llm/network' && config.baseUrl) return `Is the server at ${config.baseUrl} running?`;
  if (code === 'llm/rate_limited') return 'The provider is rate-limiting requests; try again in a minute.';
  return undefined;
}
