/**
 * The budget: project instructions take at most INSTRUCTIONS_TOKEN_BUDGET estimated tokens of one
 * prompt (the planner's, or a task's first message). Files go in by priority — Squad's own file,
 * AGENTS.md (nested before root), Copilot's scoped files, Copilot's repository file, CLAUDE.md,
 * Cursor's rules, Cline's rules; within one kind the deeper folder first, then by path. Each goes
 * in whole while it fits; the first that does not is cut at a line to what is left (when at least
 * MIN_CUT_TOKENS are left), and the rest that do not fit are left out. The prompt names every cut
 * or left-out file (agents can still read it with read_file), and so does the journal.
 */
import type { Applicable } from './select';
import { INSTRUCTION_SOURCES, type InstructionStatus } from './types';

/**
 * 2,000 tokens: enough for a typical AGENTS.md plus a scoped rule or two, small next to a task's
 * token limit even when its first message is sent again on each of 40 turns.
 */
export const INSTRUCTIONS_TOKEN_BUDGET = 2_000;
/** Fewer tokens left than this, a file is left out rather than cut to a stub. */
export const MIN_CUT_TOKENS = 100;
/** Files named for an agent to read when relevant (Cursor's "agent requested" rules): at most this many. */
export const MAX_LISTED = 10;

const PRIORITY = INSTRUCTION_SOURCES;

/** The estimate used wherever Squad sizes text without a tokenizer: about 4 characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface Placed {
  readonly applicable: Applicable;
  readonly status: InstructionStatus;
  /** What goes into the prompt ('' when nothing does). */
  readonly text: string;
  /** Estimated tokens of `text`, or of the whole file when it was left out. */
  readonly tokens: number;
  /** For a duplicate: the file whose identical text is already in. */
  readonly sameAs?: string;
}

export function fitToBudget(applicable: readonly Applicable[], budget = INSTRUCTIONS_TOKEN_BUDGET): Placed[] {
  const ordered = [...applicable].sort(byPriority);
  const placed: Placed[] = [];
  const included = new Map<string, string>(); // text → path already in
  let left = budget;
  let listed = 0;
  for (const a of ordered) {
    const { file } = a;
    if (file.scope.kind === 'on-request') {
      if (listed++ < MAX_LISTED) placed.push({ applicable: a, status: 'listed', text: '', tokens: 0 });
      continue;
    }
    const same = included.get(file.text);
    if (same !== undefined && !file.unreadable) {
      placed.push({ applicable: a, status: 'duplicate', text: '', tokens: 0, sameAs: same });
      continue;
    }
    const tokens = file.unreadable ? Number.POSITIVE_INFINITY : estimateTokens(file.text);
    if (tokens <= left) {
      placed.push({ applicable: a, status: 'whole', text: file.text, tokens });
      included.set(file.text, file.path);
      left -= tokens;
    } else if (left >= MIN_CUT_TOKENS && !file.unreadable) {
      const text = cutAtLine(file.text, left * 4);
      placed.push({ applicable: a, status: 'truncated', text, tokens: estimateTokens(text) });
      included.set(file.text, file.path);
      left = 0;
    } else {
      placed.push({ applicable: a, status: 'omitted', text: '', tokens: file.unreadable ? 0 : tokens });
    }
  }
  return placed;
}

function byPriority(a: Applicable, b: Applicable): number {
  const rank = PRIORITY.indexOf(a.file.source) - PRIORITY.indexOf(b.file.source);
  if (rank !== 0) return rank;
  const depth = depthOf(b.file.base) - depthOf(a.file.base);
  if (depth !== 0) return depth;
  return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
}

function depthOf(base: string): number {
  return base === '' ? 0 : base.split('/').length;
}

/** At most `chars` characters, ending at a line break when one is in the second half. */
function cutAtLine(text: string, chars: number): string {
  const head = text.slice(0, chars);
  const nl = head.lastIndexOf('\n');
  return (nl > chars / 2 ? head.slice(0, nl) : head).trimEnd();
}
