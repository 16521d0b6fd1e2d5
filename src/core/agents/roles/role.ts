import type { Tool } from '../../tools';

/** One role of the squad: its prompt and the tools its agent may use. A new role is one new module. */
export interface RoleDefinition {
  readonly name: string;
  /** One line, shown to the planner so it knows what to give this role. */
  readonly summary: string;
  /** The role-specific part of the agent's system prompt. */
  readonly prompt: string;
  /** Defaults to every agent tool. */
  readonly tools?: readonly Tool[];
  /**
   * The `tools` list of the role's agent file as written, when it has one. Names Squad has no
   * built-in tool for (an MCP server's `server/tool` or `server/*`) are kept here for whatever
   * provides them; the built-in ones are already resolved into `tools`.
   */
  readonly toolNames?: readonly string[];
  /** The model its agent file asks for; the user's per-role setting or flag still wins. */
  readonly model?: string;
  /** Workspace globs the role owns (agent files' `owns`): routing of failures and scheduling. */
  readonly owns?: readonly string[];
  /** Where the role came from: 'built-in', '--roles', 'settings', or the agent file's path. */
  readonly source?: string;
}
