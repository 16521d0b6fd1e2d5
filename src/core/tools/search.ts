import { z } from 'zod';
import { cancelledError } from '../common/errors';
import { defineTool } from './defineTool';
import { loadText, visibleFiles } from './fileAccess';
import { splitLines } from './lines';

/** Most matching lines one search returns. */
export const MAX_MATCHES = 100;
/** Longer lines are shown as a window around the match. */
const MAX_LINE_CHARS = 200;
/** Larger files (bundles, data dumps) are skipped and counted. */
const MAX_SEARCH_FILE_BYTES = 1024 * 1024;

/**
 * Smart case, as in ripgrep and vim: a query without capital letters matches any case; one with
 * capitals matches exactly. The same holds for regexes (escapes like `\S` do not count as capitals).
 * The regex is the model's own and runs line by line with JavaScript syntax.
 */
export const searchTool = defineTool({
  name: 'search',
  description: 'Search file contents line by line. Literal unless regex is true; case-insensitive unless the query has capitals.',
  args: z.strictObject({
    query: z.string().min(1),
    glob: z.string().optional(),
    regex: z.boolean().optional(),
  }),
  async run({ query, glob, regex }, ctx) {
    const test = compile(query, regex === true);
    if (typeof test === 'string') return { isError: true, content: test };
    const { paths } = await visibleFiles(ctx, glob);
    const out: string[] = [];
    let tooLarge = 0;
    let searched = 0;
    scan: for (const path of paths) {
      if (ctx.signal.aborted) throw cancelledError(ctx.signal);
      // Symlinks are skipped: their targets are listed (and searched) under their own names.
      const loaded = await loadText(ctx, path, MAX_SEARCH_FILE_BYTES);
      if (loaded.kind === 'too_large') tooLarge++;
      if (loaded.kind !== 'text') continue;
      searched++;
      const { lines } = splitLines(loaded.text);
      for (let i = 0; i < lines.length; i++) {
        const at = test(lines[i] as string);
        if (at < 0) continue;
        if (out.length >= MAX_MATCHES) {
          out.push(`[stopped at ${MAX_MATCHES} matches; narrow the query or the glob]`);
          break scan;
        }
        out.push(`${path}:${i + 1}: ${excerpt(lines[i] as string, at)}`);
      }
    }
    const notes = tooLarge > 0 ? [`[skipped ${tooLarge} file${tooLarge === 1 ? '' : 's'} over 1 MB]`] : [];
    if (out.length === 0) return [`No matches for ${JSON.stringify(query)} in ${searched} files.`, ...notes].join('\n');
    return [...out, ...notes].join('\n');
  },
});

/** A line tester returning the match offset (or -1), or the error text for an invalid regex. */
function compile(query: string, regex: boolean): ((line: string) => number) | string {
  const caseSensitive = hasCapitals(regex ? query.replace(/\\./g, '') : query);
  if (!regex) {
    const needle = caseSensitive ? query : query.toLowerCase();
    return caseSensitive ? (line) => line.indexOf(needle) : (line) => line.toLowerCase().indexOf(needle);
  }
  let re: RegExp;
  try {
    re = new RegExp(query, caseSensitive ? '' : 'i');
  } catch (err) {
    return `Invalid regex ${JSON.stringify(query)}: ${err instanceof Error ? err.message : String(err)}. Fix it, or search literally without regex.`;
  }
  return (line) => line.search(re);
}

function hasCapitals(text: string): boolean {
  return text !== text.toLowerCase();
}

/** The line without its indentation, or a window around the match when it is long. */
function excerpt(line: string, at: number): string {
  const trimmed = line.trim();
  if (trimmed.length <= MAX_LINE_CHARS) return trimmed;
  const start = Math.max(0, Math.min(at - 60, line.length - MAX_LINE_CHARS));
  const window = line.slice(start, start + MAX_LINE_CHARS).trim();
  return `${start > 0 ? '…' : ''}${window}${start + MAX_LINE_CHARS < line.length ? '…' : ''}`;
}
