/**
 * API keys live in VS Code's SecretStorage only (`squad.apiKey.<provider>`), never in settings,
 * logs, journals or prompts; OPENAI_API_KEY / ANTHROPIC_API_KEY in the environment are the
 * fallback. Every key read or stored is remembered so the log channel can blank it out.
 * Type-only `vscode` import: unit tests pass a Map-backed store.
 */
import type * as vscode from 'vscode';
import { redactSecrets } from './redact';

export type KeyProvider = 'openai' | 'anthropic';
export const KEY_PROVIDERS: readonly KeyProvider[] = ['openai', 'anthropic'];

export const API_KEY_SECRETS: Readonly<Record<KeyProvider, string>> = {
  openai: 'squad.apiKey.openai',
  anthropic: 'squad.apiKey.anthropic',
};

export const API_KEY_ENV: Readonly<Record<KeyProvider, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

export type SecretStore = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete'>;

export interface ApiKey {
  readonly value: string;
  readonly source: 'secret storage' | 'environment';
}

export class ApiKeys {
  private readonly seen = new Set<string>();

  constructor(
    private readonly store: SecretStore,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    // Keys in the environment can leak into a log line before anyone reads them through here.
    for (const provider of KEY_PROVIDERS) this.remember(env[API_KEY_ENV[provider]]);
  }

  /** The stored key, else the environment's; undefined when neither is set. */
  async get(provider: KeyProvider): Promise<ApiKey | undefined> {
    const stored = (await this.store.get(API_KEY_SECRETS[provider]))?.trim();
    if (stored) {
      this.remember(stored);
      return { value: stored, source: 'secret storage' };
    }
    const fromEnv = this.env[API_KEY_ENV[provider]]?.trim();
    return fromEnv ? { value: fromEnv, source: 'environment' } : undefined;
  }

  async set(provider: KeyProvider, key: string): Promise<void> {
    const problem = apiKeyProblem(key);
    if (problem) throw new Error(problem);
    const value = key.trim();
    this.remember(value);
    await this.store.store(API_KEY_SECRETS[provider], value);
  }

  async delete(provider: KeyProvider): Promise<void> {
    await this.store.delete(API_KEY_SECRETS[provider]);
  }

  /** The text with every key this object has seen blanked out. */
  redact(text: string): string {
    return redactSecrets(text, this.seen);
  }

  private remember(value: string | undefined): void {
    const v = value?.trim();
    if (v) this.seen.add(v);
  }
}

/**
 * Why a pasted key cannot be right, or undefined when it may be (for the input box's validation).
 * Any non-empty key without whitespace is taken: local proxies and test servers use short keys
 * such as `sk-test`, and the provider is the judge of a key anyway.
 */
export function apiKeyProblem(key: string): string | undefined {
  const value = key.trim();
  if (value === '') return 'Paste the API key.';
  if (/\s/.test(value)) return 'An API key has no spaces or line breaks.';
  return undefined;
}

export function isKeyProvider(value: unknown): value is KeyProvider {
  return value === 'openai' || value === 'anthropic';
}
