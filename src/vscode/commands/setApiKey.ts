/**
 * Squad: Set API Key — asks which provider and the key (password input), and stores it in VS
 * Code's secret storage. An empty key removes the stored one. Takes the provider as an argument.
 */
import * as vscode from 'vscode';
import type { SquadServices } from '../host';
import { apiKeyProblem, isKeyProvider, KEY_PROVIDERS, type KeyProvider } from '../secrets';

const LABELS: Record<KeyProvider, string> = { openai: 'OpenAI (or an OpenAI-compatible server)', anthropic: 'Anthropic' };

export function setApiKey(services: SquadServices) {
  return async (arg?: unknown): Promise<void> => {
    const settings = services.settings.read();
    let provider = isKeyProvider(arg) ? arg : undefined;
    if (!provider) {
      const ordered = [...KEY_PROVIDERS].sort((a, b) => Number(b === settings.provider) - Number(a === settings.provider));
      const pick = await vscode.window.showQuickPick(
        ordered.map((p) => ({ label: LABELS[p], description: p === settings.provider ? 'squad.provider' : '', provider: p })),
        { title: 'Squad: Set API Key', placeHolder: 'Which provider is the key for?' },
      );
      if (!pick) return;
      provider = pick.provider;
    }
    const existing = await services.keys.get(provider);
    const key = await vscode.window.showInputBox({
      title: `Squad: ${LABELS[provider]} API key`,
      prompt: existing
        ? `A key is set (from the ${existing.source}). Paste a new one, or leave this empty to remove the stored key. Keys stay in VS Code's secret storage.`
        : "Paste the key. It stays in VS Code's secret storage: never in settings, logs or journals.",
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' ? undefined : apiKeyProblem(value)),
    });
    if (key === undefined) return;
    if (key === '') {
      await services.keys.delete(provider);
      services.log.info(`the stored ${provider} API key was removed`);
      void vscode.window.showInformationMessage(`Squad: the stored ${provider} API key was removed.`);
      return;
    }
    await services.keys.set(provider, key);
    services.log.info(`an API key for ${provider} was stored in the secret storage`);
    // A request refused for the missing key is offered now (its notification says the key is set).
    if (await services.host.keySaved()) return;
    const note = settings.provider === provider ? '' : ` Squad uses it when squad.provider is "${provider}" (now "${settings.provider}").`;
    void vscode.window.showInformationMessage(`Squad: the ${provider} API key is saved.${note}`);
  };
}
