/**
 * Which models a run uses, from the settings and the key: the provider config and the role → model
 * map that the core's router takes. A missing key is a `config/missing_key` error raised before the
 * run starts, so no failed run is journaled for it. Pure: no `vscode`, no SDK.
 */
import { SquadError } from '../../core/common/errors';
import type { ProviderConfig } from '../../core/llm/factory';
import { describeRetry, type RetryNotice } from '../../core/llm/retryNotice';
import type { ModelMap } from '../../core/llm/roleModels';
import { API_KEY_ENV, type ApiKey, type KeyProvider } from '../secrets';
import type { Settings } from '../settings';
import type { HostLog } from './ports';
import { DEFAULT_MODELS } from '../../core/llm/defaultModels';

/** core/plan/planner's PLANNER_ROLE, named here so activation does not load the planner. */
export const PLANNER = 'planner';

export { DEFAULT_MODELS };

export interface KeyedModelConfig {
  readonly base: Omit<ProviderConfig, 'model'>;
  readonly map: ModelMap;
}

/** `log`: where each retry is said while it waits, so a rate-limited run does not look stuck. */
export function keyedModelConfig(
  settings: Settings & { readonly provider: KeyProvider },
  key: ApiKey | undefined,
  log?: HostLog,
  fileModels: Readonly<Record<string, string>> = {},
): KeyedModelConfig {
  const provider = settings.provider;
  const baseUrl = settings.baseUrl === '' ? undefined : settings.baseUrl;
  // A local OpenAI-compatible server (Ollama, LM Studio, vLLM) takes no key.
  if (!key && !(provider === 'openai' && baseUrl !== undefined)) {
    const local = provider === 'openai' ? ', or set squad.baseUrl for a local OpenAI-compatible server' : '';
    throw new SquadError('config/missing_key', `No API key for ${provider}: run "Squad: Set API Key" (or set ${API_KEY_ENV[provider]})${local}.`);
  }
  // An agent file's model is the role's own default; `squad.models` for the role wins over it.
  const roles: Record<string, string> = { ...fileModels };
  for (const [role, model] of Object.entries(settings.models)) if (model !== '') roles[role] = model;
  return {
    base: {
      provider,
      ...(key ? { apiKey: key.value } : {}),
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(log ? { onRetry: (n: RetryNotice) => log.warn(describeRetry(n)) } : {}),
    },
    map: { default: settings.model !== '' ? settings.model : DEFAULT_MODELS[provider], roles },
  };
}

export function usesKey(settings: Settings): settings is Settings & { readonly provider: KeyProvider } {
  return settings.provider === 'openai' || settings.provider === 'anthropic';
}
