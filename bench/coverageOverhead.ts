/**
 * What the coverage re-run costs over a plain run, for Python and Go suites: the same suite, in
 * the sandbox, through `runTestsOn` with and without coverage (coverage.py started in every
 * Python process by our sitecustomize; `-coverprofile` through GOFLAGS). Generated projects with
 * one failing test, so the covered run also reads and maps its coverage; rounds alternate.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { resolveTestCommand } from '../src/core/testing/detect';
import { runTestsOn, type TestExecution } from '../src/core/testing/execution';
import { createFsWorkspace } from '../src/node/fsWorkspace';
import { createProcessRunner } from '../src/node/processRunner';
import { createStager } from '../src/node/staging';

export type CoverageOverheadFigures =
  | {
      readonly label: string;
      readonly rounds: number;
      /** Medians of the command's own duration. */
      readonly plainCommandMs: number;
      readonly coveredCommandMs: number;
      /** Medians of the whole run: staging, command, parsing, reading coverage, removing the tree. */
      readonly plainTotalMs: number;
      readonly coveredTotalMs: number;
      readonly processes: number;
    }
  | { readonly label: string; readonly skipped: string };

const exec = promisify(execFile);
const works = (file: string, args: string[]) => exec(file, args, { timeout: 30_000 }).then(() => true, () => false);

/** 30 modules of arithmetic, a test file each (loops, so tracing costs something), one failing test. */
function pytestProject(): Record<string, string> {
  const files: Record<string, string> = { 'shop/__init__.py': '' };
  for (let i = 0; i < 30; i++) {
    files[`shop/mod${i}.py`] = `def total(xs):\n    t = 0\n    for x in xs:\n        if x % 3 == 0:\n            t += x * ${i + 1}\n        else:\n            t -= 1\n    return t\n\n\ndef unused():\n    return ${i}\n`;
    files[`tests/test_mod${i}.py`] = `from shop.mod${i} import total\n\n\ndef test_total():\n    for _ in range(200):\n        assert total(range(300)) ${i === 7 ? '== -1' : '!= -1'}\n`;
  }
  return files;
}

/** One test that starts 20 short Python processes (a CLI tested end to end), and fails. */
function spawningProject(): Record<string, string> {
  return {
    'app/__init__.py': '',
    'app/cli.py': 'import sys\n\n\ndef main():\n    return int(sys.argv[1]) * 2\n\n\nif __name__ == "__main__":\n    print(main())\n',
    'tests/test_cli.py': 'import subprocess, sys\n\n\ndef test_cli():\n    out = [subprocess.run([sys.executable, "-m", "app.cli", str(i)], capture_output=True, text=True, check=True).stdout for i in range(20)]\n    assert out == ["x"] * 20\n',
  };
}

/** Six packages with tests (loops), one failing. */
function goProject(): Record<string, string> {
  const files: Record<string, string> = { 'go.mod': 'module example.com/bench\n\ngo 1.19\n' };
  for (let i = 0; i < 6; i++) {
    files[`p${i}/p.go`] = `package p${i}\n\nfunc Total(n int) int {\n\tt := 0\n\tfor x := 0; x < n; x++ {\n\t\tif x%3 == 0 {\n\t\t\tt += x * ${i + 1}\n\t\t} else {\n\t\t\tt--\n\t\t}\n\t}\n\treturn t\n}\n`;
    files[`p${i}/p_test.go`] = `package p${i}\n\nimport "testing"\n\nfunc TestTotal(t *testing.T) {\n\tfor k := 0; k < 2000; k++ {\n\t\tif Total(3000) ${i === 2 ? '!= -1' : '== -1'} {\n\t\t\tt.Fatal("total")\n\t\t}\n\t}\n}\n`;
  }
  return files;
}

async function measure(label: string, files: Record<string, string>, command: string, rounds: number): Promise<CoverageOverheadFigures> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-coverage-'));
  const root = path.join(dir, 'project');
  try {
    for (const [rel, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await fs.writeFile(path.join(root, rel), text);
    }
    const runner = createProcessRunner();
    const info = await runner.sandboxInfo();
    const resolved = resolveTestCommand({ userCommand: command });
    if (!resolved) throw new Error(`no command: ${command}`);
    const execution: TestExecution = {
      stager: createStager(root),
      runner,
      command: resolved,
      timeoutMs: 300_000,
      maxOutputBytes: 2 * 1024 * 1024,
      env: process.env,
      workspaceAt: (d) => createFsWorkspace(d),
      ...(info.kind === 'none' ? { allowUnsandboxed: true } : {}),
    };
    const signal = new AbortController().signal;
    const figures = { plainCommand: [] as number[], coveredCommand: [] as number[], plainTotal: [] as number[], coveredTotal: [] as number[] };
    let processes = 0;
    for (let i = 0; i <= rounds; i++) {
      for (const coverage of [false, true]) {
        const start = performance.now();
        const run = await runTestsOn([], execution, undefined, signal, { coverage });
        const total = performance.now() - start;
        if (run.report.failed === 0) throw new Error(`${label}: the failing test did not fail\n${run.result.output}`);
        if (coverage) processes = run.coverage?.processes.length ?? 0;
        if (i === 0) continue; // warm-up
        (coverage ? figures.coveredCommand : figures.plainCommand).push(run.result.durationMs);
        (coverage ? figures.coveredTotal : figures.plainTotal).push(total);
      }
    }
    return {
      label,
      rounds,
      plainCommandMs: median(figures.plainCommand),
      coveredCommandMs: median(figures.coveredCommand),
      plainTotalMs: median(figures.plainTotal),
      coveredTotalMs: median(figures.coveredTotal),
      processes,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchCoverageOverhead(rounds = 5): Promise<CoverageOverheadFigures[]> {
  const out: CoverageOverheadFigures[] = [];
  const python = (await works('python3', ['-c', 'import pytest'])) && (await works('python3-coverage', ['--version']));
  const missingPython = 'needs python3-pytest and python3-coverage (bash scripts/sandbox/install-test-tools.sh)';
  out.push(python ? await measure('pytest, 30 files, 30 tests', pytestProject(), 'python3 -m pytest -q', rounds) : { label: 'pytest, 30 files, 30 tests', skipped: missingPython });
  out.push(python ? await measure('pytest, one test starting 20 Python processes', spawningProject(), 'python3 -m pytest -q', rounds) : { label: 'pytest, 20 Python processes', skipped: missingPython });
  const go = await works('go', ['version']);
  out.push(go ? await measure('go test ./..., 6 packages', goProject(), 'go test ./...', rounds) : { label: 'go test ./..., 6 packages', skipped: 'needs golang-go (bash scripts/sandbox/install-test-tools.sh)' });
  return out;
}
