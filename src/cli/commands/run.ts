/**
 * `squad run "<request>"`: the core run driver with the CLI's answers: the plan runs at once,
 * the test command runs only when --yes (or an earlier --yes) allowed it, and --apply writes the
 * run only when it completed and its tests passed or were not configured. `--resume RUN_ID`
 * continues a run whose process stopped; one process works on a run at a time.
 */
import * as path from 'node:path';
import { driveRun, type DriverConfig } from '../../core/run/driver';
import { RunSession } from '../../core/run/session';
import { createWorkerRegexMatcher } from '../../node/regexWorker';
import { nodeTestEnvironment } from '../../node/testEnvironment';
import { parseCommandArgs, usageError } from '../args';
import { cliApplyPorts, cliCheckpointStore } from '../applyPorts';
import { RUN_HELP } from '../help';
import { type CliIO, EXIT_OK } from '../io';
import { formatPlan, jsonLine } from '../print';
import { formatRunResult, runExitCode, runJson } from '../printRun';
import { journalFile, prepare, type Prepared, reportFailure, reportProgress } from '../runSetup';
import { cliTestApproval, parseTestOptions, type TestOptions } from '../testSetup';
import { type McpSetup, parseMcpOptions, prepareMcp } from '../mcpSetup';
import { cliBudgetPort, parseBudgetOption } from '../budgetSetup';
import type { RunBudget } from '../../core/budget/runBudget';
import { formatEstimate } from '../printEstimate';

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
  'allow-net': { type: 'string' },
  'allow-mcp': { type: 'string', multiple: true },
  'agent-tools': { type: 'string', multiple: true },
  budget: { type: 'string', multiple: true },
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
  const tests = parseTestOptions(values);
  const mcpOptions = parseMcpOptions(values);
  const budget = parseBudgetOption(values.budget);
  const prepared = await prepare(values, roleModels, io);
  // Read before the run starts, so a bad --allow-mcp is a usage error with nothing journaled; no server starts here.
  const mcp = await prepareMcp({ root: prepared.root, storage: prepared.storage, env: io.env, ...(prepared.config.apiKey ? { apiKey: prepared.config.apiKey } : {}), options: mcpOptions, say: prepared.say });
  const session = values.resume
    ? await RunSession.resume(prepared.storage, values.resume)
    : await RunSession.start({ storage: prepared.storage, request, workspaceName: path.basename(prepared.root), roles: prepared.config.limits.roles, roster: prepared.roster });
  // Thrown before anything is recorded: a second process on the same run is a usage problem (exit 2).
  await session.acquireWriter().catch((err: unknown) => {
    session.dispose();
    throw err;
  });
  prepared.say(`run ${session.runId} (journal: ${journalFile(prepared, session.runId)})${values.resume ? ' — resumed' : ''}`);
  reportProgress(session, prepared);
  const regex = createWorkerRegexMatcher();
  try {
    return await execute(session, prepared, io, { concurrency, json: values.json === true, apply: values.apply === true, tests, regex, mcp, ...(budget ? { budget } : {}) });
  } catch (err) {
    return await reportFailure(err, session, prepared, io, values.json);
  } finally {
    // The MCP servers stop with the run, whichever way it ended.
    await mcp.close();
    await session.releaseWriter().catch(() => undefined);
    session.dispose();
    await regex.dispose();
  }
}

interface ExecuteOptions {
  readonly concurrency: number;
  readonly json: boolean;
  readonly apply: boolean;
  readonly tests: TestOptions;
  readonly regex: ReturnType<typeof createWorkerRegexMatcher>;
  readonly mcp: McpSetup;
  readonly budget?: RunBudget;
}

async function execute(session: RunSession, prepared: Prepared, io: CliIO, opts: ExecuteOptions): Promise<number> {
  const signal = io.signal ?? new AbortController().signal;
  const config: DriverConfig = {
    root: prepared.root,
    workspace: prepared.workspace,
    storage: prepared.storage,
    modelFor: prepared.modelFor,
    concurrency: opts.concurrency,
    planLimits: prepared.config.limits,
    maxFixRounds: opts.tests.maxFixRounds,
    regex: opts.regex,
    ...(opts.mcp.config ? { externalTools: opts.mcp.config } : {}),
    ...(opts.budget ? { budget: opts.budget } : {}),
    tests: nodeTestEnvironment({
      root: prepared.root,
      ...(opts.tests.testCmd ? { userCommand: opts.tests.testCmd } : {}),
      // A terminal user who runs squad in a folder trusts it as much as their shell does.
      trusted: true,
      env: io.env,
      apiKeys: async () => [prepared.config.apiKey],
      timeoutMs: opts.tests.timeoutMs,
      network: opts.tests.network,
      signal,
    }),
  };
  const plan = session.state.plan;
  session.onEvent((e) => {
    if (e.type === 'plan.proposed' && !opts.json) io.stdout.write(`${formatPlan(e.plan, session.state.roster)}\n\n`);
    if (e.type === 'plan.estimated' && !opts.json) io.stdout.write(`${formatEstimate(e)}\n\n`);
  });
  if (plan && !opts.json) io.stdout.write(`${formatPlan(plan, session.state.roster)}\n\n`);
  const store = opts.apply ? cliCheckpointStore(prepared.journalDir, prepared.root, prepared.say) : undefined;
  await driveRun(session, config, {
    planGate: () => 'auto',
    testApproval: cliTestApproval(opts.tests.yes, prepared.say),
    budgetReached: cliBudgetPort(io, () => session.runId, prepared.say, !opts.json),
    ...(store ? { autoApply: () => ({ ports: cliApplyPorts(prepared.root, store, signal), requireTests: false }) } : {}),
  }, signal);
  io.stdout.write(opts.json ? jsonLine(runJson(session.state)) : formatRunResult(session.state, opts.apply));
  return runExitCode(session.state, opts.apply);
}

function parseConcurrency(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 32) throw usageError(`--concurrency takes a whole number from 1 to 32, got "${text}".`);
  return n;
}

