import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { FileStat, Workspace } from '../core/ports';
import { cancelledError } from '../core/common/errors';

export interface FsWorkspaceOptions {
  /** Extra gitignore-style patterns from the user's settings, relative to the root. */
  readonly ignoreGlobs?: readonly string[];
}

/** Folders never worth walking into, even when no .gitignore names them. */
const ALWAYS_SKIPPED = new Set(['.git']);

/** The Workspace port over the local file system, honouring nested .gitignore files and .squadignore. */
export function createFsWorkspace(rootDir: string, options: FsWorkspaceOptions = {}): Workspace {
  const root = path.resolve(rootDir);
  const rules = new IgnoreRules(root, options.ignoreGlobs ?? []);

  return {
    root,
    async listFiles({ signal, limit } = {}) {
      const files: string[] = [];
      const max = limit ?? Number.POSITIVE_INFINITY;
      const pending: string[] = [''];
      while (pending.length > 0 && files.length < max) {
        if (signal?.aborted) throw cancelledError(signal);
        const dir = pending.shift() as string;
        const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
          const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
          if (entry.isDirectory()) {
            if (!ALWAYS_SKIPPED.has(entry.name) && !(await rules.ignores(rel, true))) pending.push(rel);
          } else if (!(await rules.ignores(rel, false))) {
            files.push(rel);
            if (files.length >= max) break;
          }
        }
      }
      return files.sort();
    },
    isIgnored: (relPath) => rules.ignores(normalise(relPath), false),
    async stat(relPath): Promise<FileStat | undefined> {
      const st = await fs.lstat(path.join(root, normalise(relPath))).catch(() => undefined);
      if (!st) return undefined;
      const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
      return { type, size: st.size };
    },
    async realPath(relPath) {
      const [realRoot, real] = await Promise.all([
        fs.realpath(root),
        fs.realpath(path.join(root, normalise(relPath))).catch(() => undefined),
      ]);
      if (real === undefined) return undefined;
      const rel = path.relative(realRoot, real);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
      return rel.split(path.sep).join('/');
    },
    readFile: (relPath) => fs.readFile(path.join(root, normalise(relPath))),
  };
}

function normalise(relPath: string): string {
  return relPath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.').join('/');
}

/** Gitignore semantics: each folder's .gitignore applies to paths below it; .squadignore and settings apply from the root. */
class IgnoreRules {
  private readonly perFolder = new Map<string, Promise<Ignore | undefined>>();
  private readonly rootRules: Promise<Ignore>;

  constructor(private readonly root: string, extraGlobs: readonly string[]) {
    this.rootRules = fs
      .readFile(path.join(root, '.squadignore'), 'utf8')
      .catch(() => '')
      .then((text) => ignore().add(text).add([...extraGlobs]));
  }

  async ignores(relPath: string, isDirectory: boolean): Promise<boolean> {
    const parts = relPath.split('/');
    if (parts.some((p) => ALWAYS_SKIPPED.has(p))) return true;
    // A path is ignored when it or any parent folder is: check each prefix from the top.
    for (let depth = 1; depth <= parts.length; depth++) {
      const prefix = parts.slice(0, depth).join('/');
      const prefixIsDir = depth < parts.length || isDirectory;
      if (await this.matches(prefix, prefixIsDir)) return true;
    }
    return false;
  }

  private async matches(relPath: string, isDirectory: boolean): Promise<boolean> {
    const candidate = isDirectory ? `${relPath}/` : relPath;
    if ((await this.rootRules).ignores(candidate)) return true;
    const parts = relPath.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      const rules = await this.folderRules(folder);
      if (rules?.ignores(parts.slice(depth).join('/') + (isDirectory ? '/' : ''))) return true;
    }
    return false;
  }

  private folderRules(folder: string): Promise<Ignore | undefined> {
    let rules = this.perFolder.get(folder);
    if (!rules) {
      rules = fs
        .readFile(path.join(this.root, folder, '.gitignore'), 'utf8')
        .then((text) => ignore().add(text))
        .catch(() => undefined);
      this.perFolder.set(folder, rules);
    }
    return rules;
  }
}
