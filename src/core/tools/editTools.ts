import { z } from 'zod';
import { defineTool, type ToolOutput } from './defineTool';
import type { ProposalResult } from './context';

/**
 * The write-side tools. None touches the disk: each adds to this task's proposal in the run's
 * overlay, which the user reviews before anything is applied.
 */

export const proposeEditTool = defineTool({
  name: 'propose_edit',
  replay: 'rerun',
  description:
    'Propose edits to an existing file. Each search must match the current text once (copy it from read_file, without line numbers); it is replaced by replace.',
  args: z.strictObject({
    path: z.string(),
    edits: z.array(z.strictObject({ search: z.string().min(1), replace: z.string() })).min(1),
  }),
  async run({ path, edits }, ctx) {
    const rel = await ctx.sandbox.resolveForWrite(path);
    const result = await ctx.view.proposeEdit(rel, edits);
    const how = result.matchKind && result.matchKind !== 'exact' ? ` (located by ${result.matchKind} match; check the result with read_file)` : '';
    return proposed(rel, 'edit', result, `Proposed ${edits.length === 1 ? 'an edit' : `${edits.length} edits`} to ${rel}: ${counts(result)}${how}.`);
  },
});

export const createFileTool = defineTool({
  name: 'create_file',
  replay: 'rerun',
  description: 'Propose a new file with the given content. For an existing file use propose_edit.',
  args: z.strictObject({ path: z.string(), content: z.string() }),
  async run({ path, content }, ctx) {
    const rel = await ctx.sandbox.resolveForWrite(path);
    const stat = await ctx.workspace.stat(rel);
    if (stat?.type === 'directory') return { isError: true, content: `${rel} is a directory; give a file path.` };
    const result = await ctx.view.createFile(rel, content);
    return proposed(rel, 'create', result, `Proposed file ${rel}: ${counts(result)}.`);
  },
});

export const deleteFileTool = defineTool({
  name: 'delete_file',
  replay: 'rerun',
  description: 'Propose deleting a file.',
  args: z.strictObject({ path: z.string() }),
  async run({ path }, ctx) {
    const rel = await ctx.sandbox.resolveForWrite(path);
    const stat = await ctx.workspace.stat(rel);
    if (stat?.type === 'directory') return { isError: true, content: `${rel} is a directory; delete its files one by one.` };
    const result = await ctx.view.deleteFile(rel);
    return proposed(rel, 'delete', result, `Proposed deleting ${rel} (${counts(result)}).`);
  },
});

function proposed(path: string, kind: 'edit' | 'create' | 'delete', result: ProposalResult, content: string): ToolOutput {
  return { content, proposal: { path, kind, added: result.added, removed: result.removed } };
}

function counts(result: ProposalResult): string {
  return `+${result.added} -${result.removed} lines`;
}
