/** The project's instruction files as Squad reads them (see discover.ts for where each comes from). */

/**
 * Which convention a file follows: .squad/instructions.md, AGENTS.md, .github/instructions/*.instructions.md,
 * .github/copilot-instructions.md, CLAUDE.md, .cursor/rules (and .cursorrules), .clinerules.
 * In this order the budget takes them (budget.ts).
 */
export const INSTRUCTION_SOURCES = ['squad', 'agents', 'copilot-scoped', 'copilot', 'claude', 'cursor', 'cline'] as const;
export type InstructionSource = (typeof INSTRUCTION_SOURCES)[number];

/**
 * When a file applies. `nearest`: an AGENTS.md or CLAUDE.md, for the files below its folder that
 * have no nearer one of the same name (the root one applies to everything). `globs`: for the files
 * below `base` that match one of them (relative to `base`). `on-request`: not included, only named
 * with its description so an agent can read it when it is relevant (Cursor's "agent requested").
 */
export type InstructionScope =
  | { readonly kind: 'always' }
  | { readonly kind: 'nearest' }
  | { readonly kind: 'globs'; readonly globs: readonly string[] }
  | { readonly kind: 'on-request'; readonly description: string };

export interface InstructionFile {
  /** Workspace-relative path, as the agents would name it. */
  readonly path: string;
  readonly source: InstructionSource;
  /** The folder the file speaks for ('' for the root): a nested AGENTS.md's or `.cursor/rules`'s parent. */
  readonly base: string;
  readonly scope: InstructionScope;
  /** The instructions: the text after any front matter, trimmed. Empty when `unreadable`. */
  readonly text: string;
  /** Why it was not read ("too large to read", "could not be read: EACCES"): named as left out, never included. */
  readonly unreadable?: string;
}

/** How a file entered one prompt. */
/**
 * whole / truncated (cut at a line to fit the budget) / omitted (over the budget, or too large to
 * read) / listed (named with its description for an agent to read) / duplicate (the same text as a
 * file already in, such as a CLAUDE.md copied from AGENTS.md).
 */
export const INSTRUCTION_STATUSES = ['whole', 'truncated', 'omitted', 'listed', 'duplicate'] as const;
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

export interface InstructionUse {
  readonly path: string;
  readonly source: InstructionSource;
  readonly status: InstructionStatus;
  /** Estimated tokens of the file's text that went into the prompt (omitted: of the whole file). */
  readonly tokens: number;
  /** Why it applies: "always", "nearest to src/api/x.ts", "applyTo src/**\/*.ts matches src/api/x.ts", … */
  readonly why: string;
}

/** What one prompt received: journaled (instructions.used), shown in the sidebar and `--json`. */
export interface InstructionsRecord {
  /** The budget in estimated tokens (INSTRUCTIONS_TOKEN_BUDGET). */
  readonly budget: number;
  readonly files: readonly InstructionUse[];
}

/** The text for the prompt ('' when the project has no instructions that apply) and its record. */
export interface InstructionsForPrompt {
  readonly text: string;
  readonly record: InstructionsRecord;
}
