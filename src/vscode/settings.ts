/**
 * The extension's settings (`squad.*`), parsed with zod each time they are needed. An invalid
 * value never stops Squad: that one setting falls back to its default, and the problem names the
 * setting so the user can fix it. No `vscode` import: the caller passes the configuration's `get`
 * (or a plain object in tests).
 */
import { z } from 'zod';
import { baseUrlProblem } from '../core/llm/baseUrl';
import { RunBudgetSchema } from '../core/budget/runBudget';

export const SETTINGS_SECTION = 'squad';

export const PROVIDERS = ['openai', 'anthropic', 'vscode-lm'] as const;
export type SettingsProvider = (typeof PROVIDERS)[number];

export const AUTONOMY_LEVELS = ['review-plan-and-changes', 'review-changes', 'apply-when-tests-pass'] as const;
export type Autonomy = (typeof AUTONOMY_LEVELS)[number];

const PriceSchema = z.object({
  inputPerMTok: z.number().nonnegative(),
  outputPerMTok: z.number().nonnegative(),
  cacheReadPerMTok: z.number().nonnegative().optional(),
  cacheWritePerMTok: z.number().nonnegative().optional(),
});

const SCHEMAS = {
  provider: z.enum(PROVIDERS),
  baseUrl: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const problem = v === '' ? undefined : baseUrlProblem(v);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `must be empty or a usable http(s) URL: ${problem}` });
    }),
  model: z.string().trim(),
  models: z.record(z.string(), z.string().trim()),
  concurrency: z.number().int().min(1).max(32),
  maxFixRounds: z.number().int().min(0).max(10),
  testCommand: z.string().trim(),
  testTimeoutSeconds: z.number().int().min(1),
  autonomy: z.enum(AUTONOMY_LEVELS),
  ignore: z.array(z.string()),
  prices: z.record(z.string(), PriceSchema),
  maxTurns: z.number().int().min(1),
  maxTokensPerTask: z.number().int().min(1000),
  testNetwork: z.array(z.string().trim().regex(/^(all|\*|(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5})$/, 'takes "all" or host:port entries')),
  checkpointsToKeep: z.number().int().min(1).max(1000),
  /** role → external tools it may use (VS Code's tool names, `server/tool`, `server/*`). */
  agentTools: z.record(z.string(), z.array(z.string().trim().min(1))),
  /** The run's budget: tokens and/or USD; {} is no limit (core/budget/runBudget.ts). */
  runBudget: RunBudgetSchema,
} as const;

export type SettingKey = keyof typeof SCHEMAS;
export type Settings = { readonly [K in SettingKey]: z.output<(typeof SCHEMAS)[K]> };

/** The same defaults as package.json's `contributes.configuration`. */
export const DEFAULT_SETTINGS: Settings = {
  provider: 'openai',
  baseUrl: '',
  model: '',
  models: {},
  concurrency: 4,
  maxFixRounds: 3,
  testCommand: '',
  testTimeoutSeconds: 600,
  autonomy: 'review-plan-and-changes',
  ignore: [],
  prices: {},
  maxTurns: 40,
  maxTokensPerTask: 600_000,
  testNetwork: [],
  checkpointsToKeep: 20,
  agentTools: {},
  runBudget: {},
};

export const SETTING_KEYS = Object.keys(SCHEMAS) as SettingKey[];

export interface SettingProblem {
  /** The full setting id, e.g. `squad.concurrency`. */
  readonly setting: string;
  /** One sentence for the user: what is wrong and what is used instead. */
  readonly message: string;
}

export interface ParsedSettings {
  readonly settings: Settings;
  readonly problems: readonly SettingProblem[];
}

/** `get('concurrency')` returns the value as VS Code merges it (user, workspace, default). */
export function parseSettings(get: (key: SettingKey) => unknown): ParsedSettings {
  const settings: Record<string, unknown> = {};
  const problems: SettingProblem[] = [];
  for (const key of SETTING_KEYS) {
    const raw = get(key);
    if (raw === undefined || raw === null) {
      settings[key] = DEFAULT_SETTINGS[key];
      continue;
    }
    const parsed = SCHEMAS[key].safeParse(raw);
    if (parsed.success) {
      settings[key] = parsed.data;
      continue;
    }
    settings[key] = DEFAULT_SETTINGS[key];
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (at ${issue.path.map(String).join('.')})` : '';
    problems.push({
      setting: `${SETTINGS_SECTION}.${key}`,
      message: `The setting ${SETTINGS_SECTION}.${key} is invalid${where}: ${issue?.message ?? 'unexpected value'} (got ${preview(raw)}); using the default ${preview(DEFAULT_SETTINGS[key])}.`,
    });
  }
  // Every key was filled from its own schema or default above.
  return { settings: settings as unknown as Settings, problems };
}

/** Settings from a plain object of `squad.*` values (keys without the prefix), for tests and tools. */
export function parseSettingsObject(values: Readonly<Record<string, unknown>>): ParsedSettings {
  return parseSettings((key) => (Object.hasOwn(values, key) ? values[key] : undefined));
}

/** The model a role uses: its `squad.models` entry, else `squad.model`, else '' (the provider's default). */
export function configuredModel(settings: Settings, role: string): string {
  const own = Object.hasOwn(settings.models, role) ? settings.models[role] : undefined;
  return own !== undefined && own !== '' ? own : settings.model;
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** `squad.models` with one role's model set ('' removes the role, so it uses `squad.model`). */
export function withRoleModel(models: Readonly<Record<string, unknown>> | undefined, role: string, model: string): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [r, m] of Object.entries(models ?? {})) if (typeof m === 'string' && r !== role) next[r] = m;
  const value = model.trim();
  if (value !== '') next[role] = value;
  return next;
}
