/**
 * Real test runs with coverage, as the loop makes them: a temp workspace, the real stager and
 * process runner (bubblewrap on Linux), `runTestsOn`. The toolchains come from Debian packages
 * (`bash scripts/sandbox/install-test-tools.sh`); a missing one fails the test, naming its package.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveTestCommand } from '../../src/core/testing/detect';
import { type AttributionInput, DEFAULT_MAX_OUTPUT_BYTES, runTestsOn, type TestExecution, type TestRunResult } from '../../src/core/testing/execution';
import { createFsWorkspace } from '../../src/node/fsWorkspace';
import { createProcessRunner } from '../../src/node/processRunner';
import { createStager } from '../../src/node/staging';

const run = promisify(execFile);

export const runner = createProcessRunner({ killGraceMs: 300 });

/** On Linux the runs are sandboxed and must be (bubblewrap); elsewhere they run without one. */
export async function sandboxMode(): Promise<{ readonly allowUnsandboxed: boolean }> {
  if (process.platform !== 'linux') return { allowUnsandboxed: true };
  const info = await runner.sandboxInfo();
  assert.equal(info.kind, 'bwrap', `These tests run in the bubblewrap sandbox: run \`bash scripts/sandbox/install.sh\`. (${info.description})`);
  return { allowUnsandboxed: false };
}

const succeeds = (file: string, args: string[]) => run(file, args, { timeout: 30_000 }).then(() => true, () => false);

/** A Debian package the tests need: installed (dpkg), or at least working where there is no dpkg. */
async function requirePackage(pkg: string, works: () => Promise<boolean>): Promise<void> {
  const dpkg = await run('dpkg-query', ['-W', '-f=${Status}', pkg]).then((r) => r.stdout, (err: { stdout?: string; code?: unknown }) => (err.code === 'ENOENT' ? undefined : (err.stdout ?? '')));
  const ok = dpkg === undefined ? await works() : dpkg.includes('install ok installed') && (await works());
  assert.ok(ok, `This test needs the Debian package ${pkg}: apt-get install -y ${pkg} (or bash scripts/sandbox/install-test-tools.sh).`);
}

export async function requirePython(): Promise<void> {
  await requirePackage('python3-pytest', () => succeeds('python3', ['-c', 'import pytest']));
  await requirePackage('python3-coverage', () => succeeds('python3-coverage', ['--version']));
}

export async function requireGo(): Promise<void> {
  await requirePackage('golang-go', () => succeeds('go', ['version']));
}

export function coverageExecution(root: string, command: string, mode: { readonly allowUnsandboxed: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): TestExecution {
  const resolved = resolveTestCommand({ userCommand: command });
  assert.ok(resolved);
  return {
    stager: createStager(root),
    runner,
    command: resolved,
    timeoutMs: 120_000,
    maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
    env,
    workspaceAt: (dir) => createFsWorkspace(dir),
    ...(mode.allowUnsandboxed ? { allowUnsandboxed: true } : {}),
  };
}

/** The suite as it is, with coverage, and without: both must fail the same way. */
export async function runBoth(execution: TestExecution, attribution?: AttributionInput): Promise<{ readonly covered: TestRunResult; readonly plain: TestRunResult }> {
  const signal = new AbortController().signal;
  const covered = await runTestsOn([], execution, attribution, signal, { coverage: true });
  const plain = await runTestsOn([], execution, attribution, signal);
  return { covered, plain };
}

/** What a report says failed, comparable across runs. */
export const failuresOf = (r: TestRunResult) => r.report.failures.map((f) => ({ test: f.test, testFile: f.testFile, message: f.message })).sort((a, b) => a.test.localeCompare(b.test));

export const sorted = (lines: ReadonlySet<number> | 'file' | undefined): number[] | string | undefined => (lines === undefined || lines === 'file' ? lines : [...lines].sort((a, b) => a - b));
