/**
 * The model and plan configuration of a CLI run, from flags and environment variables: a flag
 * always wins over the environment. Every problem is a `config/*` SquadError (exit code 2).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { SquadError } from '../core/common/errors';
import { baseUrlProblem } from '../core/llm/baseUrl';
import type { ProviderName } from '../core/llm/factory';
import { DEFAULT_MODELS } from '../core/llm/defaultModels';
import type { ModelMap } from '../core/llm/roleModels';
import { fileModels } from '../core/agents/roles/roster';
import type { RoleSpec } from '../core/agents/roles/spec';
import { PLANNER_ROLE } from '../core/plan/planner';
import { DEFAULT_ROLES } from '../core/plan/schema';
import { DEFAULT_PLAN_LIMITS, type PlanLimits } from '../core/plan/validate';
import { ROLE_NAME, type SharedValues, usageError } from './args';

export const PROVIDERS: readonly ProviderName[] = ['openai', 'anthropic'];

/** Override with --model / --model-<role>. */
export { DEFAULT_MODELS };

export const API_KEY_VARS: Readonly<Record<ProviderName, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

export const MAX_TASKS_LIMIT = 100;

export interface CliConfig {
  readonly provider: ProviderName;
  readonly baseUrl?: string;
  readonly apiKey?: string;
  readonly models: ModelMap;
  readonly limits: PlanLimits;
  /** Problems that do not stop the run (a SQUAD_MODEL_<ROLE> for a role this squad lacks). */
  readonly warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * `roster`: the squad's roles as loaded from the workspace's agent files (loadRoster); it decides
 * the roles, and each file's `model` sits below the user's per-role choices and `--model`.
 */
export function resolveCliConfig(values: SharedValues, roleModels: Readonly<Record<string, string>>, env: Env, roster?: readonly RoleSpec[]): CliConfig {
  const providerText = nonEmpty(values.provider) ?? nonEmpty(env['SQUAD_PROVIDER']) ?? 'openai';
  if (!(PROVIDERS as readonly string[]).includes(providerText)) {
    throw usageError(`Unknown provider "${providerText}"; use ${PROVIDERS.join(' or ')}.`);
  }
  const provider = providerText as ProviderName;

  const flagUrl = nonEmpty(values['base-url']);
  const baseUrl = flagUrl ?? nonEmpty(env['SQUAD_BASE_URL']);
  const urlProblem = baseUrl === undefined ? undefined : baseUrlProblem(baseUrl);
  if (urlProblem !== undefined) {
    throw usageError(`${flagUrl !== undefined ? '--base-url' : 'SQUAD_BASE_URL'} "${baseUrl}" is not a usable base URL: ${urlProblem}.`);
  }

  const keyVar = API_KEY_VARS[provider];
  const apiKey = nonEmpty(env[keyVar]);
  // Local OpenAI-compatible servers (Ollama, LM Studio, vLLM) take no key.
  if (apiKey === undefined && !(provider === 'openai' && baseUrl !== undefined)) {
    const hint = provider === 'openai' ? ', or pass --base-url for a local OpenAI-compatible server' : '';
    throw new SquadError('config/missing_key', `No API key for ${provider}: set ${keyVar}${hint}.`);
  }

  const configured = resolveLimits(values, env);
  const limits = roster ? { ...configured, roles: roster.map((r) => r.name) } : configured;
  const warnings: string[] = [];
  return {
    provider,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
    models: resolveModels(provider, values.model, roleModels, env, limits.roles, warnings, roster ? fileModels(roster) : {}),
    limits,
    warnings,
  };
}

/**
 * `--model` replaces the whole environment's choice, per-role variables included: what the user
 * typed is what runs. `--model-<role>` then overrides single roles.
 *
 * A `--model-<role>` for a role the squad does not have is a typo the user just made: refused. A
 * `SQUAD_MODEL_<ROLE>` for one is only a warning: such variables live in a shell profile and serve
 * every project, some of which have roles (`--roles`) that this one lacks.
 */
function resolveModels(
  provider: ProviderName,
  flagModel: string | undefined,
  flagRoles: Readonly<Record<string, string>>,
  env: Env,
  squadRoles: readonly string[],
  warnings: string[],
  fromFiles: Readonly<Record<string, string>>,
): ModelMap {
  const known = [PLANNER_ROLE, ...squadRoles.filter((r) => r !== PLANNER_ROLE)];
  const unknownFlags = Object.keys(flagRoles).filter((r) => !known.includes(r));
  if (unknownFlags.length > 0) {
    const flags = unknownFlags.map((r) => `--model-${r}`).join(', ');
    throw usageError(`${flags}: the squad has no such role; its roles are ${known.join(', ')} (set them with --roles).`);
  }
  const fromFlag = nonEmpty(flagModel);
  // An agent file's model is the role's own default: any choice the user made for the role wins.
  const roles: Record<string, string> = fromFlag === undefined ? { ...fromFiles } : {};
  if (fromFlag === undefined) {
    for (const [name, { roles: candidates, model }] of envRoleModels(env)) {
      const role = candidates.find((r) => known.includes(r));
      if (role !== undefined) roles[role] = model;
      else warnings.push(`${name} is ignored: the squad has no role "${candidates[0]}" (its roles are ${known.join(', ')}).`);
    }
  }
  Object.assign(roles, flagRoles);
  return { default: fromFlag ?? nonEmpty(env['SQUAD_MODEL']) ?? DEFAULT_MODELS[provider], roles };
}

/** `SQUAD_MODEL_PLANNER=x` → planner; `_` may also stand for `-` (env names cannot hold one). */
function envRoleModels(env: Env): Map<string, { roles: string[]; model: string }> {
  const out = new Map<string, { roles: string[]; model: string }>();
  for (const [name, value] of Object.entries(env)) {
    const m = /^SQUAD_MODEL_(.+)$/.exec(name);
    const model = nonEmpty(value);
    if (!m || model === undefined) continue;
    const role = (m[1] as string).toLowerCase();
    out.set(name, { roles: role.includes('_') ? [role, role.replaceAll('_', '-')] : [role], model });
  }
  return out;
}

/** The roles `--roles` (or SQUAD_ROLES) lists; undefined when neither is set. */
export function resolveRoleList(values: SharedValues, env: Env): readonly string[] | undefined {
  const rolesText = nonEmpty(values.roles) ?? nonEmpty(env['SQUAD_ROLES']);
  if (rolesText === undefined) return undefined;
  const list = [...new Set(rolesText.split(',').map((r) => r.trim().toLowerCase()).filter((r) => r !== ''))];
  const bad = list.filter((r) => !ROLE_NAME.test(r));
  if (list.length === 0 || bad.length > 0) {
    throw usageError(`--roles takes a comma-separated list of role names (letters, digits, "-", "_"), got "${rolesText}".`);
  }
  return list;
}

function resolveLimits(values: SharedValues, env: Env): PlanLimits {
  const roles: readonly string[] = resolveRoleList(values, env) ?? DEFAULT_ROLES;
  let maxTasks = DEFAULT_PLAN_LIMITS.maxTasks;
  const maxText = nonEmpty(values['max-tasks']) ?? nonEmpty(env['SQUAD_MAX_TASKS']);
  if (maxText !== undefined) {
    maxTasks = Number(maxText);
    if (!/^\d+$/.test(maxText) || maxTasks < 1 || maxTasks > MAX_TASKS_LIMIT) {
      throw usageError(`--max-tasks takes a whole number from 1 to ${MAX_TASKS_LIMIT}, got "${maxText}".`);
    }
  }
  return { roles, maxTasks };
}

/**
 * Where run journals go: `--journal DIR`, else the user's state folder. Never the workspace:
 * a plan must not leave files in the user's project.
 */
export function resolveJournalDir(flag: string | undefined, env: Env, cwd: string): string {
  if (nonEmpty(flag) !== undefined) return path.resolve(cwd, flag as string);
  const state = nonEmpty(env['XDG_STATE_HOME']);
  if (state !== undefined && path.isAbsolute(state)) return path.join(state, 'squad');
  const home = nonEmpty(env['HOME']) ?? nonEmpty(env['USERPROFILE']) ?? os.homedir();
  return path.join(home, '.local', 'state', 'squad');
}
