/**
 * Node's built-in coverage (`NODE_V8_COVERAGE=<dir>`): every Node process of a test run — the
 * runner, each `node --test` file's child, jest and vitest workers — writes one JSON file of
 * block ranges with execution counts when it exits. Nested ranges refine their parent: the
 * innermost range around a character says how often it ran.
 */
import type { ExecutedLines, ProcessCoverage, TreeReader } from './types';

interface V8Range {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly count: number;
}

interface V8Script {
  readonly url: string;
  readonly functions: readonly { readonly ranges: readonly V8Range[] }[];
}

/** Parses one coverage file; undefined when it is not V8 coverage (a torn write of a killed process). */
export function parseV8Coverage(json: string): readonly V8Script[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  const result = (data as { result?: unknown } | null)?.result;
  if (!Array.isArray(result)) return undefined;
  return result.filter(
    (s): s is V8Script =>
      typeof s === 'object' && s !== null && typeof (s as V8Script).url === 'string' && Array.isArray((s as V8Script).functions),
  );
}

/**
 * One process's executed workspace files. `toRel` maps a script URL to a workspace-relative path
 * (undefined: not a workspace file, such as node internals or dependencies).
 */
export async function v8ProcessCoverage(scripts: readonly V8Script[], toRel: (url: string) => string | undefined, read: TreeReader): Promise<ProcessCoverage> {
  const executed = new Map<string, ExecutedLines>();
  for (const script of scripts) {
    const rel = toRel(script.url);
    if (rel === undefined) continue;
    const lines = await executedLines(script, read, rel);
    if (lines === undefined) continue;
    executed.set(rel, merge(executed.get(rel), lines));
  }
  return { executed };
}

async function executedLines(script: V8Script, read: TreeReader, rel: string): Promise<ExecutedLines | undefined> {
  const ranges = script.functions.flatMap((f) => f.ranges);
  const top = ranges.reduce<V8Range | undefined>((a, r) => (r.startOffset === 0 && (!a || r.endOffset > a.endOffset) ? r : a), undefined);
  if (!top || top.count === 0) return undefined;
  const text = await read(rel);
  // The runner ran other text than the file holds (a transform): it ran, but its lines are not ours to map.
  if (text === undefined || top.endOffset !== text.length) return 'file';
  const counts = new Int32Array(text.length);
  // Outer ranges first, so inner ones overwrite them: V8's ranges nest.
  for (const r of [...ranges].sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset)) {
    counts.fill(r.count, Math.max(0, r.startOffset), Math.min(text.length, r.endOffset));
  }
  const lines = new Set<number>();
  let line = 1;
  let ran = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (ran) lines.add(line);
      line++;
      ran = false;
    } else if (!ran && c !== 32 && c !== 9 && c !== 13 && counts[i]! > 0) {
      ran = true;
    }
  }
  if (ran) lines.add(line);
  return lines;
}

function merge(a: ExecutedLines | undefined, b: ExecutedLines): ExecutedLines {
  if (a === undefined) return b;
  if (a === 'file' || b === 'file') return 'file';
  return new Set([...a, ...b]);
}
