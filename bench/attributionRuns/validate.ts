/**
 * Checks that every case of bench/attribution-runs/cases is what it claims, by running it for
 * real (plain child processes in the materialised workspace, no Squad code on the way):
 *
 * - routed cases: the workspace alone passes; with every task's changes the tests fail; with the
 *   bug reverted they pass again (the owner's `fix` applied when the case gives one, the owner's
 *   whole change left out otherwise). source-only: the failure stays without the
 *   QA task's changes (the project's existing tests fail); qa-tests: it goes away without them
 *   (the failing tests are QA's).
 * - baseline cases: the workspace alone fails, and fails the same way with every task's changes
 *   (same exit code, same failing tests); cannot-run cases run no test at all, either way.
 * - every run ends on its own: a hang must be stopped by the runner's per-test timeout.
 *
 *   node --import tsx bench/attributionRuns/validate.ts [--held-out] [id-substring…]
 */
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parseTestOutputs } from '../../src/core/testing/parsers';
import { BUG_KINDS, CASES_DIR, finalFiles, HELD_OUT_DIR, type LayerOptions, type LoadedCase, layerTasks, loadCases, RUNNERS, SETTINGS } from './cases';
import { materialise } from './materialise';

const DEFAULT_TIMEOUT_MS = 120_000;
const MIN_PER_SETTING = 25;
const execFileP = promisify(execFile);

interface Run {
  readonly exitCode: number | null;
  readonly killed: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly failing: readonly string[];
  readonly tail: string;
  readonly ms: number;
}

function runCommand(command: string, cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, { cwd, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const report = parseTestOutputs([output]);
      const failing = [...new Set(report.failures.map((f) => f.test))].sort();
      resolve({ exitCode: code, killed, passed: report.passed, failed: report.failed, failing, tail: output.slice(-1500), ms: performance.now() - started });
    });
  });
}

const describe = (r: Run) => `exit ${String(r.exitCode)}${r.killed ? ' (killed at the timeout)' : ''}, ${r.passed} passed, ${r.failed} failed`;
const passes = (r: Run) => r.exitCode === 0 && !r.killed;

/** Writes the files into the workspace, runs the command, puts the workspace back as committed. */
async function runWith(root: string, command: string, timeoutMs: number, files: readonly { path: string; content: string | undefined }[]): Promise<Run> {
  for (const f of files) {
    const abs = path.join(root, f.path);
    if (f.content === undefined) await fs.rm(abs, { force: true });
    else {
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, f.content);
    }
  }
  try {
    return await runCommand(command, root, timeoutMs);
  } finally {
    await execFileP('git', ['checkout', '-q', '--', '.'], { cwd: root });
    await execFileP('git', ['clean', '-fdq'], { cwd: root });
  }
}

/** The problems of one case; empty when it is what it claims. */
export async function validateCase(c: LoadedCase): Promise<{ problems: string[]; runs: string[] }> {
  const problems: string[] = [];
  const runs: string[] = [];
  if (c.setting === 'qa-tests' && !c.tasks.some((t) => t.role === 'qa')) problems.push('a qa-tests case has a QA task');
  const ws = await materialise(c);
  try {
    const timeout = c.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const run = async (label: string, layers: LayerOptions | undefined) => {
      const files = layers === undefined ? [] : finalFiles(await layerTasks(c, ws.readBase, layers));
      const r = await runWith(ws.root, c.command, timeout, files);
      runs.push(`${label}: ${describe(r)}`);
      if (r.killed) problems.push(`${label}: killed at ${timeout} ms; a hang must be stopped by the runner's own timeout`);
      return r;
    };
    const base = await run('workspace alone', undefined);
    const all = await run('with every task', {});
    if (c.expected.kind === 'routed') {
      if (!passes(base)) problems.push(`the workspace alone must pass: ${describe(base)}\n${base.tail}`);
      if (passes(all)) problems.push('with every task the tests must fail');
      const owner = c.expected.owner ?? '';
      // The bug reverted: its fix when the case gives one, else the owner's whole change.
      const hasFix = c.tasks.some((t) => t.id === owner && t.fix !== undefined);
      const label = hasFix ? `with ${owner}'s fix` : `without ${owner}`;
      const reverted = await run(label, hasFix ? { fixed: new Set([owner]) } : { omit: new Set([owner]) });
      if (!passes(reverted)) problems.push(`${label} the tests must pass: ${describe(reverted)}\n${reverted.tail}`);
      const qa = new Set(c.tasks.filter((t) => t.role === 'qa').map((t) => t.id));
      if (qa.size > 0 && !qa.has(owner)) {
        const withoutQa = await run('without the QA task', { omit: qa });
        if (c.setting === 'source-only' && passes(withoutQa)) problems.push("source-only: the project's own tests must fail without the QA task's changes");
        if (c.setting === 'qa-tests' && !passes(withoutQa)) problems.push(`qa-tests: the failing tests must be QA's (without them: ${describe(withoutQa)})`);
      }
    } else {
      if (passes(base)) problems.push('a baseline case fails without any change');
      if (base.exitCode !== all.exitCode) problems.push(`the failure must be the same with and without the tasks: exit ${String(base.exitCode)} vs ${String(all.exitCode)}`);
      if (base.failing.join('\n') !== all.failing.join('\n')) problems.push(`the same tests must fail with and without the tasks: [${base.failing.join(', ')}] vs [${all.failing.join(', ')}]`);
      const ran = (r: Run) => r.passed + r.failed > 0;
      if (c.expected.kind === 'cannot-run' && (ran(base) || ran(all))) problems.push(`a command that cannot run reports no test: ${describe(base)} / ${describe(all)}`);
      if (c.expected.kind === 'pre-existing' && base.failing.length === 0) problems.push(`a pre-existing failure names its failing tests: ${describe(base)}\n${base.tail}`);
    }
  } finally {
    await ws.dispose();
  }
  return { problems, runs };
}

function countBy<T extends string>(cases: readonly LoadedCase[], key: (c: LoadedCase) => T, keys: readonly T[] = []): string {
  const counts = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const c of cases) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.filter((a) => a !== '--held-out');
  const cases = await loadCases(args.includes('--held-out') ? HELD_OUT_DIR : CASES_DIR, only.length === 0 ? undefined : (id) => only.some((s) => id.includes(s)));
  const started = performance.now();
  let failed = 0;
  for (const c of cases) {
    const t0 = performance.now();
    let result: { problems: string[]; runs: string[] };
    try {
      result = await validateCase(c);
    } catch (err) {
      result = { problems: [err instanceof Error ? err.message : String(err)], runs: [] };
    }
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (result.problems.length === 0) console.log(`ok   ${c.id} (${secs} s; ${result.runs.join('; ')})`);
    else {
      failed++;
      console.log(`FAIL ${c.id} (${secs} s; ${result.runs.join('; ')})`);
      for (const p of result.problems) console.log(`     - ${p.replace(/\n/g, '\n       ')}`);
    }
  }
  const real = cases.filter((c) => c.origin !== 'own').length;
  console.log(`\n${cases.length - failed}/${cases.length} cases valid in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`settings: ${countBy(cases, (c) => c.setting, SETTINGS)}`);
  console.log(`runners:  ${countBy(cases, (c) => c.runner, RUNNERS)}`);
  console.log(`bugs:     ${countBy(cases, (c) => c.bug, BUG_KINDS)}`);
  console.log(`origins:  ${countBy(cases, (c) => c.origin.replace(/@.*/, ''))}`);
  console.log(`real open-source code: ${real}/${cases.length} (goal ≥ 1/3)`);
  const short = SETTINGS.filter((s) => cases.filter((c) => c.setting === s).length < MIN_PER_SETTING);
  // The held-out set is small on purpose (measured once): the size goal is the main corpus's.
  if (only.length === 0 && !args.includes('--held-out') && short.length > 0) console.log(`fewer than ${MIN_PER_SETTING} cases: ${short.join(', ')}`);
  if (only.length === 0 && real * 3 < cases.length) console.log('less than a third of the cases use real open-source code');
  if (failed > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
