/**
 * Paths as test tools print them → workspace files. Tests run in a scratch copy elsewhere (or on
 * another OS), so a printed path is matched by the longest suffix of it that exists in the
 * workspace, never by its absolute prefix.
 */
import type { Workspace } from '../ports';

export interface RawPath {
  /** Path segments without '', '.', drive letters or URL schemes; leading '..' dropped. */
  readonly segments: readonly string[];
  /** A `:line[:col]` suffix that was still glued to the path. */
  readonly line?: number;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]+:\/\//i;
const TRAILING_POSITION = /:(\d+)(?::\d+)?$/;
const DRIVE = /^[a-z]:$/i;

export function parseRawPath(raw: string): RawPath {
  let text = raw.trim().replace(/^["'(<]+|[)"'>,]+$/g, '');
  let line: number | undefined;
  const pos = TRAILING_POSITION.exec(text);
  if (pos && !DRIVE.test(text.slice(0, pos.index))) {
    line = Number(pos[1]);
    text = text.slice(0, pos.index);
  }
  if (URL_SCHEME.test(text)) {
    const isFile = /^file:/i.test(text);
    text = text.replace(URL_SCHEME, '');
    if (isFile) {
      try {
        text = decodeURIComponent(text);
      } catch {
        // A stray '%' in a path: keep the text as printed.
      }
    }
  }
  const segments: string[] = [];
  for (const part of text.split(/[\\/]+/)) {
    if (part === '' || part === '.' || part === '~' || (segments.length === 0 && DRIVE.test(part))) continue;
    if (part === '..') segments.pop();
    else segments.push(part);
  }
  return line === undefined ? { segments } : { segments, line };
}

/** Where a dependency's code lives: node_modules, node internals, site-packages, GOROOT, the Go module cache. */
const DEPENDENCY_MARKERS = [
  /(^|\/)node_modules\//,
  /^node:/,
  /(^|\/)(site|dist)-packages\//,
  /(^|\/)lib\/python\d/,
  /^<[^>]*>$/,
  /(^|\/)usr\/(local\/)?lib\/go[^/]*\//,
  /(^|\/)usr\/local\/go\//,
  /(^|\/)go\/src\/(runtime|testing|reflect|internal|sync|os|fmt)\//,
  /(^|\/)(go\/)?pkg\/mod\//,
  /(^|\/)goroot\//i,
  /(^|\/)\.(pnpm|yarn|venv|tox)\//,
  /(^|\/)venv\//,
  /(^|\/)vendor\//,
];

export function isDependencyPath(raw: string): boolean {
  const text = raw.trim().replace(/\\/g, '/');
  if (text === 'native' || text === '<anonymous>' || text === 'anonymous') return true;
  const joined = parseRawPath(text).segments.join('/');
  return DEPENDENCY_MARKERS.some((re) => re.test(text) || re.test(joined));
}

const TEST_DIR = /(^|\/)(test|tests|__tests__|__mocks__|spec|specs|testdata|fixtures|e2e)\//;
const TEST_NAME = /(\.(test|spec)\.[cm]?[jt]sx?$)|(_test\.go$)|((^|\/)test_[^/]*\.py$)|(_test\.py$)|((^|\/)conftest\.py$)/;

/** Test code by name or folder (workspace-relative path). */
export function isTestPath(relPath: string): boolean {
  return TEST_NAME.test(relPath) || TEST_DIR.test(relPath);
}

const SOURCE_EXT = /\.([cm]?[jt]sx?|py|go|vue|svelte)$/;
export const isSourcePath = (relPath: string): boolean => SOURCE_EXT.test(relPath) && !isTestPath(relPath);

export const dirOf = (relPath: string): string => {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
};

export const baseOf = (relPath: string): string => relPath.slice(relPath.lastIndexOf('/') + 1);

/** `src/db/users.test.ts` → `users`; `test_users.py` → `users`; `users_test.go` → `users`. */
export function stemOf(relPath: string): string {
  return baseOf(relPath)
    .replace(/\.[^.]+$/, '')
    .replace(/\.(test|spec)$/, '')
    .replace(/_test$/, '')
    .replace(/^test_/, '')
    .toLowerCase();
}

/** Normalises a workspace-relative path given by a caller (`./src\\x.ts` → `src/x.ts`). */
export function normaliseRelPath(relPath: string): string {
  return parseRawPath(relPath).segments.join('/');
}

/**
 * Resolves printed paths against one workspace, with caches: one call to `attributeFailures`
 * looks up the same few files many times.
 */
export class WorkspacePaths {
  private files: Promise<string[]> | undefined;
  private byBase: Promise<Map<string, string[]>> | undefined;
  private readonly statCache = new Map<string, Promise<boolean>>();
  private readonly textCache = new Map<string, Promise<string | undefined>>();
  private readonly rootSegments: readonly string[];

  constructor(readonly workspace: Workspace) {
    this.rootSegments = parseRawPath(workspace.root).segments;
  }

  /** The workspace file a printed path names, or undefined. `nearDir` breaks ties between equal suffixes. */
  async resolve(raw: string, nearDir?: string): Promise<string | undefined> {
    const { segments } = parseRawPath(raw);
    if (segments.length === 0) return undefined;
    // Ran in place: the workspace root is a prefix of the printed path.
    const root = this.rootSegments;
    if (root.length > 0 && segments.length > root.length && root.every((s, i) => s === segments[i])) {
      const rel = segments.slice(root.length).join('/');
      if (await this.isFile(rel)) return rel;
    }
    // The longest suffix that exists under the root, longest first.
    for (let i = 0; i < segments.length; i++) {
      const rel = segments.slice(i).join('/');
      if (await this.isFile(rel)) return rel;
    }
    return this.resolveDeeper(segments, nearDir);
  }

  /** The suffix exists only below the root (`users_test.go` printed relative to its package). */
  private async resolveDeeper(segments: readonly string[], nearDir?: string): Promise<string | undefined> {
    const base = segments[segments.length - 1] as string;
    const candidates = (await this.filesByBase()).get(base) ?? [];
    let best: string[] = [];
    let bestScore = -1;
    for (const file of candidates) {
      const parts = file.split('/');
      let matched = 0;
      while (matched < parts.length && matched < segments.length && parts[parts.length - 1 - matched] === segments[segments.length - 1 - matched]) matched++;
      // A copy of the workspace keeps its layout: a printed folder that matches nothing means another file.
      if (segments.length > 1 && matched < 2) continue;
      const score = matched * 1000 + (nearDir === undefined ? 0 : sharedPrefix(dirOf(file), nearDir));
      if (score > bestScore) {
        best = [file];
        bestScore = score;
      } else if (score === bestScore) best.push(file);
    }
    // Two equally good matches and nothing to choose between them: say nothing rather than guess.
    return best.length === 1 ? best[0] : undefined;
  }

  async isFile(rel: string): Promise<boolean> {
    let hit = this.statCache.get(rel);
    if (!hit) {
      hit = this.workspace.stat(rel).then(
        (s) => s?.type === 'file' || s?.type === 'symlink',
        () => false,
      );
      this.statCache.set(rel, hit);
    }
    return hit;
  }

  /** Every (non-ignored) workspace file. */
  listFiles(): Promise<string[]> {
    this.files ??= this.workspace.listFiles().catch(() => []);
    return this.files;
  }

  /** The files directly inside a folder. */
  async filesIn(dir: string): Promise<string[]> {
    const prefix = dir === '' ? '' : `${dir}/`;
    return (await this.listFiles()).filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/'));
  }

  /**
   * UTF-8 text of a workspace file; undefined when unreadable, or when it is a link that leaves
   * the tree: the tests wrote this tree, and a planted `x.test.js -> ~/.ssh/id_rsa` must not be
   * read with Squad's rights (and land in a prompt).
   */
  read(rel: string): Promise<string | undefined> {
    let text = this.textCache.get(rel);
    if (!text) {
      text = this.workspace.realPath(rel).then(
        (real) => (real === undefined ? undefined : this.workspace.readFile(real).then((bytes) => new TextDecoder().decode(bytes))),
        () => undefined,
      ).catch(() => undefined);
      this.textCache.set(rel, text);
    }
    return text;
  }

  private filesByBase(): Promise<Map<string, string[]>> {
    this.byBase ??= this.listFiles().then((files) => {
      const map = new Map<string, string[]>();
      for (const f of files) {
        const b = baseOf(f);
        const list = map.get(b);
        if (list) list.push(f);
        else map.set(b, [f]);
      }
      return map;
    });
    return this.byBase;
  }
}

/** Number of leading folder segments two directories share. */
function sharedPrefix(a: string, b: string): number {
  const x = a === '' ? [] : a.split('/');
  const y = b === '' ? [] : b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}
