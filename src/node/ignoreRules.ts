import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Folders never worth walking into, even when no .gitignore names them. */
export const ALWAYS_SKIPPED = new Set(['.git']);

/** One ignore file's rules, with what a walker may skip because of their shape. */
export interface RuleSet {
  readonly rules: Ignore;
  /**
   * Whether the rules ignore one entry by itself (its parents having passed), given its path
   * relative to the rules' folder. The `ignore` package's answer, or the same answer from one
   * compiled regex when every pattern is a plain name glob (`*.log`, `node_modules/`, `/build`).
   */
  readonly ignoresEntry: (rel: string, isDirectory: boolean) => boolean;
  /** Every pattern ends with `/` and none is negated: a file is never matched by its own name. */
  readonly foldersOnly: boolean;
  /** Some pattern starts with `!`. */
  readonly negates: boolean;
  /** No pattern at all. */
  readonly empty: boolean;
}

export function ruleSet(lines: readonly string[]): RuleSet {
  const rules = ignore().add([...lines]);
  // Trimmed for classifying only: the package reads the lines themselves (escaped spaces and all).
  const patterns = lines.map((l) => l.replace(/\s+$/, '')).filter((l) => l !== '' && !l.startsWith('#'));
  const negates = patterns.some((p) => p.startsWith('!'));
  const fast = plainNameMatcher(patterns);
  return {
    rules,
    ignoresEntry: fast ?? ((rel, isDirectory) => rules.ignores(isDirectory ? `${rel}/` : rel)),
    foldersOnly: !negates && patterns.every((p) => p.endsWith('/')),
    negates,
    empty: patterns.length === 0,
  };
}

/** Name globs: letters, digits, `.`, `_`, `-`, `*`, an optional leading `/` (anchored) and trailing `/` (folders). */
const PLAIN_NAME = /^\/?[\w.*-]+\/?$/;

/**
 * A matcher for rule sets made only of name globs, where gitignore's meaning is simple: a name
 * matches the entry's own name at any depth, `/name` only directly in the rules' folder, and a
 * trailing `/` only folders; `*` is any run of characters; case is ignored. Undefined otherwise.
 */
function plainNameMatcher(patterns: readonly string[]): ((rel: string, isDirectory: boolean) => boolean) | undefined {
  if (!patterns.every((p) => PLAIN_NAME.test(p))) return undefined;
  const regex = (which: string[]) => (which.length === 0 ? undefined : new RegExp(`^(?:${which.join('|')})$`, 'i'));
  const glob = (p: string) => p.replace(/^\//, '').replace(/\/$/, '').replace(/[.-]/g, '\\$&').replace(/\*+/g, '[^/]*');
  const pick = (anchored: boolean, foldersOnly: boolean) =>
    regex(patterns.filter((p) => p.startsWith('/') === anchored && p.endsWith('/') === foldersOnly).map(glob));
  const anyDepth = pick(false, false);
  const anyDepthFolders = pick(false, true);
  const here = pick(true, false);
  const hereFolders = pick(true, true);
  return (rel, isDirectory) => {
    const slash = rel.lastIndexOf('/');
    const name = slash < 0 ? rel : rel.slice(slash + 1);
    if (anyDepth?.test(name) || (isDirectory && anyDepthFolders?.test(name))) return true;
    return slash < 0 && (here?.test(name) === true || (isDirectory && hereFolders?.test(name) === true));
  };
}

/**
 * Gitignore semantics, case-insensitively (as the `ignore` package does; ripgrep is told the same
 * with --ignore-file-case-insensitive): each folder's .gitignore applies to paths below it;
 * .squadignore and the settings' globs apply from the root. A path is ignored when any rule
 * set ignores it or one of its parent folders.
 */
export class IgnoreRules {
  private readonly perFolder = new Map<string, Promise<RuleSet | undefined>>();
  readonly rootRules: Promise<RuleSet>;

  constructor(private readonly root: string, readonly extraGlobs: readonly string[]) {
    this.rootRules = fs
      .readFile(path.join(root, '.squadignore'), 'utf8')
      .catch(() => '')
      .then((text) => ruleSet([...text.split(/\r?\n/), ...extraGlobs]));
  }

  /** Whether a path the model named is ignored: every prefix is checked, from the top. */
  async ignores(relPath: string, isDirectory: boolean): Promise<boolean> {
    const parts = relPath.split('/');
    if (parts.some((p) => ALWAYS_SKIPPED.has(p))) return true;
    for (let depth = 1; depth <= parts.length; depth++) {
      const prefix = parts.slice(0, depth).join('/');
      const prefixIsDir = depth < parts.length || isDirectory;
      if (await this.matchesEntry(prefix, prefixIsDir)) return true;
    }
    return false;
  }

  /** Whether one entry is ignored by itself, its parent folders being known not to be. */
  private async matchesEntry(relPath: string, isDirectory: boolean): Promise<boolean> {
    const suffix = isDirectory ? '/' : '';
    if ((await this.rootRules).rules.ignores(relPath + suffix)) return true;
    let slash = -1;
    do {
      const folder = slash < 0 ? '' : relPath.slice(0, slash);
      const rules = await this.folderRules(folder);
      if (rules?.rules.ignores(relPath.slice(slash + 1) + suffix)) return true;
      slash = relPath.indexOf('/', slash + 1);
    } while (slash >= 0);
    return false;
  }

  /** The folder's .gitignore, read once; `known` false skips the read when the folder has none. */
  folderRules(folder: string, known?: boolean): Promise<RuleSet | undefined> {
    let rules = this.perFolder.get(folder);
    if (!rules) {
      rules = known === false
        ? Promise.resolve(undefined)
        : fs
            .readFile(path.join(this.root, folder, '.gitignore'), 'utf8')
            .then((text) => ruleSet(text.split(/\r?\n/)))
            .catch(() => undefined);
      this.perFolder.set(folder, rules);
    }
    return rules;
  }
}
