import type { ToolCall } from '../llm/chatModel';
import type { ToolResult } from '../tools';

/** One line for the log and the sidebar: what the agent did, never the file contents. */
export function summarizeToolCall(call: ToolCall, result: ToolResult): string {
  const args = (call.arguments ?? {}) as Record<string, unknown>;
  const str = (key: string): string => {
    const value = args[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  };
  if (result.isError) return `${call.name} failed: ${firstLine(result.content)}`;
  if (result.proposal) {
    const p = result.proposal;
    const verb = p.kind === 'create' ? 'created' : p.kind === 'delete' ? 'deleted' : 'edited';
    return `${verb} ${p.path} (+${p.added} −${p.removed})`;
  }
  switch (call.name) {
    case 'read_file': {
      const range = str('startLine') !== '' ? ` lines ${str('startLine')}-${str('endLine')}` : '';
      return `read ${str('path')}${range}`;
    }
    case 'list_files':
      return `listed files${str('glob') ? ` matching ${str('glob')}` : ''}`;
    case 'search':
      return `searched ${JSON.stringify(str('query'))}${str('glob') ? ` in ${str('glob')}` : ''}: ${firstLine(result.content)}`;
    case 'finish':
      return `finished: ${firstLine(str('summary'))}`;
    default:
      // An external tool (mcp__…, vscode__…): its arguments, not the first line of third-party text.
      if (call.name.includes('__')) return firstLine(`${call.name} ${call.rawArguments.trim() || '{}'}`);
      return `${call.name}: ${firstLine(result.content)}`;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
