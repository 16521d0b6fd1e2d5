import { SquadError } from '../../src/core/common/errors';
import type { Workspace } from '../../src/core/ports';
import type { FileView, ProposalResult } from '../../src/core/tools/context';
import { decodeText } from '../../src/core/tools/text';

type Entry = { kind: 'created' | 'modified'; text: string } | { kind: 'deleted' };

/**
 * A minimal in-memory overlay over a real Workspace, for testing the tools: proposals live in
 * a map; `proposeEdit` replaces each search text that occurs exactly once; refusals use the
 * same codes as the real change set (src/core/changes/changeSet.ts).
 */
export class MemoryFileView implements FileView {
  private readonly overlay = new Map<string, Entry>();

  constructor(private readonly workspace: Workspace) {}

  async read(path: string): Promise<string | undefined> {
    const entry = this.overlay.get(path);
    if (entry) return entry.kind === 'deleted' ? undefined : entry.text;
    const stat = await this.workspace.stat(path);
    if (stat?.type !== 'file') return undefined;
    const decoded = decodeText(await this.workspace.readFile(path));
    return decoded.binary ? undefined : decoded.text;
  }

  async proposeEdit(path: string, edits: readonly { search: string; replace: string }[]): Promise<ProposalResult> {
    const before = await this.read(path);
    if (before === undefined) throw new SquadError('edit/no_match', `Cannot edit ${path}: no such file. Use create_file for a new file.`);
    let text = before;
    for (const [i, edit] of edits.entries()) {
      const at = text.indexOf(edit.search);
      if (at < 0) throw new SquadError('edit/no_match', `Edit ${i + 1} of ${path}: the search text was not found. Read the file again and copy the text exactly.`);
      if (text.indexOf(edit.search, at + 1) >= 0) {
        throw new SquadError('edit/ambiguous', `Edit ${i + 1} of ${path}: the search text occurs more than once; include more surrounding lines.`);
      }
      text = text.slice(0, at) + edit.replace + text.slice(at + edit.search.length);
    }
    await this.set(path, text);
    return lineCounts(before, text);
  }

  async createFile(path: string, content: string): Promise<ProposalResult> {
    // Like the real overlay: creating never silently replaces a file.
    if ((await this.read(path)) !== undefined) throw new SquadError('edit/no_match', `${path} already exists. Use propose_edit to change it.`);
    await this.set(path, content);
    return lineCounts('', content);
  }

  async deleteFile(path: string): Promise<ProposalResult> {
    const before = await this.read(path);
    if (before === undefined) throw new SquadError('edit/no_match', `Cannot delete ${path}: no such file.`);
    const existed = (await this.workspace.stat(path)) !== undefined;
    if (existed) this.overlay.set(path, { kind: 'deleted' });
    else this.overlay.delete(path);
    return { added: 0, removed: countLines(before) };
  }

  changedPaths(): readonly { path: string; kind: 'created' | 'modified' | 'deleted' }[] {
    return [...this.overlay].map(([path, entry]) => ({ path, kind: entry.kind }));
  }

  private async set(path: string, text: string): Promise<void> {
    const existed = (await this.workspace.stat(path)) !== undefined;
    this.overlay.set(path, { kind: existed ? 'modified' : 'created', text });
  }
}

/** Rough diff counts: lines only in one side, compared as multisets. */
function lineCounts(before: string, after: string): ProposalResult {
  const old = new Map<string, number>();
  for (const line of splitLines(before)) old.set(line, (old.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of splitLines(after)) {
    const n = old.get(line) ?? 0;
    if (n > 0) old.set(line, n - 1);
    else added++;
  }
  const removed = [...old.values()].reduce((a, b) => a + b, 0);
  return { added, removed };
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function countLines(text: string): number {
  return splitLines(text).length;
}
