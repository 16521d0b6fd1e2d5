import type { Tool } from './defineTool';
import { disputeTestTool } from './disputeTest';
import { createFileTool, deleteFileTool, proposeEditTool } from './editTools';
import { finishTool } from './finish';
import { listFilesTool } from './listFiles';
import { readFileTool } from './readFile';
import { runTestsTool } from './runTests';
import { searchTool } from './search';

export type { FileView, ProposalResult, ToolContext } from './context';
export { defineTool, type Tool, type ToolOutput, type ToolReplay } from './defineTool';
export { executeToolCall, toolRegistry, type ToolRegistry, type ToolResult } from './execute';
export { createSandbox, DEFAULT_MAX_READ_BYTES, type Sandbox, type SandboxPolicy } from './sandbox';
export { secretRule } from './secrets';
export { decodeText, encodeText, unencodableChars, looksBinary, type DecodedText, type TextEncodingName } from './text';
export { createFileTool, deleteFileTool, disputeTestTool, finishTool, listFilesTool, proposeEditTool, readFileTool, runTestsTool, searchTool };

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

/** The QA role's tools: every agent tool plus run_tests, before finish. */
export const QA_TOOLS: readonly Tool[] = [...AGENT_TOOLS.slice(0, -1), runTestsTool, finishTool];

/** The read-only subset, for roles that only look (a reviewer, a planner exploring the code). */
export const READ_TOOLS: readonly Tool[] = [listFilesTool, readFileTool, searchTool];
