/**
 * Monorepo scale: the workspace tools side by side with ripgrep on a synthetic repository built
 * here (bench/monorepo/buildRepo.ts): list_files vs `rg --files`, searches with no match, and the
 * orchestrator's CPU per model call and peak memory on a many-task run, small repository vs large.
 * Squad is measured with its in-process engine (the CLI without rg) and with rg when installed.
 *
 * Sizes (defaults per the issue): SQUAD_BENCH_REPO_FILES (50000), SQUAD_BENCH_REPO_MB (1024),
 * SQUAD_BENCH_SMALL_FILES_MB (100), SQUAD_BENCH_TASKS (200). Alone: `node --import tsx bench/monorepoScale.ts`.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSandbox } from '../src/core/tools';
import type { ToolContext } from '../src/core/tools/context';
import { executeToolCall } from '../src/core/tools/execute';
import { AGENT_TOOLS } from '../src/core/tools/index';
import { findRipgrepOnPath } from '../src/node/findRipgrep';
import { createFsWorkspace } from '../src/node/fsWorkspace';
import { createWorkerRegexMatcher } from '../src/node/regexWorker';
import { toolCall } from '../test/unit/core/tools/fixture';
import { MemoryFileView } from '../test/support/memoryFileView';
import { buildRepo, type BuiltRepo } from './monorepo/buildRepo';
import { orchestrationScript, type OrchestrationFigures } from './monorepo/orchestrate';
import { startServerProcess } from './serverProcess';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script, shared with esbuild.mjs
const { CLI_NODE_FLAGS } = require('../scripts/cliNodeBanner.cjs') as { CLI_NODE_FLAGS: string[] };

const LITERAL = 'no_such_identifier_zq';
const REGEX = 'function\\s+noSuch\\w+Handler\\(';
/** Best of this many runs: the page cache is warm after the build, so the figures compare CPU and I/O paths. */
const RUNS = 3;

export interface ScaleRow {
  readonly label: string;
  readonly fallbackMs: number;
  readonly ripgrepEngineMs?: number;
  readonly ripgrepMs?: number;
}

export interface ScaleFigures {
  readonly large: BuiltRepo;
  readonly small: BuiltRepo;
  readonly ripgrep?: string;
  readonly rows: readonly ScaleRow[];
  readonly orchestration: readonly (OrchestrationFigures & { readonly repo: string })[];
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export async function benchMonorepoScale(): Promise<ScaleFigures> {
  const files = envNumber('SQUAD_BENCH_REPO_FILES', 50_000);
  const mb = envNumber('SQUAD_BENCH_REPO_MB', 1024);
  const smallMb = envNumber('SQUAD_BENCH_SMALL_FILES_MB', 100);
  const tasks = envNumber('SQUAD_BENCH_TASKS', 200);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-mono-'));
  try {
    const large = await buildRepo(path.join(dir, 'large'), { files, bytes: mb * 1048576 });
    const small = await buildRepo(path.join(dir, 'small-files'), { files, bytes: smallMb * 1048576 });
    const tiny = await buildRepo(path.join(dir, 'small-repo'), { files: 200, bytes: 4 * 1048576 });
    // A git repository (no commit), so plain `rg` honours the .gitignore files as Squad does.
    for (const repo of [large, small, tiny]) execFileSync('git', ['init', '-q', repo.root]);
    // The build's dirty pages are written back first, or the first figures would pay for it.
    if (process.platform !== 'win32') execFileSync('sync');
    const ripgrep = await findRipgrepOnPath(process.env);

    const engines: (string | undefined)[] = [undefined, ...(ripgrep ? [ripgrep] : [])];
    const squad = new Map<string | undefined, number[]>();
    for (const engine of engines) squad.set(engine, await squadFigures(large.root, small.root, engine));
    const rg = ripgrep ? rgFigures(ripgrep, large.root, small.root) : undefined;
    const labels = [
      `list_files, first call (builds the run's index) vs rg --files`,
      `list_files, later calls (the index) vs rg --files`,
      `literal search, no match, ${mbOf(large)} vs rg -i -F`,
      `regex search, no match, ${mbOf(large)} vs rg`,
      `literal search, ${files} small files (${mbOf(small)}) vs rg -i -F`,
    ];
    const rgByRow = rg ? [rg[0], rg[0], rg[1], rg[2], rg[3]] : [];
    const rows = labels.map((label, i) => ({
      label,
      fallbackMs: squad.get(undefined)![i] as number,
      ...(ripgrep ? { ripgrepEngineMs: squad.get(ripgrep)![i], ripgrepMs: rgByRow[i] } : {}),
    }));

    const orchestration: (OrchestrationFigures & { repo: string })[] = [];
    const bundle = await bundleOrchestrator(dir);
    for (const [repo, label] of [[tiny, 'small repository'], [large, 'large repository']] as const) {
      for (const engine of [undefined, ...(ripgrep ? [ripgrep] : [])]) {
        orchestration.push({ ...(await orchestrate(repo.root, tasks, engine, dir, bundle)), repo: `${label} (${repo.files} files)` });
      }
    }
    return { large, small, ...(ripgrep ? { ripgrep } : {}), rows, orchestration };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The section's lines, label and value, as `npm run bench` prints them. */
export function scaleLines(scale: ScaleFigures): [string, string][] {
  const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const lines: [string, string][] = [
    ['synthetic repository', `${scale.large.files} files, ${mb(scale.large.bytes)}, built in ${ms(scale.large.buildMs)}; small files: ${mb(scale.small.bytes)} in ${ms(scale.small.buildMs)}`],
    ['ripgrep', scale.ripgrep ?? 'not installed: only Squad (fallback) is measured (scripts/bench/install-ripgrep.sh)'],
  ];
  for (const r of scale.rows) {
    const rg = r.ripgrepMs === undefined || r.ripgrepEngineMs === undefined
      ? ''
      : `, Squad (rg) ${ms(r.ripgrepEngineMs)}, rg ${ms(r.ripgrepMs)} → ×${(r.fallbackMs / r.ripgrepMs).toFixed(2)} and ×${(r.ripgrepEngineMs / r.ripgrepMs).toFixed(2)} of rg`;
    lines.push([`  ${r.label}`, `Squad (fallback) ${ms(r.fallbackMs)}${rg}`]);
  }
  for (const o of scale.orchestration) {
    lines.push([
      `  ${o.tasks}-task run, ${o.repo}, ${o.engine} (node ${CLI_NODE_FLAGS.join(' ')}, as squad runs)`,
      `${o.calls} calls, CPU ${o.cpuMsPerCall.toFixed(2)} ms per call, peak RSS ${o.peakRssMb.toFixed(0)} MB (${o.startRssMb.toFixed(0)} MB before the run), wall ${ms(o.wallMs)}`,
    ]);
  }
  return lines;
}

function mbOf(repo: BuiltRepo): string {
  return `${(repo.bytes / 1048576).toFixed(0)} MB`;
}

/** Squad's tools on a fresh workspace (one run's index), in the order of the rows. */
async function squadFigures(largeRoot: string, smallRoot: string, ripgrep: string | undefined): Promise<number[]> {
  const regex = createWorkerRegexMatcher();
  try {
    const context = (root: string): ToolContext => {
      const workspace = createFsWorkspace(root, ripgrep ? { ripgrep } : {});
      return { workspace, view: new MemoryFileView(workspace), sandbox: createSandbox(workspace), signal: new AbortController().signal, regex };
    };
    const timed = async (ctx: ToolContext, name: string, args: object): Promise<number> => {
      const started = performance.now();
      const result = await executeToolCall(AGENT_TOOLS, toolCall(name, args), ctx);
      if (result.isError) throw new Error(`${name} failed: ${result.content}`);
      return performance.now() - started;
    };
    const best = async (run: () => Promise<number>) => Math.min(...(await sequence(RUNS, run)));
    const large = context(largeRoot);
    const firstList = await timed(large, 'list_files', {});
    const laterList = await best(() => timed(large, 'list_files', {}));
    const literal = await best(() => timed(large, 'search', { query: LITERAL }));
    const re = await best(() => timed(large, 'search', { query: REGEX, regex: true }));
    const small = context(smallRoot);
    await timed(small, 'list_files', {});
    const smallLiteral = await best(() => timed(small, 'search', { query: LITERAL }));
    return [firstList, laterList, literal, re, smallLiteral];
  } finally {
    await regex.dispose();
  }
}

async function sequence(n: number, run: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await run());
  return out;
}

/** ripgrep alone, as a user runs it in the repository: --files, -i -F literal, regex, small-files literal. */
function rgFigures(rg: string, largeRoot: string, smallRoot: string): number[] {
  const time = (cwd: string, args: string[]) =>
    Math.min(
      ...Array.from({ length: RUNS }, () => {
        const started = performance.now();
        const r = spawnSync(rg, args, { cwd, stdio: ['ignore', 'ignore', 'ignore'] });
        if (r.status !== 0 && r.status !== 1) throw new Error(`rg ${args.join(' ')} exited ${String(r.status)}`);
        return performance.now() - started;
      }),
    );
  return [
    time(largeRoot, ['--files']),
    time(largeRoot, ['-i', '-F', '--', LITERAL]),
    time(largeRoot, ['--', REGEX]),
    time(smallRoot, ['-i', '-F', '--', LITERAL]),
  ];
}

/** The orchestration child bundled as the CLI is (one file, plain node): its memory is the CLI's, not tsx's. */
async function bundleOrchestrator(scratch: string): Promise<string> {
  const outfile = path.join(scratch, 'orchestrate.js');
  await build({ entryPoints: [path.resolve(__dirname, 'monorepo/orchestrate.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
  return outfile;
}

/** A many-task run in its own process (bench/monorepo/orchestrate.ts), the model server in a third. */
async function orchestrate(root: string, tasks: number, ripgrep: string | undefined, scratch: string, bundle: string): Promise<OrchestrationFigures> {
  const listed = (await createFsWorkspace(root).files!()).paths.filter((p) => p.endsWith('.ts'));
  const targets = Array.from({ length: tasks }, (_, i) => listed[Math.floor((i * listed.length) / tasks)] as string);
  const targetsFile = path.join(scratch, `targets-${path.basename(root)}.json`);
  await fs.writeFile(targetsFile, JSON.stringify(targets));
  const server = await startServerProcess(orchestrationScript(targets));
  try {
    // With the Node flags the `squad` command runs with (its shebang), so the memory is the CLI's.
    const child = spawn(process.execPath, [...CLI_NODE_FLAGS, bundle, root, targetsFile, ripgrep ?? '', server.openaiBaseUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`orchestration bench exited with ${String(code)}`);
    return JSON.parse(out.trim().split('\n').pop() as string) as OrchestrationFigures;
  } finally {
    await server.close();
  }
}

// `node --import tsx bench/monorepoScale.ts` runs this section alone.
if (require.main === module) {
  benchMonorepoScale().then(
    (scale) => scaleLines(scale).forEach(([label, value]) => console.log(`${label.padEnd(72)} ${value}`)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
