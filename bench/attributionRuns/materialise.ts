/**
 * Turns a case into a workspace as a user would have it: a fresh temp folder with the real
 * open-source code (npm package or Debian Python package, fetched into a cache outside the
 * repository, never committed), the case's own files over it, the JS test tools installed
 * (node_modules entries linked to one pinned install in the cache), and a git repository with
 * one commit.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { LoadedCase } from './cases';

const run = promisify(execFile);

/** Pinned, as scripts/corpus/js-tools.sh pins them, so that a rerun measures the same tools. */
export const JS_TOOLS = ['jest@30.5.2', 'vitest@5.1.1', 'mocha@12.0.3', 'chai@5.1.2'] as const;
/** Runners whose projects install their tools (node:test needs none). */
const JS_RUNNERS = new Set(['jest', 'mocha', 'vitest']);
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';
const GITIGNORE = 'node_modules/\n__pycache__/\n.pytest_cache/\n*.pyc\ncoverage/\n';

export function defaultCacheDir(): string {
  return process.env.SQUAD_CORPUS_CACHE ?? path.join(os.homedir(), '.cache', 'squad', 'attribution-corpus');
}

export interface Workspace {
  readonly root: string;
  /** A file of the workspace as materialised (before any task), undefined when absent. */
  readonly readBase: (rel: string) => Promise<string | undefined>;
  /** Removes the temp folder. */
  readonly dispose: () => Promise<void>;
}

export async function materialise(c: LoadedCase, cacheDir = defaultCacheDir()): Promise<Workspace> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-attr-'));
  const root = path.join(tmp, c.npm?.package.replace(/^@[^/]+\//, '') ?? c.debian?.module.replace(/\.py$/, '') ?? c.id);
  try {
    await fs.mkdir(root, { recursive: true });
    if (c.npm) {
      const pkg = await npmPackage(c.npm.package, c.npm.version, cacheDir);
      const excluded = new Set(c.npm.exclude.map((e) => path.join(pkg.files, e)));
      await fs.cp(pkg.files, path.join(root, c.npm.into), { recursive: true, filter: (src) => !excluded.has(src) });
      // The package's own dependencies, installed as `npm install` would have (qs needs side-channel).
      await linkTools(pkg.deps, path.join(root, 'node_modules'), new Set([c.npm.package.split('/')[0] ?? '', '.bin']));
    }
    if (c.debian) {
      const src = path.join(DIST_PACKAGES, c.debian.module);
      if (!(await exists(src))) throw new Error(`${c.id} needs ${src}: apt-get install -y ${c.debian.package}`);
      const into = path.join(root, c.debian.into, c.debian.module);
      await fs.mkdir(path.dirname(into), { recursive: true });
      await fs.cp(src, into, { recursive: true, filter: (s) => path.basename(s) !== '__pycache__' });
    }
    await fs.cp(path.join(c.dir, 'base'), root, { recursive: true });
    if (JS_RUNNERS.has(c.runner) && c.toolsInstalled && (await exists(path.join(root, 'package.json')))) {
      await linkTools(await jsTools(cacheDir), path.join(root, 'node_modules'));
    }
    if (!(await exists(path.join(root, '.gitignore')))) await fs.writeFile(path.join(root, '.gitignore'), GITIGNORE);
    await git(root, 'init', '-q', '-b', 'main');
    await git(root, 'add', '-A');
    await git(root, '-c', 'user.name=Squad Bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'Project before the run');
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return {
    root,
    readBase: (rel) => fs.readFile(path.join(root, rel), 'utf8').catch(() => undefined),
    dispose: () => fs.rm(tmp, { recursive: true, force: true, maxRetries: 3 }),
  };
}

/**
 * The package installed once into the cache with its dependencies: its own files (copied into
 * the workspace) and the folder holding its dependencies (linked into the workspace's node_modules).
 */
async function npmPackage(name: string, version: string, cacheDir: string): Promise<{ files: string; deps: string }> {
  const dir = path.join(cacheDir, 'npm', `${name.replace('/', '+')}-${version}`);
  const done = path.join(dir, 'installed.txt');
  if (!(await exists(done))) {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'package.json'), '{ "name": "squad-attribution-package", "private": true }\n');
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts', `${name}@${version}`], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    await fs.writeFile(done, `${name}@${version}`);
  }
  return { files: path.join(dir, 'node_modules', name), deps: path.join(dir, 'node_modules') };
}

/** node_modules of one pinned install of the JS test tools, installed on first use. */
async function jsTools(cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, 'tools');
  const stamp = path.join(dir, 'installed.txt');
  const want = JS_TOOLS.join(' ');
  if ((await fs.readFile(stamp, 'utf8').catch(() => '')) !== want) {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'package.json'), '{ "name": "squad-attribution-tools", "private": true }\n');
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...JS_TOOLS], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    await fs.writeFile(stamp, want);
  }
  return path.join(dir, 'node_modules');
}

/** A real node_modules folder whose entries link to the cache's, as the Stager links a workspace's. */
async function linkTools(from: string, to: string, skip: ReadonlySet<string> = new Set()): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from)) {
    if (skip.has(entry) || entry === '.vite' || entry === '.cache' || entry === '.package-lock.json') continue;
    if (await exists(path.join(to, entry))) continue;
    await fs.symlink(path.join(from, entry), path.join(to, entry));
  }
}

async function git(cwd: string, ...args: string[]): Promise<void> {
  await run('git', args, { cwd });
}

async function exists(p: string): Promise<boolean> {
  return (await fs.lstat(p).catch(() => undefined)) !== undefined;
}
