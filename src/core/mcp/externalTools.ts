/**
 * Tools from outside Squad: MCP servers (the CLI starts the ones in `.vscode/mcp.json`) or the tools
 * VS Code offers language models (`vscode.lm.tools`, which include the user's MCP servers). The core
 * sees them only through this port; `adapt.ts` turns each into an agent tool, and a role gets only
 * the ones its definition or the user's setting grants (`grants.ts`).
 */
import type { JsonSchema } from '../llm/chatModel';

export interface ExternalToolInfo {
  /** The name the model calls it by: unique, provider-safe (`^[a-zA-Z0-9_-]{1,64}$`), never one of Squad's. */
  readonly name: string;
  /** Names a role may grant it by besides `name` (`github/get_issue`; `github/*` matches it too). */
  readonly aliases: readonly string[];
  /** Where it comes from, in words for the model and the narrator ("MCP server github"). */
  readonly source: string;
  readonly description: string;
  /** A JSON Schema of an object. */
  readonly inputSchema: JsonSchema;
}

export interface ExternalToolReply {
  readonly text: string;
  /** The tool itself reported a failure (the model may correct its call). */
  readonly isError?: boolean;
}

export interface ExternalToolSource {
  /** Every tool on offer. May start servers; a server that fails is reported by the source and left out. */
  list(signal: AbortSignal): Promise<readonly ExternalToolInfo[]>;
  /** Calls the tool `name` (an `ExternalToolInfo.name`). Throws only on cancellation or a broken connection. */
  call(name: string, input: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<ExternalToolReply>;
}

/** What the driver needs to offer external tools to the agents. */
export interface ExternalToolsConfig {
  readonly source: ExternalToolSource;
  /** Extra grants per role, from the user's setting or flag, added to the role definition's own. */
  readonly grants?: Readonly<Record<string, readonly string[]>>;
  /** Removes every secret value Squad knows from a result before the model or the journal sees it. */
  readonly scrub: (text: string) => string | Promise<string>;
  /** Told of a grant that matches no tool on offer (a misspelt name, a server that did not start). */
  readonly warn?: (text: string) => void;
}
