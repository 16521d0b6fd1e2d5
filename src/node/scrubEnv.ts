/**
 * The environment a test command gets: the caller's, minus anything that can authenticate as the
 * user or as Squad, plus switches that keep tool output plain and non-interactive.
 *
 * Removed (names compared case-insensitively):
 * - provider settings: OPENAI_*, ANTHROPIC_*, AZURE_OPENAI_*, OPENROUTER_*, GROQ_*, MISTRAL_*,
 *   COHERE_*, GEMINI_*, DEEPSEEK_*, TOGETHER_*, XAI_*, and Squad's own SQUAD_*;
 * - cloud credentials: AWS_* (keys, session tokens and profiles alike), GOOGLE_APPLICATION_CREDENTIALS;
 * - anything named like a secret: *API_KEY, *APIKEY, *ACCESS_KEY*, *PRIVATE_KEY, *TOKEN, *TOKEN_*,
 *   *SECRET, *SECRET_*, *PASSWORD, *PASSWD, *CREDENTIALS (this covers GITHUB_TOKEN, GH_TOKEN,
 *   NPM_TOKEN, NODE_AUTH_TOKEN, npm_config__authToken, HF_TOKEN, AZURE_CLIENT_SECRET, …);
 * - ways to borrow the user's identity: SSH_AUTH_SOCK, GIT_ASKPASS, SSH_ASKPASS, VSCODE_GIT_*
 *   (VS Code's git credential bridge);
 * - ELECTRON_RUN_AS_NODE, which the extension host sets and which breaks Electron-based test tools,
 *   and NODE_TEST_CONTEXT, which leaks when Squad itself runs under `node --test` and makes a
 *   project's own `node --test` skip its files.
 *
 * PATH, HOME, proxies, locale and tool caches (GOCACHE, PIP_*, …) stay: tests need them.
 *
 * Then by value, whatever the name (the same key under `LLM_KEY` or `MY_AUTH` passes every name rule):
 * - a variable whose value contains a known secret value (the caller's: configured API keys, the
 *   secret values of the environment and of the workspace's .env files, see secretSources.ts) is removed;
 * - a variable whose value is shaped like a credential (a Bearer or Basic credential, a key in a
 *   well-known format such as sk-…, ghp_…, AKIA…, xoxb-…, a JWT, a private key block) is removed;
 * - a URL with a password keeps its variable but loses the password: `postgres://u:pw@h/db` becomes
 *   `postgres://u@h/db` (proxy URLs included: a proxy that needs the user's password does not get it).
 */

import { looksLikeCredential, stripUrlPasswords } from '../core/security/patterns';
import { MIN_SECRET_LENGTH } from '../core/security/scrubber';

const DROPPED_PREFIXES = [
  'OPENAI_', 'ANTHROPIC_', 'AZURE_OPENAI_', 'OPENROUTER_', 'GROQ_', 'MISTRAL_', 'COHERE_', 'GEMINI_',
  'DEEPSEEK_', 'TOGETHER_', 'XAI_', 'SQUAD_', 'AWS_', 'VSCODE_GIT_',
];

const DROPPED_NAMES = new Set([
  'SSH_AUTH_SOCK', 'GIT_ASKPASS', 'SSH_ASKPASS', 'ELECTRON_RUN_AS_NODE', 'NODE_TEST_CONTEXT', 'GOOGLE_APPLICATION_CREDENTIALS',
]);

const SECRET_NAME = /(API_?KEY|ACCESS_KEY|PRIVATE_KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS)(_|$)/;

/** Set on every test command so tools print plain, parseable, non-interactive output. */
export const TEST_ENV_OVERRIDES: Readonly<Record<string, string>> = { CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' };

export function isSecretEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return DROPPED_NAMES.has(upper) || DROPPED_PREFIXES.some((p) => upper.startsWith(p)) || SECRET_NAME.test(upper);
}

/** Whether the name itself says "secret" (…_TOKEN, …PASSWORD), not merely belongs to a provider's settings. */
export function nameSaysSecret(name: string): boolean {
  return SECRET_NAME.test(name.toUpperCase());
}

/**
 * A fresh environment: `env` without secrets (and without undefined values), plus the overrides.
 * `knownSecrets` are values to look for under any name (shorter ones than MIN_SECRET_LENGTH are ignored).
 */
export function scrubEnv(env: Readonly<Record<string, string | undefined>>, knownSecrets: Iterable<string> = []): Record<string, string> {
  const known = [...knownSecrets].filter((s) => s.length >= MIN_SECRET_LENGTH);
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || isSecretEnvName(name)) continue;
    const value = stripUrlPasswords(raw);
    if (looksLikeCredential(value) || known.some((secret) => value.includes(secret))) continue;
    out[name] = value;
  }
  return { ...out, ...TEST_ENV_OVERRIDES };
}
