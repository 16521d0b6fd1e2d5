/**
 * What the run controller needs from the editor, as plain functions: the controller itself never
 * imports `vscode`, so unit tests drive it with a real journal, a real workspace and the scripted
 * model server, and answer its questions (trust, test-command approval) themselves.
 */
import type { ChatModel } from '../../core/llm/chatModel';
import type { Clock } from '../../core/ports';
import type { ExternalToolSource } from '../../core/mcp/externalTools';
import type { ApplyPorts } from '../../core/review/applyRun';
import type { TestApprovalAnswer, TestApprovalRequest } from '../../core/testing/authority';
import type { Settings } from '../settings';
import type { Notice } from './errorActions';
import type { BudgetPort } from '../../core/budget/gate';

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
   * SquadError config/missing_key or config/invalid before anything is journaled. `fileModels`:
   * the models the roles' agent files ask for, below `squad.models` and above `squad.model`.
   */
  readonly models: (settings: Settings, roles: readonly string[], fileModels?: Readonly<Record<string, string>>) => Promise<(role: string) => ChatModel>;
  readonly isTrusted: () => boolean;
  /** The ripgrep binary the workspace lists and searches with; absent or undefined: in-process. */
  readonly ripgrep?: () => Promise<string | undefined>;
  /** The tools VS Code offers language models (MCP servers included); absent: none. Used only in a trusted workspace. */
  readonly externalTools?: () => ExternalToolSource | undefined;
  /**
   * Tells the user that the tests wait for their answer (the sidebar shows the request from the
   * run's state; a notification offers the answers). `answer` settles the question; so does the
   * sidebar, through the host.
   */
  readonly askTests: (request: TestApprovalRequest, answer: (a: TestApprovalAnswer) => void) => void;
  /** How the editor reads and writes files for an apply; undefined without a folder or storage. */
  readonly applyPorts: () => ApplyPorts | undefined;
  readonly log: HostLog;
  readonly notify: (notice: Notice) => void;
  /**
   * Asks before something the user has not asked for is lost (a new request over a waiting plan):
   * resolves with the choice, or undefined when the question was dismissed (read as "no").
   */
  readonly confirm: (message: string, choices: readonly string[]) => Promise<string | undefined>;
  /** Asked when the next model call would cross the run's budget (squad.runBudget); absent: the run stops there, resumably. */
  readonly askBudget?: BudgetPort;
  /** The environment test commands start from (secrets are scrubbed by the process runner). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The API keys Squad holds (secret storage or environment): test output and environment are scrubbed of them. */
  readonly apiKeys?: () => Promise<readonly string[]>;
  readonly clock?: Clock;
}
