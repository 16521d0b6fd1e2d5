import type { z } from 'zod';
import { cancelledError, isSquadError } from '../common/errors';
import type { ToolCall, ToolSpec } from '../llm/chatModel';
import type { ToolContext } from './context';
import type { Tool, ToolOutput } from './defineTool';

/**
 * Runs one tool call from the model. Every way a call can go wrong (unknown tool, malformed
 * JSON, arguments that do not fit the schema, a refusal or failure inside the tool) becomes an
 * error result whose text tells the model what to fix. Only cancellation escapes, as `cancelled`.
 */

export interface ToolResult {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly content: string;
  readonly isError: boolean;
  readonly finished?: ToolOutput['finished'];
  readonly proposal?: ToolOutput['proposal'];
}

export interface ToolRegistry {
  readonly tools: readonly Tool[];
  readonly specs: readonly ToolSpec[];
  get(name: string): Tool | undefined;
}

export function toolRegistry(tools: readonly Tool[]): ToolRegistry {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`Two tools are named ${tool.name}.`);
    byName.set(tool.name, tool);
  }
  return { tools, specs: tools.map((t) => t.spec), get: (name) => byName.get(name) };
}

/** Room for headers and notes on top of the largest read a sandbox allows. */
const RESULT_SLACK_CHARS = 16 * 1024;

export async function executeToolCall(
  tools: ToolRegistry | readonly Tool[],
  call: ToolCall,
  ctx: ToolContext,
  options: { readonly maxChars?: number } = {},
): Promise<ToolResult> {
  if (ctx.signal.aborted) throw cancelledError(ctx.signal);
  const registry = isRegistry(tools) ? tools : toolRegistry(tools);
  const maxChars = options.maxChars ?? ctx.sandbox.maxReadBytes + RESULT_SLACK_CHARS;
  const result = (output: ToolOutput): ToolResult => ({
    toolCallId: call.id,
    toolName: call.name,
    content: truncate(output.content, maxChars),
    isError: output.isError === true,
    ...(output.finished ? { finished: output.finished } : {}),
    ...(output.proposal ? { proposal: output.proposal } : {}),
  });
  const fail = (content: string): ToolResult => result({ content, isError: true });

  const tool = registry.get(call.name);
  if (!tool) {
    const names = registry.tools.map((t) => t.name).join(', ');
    return fail(`Unknown tool ${JSON.stringify(call.name)}. Available tools: ${names}.`);
  }
  let raw = call.arguments;
  if (call.argumentsError !== undefined) {
    // Some servers send nothing at all for a call without arguments.
    if (call.rawArguments.trim() !== '') return fail(`${call.argumentsError}\nSend one JSON object: ${tool.shape}`);
    raw = {};
  }
  const parsed = tool.args.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `- ${describeIssue(issue)}`);
    return fail(`Invalid arguments for ${tool.name}:\n${lines.join('\n')}\nExpected: ${tool.shape}`);
  }

  try {
    const output = await tool.run(parsed.data, ctx);
    return result(typeof output === 'string' ? { content: output } : output);
  } catch (err) {
    if (isSquadError(err, 'cancelled')) throw err;
    if (ctx.signal.aborted) throw cancelledError(ctx.signal);
    if (isSquadError(err)) return fail([err.message, ...err.details].join('\n'));
    // Not a refusal we planned for: the message only, never a stack trace or an absolute path's context.
    return fail(`${tool.name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function isRegistry(tools: ToolRegistry | readonly Tool[]): tools is ToolRegistry {
  return !Array.isArray(tools);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? 'arguments' : formatPath(issue.path);
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'int' ? 'integer' : issue.expected;
    return issue.input === undefined ? `${where}: required (${expected})` : `${where}: expected ${expected}, got ${typeName(issue.input)}`;
  }
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  return `${where}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'number (not an integer)';
  return typeof value;
}

export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf('\n', maxChars);
  const head = text.slice(0, cut > maxChars / 2 ? cut : maxChars);
  return `${head}\n[… output truncated: ${text.length - head.length} more characters not shown]`;
}
