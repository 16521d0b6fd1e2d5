/**
 * Where a failure happened in the workspace: its stack and the paths its message names, resolved
 * to workspace files (dependencies left out), and the test file when the runner did not say.
 */
import type { StackFrame } from '../types';
import { dirOf, isDependencyPath, isTestPath, parseRawPath, type WorkspacePaths } from '../paths';

export interface Frame {
  readonly rel: string;
  readonly line?: number;
  readonly test: boolean;
}

export const where = (f: Frame) => (f.line === undefined ? f.rel : `${f.rel}:${f.line}`);

/** Workspace frames, innermost first, without dependencies. */
export async function resolveFrames(stack: readonly StackFrame[], paths: WorkspacePaths, nearDir: string | undefined, testFile: string | undefined): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (const frame of stack) {
    if (isDependencyPath(frame.file)) continue;
    const rel = await paths.resolve(frame.file, nearDir);
    if (rel === undefined || isDependencyPath(rel)) continue;
    const line = frame.line ?? parseRawPath(frame.file).line;
    frames.push({ rel, ...(line === undefined ? {} : { line }), test: rel === testFile || isTestPath(rel) });
  }
  return frames;
}

const MESSAGE_PATH = /(?:file:\/\/)?(?:[A-Za-z]:)?[\w.@~/\\-]*[\w-]\.(?:[cm]?[jt]sx?|py|go|vue|svelte)\b(?::(\d+))?/g;

export function pathsInMessage(message: string): StackFrame[] {
  const out: StackFrame[] = [];
  for (const m of message.matchAll(MESSAGE_PATH)) {
    const file = m[0].replace(/:\d+$/, '');
    if (out.some((f) => f.file === file)) continue;
    out.push(m[1] === undefined ? { file } : { file, line: Number(m[1]) });
  }
  return out;
}

/** A printed folder or Go package path (`example.com/shop/internal/cart`) → a workspace folder. */
export async function resolveDir(paths: WorkspacePaths, raw: string): Promise<string | undefined> {
  const files = await paths.listFiles();
  const text = raw.trim();
  for (const gomod of files.filter((f) => f === 'go.mod' || f.endsWith('/go.mod')).slice(0, 50)) {
    const mod = /^module\s+(\S+)/m.exec((await paths.read(gomod)) ?? '')?.[1];
    if (mod === undefined || (text !== mod && !text.startsWith(`${mod}/`))) continue;
    return [dirOf(gomod), text.slice(mod.length + 1)].filter((s) => s !== '').join('/');
  }
  const segments = parseRawPath(text).segments;
  for (let i = 0; i < segments.length; i++) {
    const dir = segments.slice(i).join('/');
    if (files.some((f) => f.startsWith(`${dir}/`))) return dir;
  }
  return undefined;
}

/** The file declaring a Go (`func TestX`) or pytest (`def test_x`) test, when exactly one does. */
export async function findTestByName(paths: WorkspacePaths, testName: string, dir: string | undefined): Promise<string | undefined> {
  const go = /^(Test\w+)/.exec(testName);
  const py = /(?:^|::|\.)(test_\w+)/.exec(testName);
  const name = go?.[1] ?? py?.[1];
  if (name === undefined) return undefined;
  const decl = go ? new RegExp(`^func\\s+${name}\\s*\\(`, 'm') : new RegExp(`^\\s*(?:async\\s+)?def\\s+${name}\\s*\\(`, 'm');
  const inDir = (f: string) => dir === undefined || dirOf(f) === dir;
  const files = (await paths.listFiles()).filter((f) => inDir(f) && isTestPath(f) && (go ? f.endsWith('_test.go') : f.endsWith('.py')));
  const hits: string[] = [];
  for (const f of files) if (decl.test((await paths.read(f)) ?? '')) hits.push(f);
  return hits.length === 1 ? hits[0] : undefined;
}
