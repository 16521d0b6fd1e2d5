import { z } from 'zod';
import { cancelledError } from '../common/errors';
import { defineTool } from './defineTool';
import type { ToolContext } from './context';
import { incompleteNote, loadText, MAX_LOAD_BYTES, visibleFiles, type LoadedText } from './fileAccess';
import { splitLines } from './lines';
import { inThreadRegexMatcher, scanTexts, type RegexMatcher, type RegexMatchResult } from './regexMatcher';

/** Most matching lines one search returns. */
export const MAX_MATCHES = 100;
/** Longer lines are shown as a window around the match. */
const MAX_LINE_CHARS = 200;
/** Larger files (bundles, data dumps) are not matched line by line; the result names them. */
const MAX_SEARCH_FILE_BYTES = 1024 * 1024;
/** Files loaded ahead of the matcher at once. */
const READ_AHEAD = 16;
/** Paths a note names before it says how many more. */
const MAX_NAMED = 5;
/** Text sent to the matcher per round trip: few trips, yet one timeout covers little work. */
const MAX_BATCH_CHARS = 2 * 1024 * 1024;

/**
 * Smart case, as in ripgrep and vim: a query without capital letters matches any case; one with
 * capitals matches exactly. The same holds for regexes (escapes like `\S` do not count as capitals).
 * The regex is the model's own and runs line by line with JavaScript syntax.
 */
export const searchTool = defineTool({
  name: 'search',
  untrustedResult: true,
  description: 'Search file contents line by line. Literal unless regex is true; case-insensitive unless the query has capitals.',
  args: z.strictObject({
    query: z.string().min(1),
    glob: z.string().optional(),
    regex: z.boolean().optional(),
  }),
  async run({ query, glob, regex }, ctx) {
    const caseSensitive = hasCapitals(regex === true ? query.replace(/\\./g, '') : query);
    const matcher = compile(query, regex === true, caseSensitive, ctx.regex ?? inThreadRegexMatcher);
    if (typeof matcher === 'string') return { isError: true, content: matcher };
    const visible = await visibleFiles(ctx, glob);
    const changed = new Set(ctx.view.changedPaths().map((c) => c.path));
    const unchanged = changed.size === 0 ? visible.paths : visible.paths.filter((p) => !changed.has(p));
    // A fast engine (ripgrep, or parallel byte scans) picks the files worth reading; the lines are
    // still matched here, so the result reads the same whichever engine ran.
    const engine = await ctx.workspace.findTextCandidates?.(
      { pattern: query, regex: regex === true, caseSensitive, paths: unchanged, under: visible.folder },
      ctx.signal,
    );
    const toRead = engine === undefined ? visible.paths : visible.paths.filter((p) => changed.has(p) || engine.files.has(p));
    const out: string[] = [];
    const tooLarge: string[] = [];
    let searched = engine === undefined ? 0 : unchanged.length - engine.files.size - engine.unread.length - engine.binary;
    let stopped = false;
    /** Files in path order; too-large ones stay in place so they are counted only up to the cap. */
    let batch: { path: string; text?: string }[] = [];
    let batchChars = 0;

    // Matches one batch in a single round trip; returns the error text when the matcher gave up.
    const flush = async (): Promise<string | undefined> => {
      const files = batch;
      batch = [];
      batchChars = 0;
      const texts = files.flatMap((f) => (f.text === undefined ? [] : [f.text]));
      const result = texts.length === 0 ? undefined : await matcher(texts, MAX_MATCHES + 1 - out.length, ctx.signal);
      if (result?.kind === 'timeout') {
        const path = files.filter((f) => f.text !== undefined)[result.text]?.path ?? 'a file';
        return `The regex ${JSON.stringify(query)} took longer than ${result.budgetMs / 1000} s on ${path} (likely catastrophic backtracking). Simplify it (avoid nested quantifiers like (a+)+) or search literally.`;
      }
      if (result?.kind === 'invalid') return invalidRegex(query, result.message);
      let t = 0;
      for (const file of files) {
        if (file.text === undefined) {
          tooLarge.push(file.path);
          continue;
        }
        searched++;
        const found = result?.matches[t++] ?? [];
        const lines = found.length > 0 ? splitLines(file.text).lines : [];
        for (const { line, at } of found) {
          if (out.length >= MAX_MATCHES) {
            out.push(`[stopped at ${MAX_MATCHES} matches; narrow the query or the glob]`);
            stopped = true;
            return undefined;
          }
          out.push(`${file.path}:${line + 1}: ${excerpt(lines[line] as string, at)}`);
        }
      }
      return undefined;
    };

    for await (const { path, loaded } of loadAhead(ctx, toRead)) {
      if (ctx.signal.aborted) throw cancelledError(ctx.signal);
      // Symlinks are skipped: their targets are listed (and searched) under their own names.
      if (loaded.kind === 'too_large') batch.push({ path });
      if (loaded.kind !== 'text') continue;
      batch.push({ path, text: loaded.text });
      batchChars += loaded.text.length;
      if (batchChars < MAX_BATCH_CHARS) continue;
      const failed = await flush();
      if (failed !== undefined) return { isError: true, content: failed };
      if (stopped) break;
    }
    if (!stopped) {
      const failed = await flush();
      if (failed !== undefined) return { isError: true, content: failed };
    }
    const notes: string[] = [];
    if (tooLarge.length > 0) {
      const which = engine === undefined ? `skipped ${count(tooLarge.length, 'file')} over 1 MB` : `${count(tooLarge.length, 'matching file')} over 1 MB not searched line by line`;
      notes.push(`[${which}: ${named(tooLarge)}; read_file them in line ranges]`);
    }
    if (engine !== undefined && engine.unread.length > 0) {
      notes.push(`[${count(engine.unread.length, 'file')} over ${MAX_LOAD_BYTES / 1024 / 1024} MB not searched: ${named(engine.unread)}; read_file them in line ranges]`);
    }
    if (!visible.complete) notes.push(incompleteNote(visible.folder, 'searched'));
    if (out.length === 0) return [`No matches for ${JSON.stringify(query)} in ${searched} files.`, ...notes].join('\n');
    return [...out, ...notes].join('\n');
  },
});

/** Files read ahead of the matcher, in order: the reads overlap instead of waiting one by one. */
async function* loadAhead(ctx: ToolContext, paths: readonly string[]): AsyncGenerator<{ path: string; loaded: LoadedText }> {
  const inFlight: { path: string; loaded: Promise<LoadedText> }[] = [];
  let next = 0;
  while (next < paths.length || inFlight.length > 0) {
    while (inFlight.length < READ_AHEAD && next < paths.length) {
      const path = paths[next++] as string;
      const loaded = loadText(ctx, path, MAX_SEARCH_FILE_BYTES);
      // Reads still running when the search stops early are dropped without an unhandled rejection.
      loaded.catch(() => undefined);
      inFlight.push({ path, loaded });
    }
    const head = inFlight.shift() as { path: string; loaded: Promise<LoadedText> };
    yield { path: head.path, loaded: await head.loaded };
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The first few paths, and how many more. */
function named(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_NAMED).join(', ');
  return paths.length > MAX_NAMED ? `${shown} and ${paths.length - MAX_NAMED} more` : shown;
}

/** Matches a batch of texts, at most `limit` lines in all. */
type BatchMatcher = (texts: readonly string[], limit: number, signal: AbortSignal) => Promise<RegexMatchResult>;

/** A batch matcher for the query, or the error text for an invalid regex. */
function compile(query: string, regex: boolean, caseSensitive: boolean, regexMatcher: RegexMatcher): BatchMatcher | string {
  if (!regex) {
    // A literal search cannot backtrack, so it stays on this thread.
    const needle = caseSensitive ? query : query.toLowerCase();
    const test = caseSensitive ? (line: string) => line.indexOf(needle) : (line: string) => line.toLowerCase().indexOf(needle);
    return async (texts, limit, signal) => {
      if (signal.aborted) throw cancelledError(signal);
      return { kind: 'matches', matches: scanTexts(texts, splitLines, test, limit) };
    };
  }
  const flags = caseSensitive ? '' : 'i';
  try {
    // Parsing is linear; only matching can backtrack, and that runs in the matcher.
    new RegExp(query, flags);
  } catch (err) {
    return invalidRegex(query, err instanceof Error ? err.message : String(err));
  }
  return (texts, limit, signal) => regexMatcher.match({ pattern: query, flags, texts, limit }, signal);
}

function invalidRegex(query: string, message: string): string {
  return `Invalid regex ${JSON.stringify(query)}: ${message}. Fix it, or search literally without regex.`;
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
