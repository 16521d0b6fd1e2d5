/** What `plan` and `run` share: configuration, workspace, journal, planning and failure reporting. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isSquadError } from '../core/common/errors';
import type { ChatModel } from '../core/llm/chatModel';
import { loadRoster } from '../core/agents/roles/roster';
import type { RoleSpec } from '../core/agents/roles/spec';
import { describeRetry } from '../core/llm/retryNotice';
import { createModelRouter } from '../core/llm/roleModels';
import { PLANNER_ROLE } from '../core/plan/planner';
import { planRun } from '../core/run/driver';
import { narrate } from '../core/run/narrate';
import type { RunSession } from '../core/run/session';
import type { PlanFeatureResult } from '../core/plan/planner';
import { SUMMARY_NOISE_GLOBS } from '../core/workspace/summary';
import type { Storage, Workspace } from '../core/ports';
import { createFsStorage } from '../node/fsStorage';
import { findRipgrepOnPath } from '../node/findRipgrep';
import { createFsWorkspace } from '../node/fsWorkspace';
import { type SharedValues, usageError } from './args';
import { API_KEY_VARS, type CliConfig, resolveCliConfig, resolveRoleList } from './config';
import { journalDirFor } from './journalDir';
import { exitCodeFor, osErrorMessage } from './failures';
import type { CliIO } from './io';
import { formatError, jsonLine } from './print';
import { runJson } from './printRun';

export interface Prepared {
  readonly config: CliConfig;
  /** The squad's roles from the workspace's agent files and the built-ins, for a new run. */
  readonly roster: readonly RoleSpec[];
  readonly root: string;
  readonly workspace: Workspace;
  readonly modelFor: (role: string) => ChatModel;
  readonly journalDir: string;
  readonly storage: Storage;
  readonly say: (line: string) => void;
}

export async function prepare(
  values: SharedValues & { readonly workspace?: string },
  roleModels: Readonly<Record<string, string>>,
  io: CliIO,
): Promise<Prepared> {
  // Resolved once before the workspace is looked at, so a usage error is said first; the
  // --model-<role> flags are checked after, against the roles the workspace's agent files add.
  resolveCliConfig(values, {}, io.env);
  const root = path.resolve(io.cwd, values.workspace ?? '.');
  const st = await fs.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw usageError(`The workspace "${root}" is not a folder.`);
  // One workspace per command: its file index is built once and serves the whole run (rg lists it when installed).
  const ripgrep = await findRipgrepOnPath(io.env);
  const workspace = createFsWorkspace(root, { ignoreGlobs: SUMMARY_NOISE_GLOBS, ...(ripgrep ? { ripgrep } : {}) });
  const roles = resolveRoleList(values, io.env);
  const loaded = await loadRoster(workspace, roles ? { roles, rolesSource: values.roles !== undefined ? '--roles' : 'SQUAD_ROLES' } : {});
  const config = resolveCliConfig(values, roleModels, io.env, loaded.roster);
  const journalDir = await journalDirFor(values.journal, io.env, io.cwd, root);
  for (const warning of [...loaded.warnings, ...config.warnings]) io.stderr.write(`squad: warning: ${warning}\n`);
  return {
    config,
    roster: loaded.roster,
    root,
    workspace,
    // Each retry is said while it waits, so a rate-limited run does not look stuck.
    modelFor: createModelRouter({ provider: config.provider, ...keyAndUrl(config), onRetry: (n) => void io.stderr.write(`${describeRetry(n)}\n`) }, config.models),
    journalDir,
    storage: createFsStorage(journalDir),
    say: (line) => void io.stderr.write(`${line}\n`),
  };
}

export function journalFile(prepared: Prepared, runId: string): string {
  return path.join(prepared.journalDir, 'runs', runId, 'events.jsonl');
}

/** Prints live progress for every event of the session to stderr, in the narrator's words. */
export function reportProgress(session: RunSession, prepared: Prepared): void {
  const planner = `${prepared.modelFor(PLANNER_ROLE).model} (${prepared.config.provider})`;
  session.onEvent((event) => narrate(event, session.state, { planner }).forEach(prepared.say));
}

/** Summarises the workspace and asks the planner; the plan lands in the session as `plan.proposed`. */
export function planInto(session: RunSession, prepared: Prepared, io: CliIO): Promise<PlanFeatureResult> {
  return planRun(session, { workspace: prepared.workspace, modelFor: prepared.modelFor, planLimits: prepared.config.limits }, io.signal ?? new AbortController().signal);
}

/**
 * Records the failure in the journal, explains it on stderr and, with --json, prints it as the one
 * object. Returns the exit code: 2 for a configuration error (the provider refused the model or
 * the request), else 1.
 */
export async function reportFailure(err: unknown, session: RunSession, prepared: Prepared, io: CliIO, json: boolean | undefined): Promise<number> {
  const code = isSquadError(err) ? err.code : 'internal';
  const os = isSquadError(err) ? undefined : osErrorMessage(err);
  const message = os ?? (err instanceof Error ? err.message : String(err));
  const details = isSquadError(err) ? [...err.details] : [];
  await session.emit({ type: 'run.failed', code, message, ...(details.length > 0 ? { details } : {}) }).catch(() => undefined);
  // A file the OS refused is not Squad's internal error: say only what and why.
  prepared.say(os !== undefined ? `squad: ${os}` : formatError(code, message, details, hintFor(code, prepared.config)));
  if (json) {
    const journal = journalFile(prepared, session.runId);
    // The run as far as it got (every task of its plan), with the error: still one complete object.
    io.stdout.write(jsonLine({ ...runJson(session.state), status: 'failed', error: { code, message, details }, journal }));
  }
  return exitCodeFor(err);
}

function keyAndUrl(config: CliConfig): { apiKey?: string; baseUrl?: string } {
  return { ...(config.apiKey ? { apiKey: config.apiKey } : {}), ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) };
}

function hintFor(code: string, config: CliConfig): string | undefined {
  if (code === 'llm/auth') return `Check ${API_KEY_VARS[config.provider]}${config.baseUrl ? ` and --base-url ${config.baseUrl}` : ''}.`;
  if (code === 'llm/network' && config.baseUrl) return `Is the server at ${config.baseUrl} running?`;
  if (code === 'llm/rate_limited') return 'The provider is rate-limiting requests; try again in a minute.';
  return undefined;
}
