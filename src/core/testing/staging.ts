/** The port that stages the workspace plus proposed changes in a scratch tree (src/node/staging.ts). */

export interface StagedFile {
  readonly path: string;
  /** undefined: the change deletes the file. */
  readonly content: string | undefined;
}

export interface StagedTree {
  /** Absolute path of the scratch tree: the workspace's files with the changes applied. */
  readonly dir: string;
  /** Reads a file of the scratch tree (a test reporter's output file); undefined when missing or larger than `maxBytes`. */
  readFile(relPath: string, maxBytes?: number): Promise<string | undefined>;
  /** Removes the scratch tree (and its git worktree registration). */
  dispose(): Promise<void>;
}

export interface Stager {
  stage(files: readonly StagedFile[], signal?: AbortSignal): Promise<StagedTree>;
}
