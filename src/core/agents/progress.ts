import type { ToolCall } from '../llm/chatModel';
import type { ToolResult } from '../tools';

/** How many replies may repeat the same call, and how many replies in a row may fail entirely. */
const MAX_IDENTICAL_CALLS = 3;
const MAX_FAILED_REPLIES = 5;

/**
 * Detects an agent looping without progress, judged per reply (a model may read eight guessed
 * paths at once; it has not seen any result yet): the same call with the same arguments in three
 * replies, or four replies in a row whose every call failed. Returns the reason to fail the task.
 */
export class ProgressGuard {
  private readonly seen = new Map<string, number>();
  private failedRepliesInARow = 0;

  observeReply(calls: readonly ToolCall[], results: readonly ToolResult[]): string | undefined {
    const proposed = results.some((r) => r.proposal);
    for (const key of new Set(calls.map((c) => `${c.name} ${c.rawArguments}`))) {
      const count = (this.seen.get(key) ?? 0) + 1;
      this.seen.set(key, count);
      if (count >= MAX_IDENTICAL_CALLS && !proposed) {
        return `The agent loops without progress: it called ${key.split(' ', 1)[0] ?? ''} with the same arguments in ${count} replies.`;
      }
    }
    this.failedRepliesInARow = results.length > 0 && results.every((r) => r.isError) ? this.failedRepliesInARow + 1 : 0;
    if (this.failedRepliesInARow >= MAX_FAILED_REPLIES) {
      const last = results[results.length - 1]?.content.split('\n', 1)[0] ?? '';
      return `The agent loops without progress: every call of its last ${this.failedRepliesInARow} replies failed (last: ${last}).`;
    }
    return undefined;
  }
}
