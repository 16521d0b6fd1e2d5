import { z } from 'zod';
import { defineTool } from './defineTool';
import { incompleteNote, visibleFiles } from './fileAccess';

/** Most paths one listing shows; the model narrows with a glob to see the rest. */
export const MAX_LISTED = 500;

export const listFilesTool = defineTool({
  name: 'list_files',
  untrustedResult: true,
  description: 'List workspace files (paths relative to the workspace root, including files proposed in this run), optionally filtered by a glob like "src/**/*.ts".',
  args: z.strictObject({ glob: z.string().optional() }),
  async run({ glob }, ctx) {
    // The listing holds regular files only: a symlink is listed under its target's own name.
    const { paths, complete, folder } = await visibleFiles(ctx, glob);
    const filter = glob ? ` matching ${JSON.stringify(glob)}` : '';
    const notes = complete ? [] : [incompleteNote(folder, 'listed')];
    if (paths.length === 0) return [`No files${filter}.`, ...notes].join('\n');
    const lines = [`${paths.length} file${paths.length === 1 ? '' : 's'}${filter}:`, ...paths.slice(0, MAX_LISTED)];
    if (paths.length > MAX_LISTED) lines.push(`[… ${paths.length - MAX_LISTED} more not shown; narrow the glob, e.g. to one folder like "${exampleFolder(paths)}/**"]`);
    return [...lines, ...notes].join('\n');
  },
});

/** The first folder of the listing past the shown part, as an example of a narrower glob. */
function exampleFolder(paths: readonly string[]): string {
  const past = paths[MAX_LISTED] ?? paths[0] ?? '';
  const slash = past.indexOf('/');
  return slash > 0 ? past.slice(0, slash) : 'src';
}
