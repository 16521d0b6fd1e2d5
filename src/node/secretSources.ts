/**
 * The secret values a test run's output is scrubbed of (and its environment filtered by):
 * - the provider keys the caller configured;
 * - environment variables that scrubEnv.ts drops by name: always when the name says secret
 *   (`*_TOKEN`, `*PASSWORD`, …), when the value reads as one for provider settings (`OPENAI_ORG_ID`
 *   yes, `SQUAD_MODEL=gpt-4o` no); and any variable whose value is shaped like a credential, plus
 *   the password of every URL;
 * - the workspace's `.env*` files (at the root and in folders up to three levels down, where
 *   packages of a monorepo keep theirs; `.env.example` and other templates excluded): entries
 *   whose name says secret, and entries under other names whose value reads as one (secretShape.ts);
 * - every environment or .env value that contains one of the above (the same key under an innocent name).
 *
 * File paths are never taken (`GOOGLE_APPLICATION_CREDENTIALS=/home/me/key.json` names where a
 * secret is; as a "secret" it would remove PATH and PWD from the test environment).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cancelledError } from '../core/common/errors';
import { parseDotenv } from '../core/security/dotenv';
import { looksLikeCredential, urlPasswords } from '../core/security/patterns';
import { createSecretScrubber, MIN_SECRET_LENGTH } from '../core/security/scrubber';
import { isSecretSetting } from '../core/security/secretShape';
import { isSecretEnvName, nameSaysSecret } from './scrubEnv';

type Env = Readonly<Record<string, string | undefined>>;

export interface SecretSourcesInput {
  /** The workspace folder whose `.env*` files are read. */
  readonly root: string;
  readonly env: Env;
  /** The API keys the caller configured (undefined entries are skipped). */
  readonly keys?: readonly (string | undefined)[];
  readonly signal?: AbortSignal;
}

export interface TestSecrets {
  /** Every secret value found (each at least MIN_SECRET_LENGTH long). */
  readonly values: readonly string[];
  readonly scrub: (text: string) => string;
}

export async function collectTestSecrets(input: SecretSourcesInput): Promise<TestSecrets> {
  const found = new Set<string>();
  const add = (value: string | undefined) => {
    const v = value?.trim();
    if (v !== undefined && v.length >= MIN_SECRET_LENGTH && !FILE_PATH.test(v)) found.add(v);
  };
  input.keys?.forEach(add);
  const envEntries = Object.entries(input.env).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]));
  for (const { name, value } of envEntries) {
    if ((isSecretEnvName(name) && isSecretSetting(namedSecret(name), value)) || looksLikeCredential(value)) add(value);
    urlPasswords(value).forEach(add);
  }
  const fileEntries = (await Promise.all((await envFiles(input.root, input.signal)).map(parseDotenvFile))).flat();
  for (const { name, value } of fileEntries) {
    if (isSecretSetting(namedSecret(name), value)) add(value);
    urlPasswords(value).forEach(add);
  }
  // The same secret under a name nobody would guess (LLM_KEY, MY_AUTH="Bearer …").
  const known = [...found];
  for (const { value } of [...envEntries, ...fileEntries]) if (!found.has(value.trim()) && known.some((k) => value.includes(k))) add(value);
  const values = [...found];
  return { values, scrub: createSecretScrubber(values).scrub };
}

/** `.env`, `.env.local`, `.env.test`, `prod.env`, `.envrc`; not the templates that document them. */
export function isEnvFileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (TEMPLATES.test(lower)) return false;
  return lower === '.env' || lower === '.envrc' || lower.startsWith('.env.') || (lower.endsWith('.env') && lower.length > 4);
}

/**
 * Names that say secret: scrubEnv's (`*_TOKEN`, `*PASSWORD`, …) and the looser words projects use
 * in .env files (`WEBHOOK_KEY`, `DB_PASS`). A false hit (`CACHE_KEY=shop-cache`) only blanks a
 * harmless value in the output and drops the rare variable that repeats it.
 */
function namedSecret(name: string): boolean {
  return nameSaysSecret(name) || LOOSE_SECRET_NAME.test(name.toUpperCase());
}

const LOOSE_SECRET_NAME = /(^|_)(KEY|PASS|PWD|AUTH|SALT|SIGNING|ENCRYPTION|DSN)(_|$)/;
/** Absolute or home-relative paths, POSIX or Windows, without spaces. */
const FILE_PATH = /^(?:~?\/|[A-Za-z]:[\\/])\S*$/;
const TEMPLATES = /(^|\.)(example|sample|template|dist|defaults)(\.|$)/;
const SKIPPED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'target', 'vendor', 'coverage', '.venv', 'venv',
  '__pycache__', '.next', '.nuxt', '.cache', '.turbo', '.yarn', '.pnpm-store', '.gradle', '.idea', '.vscode',
]);
const MAX_DEPTH = 3;
const MAX_DIRS = 2000;
const MAX_ENV_FILE_BYTES = 256 * 1024;

/** The `.env*` files of the workspace, breadth first, a bounded walk so a huge tree costs little. */
async function envFiles(root: string, signal: AbortSignal | undefined): Promise<string[]> {
  const files: string[] = [];
  let level = [root];
  let visited = 0;
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (signal?.aborted) throw cancelledError(signal);
      if (++visited > MAX_DIRS) return files;
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) next.push(full);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && isEnvFileName(entry.name)) files.push(full);
      }
    }
    level = next;
  }
  return files;
}

async function parseDotenvFile(file: string): Promise<ReturnType<typeof parseDotenv>> {
  const st = await fs.stat(file).catch(() => undefined);
  if (!st?.isFile() || st.size > MAX_ENV_FILE_BYTES) return [];
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? [] : parseDotenv(text);
}
