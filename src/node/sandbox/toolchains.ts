/**
 * Toolchains that live inside a folder the sandbox hides (a Node from nvm or from a cache folder,
 * pyenv's Pythons, ~/.cargo, ~/.local/bin) must keep working: their folders are shown again,
 * read-only. Found from the command's PATH, the running Node (`process.execPath`) and the
 * variables that name a toolchain's home.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isInside } from './paths';

/** Variables that name a toolchain's install folder (read by its launchers and shims). */
const TOOLCHAIN_VARS = [
  'JAVA_HOME', 'GOROOT', 'GOPATH', 'GOMODCACHE', 'CARGO_HOME', 'RUSTUP_HOME', 'PYENV_ROOT', 'NVM_DIR', 'VOLTA_HOME',
  'ASDF_DATA_DIR', 'ASDF_DIR', 'SDKMAN_DIR', 'BUN_INSTALL', 'DENO_INSTALL', 'PNPM_HOME', 'FNM_DIR', 'RBENV_ROOT', 'NODENV_ROOT',
];

/** Folder names whose parent is the toolchain: `bin` next to `lib`, version managers' `shims`. */
const LAUNCHER_DIRS = new Set(['bin', 'shims', 'sbin']);

/** Toolchain homes that need a sibling: rustup's proxies in ~/.cargo/bin run the toolchains in ~/.rustup. */
const SIBLINGS: Readonly<Record<string, string>> = { '.cargo': '.rustup' };

export interface ToolchainInput {
  /** The command's environment (PATH and the toolchain variables are read from it). */
  readonly env: Readonly<Record<string, string>>;
  readonly execPath: string;
  /** Folders the sandbox replaces by empty ones (nested ones included: a home inside /home). */
  readonly hidden: readonly string[];
  /** Folders the sandbox shows writable or read-only anyway: nothing under them needs a mount. */
  readonly shown: readonly string[];
}

/** The folders to bind back read-only, outermost first, none inside another. */
export async function toolchainMounts(input: ToolchainInput): Promise<string[]> {
  const isHidden = (p: string) => input.hidden.some((h) => isInside(h, p));
  const coversHidden = (p: string) => input.hidden.some((h) => isInside(p, h));
  const roots = new Set<string>();
  const consider = async (dir: string, { launcher }: { launcher: boolean }) => {
    if (!path.isAbsolute(dir)) return;
    const real = await fs.realpath(dir).catch(() => undefined);
    if (real === undefined) return;
    for (const candidate of new Set([path.resolve(dir), real])) {
      if (!isHidden(candidate) || input.shown.some((s) => isInside(s, candidate))) continue;
      const parent = path.dirname(candidate);
      let root = launcher && LAUNCHER_DIRS.has(path.basename(candidate)) && !coversHidden(parent) ? parent : candidate;
      // pyenv's versions and shims call back into pyenv itself: show its whole root.
      const pyenv = ancestorNamed(root, '.pyenv');
      if (pyenv !== undefined && !coversHidden(pyenv)) root = pyenv;
      // Never show a folder that holds a hidden one (a toolchain's parent that holds the workspace; a
      // PATH entry that is a home itself): that would undo the hiding.
      if (coversHidden(root)) root = candidate;
      if (coversHidden(root)) continue;
      roots.add(root);
      const sibling = SIBLINGS[path.basename(root)];
      if (sibling !== undefined) {
        const next = path.join(path.dirname(root), sibling);
        if (await fs.stat(next).catch(() => undefined)) roots.add(next);
      }
    }
  };
  const pathVar = input.env['PATH'] ?? '';
  for (const entry of pathVar.split(path.delimiter)) await consider(entry, { launcher: true });
  await consider(path.dirname(input.execPath), { launcher: true });
  for (const name of TOOLCHAIN_VARS) {
    for (const entry of (input.env[name] ?? '').split(path.delimiter)) await consider(entry, { launcher: false });
  }
  return outermost([...roots]);
}

/** Secrets that live inside toolchain folders: cargo's registry token, the desktop keyring under ~/.local/share. */
const SECRETS_IN_TOOLCHAINS = ['credentials', 'credentials.toml', 'share/keyrings'];

/** The secret files and folders inside the toolchain folders, to be covered by empty ones. */
export async function secretsInside(roots: readonly string[]): Promise<{ files: string[]; dirs: string[] }> {
  const files: string[] = [];
  const dirs: string[] = [];
  for (const root of roots) {
    for (const rel of SECRETS_IN_TOOLCHAINS) {
      const abs = path.join(root, rel);
      const st = await fs.lstat(abs).catch(() => undefined);
      if (st?.isDirectory()) dirs.push(abs);
      else if (st) files.push(abs);
    }
  }
  return { files, dirs };
}

function ancestorNamed(p: string, name: string): string | undefined {
  for (let dir = p; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (path.basename(dir) === name) return dir;
  }
  return undefined;
}

/** Drops folders inside another of the list, so each is bound once. */
export function outermost(dirs: readonly string[]): string[] {
  const sorted = [...new Set(dirs)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const dir of sorted) if (!kept.some((k) => isInside(k, dir))) kept.push(dir);
  return kept;
}
