/**
 * Where a ripgrep binary is, without starting anything: the CLI looks on the PATH, the extension
 * in VS Code's own install (it ships @vscode/ripgrep). Absent, the workspace lists and searches
 * in-process.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const EXE = process.platform === 'win32' ? 'rg.exe' : 'rg';

/**
 * `rg` on the PATH. `SQUAD_RIPGREP` overrides it: `off` for the in-process engine, or the path of
 * a binary to use.
 */
export async function findRipgrepOnPath(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const chosen = env.SQUAD_RIPGREP?.trim();
  if (chosen === 'off') return undefined;
  if (chosen) return (await isExecutable(chosen)) ? path.resolve(chosen) : undefined;
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d !== '' && path.isAbsolute(d));
  for (const dir of dirs) {
    const candidate = path.join(dir, EXE);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Where VS Code (or code-server) keeps its ripgrep, under its application root, across layouts. */
export function bundledRipgrepCandidates(appRoot: string): string[] {
  return ['node_modules', 'node_modules.asar.unpacked'].flatMap((modules) => [
    path.join(appRoot, modules, '@vscode', 'ripgrep', 'bin', EXE),
    // Newer releases ship one package with a binary per platform.
    path.join(appRoot, modules, '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, EXE),
    path.join(appRoot, modules, 'vscode-ripgrep', 'bin', EXE),
  ]);
}

/** The first bundled ripgrep that exists under the application root. */
export async function findBundledRipgrep(appRoot: string): Promise<string | undefined> {
  for (const candidate of bundledRipgrepCandidates(appRoot)) {
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  const st = await fs.stat(file).catch(() => undefined);
  if (!st?.isFile()) return false;
  return fs.access(file, fs.constants.X_OK).then(() => true, () => false);
}
