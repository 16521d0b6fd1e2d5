import type { Tool } from './defineTool';
import { createFileTool, deleteFileTool, proposeEditTool } from './editTools';
import { finishTool } from './finish';
import { listFilesTool } from './listFiles';
import { readFileTool } from './readFile';
import { searchTool } from './search';

export type { FileView, ProposalResult, ToolContext } from './context';
export { defineTool, type Tool, type ToolOutput } from './defineTool';
export { executeToolCall, toolRegistry, type ToolRegistry, type ToolResult } from './execute';
export { createSandbox, DEFAULT_MAX_READ_BYTES, type Sandbox, type SandboxPolicy } from './sandbox';
export { secretRule } from './secrets';
export { decodeText, encodeText, unencodableChars, looksBinary, type DecodedText, type TextEncodingName } from './text';
export { createFileTool, deleteFileTool, finishTool, listFilesTool, proposeEditTool, readFileTool, searchTool };

/** Every agent tool, in the order prompts list them (a stable order keeps prompt caches warm). */
export const AGENT_TOOLS: readonly Tool[] = [
  listFilesTool,
  readFileTool,
  searchTool,
  proposeEditTool,
  createFileTool,
  deleteFileTool,
  finishTool,
];

/** The read-only subset, for roles that only look (a reviewer, a planner exploring the code). */
export const READ_TOOLS: readonly Tool[] = [listFilesTool, readFileTool, searchTool];
