/**
 * Command-line parsing shared by every subcommand: the provider options plus the command's own,
 * through node's strict `parseArgs`. `--model-<role>` names are open-ended, so they are taken out
 * of the arguments before parseArgs sees them.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { SquadError } from '../core/common/errors';

/** Options every subcommand accepts (see config.ts for what they mean). */
export const SHARED_OPTIONS = {
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'max-tasks': { type: 'string' },
  roles: { type: 'string' },
  journal: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

/** Role names as they may appear in `--model-<role>`, `--roles` and `SQUAD_MODEL_<ROLE>`. */
export const ROLE_NAME = /^[a-z][a-z0-9_-]*$/;
const ROLE_MODEL_FLAG = /^--model-([^=]+)(?:=(.*))?$/s;

export interface RoleModelArgs {
  /** The arguments without any `--model-<role>` option. */
  readonly args: string[];
  /** role → model, in command-line order (a later flag wins). */
  readonly roleModels: Record<string, string>;
}

export function extractRoleModels(argv: readonly string[]): RoleModelArgs {
  const args: string[] = [];
  const roleModels: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const m = ROLE_MODEL_FLAG.exec(arg);
    if (!m) {
      args.push(arg);
      continue;
    }
    const role = (m[1] as string).toLowerCase();
    if (!ROLE_NAME.test(role)) throw usageError(`"${arg}" does not name a role: use --model-<role>, e.g. --model-planner.`);
    let model = m[2];
    if (model === undefined) {
      model = argv[i + 1];
      if (model === undefined || model.startsWith('-')) throw usageError(`Option "--model-${role}" needs a model name.`);
      i++;
    }
    if (model.trim() === '') throw usageError(`Option "--model-${role}" needs a model name.`);
    roleModels[role] = model.trim();
  }
  return { args, roleModels };
}

export function usageError(message: string): SquadError {
  return new SquadError('config/invalid', message);
}

/** Strict parse of `argv` (the arguments after the subcommand) against the shared and the command's options. */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(argv: readonly string[], options: O) {
  const { args, roleModels } = extractRoleModels(argv);
  try {
    const { values, positionals } = parseArgs({ args, options: { ...SHARED_OPTIONS, ...options }, strict: true, allowPositionals: true });
    return { values, positionals, roleModels };
  } catch (err) {
    // parseArgs' messages ("Unknown option '--foo'…") are already written for the user.
    throw usageError(err instanceof Error ? err.message : String(err));
  }
}

export type SharedValues = {
  readonly [K in keyof typeof SHARED_OPTIONS]?: (typeof SHARED_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};
