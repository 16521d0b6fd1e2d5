/**
 * Which test command the user allowed to run in which workspace. A command runs only once the
 * user approved that exact string for that workspace; nothing here approves on its own. Each
 * workspace has at most one approved command: approving another one replaces it, so any change
 * to the command (a new detection, an edited setting) asks again.
 *
 * Stored as an append-only log over the Storage port; the last record of a workspace wins.
 */
import { z } from 'zod';
import { SquadError } from '../common/errors';
import type { Storage } from '../ports';

export const APPROVALS_FILE = 'approvals/test-commands.jsonl';

const ApprovalRecord = z.object({
  v: z.literal(1),
  root: z.string(),
  /** The approved command; null: the approval was withdrawn. */
  command: z.string().nullable(),
  at: z.number(),
});
type ApprovalRecord = z.infer<typeof ApprovalRecord>;

export class TestCommandApprovals {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
    private readonly file: string = APPROVALS_FILE,
  ) {}

  async isApproved(root: string, command: string): Promise<boolean> {
    return (await this.approvedCommand(root)) === command;
  }

  /** The command currently approved for the workspace, if any. */
  async approvedCommand(root: string): Promise<string | undefined> {
    const key = normaliseRoot(root);
    let current: string | undefined;
    for (const record of await this.records()) if (record.root === key) current = record.command ?? undefined;
    return current;
  }

  /** Call only on the user's explicit consent to this exact command. */
  async approve(root: string, command: string): Promise<void> {
    if (command.trim() === '') throw new SquadError('config/invalid', 'An empty test command cannot be approved.');
    await this.append({ v: 1, root: normaliseRoot(root), command, at: this.now() });
  }

  async revoke(root: string): Promise<void> {
    await this.append({ v: 1, root: normaliseRoot(root), command: null, at: this.now() });
  }

  private append(record: ApprovalRecord): Promise<void> {
    return this.storage.appendLine(this.file, JSON.stringify(record));
  }

  private async records(): Promise<ApprovalRecord[]> {
    const out: ApprovalRecord[] = [];
    for (const line of (await this.storage.readLines(this.file)) ?? []) {
      // A torn or foreign line approves nothing.
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const parsed = ApprovalRecord.safeParse(json);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }
}

/** `/a/b/` and `/a/b` are one workspace; case and symlinks are left alone (the caller passes a resolved root). */
function normaliseRoot(root: string): string {
  return root.length > 1 ? root.replace(/[\\/]+$/, '') : root;
}
