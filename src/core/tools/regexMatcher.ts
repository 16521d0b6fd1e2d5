import { cancelledError } from '../common/errors';
import { splitLines } from './lines';

/**
 * The port the search tool runs model-written regexes through. A pattern like `(a+)+$` can
 * backtrack for minutes; a host runs it where it can be stopped (a worker thread with a time
 * budget) so it never freezes the caller's thread.
 */
export interface RegexMatcher {
  /** Rejects with `cancelled` when the signal aborts. */
  match(request: RegexMatchRequest, signal: AbortSignal): Promise<RegexMatchResult>;
}

export interface RegexMatchRequest {
  readonly pattern: string;
  readonly flags: string;
  /** Whole file texts; each is split into lines as `splitLines` does. */
  readonly texts: readonly string[];
  /** Stop after this many matching lines across all texts. */
  readonly limit: number;
}

/** A matching line (0-based) and the offset of its first match. */
export interface LineMatch {
  readonly line: number;
  readonly at: number;
}

export type RegexMatchResult =
  | { readonly kind: 'matches'; readonly matches: readonly (readonly LineMatch[])[] }
  /** `text`: index of the text it was working on; `budgetMs`: the time it was allowed. */
  | { readonly kind: 'timeout'; readonly text: number; readonly budgetMs: number }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Matching lines of each text, at most `limit` in all. The node worker runs this function's own
 * source text (with `splitLines`'s), so it must stay self-contained: no imports, no helpers, no
 * named inner functions; everything it needs comes in as arguments.
 */
export function scanTexts(
  texts: readonly string[],
  split: (text: string) => { lines: string[] },
  test: (line: string) => number,
  limit: number,
  onText?: (index: number) => void,
): LineMatch[][] {
  const matches: LineMatch[][] = [];
  let left = limit;
  for (let t = 0; t < texts.length; t++) {
    if (onText) onText(t);
    const found: LineMatch[] = [];
    matches.push(found);
    if (left <= 0) continue;
    const lines = split(texts[t] as string).lines;
    for (let i = 0; i < lines.length && left > 0; i++) {
      const at = test(lines[i] as string);
      if (at < 0) continue;
      found.push({ line: i, at });
      left--;
    }
  }
  return matches;
}

/** The fallback when the host gives no matcher: runs on the calling thread, with no time budget. */
export const inThreadRegexMatcher: RegexMatcher = {
  async match({ pattern, flags, texts, limit }, signal) {
    if (signal.aborted) throw cancelledError(signal);
    let re: RegExp;
    try {
      re = new RegExp(pattern, flags);
    } catch (err) {
      return { kind: 'invalid', message: err instanceof Error ? err.message : String(err) };
    }
    return { kind: 'matches', matches: scanTexts(texts, splitLines, (line) => line.search(re), limit) };
  },
};
