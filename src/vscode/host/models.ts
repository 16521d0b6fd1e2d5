/**
 * Each role's model for a run: `vscode.lm` models (no key), or OpenAI / Anthropic with the key
 * from the secret storage (or the environment). The SDK adapters load only when a run needs them.
 */
import * as vscode from 'vscode';
import type { ApiKeys } from '../secrets';
import { keyedModelConfig, PLANNER, usesKey } from './modelConfig';
import type { HostLog, HostPorts } from './ports';

export function modelResolver(keys: ApiKeys, log?: HostLog): HostPorts['models'] {
  return async (settings, roles, fileModels = {}) => {
    if (!usesKey(settings)) {
      const { createLmRouter } = await import('../lm');
      return createLmRouter(vscode, settings, [PLANNER, ...roles], fileModels);
    }
    const config = keyedModelConfig(settings, await keys.get(settings.provider), log, fileModels);
    const { createModelRouter } = await import('../../core/llm/roleModels');
    return createModelRouter(config.base, config.map);
  };
}
