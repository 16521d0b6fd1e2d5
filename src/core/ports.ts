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
   * Every regular file under the root that is not ignored (.git/, .gitignore files at any depth,
   * .squadignore, extra ignore globs), sorted; symlinks are left out (their targets are listed
   * under their own names). Stops after `limit` files when given. A workspace may answer from an
   * index built once per run: the run's own changes are never on disk (they live in its overlay).
   */
  listFiles(options?: ListFilesOptions): Promise<string[]>;
  /**
   * The same listing with word of what it left out. Optional: implemented by workspaces that keep
   * one index per run (built once, capped), so a caller can tell "no more files" from "the cap".
   */
  files?(options?: ListFilesOptions): Promise<FileListing>;
  /**
   * Optional fast content search (ripgrep, or parallel reads): which of `query.paths` may hold a
   * line matching the query. A superset is fine (the caller confirms each line); a file left out
   * must not match. Undefined when this engine cannot answer the query faithfully.
   */
  findTextCandidates?(query: TextQuery, signal?: AbortSignal): Promise<TextCandidates | undefined>;
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
  /**
   * Names of the files (and links) directly in a folder, sorted; empty when it does not exist.
   * Ignore rules do not apply: it reads Squad's own configuration (`.squad/agents/`), which
   * projects often ignore.
   */
  listDirectory(relDir: string): Promise<string[]>;
}

export interface ListFilesOptions {
  readonly signal?: AbortSignal;
  readonly limit?: number;
  /** Only files under this folder (workspace-relative); '' or absent: the whole workspace. */
  readonly under?: string;
}

export interface FileListing {
  /** Regular files (no symlinks, no folders), sorted. */
  readonly paths: readonly string[];
  /** False when the listing stopped at a cap (the caller's limit or the index's own). */
  readonly complete: boolean;
}

export interface TextQuery {
  /** A literal string, or a JavaScript regex when `regex` is set. */
  readonly pattern: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
  /** The files to consider (listed, visible, unchanged by the run); the answer is a subset. */
  readonly paths: readonly string[];
  /** A folder holding every one of `paths`, so an engine can search less; '' for the root. */
  readonly under: string;
}

export interface TextCandidates {
  /** Files that may hold a matching line. */
  readonly files: ReadonlySet<string>;
  /** Files the engine did not look into (too large to read), so they are neither in nor out. */
  readonly unread: readonly string[];
  /** Files known to be binary (never shown as matches), when the engine can tell. */
  readonly binary: number;
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
