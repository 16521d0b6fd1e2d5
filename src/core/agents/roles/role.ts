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
}
