/**
 * Interfaces core code uses to reach the outside world. Implementations live in src/node
 * (and the extension may supply its own); core never touches fs, child processes or git directly.
 */

export interface FileStat {
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
}

/** Read-only view of the user's workspace. All paths are workspace-relative POSIX paths. */
export interface Workspace {
  /** Absolute path of the workspace root (informational: never put it in a prompt). */
  readonly root: string;
  /**
   * Every file under the root that is not ignored (.git/, .gitignore files at any depth,
   * .squadignore, extra ignore globs), sorted. Stops after `limit` files when given.
   */
  listFiles(options?: { readonly signal?: AbortSignal; readonly limit?: number }): Promise<string[]>;
  /** True when .gitignore / .squadignore / extra globs exclude the path (or it is under .git/). */
  isIgnored(relPath: string): Promise<boolean>;
  /** lstat of the path itself (a symlink is reported as 'symlink'); undefined when it does not exist. */
  stat(relPath: string): Promise<FileStat | undefined>;
  /**
   * The path with every symlink resolved, relative to the root; undefined when the real path
   * lies outside the root or does not exist.
   */
  realPath(relPath: string): Promise<string | undefined>;
  readFile(relPath: string): Promise<Uint8Array>;
}

/** Append-only line storage, used by the run journal. Paths are relative to the storage root. */
export interface Storage {
  appendLine(relPath: string, line: string): Promise<void>;
  /** All lines of the file, or undefined when it does not exist. */
  readLines(relPath: string): Promise<string[] | undefined>;
  /** Names of the entries directly under a folder (empty when the folder does not exist). */
  list(relDir: string): Promise<string[]>;
  /**
   * Takes an exclusive lock named by the path, held until released or until its process dies;
   * undefined when a live process holds it. Storages without locking (memory) omit it.
   */
  lock?(relPath: string): Promise<StorageLock | undefined>;
}

export interface StorageLock {
  release(): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
