import type { ToolCall } from '../llm/chatModel';
import type { ToolResult } from '../tools';

/** How often the same call may repeat, and how many errors in a row, before a task counts as stuck. */
const MAX_IDENTICAL_CALLS = 3;
const MAX_CONSECUTIVE_ERRORS = 8;

/**
 * Detects an agent looping without progress: the same tool call with the same arguments again
 * and again, or a long run of failing calls. Returns the reason to fail the task with.
 */
export class ProgressGuard {
  private readonly seen = new Map<string, number>();
  private errorsInARow = 0;

  observe(call: ToolCall, result: ToolResult): string | undefined {
    const key = `${call.name} ${call.rawArguments}`;
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    this.errorsInARow = result.isError ? this.errorsInARow + 1 : 0;
    if (count >= MAX_IDENTICAL_CALLS && !result.proposal) {
      return `The agent loops without progress: it called ${call.name} with the same arguments ${count} times.`;
    }
    if (this.errorsInARow >= MAX_CONSECUTIVE_ERRORS) {
      return `The agent loops without progress: its last ${this.errorsInARow} tool calls all failed (last: ${result.content.split('\n', 1)[0] ?? ''}).`;
    }
    return undefined;
  }
}
