import type { Workspace } from '../ports';
import type { RegexMatcher } from './regexMatcher';
import type { Sandbox } from './sandbox';

/**
 * What the tools see of the files: the workspace, plus the changes of the tasks this task depends
 * on, plus this task's own proposals. Implemented by the change set's overlay view.
 * Every path is a workspace-relative POSIX path that has already passed the sandbox.
 */
export interface FileView {
  /** Overlay first, then the workspace; undefined when no such file (or it was deleted). */
  read(path: string): Promise<string | undefined>;
  /** Throws SquadError `edit/no_match` / `edit/ambiguous` when an edit cannot be located. */
  proposeEdit(path: string, edits: readonly { readonly search: string; readonly replace: string }[]): Promise<ProposalResult>;
  createFile(path: string, content: string): Promise<ProposalResult>;
  deleteFile(path: string): Promise<ProposalResult>;
  /**
   * Every path whose content in this view differs from the workspace (dependencies' changes and
   * own proposals). The tools read other paths straight from the workspace, so this must be complete.
   */
  changedPaths(): readonly { readonly path: string; readonly kind: 'created' | 'modified' | 'deleted' }[];
}

export interface ProposalResult {
  /** Lines added and removed by the proposal, as a diff counts them. */
  readonly added: number;
  readonly removed: number;
  /** How the edit was located when not exactly ('whitespace', 'indentation', …); shown to the model. */
  readonly matchKind?: string;
}

export interface ToolContext {
  readonly sandbox: Sandbox;
  readonly workspace: Workspace;
  readonly view: FileView;
  readonly signal: AbortSignal;
  /**
   * Runs the approved test command on the workspace plus this task's view of the changes and
   * returns a readable summary. Absent when no command was approved or the workspace is untrusted.
   */
  readonly runTests?: (signal: AbortSignal) => Promise<string>;
  /** Runs the search tool's regexes with a time budget; absent: they run on the calling thread. */
  readonly regex?: RegexMatcher;
  /** Records that a failing test contradicts this task (fix rounds only); returns what the model is told. */
  readonly disputeTest?: (test: string, reason: string) => Promise<string>;
}
