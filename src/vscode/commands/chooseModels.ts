/**
 * Squad: Choose Models per Role — pick a role (the built-in ones and the workspace's agent files),
 * then its model: for vscode-lm one of the models VS Code offers, otherwise any model id (free text). Writes `squad.models`, where it is set already
 * (workspace or user). Loops back to the roles until Escape.
 */
import * as vscode from 'vscode';
import { loadRoster } from '../../core/agents/roles/roster';
import { BUILT_IN_SOURCE, plainRoster, type RoleSpec } from '../../core/agents/roles/spec';
import { DEFAULT_ROLES } from '../../core/plan/schema';
import { createFsWorkspace } from '../../node/fsWorkspace';
import type { SquadServices } from '../host';
import { DEFAULT_MODELS, PLANNER } from '../host/modelConfig';
import { configuredModel, SETTINGS_SECTION, type Settings, withRoleModel } from '../settings';

export function chooseModels(services: SquadServices) {
  return async (): Promise<void> => {
    const planner: RoleSpec = { name: PLANNER, source: BUILT_IN_SOURCE };
    const roles = [planner, ...(await workspaceRoles(services.trust.isTrusted()))];
    for (;;) {
      const settings = services.settings.read();
      const pick = await vscode.window.showQuickPick(
        roles.map((spec) => ({ label: spec.name, description: modelWords(settings, spec), role: spec.name })),
        { title: `Squad: Choose Models per Role (provider: ${settings.provider})`, placeHolder: 'Pick a role to choose its model; press Escape when done' },
      );
      if (!pick) return;
      const model = settings.provider === 'vscode-lm' ? await pickLmModel(pick.role) : await typeModel(pick.role, settings);
      if (model === undefined) continue;
      await writeRoleModel(pick.role, model);
      services.log.info(`model for ${pick.role}: ${model || 'the default (squad.model)'}`);
    }
  };
}

/**
 * The built-in roles plus the workspace's agent files (in a trusted workspace only, as for a run):
 * a role defined in a file gets its model here like any other.
 */
async function workspaceRoles(trusted: boolean): Promise<readonly RoleSpec[]> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root || !trusted) return plainRoster(DEFAULT_ROLES);
  return (await loadRoster(createFsWorkspace(root)).catch(() => ({ roster: plainRoster(DEFAULT_ROLES) }))).roster;
}

/** The model a role runs with now, in the order that decides it: squad.models, the agent file, squad.model, the default. */
function modelWords(settings: Settings, spec: RoleSpec): string {
  const own = Object.hasOwn(settings.models, spec.name) ? settings.models[spec.name] : undefined;
  if (own) return own;
  if (spec.model) return `${spec.model} (from ${spec.source})`;
  return configuredModel(settings, spec.name) || `default: ${defaultModel(settings)}`;
}

function defaultModel(settings: Settings): string {
  if (settings.model !== '') return settings.model;
  return settings.provider === 'vscode-lm' ? 'the first model VS Code offers' : DEFAULT_MODELS[settings.provider];
}

async function pickLmModel(role: string): Promise<string | undefined> {
  const models = await vscode.lm.selectChatModels();
  if (models.length === 0) {
    void vscode.window.showWarningMessage('Squad: VS Code offers no language models. Sign in to GitHub Copilot (or install another model provider), or set squad.provider to openai or anthropic.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    [
      { label: '$(discard) Use the default', description: 'squad.model', id: '' },
      ...models.map((m) => ({ label: m.name, description: `${m.id} · ${m.vendor} · ${m.family}`, detail: `up to ${m.maxInputTokens} input tokens`, id: m.id })),
    ],
    { title: `Squad: model for ${role}`, placeHolder: 'VS Code language models (no API key needed)' },
  );
  return pick?.id;
}

async function typeModel(role: string, settings: Settings): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Squad: model for ${role} (${settings.provider})`,
    prompt: `A model id of ${settings.provider}${settings.baseUrl ? ` at ${settings.baseUrl}` : ''}. Empty: ${settings.model || DEFAULT_MODELS[settings.provider as 'openai' | 'anthropic']} (squad.model).`,
    value: Object.hasOwn(settings.models, role) ? settings.models[role] : '',
    placeHolder: settings.provider === 'anthropic' ? 'e.g. claude-sonnet-4-5' : 'e.g. gpt-4.1',
    ignoreFocusOut: true,
  });
}

async function writeRoleModel(role: string, model: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const inspected = config.inspect<Record<string, unknown>>('models');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const current = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
  await config.update('models', withRoleModel(current, role, model), target);
}
