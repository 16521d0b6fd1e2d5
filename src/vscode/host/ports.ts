/**
 * What the run controller needs from the editor, as plain functions: the controller itself never
 * imports `vscode`, so unit tests drive it with a real journal, a real workspace and the scripted
 * model server, and answer its questions (trust, test-command approval) themselves.
 */
import type { ChatModel } from '../../core/llm/chatModel';
import type { Clock } from '../../core/ports';
import type { Settings } from '../settings';
import type { Notice } from './errorActions';

export interface HostLog {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

export interface HostPorts {
  /** The folder runs work on (the first workspace folder); undefined when none is open. */
  readonly root: () => string | undefined;
  /** Where journals and approvals live (the workspace storage, never the workspace). */
  readonly storageDir: () => string | undefined;
  /** The settings, validated: read again each time they are needed. */
  readonly settings: () => Settings;
  /**
   * Each role's model for the coming run; `roles` are the squad's (the planner is added). Throws
   * SquadError config/missing_key or config/invalid before anything is journaled.
   */
  readonly models: (settings: Settings, roles: readonly string[]) => Promise<(role: string) => ChatModel>;
  readonly isTrusted: () => boolean;
  /** Asks the user (modal) whether this exact command may run for this workspace. */
  readonly confirmTestCommand: (request: TestCommandQuestion) => Promise<boolean>;
  /** Writes the accepted changes (the review part's `squad.applyAccepted`). */
  readonly applyAccepted: () => Promise<void>;
  readonly log: HostLog;
  readonly notify: (notice: Notice) => void;
  /** The environment test commands start from (secrets are scrubbed by the process runner). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
}

export interface TestCommandQuestion {
  /** What the user approves: the command as the project or the setting states it. */
  readonly command: string;
  /** The command that actually runs, when Squad adds reporter options to read the results. */
  readonly runs: string;
  /** Why this command (e.g. "package.json scripts.test: node --test"). */
  readonly reason: string;
}
