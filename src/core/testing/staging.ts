/** The port that stages the workspace plus proposed changes in a scratch tree (src/node/staging.ts). */
import type { SandboxRequest } from './runner';

export interface StagedFile {
  readonly path: string;
  /** undefined: the change deletes the file. */
  readonly content: string | undefined;
}

export interface StagedTree {
  /** Absolute path of the scratch tree: the workspace's files with the changes applied. */
  readonly dir: string;
  /** The sandbox mounts that run a command on this tree and on nothing else (network aside). */
  readonly sandbox: Omit<SandboxRequest, 'network'>;
  /** A writable folder beside the tree, not in it, for what a run leaves for Squad (coverage data). */
  readonly artefacts: string;
  /** Writes a file into `artefacts` before a run (`relPath` may name a subfolder, whose files are not read back). */
  writeArtefact(relPath: string, text: string): Promise<void>;
  /** The files the run left in `artefacts`, as text (at most `maxBytes` in all; the rest are left out). */
  readArtefacts(maxBytes: number): Promise<readonly { readonly name: string; readonly text: string }[]>;
  /** Reads a file of the scratch tree (a test reporter's output file); undefined when missing or larger than `maxBytes`. */
  readFile(relPath: string, maxBytes?: number): Promise<string | undefined>;
  /** Removes the scratch tree. */
  dispose(): Promise<void>;
}

export interface Stager {
  stage(files: readonly StagedFile[], signal?: AbortSignal): Promise<StagedTree>;
  /**
   * A digest of the workspace as a test run would see it (without proposals): equal digests mean
   * the same files, so a baseline run can be reused.
   */
  digest(signal?: AbortSignal): Promise<string>;
}
