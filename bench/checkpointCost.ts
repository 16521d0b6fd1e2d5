/**
 * What a checkpoint costs on a large repository, measured in one run on one synthetic 50,000-file
 * repository (a few hundred folders, source-like sizes, one commit):
 *
 * - Squad: the checkpoint store (storage copy + a private repository borrowing the user's
 *   objects) for an apply touching 5 and 50 files;
 * - a full snapshot as Cline and Roo Code take one: a shadow repository whose work tree is the
 *   workspace, `git add -A && git commit`, first from nothing, then again after a 5-file change.
 *
 * Times are medians of a few repetitions; disk is what the files take on disk (allocated blocks).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createCheckpointStore } from '../src/node/checkpoints';
import { seeded } from './editSource';

const run = promisify(execFile);

/** Allocated bytes (what du counts; tiny files may sit inside their inode), the files' own bytes, and how many files. */
export interface Disk {
  readonly allocated: number;
  readonly apparent: number;
  readonly files: number;
}

export interface CheckpointCostFigures {
  readonly files: number;
  readonly folders: number;
  readonly repoBytes: number;
  readonly buildMs: number;
  readonly squad: readonly { readonly touched: number; readonly firstMs: number; readonly medianMs: number; readonly diskEach: Disk }[];
  /** 5 files once the store is full: each create also drops the oldest checkpoint and prunes. */
  readonly squadSteadyMs: number;
  readonly shadowFirst: { readonly medianMs: number; readonly disk: Disk };
  readonly shadowSecond: { readonly medianMs: number; readonly diskAdded: Disk };
  readonly repetitions: { readonly squad: number; readonly shadow: number };
}

const TOP_FOLDERS = 20;
const SUB_FOLDERS = 20;
const SQUAD_REPS = 7;
const SHADOW_REPS = 3;

export async function benchCheckpointCost(files = 50_000): Promise<CheckpointCostFigures> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-ckpt-'));
  const ws = path.join(base, 'repo');
  try {
    const built = performance.now();
    const { paths, bytes } = await buildRepository(ws, files);
    await git(ws, ['init', '-q']);
    await git(ws, ['add', '-A']);
    await git(ws, ['commit', '-qm', 'base']);
    const buildMs = performance.now() - built;

    const squad = [];
    for (const touched of [5, 50]) squad.push(await squadCheckpoint(base, ws, paths, touched));
    const squadSteadyMs = await squadSteady(base, ws, paths);
    const shadowFirst = await shadowSnapshotFirst(base, ws);
    const shadowSecond = await shadowSnapshotSecond(base, ws, spread(paths, 5));
    return { files, folders: TOP_FOLDERS * SUB_FOLDERS, repoBytes: bytes, buildMs, squad, squadSteadyMs, shadowFirst, shadowSecond, repetitions: { squad: SQUAD_REPS, shadow: SHADOW_REPS } };
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
}

/** Times one checkpoint per round; each round touches other files (identical checkpoints would share their trees and flatter the disk figure). */
function squadRounds(dir: string, ws: string, paths: readonly string[], count: number, keep?: number): (round: number) => Promise<number> {
  const store = createCheckpointStore({ dir, workspaceRoot: ws, ...(keep ? { keep } : {}), warn: (m) => console.warn(m) });
  return async (round) => {
    const inputs = await Promise.all(spread(paths, count, round).map(async (p) => ({ path: p, before: await fs.readFile(path.join(ws, p)), after: 'changed\n' })));
    const started = performance.now();
    const checkpoint = await store.create('bench', inputs);
    if (!checkpoint.gitRef) throw new Error('the bench expects a git copy');
    return performance.now() - started;
  };
}

async function squadSteady(base: string, ws: string, paths: readonly string[]): Promise<number> {
  const timed = squadRounds(path.join(base, 'squad-store-steady'), ws, paths, 5, 3);
  for (let i = 0; i < 3; i++) await timed(100 + i);
  const times: number[] = [];
  for (let i = 0; i < SQUAD_REPS; i++) times.push(await timed(200 + i));
  return median(times);
}

async function squadCheckpoint(base: string, ws: string, paths: readonly string[], count: number): Promise<CheckpointCostFigures['squad'][number]> {
  const dir = path.join(base, `squad-store-${count}`);
  // Fewer than the 20 kept: nothing is dropped, so the disk figure is the checkpoints'.
  const timed = squadRounds(dir, ws, paths, count);
  // The first one also creates the private repository.
  const firstMs = await timed(0);
  const afterFirst = await diskUse(dir);
  const times: number[] = [];
  for (let i = 1; i <= SQUAD_REPS; i++) times.push(await timed(i));
  return { touched: count, firstMs, medianMs: median(times), diskEach: scale(minus(await diskUse(dir), afterFirst), 1 / SQUAD_REPS) };
}

/** Cline/Roo: a shadow repository (its own git dir) whose work tree is the workspace. */
function shadowGit(shadow: string, ws: string, args: readonly string[]): Promise<unknown> {
  return git(ws, [`--git-dir=${shadow}`, `--work-tree=${ws}`, ...args]);
}

async function shadowSnapshotFirst(base: string, ws: string): Promise<CheckpointCostFigures['shadowFirst']> {
  const times: number[] = [];
  let disk: Disk = { allocated: 0, apparent: 0, files: 0 };
  for (let i = 0; i < SHADOW_REPS; i++) {
    const shadow = path.join(base, 'shadow-first.git');
    await fs.rm(shadow, { recursive: true, force: true });
    const started = performance.now();
    await git(base, ['init', '-q', '--bare', shadow]);
    await shadowGit(shadow, ws, ['add', '-A']);
    await shadowGit(shadow, ws, ['commit', '-qm', 'checkpoint', '--allow-empty', '--no-verify']);
    times.push(performance.now() - started);
    disk = await diskUse(shadow);
  }
  return { medianMs: median(times), disk };
}

async function shadowSnapshotSecond(base: string, ws: string, touched: readonly string[]): Promise<CheckpointCostFigures['shadowSecond']> {
  const shadow = path.join(base, 'shadow-second.git');
  await git(base, ['init', '-q', '--bare', shadow]);
  await shadowGit(shadow, ws, ['add', '-A']);
  await shadowGit(shadow, ws, ['commit', '-qm', 'first', '--no-verify']);
  const times: number[] = [];
  const added: Disk[] = [];
  for (let i = 0; i < SHADOW_REPS; i++) {
    for (const p of touched) await fs.appendFile(path.join(ws, p), `// change ${i}\n`);
    const before = await diskUse(shadow);
    const started = performance.now();
    await shadowGit(shadow, ws, ['add', '-A']);
    await shadowGit(shadow, ws, ['commit', '-qm', `change ${i}`, '--no-verify']);
    times.push(performance.now() - started);
    added.push(minus(await diskUse(shadow), before));
  }
  return { medianMs: median(times), diskAdded: scale(added.reduce((a, b) => ({ allocated: a.allocated + b.allocated, apparent: a.apparent + b.apparent, files: a.files + b.files })), 1 / added.length) };
}

/** `files` files over TOP_FOLDERS × SUB_FOLDERS folders; sizes spread like source files (median ≈ 1.5 KB, a long tail). */
async function buildRepository(ws: string, files: number): Promise<{ paths: string[]; bytes: number }> {
  const random = seeded(42);
  const words = ['const', 'return', 'function', 'value', 'result', 'await', 'export', 'import', 'items', 'index', 'config', 'handler', 'request', 'response', 'if', 'else', 'for', 'of', 'new', 'Map', 'string', 'number', '=>', '{', '}', '(', ')', ';'];
  const paths: string[] = [];
  let bytes = 0;
  const folders = TOP_FOLDERS * SUB_FOLDERS;
  for (let f = 0; f < folders; f++) await fs.mkdir(path.join(ws, `pkg${Math.floor(f / SUB_FOLDERS)}`, `mod${f % SUB_FOLDERS}`), { recursive: true });
  const BATCH = 200;
  for (let start = 0; start < files; start += BATCH) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(files, start + BATCH); i++) {
      const f = i % folders;
      const rel = `pkg${Math.floor(f / SUB_FOLDERS)}/mod${f % SUB_FOLDERS}/file${i}.ts`;
      // Log-normal sizes: exp(N(7.3, 1)) bytes, between 80 B and 200 KB.
      const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const size = Math.min(200_000, Math.max(80, Math.round(Math.exp(7.3 + gaussian))));
      const lines: string[] = [];
      let length = 0;
      while (length < size) {
        const n = 3 + Math.floor(random() * 10);
        const line = `${'  '.repeat(Math.floor(random() * 3))}${Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ')} ${i}_${length}`;
        lines.push(line);
        length += line.length + 1;
      }
      const text = `${lines.join('\n')}\n`;
      bytes += text.length;
      paths.push(rel);
      batch.push(fs.writeFile(path.join(ws, rel), text));
    }
    await Promise.all(batch);
  }
  return { paths, bytes };
}

/** `count` paths in `count` different folders spread over the repository (file i lives in folder i % folders); another set per round. */
function spread(paths: readonly string[], count: number, round = 0): string[] {
  const folders = TOP_FOLDERS * SUB_FOLDERS;
  const perFolder = Math.floor(paths.length / folders);
  // 131 is prime to 400: distinct folders, scattered over the top-level ones.
  return Array.from({ length: count }, (_, i) => paths[((i * 131 + round * 7) % folders) + folders * ((i + round) % perFolder)] as string);
}

async function git(cwd: string, args: readonly string[]): Promise<unknown> {
  return run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'gc.auto=0', ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
}

async function diskUse(dir: string): Promise<Disk> {
  const disk = { allocated: 0, apparent: 0, files: 0 };
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const st = await fs.stat(path.join(entry.parentPath, entry.name));
    disk.allocated += st.blocks * 512;
    disk.apparent += st.size;
    disk.files++;
  }
  return disk;
}

function minus(a: Disk, b: Disk): Disk {
  return { allocated: a.allocated - b.allocated, apparent: a.apparent - b.apparent, files: a.files - b.files };
}

function scale(d: Disk, factor: number): Disk {
  return { allocated: d.allocated * factor, apparent: d.apparent * factor, files: d.files * factor };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
