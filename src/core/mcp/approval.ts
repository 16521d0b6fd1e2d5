/**
 * Which MCP servers the user allowed Squad to start in which workspace, remembered like the test
 * command. An approval is bound to a digest of what the server runs (command, arguments, working
 * folder, the names of its environment variables and its envFile's path; never the values, which
 * may be secrets): a changed definition is a new server and is asked about again.
 *
 * Stored as an append-only log over the Storage port; the last record of a workspace and server wins.
 */
import { z } from 'zod';
import { sha256Hex } from '../common/sha256';
import type { Storage } from '../ports';
import type { StdioServerDefinition } from './serverConfig';

export const MCP_APPROVALS_FILE = 'approvals/mcp-servers.jsonl';

const ApprovalRecord = z.object({
  v: z.literal(1),
  root: z.string(),
  server: z.string(),
  /** null: withdrawn. */
  digest: z.string().nullable(),
  at: z.number(),
});
type ApprovalRecord = z.infer<typeof ApprovalRecord>;

export async function serverDigest(def: StdioServerDefinition): Promise<string> {
  const what = { command: def.command, args: def.args, cwd: def.cwd ?? null, env: Object.keys(def.env).sort(), envFile: def.envFile ?? null };
  return sha256Hex(JSON.stringify(what));
}

export class McpServerApprovals {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  /** 'approved': as defined now, for the workspace; 'changed': an approval of another definition stands; 'never'. */
  async status(root: string, def: StdioServerDefinition): Promise<'approved' | 'changed' | 'never'> {
    const digest = await serverDigest(def);
    const key = normaliseRoot(root);
    let current: string | null = null;
    for (const r of await this.records()) if (r.root === key && r.server === def.name) current = r.digest;
    return current === digest ? 'approved' : current === null ? 'never' : 'changed';
  }

  /** Call only on the user's explicit consent to start this server in this workspace. */
  async approve(root: string, def: StdioServerDefinition): Promise<void> {
    await this.append({ v: 1, root: normaliseRoot(root), server: def.name, digest: await serverDigest(def), at: this.now() });
  }

  async revoke(root: string, server: string): Promise<void> {
    await this.append({ v: 1, root: normaliseRoot(root), server, digest: null, at: this.now() });
  }

  private append(record: ApprovalRecord): Promise<void> {
    return this.storage.appendLine(MCP_APPROVALS_FILE, JSON.stringify(record));
  }

  private async records(): Promise<ApprovalRecord[]> {
    const out: ApprovalRecord[] = [];
    for (const line of (await this.storage.readLines(MCP_APPROVALS_FILE)) ?? []) {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue; // a torn line approves nothing
      }
      const parsed = ApprovalRecord.safeParse(json);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }
}

function normaliseRoot(root: string): string {
  return root.length > 1 ? root.replace(/[\\/]+$/, '') : root;
}
