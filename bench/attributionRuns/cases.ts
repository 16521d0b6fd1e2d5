/**
 * The cases of bench/attribution-runs/cases/<id>/: case.json (parsed strictly, so a typo in a
 * field fails the load instead of silently changing what is measured) and the tasks' changes,
 * layered in the order the tasks finished.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

export const CASES_DIR = path.resolve(__dirname, '../attribution-runs/cases');
/** Cases written without looking at the attribution code, to be measured once (`--held-out`). */
export const HELD_OUT_DIR = path.resolve(__dirname, '../attribution-runs/held-out');

export const SETTINGS = ['source-only', 'qa-tests', 'baseline'] as const;
export const RUNNERS = ['node-test', 'jest', 'mocha', 'vitest', 'pytest', 'go'] as const;
export const BUG_KINDS = [
  'logic-assertion',
  'error-elsewhere',
  'syntax-every-file',
  'many-files-one-cause',
  'hang',
  'entry-module',
  'async',
  'test-code-error',
  'missing-import',
  'fixture-misuse',
  'pre-existing-bug',
  'environment',
  'cannot-run',
] as const;
export const ROLES = ['database', 'backend', 'frontend', 'qa'] as const;

const Edit = z.strictObject({ path: z.string().min(1), search: z.string().min(1), replace: z.string() });

const Task = z.strictObject({
  id: z.string().min(1),
  role: z.enum(ROLES),
  /** Exact search/replace edits, applied to the file as the tasks before this one left it. */
  edits: z.array(Edit).default([]),
  /** Files written in full from tasks/<id>/<path>. */
  files: z.array(z.string().min(1)).default([]),
  delete: z.array(z.string().min(1)).default([]),
  /**
   * The bug's smallest correction, applied right after the task's own edits: validation checks
   * that it makes the tests pass (reverting the whole task would also remove what the QA task's
   * tests exercise).
   */
  fix: z.array(Edit).optional(),
});

const CaseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    setting: z.enum(SETTINGS),
    runner: z.enum(RUNNERS),
    command: z.string().min(1),
    origin: z.string().regex(/^(own|npm:[^@\s]+@\S+|debian:python3-\S+)$/),
    /** Real code from the npm registry, downloaded at run time (never committed). */
    npm: z
      .strictObject({
        package: z.string().min(1),
        version: z.string().regex(/^\d+\.\d+\.\d+$/),
        into: z.string().default('.'),
        /** Folders or files of the package left out (its own tests, bundles). */
        exclude: z.array(z.string()).default([]),
      })
      .optional(),
    /** A pure-Python package of a Debian package, copied from the system's dist-packages at run time. */
    debian: z.strictObject({ package: z.string().regex(/^python3-/), module: z.string().min(1), into: z.string().default('.') }).optional(),
    /** false: the project's JS test tools are not installed (a fresh clone before `npm install`). */
    toolsInstalled: z.boolean().default(true),
    bug: z.enum(BUG_KINDS),
    description: z.string().min(1),
    timeoutMs: z.number().int().positive().optional(),
    tasks: z.array(Task).min(2).max(4),
    expected: z.strictObject({ kind: z.enum(['routed', 'pre-existing', 'cannot-run']), owner: z.string().optional() }),
  })
  .superRefine((c, ctx) => {
    const ids = c.tasks.map((t) => t.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'task ids repeat' });
    if (c.expected.kind === 'routed' && !ids.includes(c.expected.owner ?? '')) ctx.addIssue({ code: 'custom', message: 'a routed case names one of its tasks as owner' });
    if (c.expected.kind !== 'routed' && c.expected.owner !== undefined) ctx.addIssue({ code: 'custom', message: 'only a routed case has an owner' });
    if (c.tasks.some((t) => t.fix !== undefined && t.id !== c.expected.owner)) ctx.addIssue({ code: 'custom', message: 'only the expected owner carries a fix' });
    if ((c.setting === 'baseline') !== (c.expected.kind !== 'routed')) ctx.addIssue({ code: 'custom', message: 'baseline cases, and only they, expect nothing routed' });
    const npmOrigin = c.npm ? `npm:${c.npm.package}@${c.npm.version}` : undefined;
    const debianOrigin = c.debian ? `debian:${c.debian.package}` : undefined;
    if (c.origin !== (npmOrigin ?? debianOrigin ?? 'own')) ctx.addIssue({ code: 'custom', message: `origin "${c.origin}" does not match the npm/debian fields` });
  });

export type CaseSpec = z.infer<typeof CaseSchema>;
export type TaskSpec = z.infer<typeof Task>;

export interface LoadedCase extends CaseSpec {
  /** The case's folder. */
  readonly dir: string;
}

export interface TaskFiles {
  readonly id: string;
  readonly role: string;
  readonly files: readonly { readonly path: string; readonly content: string | undefined }[];
}

export async function loadCases(dir = CASES_DIR, filter?: (id: string) => boolean): Promise<LoadedCase[]> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).sort();
  const cases: LoadedCase[] = [];
  for (const name of names) {
    if (filter && !filter(name)) continue;
    const file = path.join(dir, name, 'case.json');
    const json = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (json === undefined) continue;
    const parsed = CaseSchema.safeParse(JSON.parse(json));
    if (!parsed.success) throw new Error(`${name}/case.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (parsed.data.id !== name) throw new Error(`${name}/case.json: id "${parsed.data.id}" differs from its folder`);
    cases.push({ ...parsed.data, dir: path.join(dir, name) });
  }
  return cases;
}

export interface LayerOptions {
  /** Tasks left out entirely. */
  readonly omit?: ReadonlySet<string>;
  /** Tasks whose `fix` is applied after their own edits. */
  readonly fixed?: ReadonlySet<string>;
}

/**
 * Each task's files, full contents after its change, layered in order over `readBase` (the
 * materialised workspace): a task's edits apply to the file as the tasks before it left it.
 * Validation uses `options` to revert or fix the buggy task. Throws when an edit's search text
 * is not found exactly once.
 */
export async function layerTasks(c: LoadedCase, readBase: (rel: string) => Promise<string | undefined>, options: LayerOptions = {}): Promise<TaskFiles[]> {
  const omit = options.omit ?? new Set<string>();
  const current = new Map<string, string | undefined>();
  const read = async (rel: string) => (current.has(rel) ? current.get(rel) : readBase(rel));
  const result: TaskFiles[] = [];
  for (const task of c.tasks) {
    if (omit.has(task.id)) continue;
    const touched: string[] = [];
    const touch = (rel: string) => touched.includes(rel) || touched.push(rel);
    for (const rel of task.files) {
      const content = await fs.readFile(path.join(c.dir, 'tasks', task.id, rel), 'utf8').catch(() => undefined);
      if (content === undefined) throw new Error(`${c.id}: task ${task.id} writes ${rel} but tasks/${task.id}/${rel} is missing`);
      current.set(rel, content);
      touch(rel);
    }
    const edits = options.fixed?.has(task.id) ? [...task.edits, ...(task.fix ?? [])] : task.edits;
    for (const edit of edits) {
      const before = await read(edit.path);
      if (before === undefined) throw new Error(`${c.id}: task ${task.id} edits ${edit.path}, which does not exist at that point`);
      current.set(edit.path, applyEdit(before, edit, `${c.id}: task ${task.id}, ${edit.path}`));
      touch(edit.path);
    }
    for (const rel of task.delete) {
      if ((await read(rel)) === undefined) throw new Error(`${c.id}: task ${task.id} deletes ${rel}, which does not exist`);
      current.set(rel, undefined);
      touch(rel);
    }
    result.push({ id: task.id, role: task.role, files: touched.map((rel) => ({ path: rel, content: current.get(rel) })) });
  }
  return result;
}

/** One exact search/replace; the search text must occur exactly once. */
export function applyEdit(text: string, edit: { readonly search: string; readonly replace: string }, where: string): string {
  const parts = text.split(edit.search);
  if (parts.length !== 2) {
    throw new Error(`${where}: the edit's search text occurs ${parts.length - 1} times (expected once): ${JSON.stringify(edit.search.slice(0, 80))}`);
  }
  return `${parts[0]}${edit.replace}${parts[1]}`;
}

/** The files of the workspace after every task (later tasks' versions win). */
export function finalFiles(tasks: readonly TaskFiles[]): { path: string; content: string | undefined }[] {
  const last = new Map<string, string | undefined>();
  for (const t of tasks) for (const f of t.files) last.set(f.path, f.content);
  return [...last].map(([p, content]) => ({ path: p, content }));
}
