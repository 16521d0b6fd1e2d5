import { z } from 'zod';
import { defineTool } from './defineTool';
import { isReachable, visibleFiles } from './fileAccess';

/** Most paths one listing shows; the model narrows with a glob to see the rest. */
export const MAX_LISTED = 500;

export const listFilesTool = defineTool({
  name: 'list_files',
  untrustedResult: true,
  description: 'List workspace files (paths relative to the workspace root, including files proposed in this run), optionally filtered by a glob like "src/**/*.ts".',
  args: z.strictObject({ glob: z.string().optional() }),
  async run({ glob }, ctx) {
    const { paths, listingCapped } = await visibleFiles(ctx, glob);
    const shown: string[] = [];
    let hidden = 0;
    for (const path of paths) {
      if (shown.length >= MAX_LISTED) break;
      if (await isReachable(ctx, path)) shown.push(path);
      else hidden++;
    }
    const more = paths.length - shown.length - hidden;
    const filter = glob ? ` matching ${JSON.stringify(glob)}` : '';
    if (shown.length === 0) return `No files${filter}.`;
    const lines = [`${paths.length - hidden} file${paths.length - hidden === 1 ? '' : 's'}${filter}:`, ...shown];
    if (more > 0) lines.push(`[… ${more} more not shown; narrow the glob]`);
    if (listingCapped) lines.push('[the workspace is very large: only part of it was listed; use a narrower glob]');
    return lines.join('\n');
  },
});
