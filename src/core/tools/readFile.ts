import { z } from 'zod';
import { defineTool, type ToolOutput } from './defineTool';
import { loadText } from './fileAccess';
import { splitLines } from './lines';

export const readFileTool = defineTool({
  name: 'read_file',
  untrustedResult: true,
  description: 'Read a text file with line numbers. Use startLine/endLine for part of a long file.',
  args: z.strictObject({
    path: z.string(),
    startLine: z.number().int().min(1).optional(),
    endLine: z.number().int().min(1).optional(),
  }),
  async run({ path, startLine, endLine }, ctx): Promise<string | ToolOutput> {
    const rel = await ctx.sandbox.resolve(path);
    const loaded = await loadText(ctx, rel);
    switch (loaded.kind) {
      case 'missing':
        return { isError: true, content: `No such file: ${rel}. Use list_files to see what exists.` };
      case 'directory':
        return { isError: true, content: `${rel || '.'} is a directory; use list_files with glob "${rel ? `${rel}/**` : '**'}".` };
      case 'binary':
        return { isError: true, content: `${rel} is a binary file; it cannot be read as text.` };
      case 'not_regular':
        return { isError: true, content: `${rel} is not a regular file.` };
      case 'too_large':
        return { isError: true, content: `${rel} is too large to read (${kb(loaded.size)}).` };
      case 'text':
        return numbered(rel, loaded.text, startLine, endLine, ctx.sandbox.maxReadBytes);
    }
  },
});

/** The chosen lines as `  12 | code`, cut to the read cap with a note on how to read on. */
function numbered(rel: string, text: string, startLine: number | undefined, endLine: number | undefined, maxChars: number): string {
  const { lines, crlf } = splitLines(text);
  const total = lines.length;
  if (total === 0) return `${rel} is empty (0 lines).`;
  const from = startLine ?? 1;
  if (from > total) return `${rel} has ${total} lines; startLine ${from} is past the end.`;
  const to = Math.min(Math.max(endLine ?? total, from), total);
  const width = Math.max(4, String(to).length);
  const out: string[] = [];
  let used = 0;
  let last = from - 1;
  for (let n = from; n <= to; n++) {
    let line = lines[n - 1] as string;
    const room = maxChars - used - width - 4;
    if (line.length > room) {
      if (out.length > 0) break;
      line = `${line.slice(0, Math.max(room, 0))} [… line cut at the read cap]`;
    }
    out.push(`${String(n).padStart(width)} | ${line}`);
    used += width + 4 + line.length;
    last = n;
  }
  const head = `${rel} (lines ${from}-${last} of ${total}${crlf ? ', CRLF line endings' : ''})`;
  const notes: string[] = [];
  if (endLine !== undefined && endLine < from) notes.push(`[endLine ${endLine} is before startLine; showing from ${from}]`);
  if (last < to) {
    notes.push(`[truncated at the ${kb(maxChars)} read cap: lines ${last + 1}-${to} not shown; read them with startLine=${last + 1}]`);
  }
  return [head, ...out, ...notes].join('\n');
}

function kb(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
