/**
 * The test loop's own cost per round, beyond the test command: staging the proposals in a
 * scratch tree (the files git lists, or a copy without git), reading and parsing the output,
 * attributing failures, removing the tree. Measured on a copy of examples/taskboard with its
 * real `node --test` suite and one failing test.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTestsOn, type TestExecution } from '../src/core/testing/execution';
import { createFsWorkspace } from '../src/node/fsWorkspace';
import { createProcessRunner } from '../src/node/processRunner';
import { createStager } from '../src/node/staging';

export interface LoopOverheadFigures {
  readonly staging: 'git file list' | 'copy';
  readonly rounds: number;
  readonly medianRoundMs: number;
  readonly medianCommandMs: number;
  readonly medianOverheadMs: number;
}

const EXAMPLE = path.resolve(__dirname, '../examples/taskboard');

async function measure(git: boolean, rounds: number): Promise<LoopOverheadFigures> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-loop-'));
  const root = path.join(dir, 'taskboard');
  try {
    await fs.cp(EXAMPLE, root, { recursive: true, filter: (src) => !/[\\/](node_modules|data)$/.test(src) });
    if (git) {
      const run = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
      run('init', '-q');
      run('add', '-A');
      run('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'base');
    }
    const tasksJs = await fs.readFile(path.join(root, 'src/db/tasks.js'), 'utf8');
    // One proposal with a bug, so every round parses and attributes a real failure.
    const buggy = tasksJs.replace('completed: row.completed === 1', 'completed: row.completed === 0');
    const execution: TestExecution = {
      stager: createStager(root),
      runner: createProcessRunner(),
      command: { command: 'node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=.report.xml', reportFile: '.report.xml', format: 'junit-xml' },
      timeoutMs: 120_000,
      maxOutputBytes: 2 * 1024 * 1024,
      env: process.env,
      workspaceAt: (d) => createFsWorkspace(d),
    };
    const attribution = { changedFiles: new Map([['src/db/tasks.js', { taskId: 't1' }]]), testFileOwners: new Map<string, string>() };
    const totals: number[] = [];
    const commands: number[] = [];
    for (let i = 0; i < rounds + 1; i++) {
      const start = performance.now();
      const run = await runTestsOn([{ path: 'src/db/tasks.js', content: buggy }], execution, attribution, new AbortController().signal);
      const total = performance.now() - start;
      if (run.report.failed === 0) throw new Error('the injected bug did not fail any test');
      if (i === 0) continue; // warm-up
      totals.push(total);
      commands.push(run.result.durationMs);
    }
    const overheads = totals.map((t, i) => t - (commands[i] ?? 0));
    return { staging: git ? 'git file list' : 'copy', rounds, medianRoundMs: median(totals), medianCommandMs: median(commands), medianOverheadMs: median(overheads) };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchLoopOverhead(rounds = 7): Promise<LoopOverheadFigures[]> {
  return [await measure(true, rounds), await measure(false, rounds)];
}
