/**
 * Which test command the user allowed to run in which workspace, and with which definition: the
 * command text plus the defining part of every file that decides what it runs (definition.ts).
 * Nothing here approves on its own. Each workspace has at most one standing approval; approving
 * again replaces it, and a change to the command or to a defining file no longer matches it.
 *
 * Only approvals given while commands run inside the OS sandbox are remembered for the
 * workspace. Without a sandbox an approval holds for one run and lives in that run's journal.
 *
 * Stored as an append-only log over the Storage port; the last record of a workspace wins.
 * Records of the first format (a command without its files) no longer approve anything: they
 * did not say what the command would run.
 */
import { z } from 'zod';
import { SquadError } from '../common/errors';
import type { Storage } from '../ports';
import type { TestDefinition } from './definition';

export const APPROVALS_FILE = 'approvals/test-commands.jsonl';

const DefinitionRecord = z.object({
  command: z.string(),
  files: z.array(z.object({ path: z.string(), text: z.string() })),
});

const ApprovalRecord = z.object({
  v: z.literal(2),
  root: z.string(),
  /** null: the approval was withdrawn. */
  definition: DefinitionRecord.nullable(),
  at: z.number(),
});
type ApprovalRecord = z.infer<typeof ApprovalRecord>;

export class TestCommandApprovals {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
    private readonly file: string = APPROVALS_FILE,
  ) {}

  /** The definition standing approved for the workspace, if any. */
  async approved(root: string): Promise<TestDefinition | undefined> {
    const key = normaliseRoot(root);
    let current: TestDefinition | undefined;
    for (const record of await this.records()) if (record.root === key) current = record.definition ?? undefined;
    return current;
  }

  /** The command currently approved for the workspace, if any. */
  async approvedCommand(root: string): Promise<string | undefined> {
    return (await this.approved(root))?.command;
  }

  /** Call only on the user's explicit consent to this command with these files, with the sandbox on. */
  async approve(root: string, definition: TestDefinition): Promise<void> {
    if (definition.command.trim() === '') throw new SquadError('config/invalid', 'An empty test command cannot be approved.');
    const files = definition.files.map((f) => ({ path: f.path, text: f.text }));
    await this.append({ v: 2, root: normaliseRoot(root), definition: { command: definition.command, files }, at: this.now() });
  }

  async revoke(root: string): Promise<void> {
    await this.append({ v: 2, root: normaliseRoot(root), definition: null, at: this.now() });
  }

  private append(record: ApprovalRecord): Promise<void> {
    return this.storage.appendLine(this.file, JSON.stringify(record));
  }

  private async records(): Promise<ApprovalRecord[]> {
    const out: ApprovalRecord[] = [];
    for (const line of (await this.storage.readLines(this.file)) ?? []) {
      // A torn, foreign or first-format line approves nothing.
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
