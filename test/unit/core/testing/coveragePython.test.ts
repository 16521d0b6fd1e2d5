/**
 * Python coverage of real runs in the sandbox: pytest through `runTestsOn`, a virtualenv that
 * cannot import coverage.py, a project with its own PYTHONPATH and sitecustomize, and a machine
 * where coverage.py cannot be found at all.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { collectCoverage } from '../../../../src/core/testing/coverage/collect';
import { prepareCoverage } from '../../../../src/core/testing/coverage/prepare';
import { parsePythonCoverage, pythonCoverageEnv, pythonCoverageFiles } from '../../../../src/core/testing/coverage/python';
import type { StagedTree } from '../../../../src/core/testing/staging';
import type { TestReport } from '../../../../src/core/testing/types';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { createStager } from '../../../../src/node/staging';
import { coverageExecution, failuresOf, requirePython, runBoth, runner, sandboxMode, sorted } from '../../../support/coverageRuns';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

const exec = promisify(execFile);

const MONEY = [
  'def add(a, b):', //           1
  '    if a > 10:', //           2
  '        return a - b', //     3
  '    return a + b + 1', //     4  the change under suspicion
  '',
  '',
  'def unused():', //            7
  '    return 42', //            8
  '',
].join('\n');

/** The interpreter Debian's coverage.py belongs to (its `python3-coverage` script's), which imports it directly. */
async function debianPython(): Promise<string> {
  const { stdout } = await exec('sh', ['-c', 'command -v python3-coverage']);
  const first = (await fs.readFile(stdout.trim(), 'utf8')).split('\n')[0] ?? '';
  const python = /^#!\s*(\S+)/.exec(first)?.[1];
  assert.ok(python, `no interpreter in ${stdout.trim()}`);
  return python;
}

async function pytestRun(python: () => Promise<string>): Promise<void> {
  await requirePython();
  const mode = await sandboxMode();
  const ws = await makeTempWorkspace({
    'shop/__init__.py': '',
    'shop/money.py': MONEY,
    'tests/test_money.py': 'from shop.money import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n',
    'tests/test_other.py': 'def test_upper():\n    assert "a".upper() == "A"\n',
  });
  try {
    const { covered, plain } = await runBoth(coverageExecution(ws.root, `${await python()} -m pytest -q`, mode));
    assert.equal(covered.result.sandboxed, !mode.allowUnsandboxed);
    assert.deepEqual(failuresOf(covered), failuresOf(plain), 'coverage does not change what fails');
    assert.deepEqual(covered.report.failures.map((f) => f.testFile), ['tests/test_money.py']);
    assert.equal(covered.report.passed, plain.report.passed);
    const coverage = covered.coverage;
    assert.ok(coverage?.known, `coverage was collected: ${covered.result.output}`);
    assert.equal(coverage.processes.length, 1, 'pytest runs every test in one process');
    const ran = coverage.executedBy('tests/test_money.py');
    assert.deepEqual(sorted(ran?.get('shop/money.py')), [1, 2, 4, 7], 'def lines run at import; add ran its last line, not its if-branch; unused() never ran');
    assert.deepEqual(sorted(ran?.get('tests/test_money.py')), [1, 4, 5]);
    assert.deepEqual(sorted(coverage.executedBy('tests/test_other.py')?.get('shop/money.py')), [1, 2, 4, 7], 'the passing file shares the process, so its coverage is the union');
    assert.equal(coverage.processes[0]?.failing, true);
    assert.equal(coverage.executedByPassing().size, 0, 'no passing process to contrast with');
    assert.equal(plain.coverage, undefined);
  } finally {
    await ws.dispose();
  }
}

describe('pytest with coverage, in the sandbox: the failing test ran the changed line, not the other branch or the unused body; pytest is one process, so every test file shares its coverage', () => {
  it('with the python3 on PATH (here or there a virtualenv or pyenv Python that may lack coverage.py)', () => pytestRun(async () => 'python3'));
  it("with Debian's interpreter, which imports coverage.py itself", () => pytestRun(debianPython));
});

/** A virtualenv by hand (what `python -m venv --without-pip` writes that matters): no coverage.py, no pytest. */
async function makeVenv(root: string): Promise<void> {
  const { stdout } = await exec('python3', ['-c', 'import sys, os; print(os.path.realpath(sys.executable)); print("%d.%d.%d" % sys.version_info[:3])']);
  const [python, version] = stdout.trim().split('\n');
  await fs.mkdir(path.join(root, '.venv', 'bin'), { recursive: true });
  await fs.writeFile(path.join(root, '.venv', 'pyvenv.cfg'), `home = ${path.dirname(python!)}\ninclude-system-site-packages = false\nversion = ${version}\n`);
  await fs.symlink(python!, path.join(root, '.venv', 'bin', 'python'));
}

const PROJECT = {
  'app/__init__.py': '',
  'app/calc.py': 'def double(x):\n    return x * 2\n\n\ndef triple(x):\n    return x * 3\n',
  // The project's own sitecustomize, on its own PYTHONPATH: ours must not hide it.
  'pysite/sitecustomize.py': 'import os\nos.environ["PROJECT_SITE"] = "ran"\n',
  'check.py': [
    'import os, subprocess, sys',
    'from app.calc import double',
    'print("project sitecustomize:", os.environ.get("PROJECT_SITE"))',
    'print("system folders on sys.path:", [p for p in sys.path if p.endswith("dist-packages")])',
    'try:',
    '    import pytest',
    '    print("pytest importable")',
    'except ImportError:',
    '    print("pytest not importable")',
    'subprocess.run([sys.executable, "child.py"], check=True)',
    'sys.exit(0 if double(2) == 4 else 1)',
    '',
  ].join('\n'),
  'child.py': 'from app.calc import triple\n\nprint("child", triple(1))\n',
};

async function stageAndRun(root: string, prepare: (tree: StagedTree) => Promise<Readonly<Record<string, string | undefined>>>, command = '.venv/bin/python check.py') {
  const mode = await sandboxMode();
  const tree = await createStager(root).stage([]);
  try {
    const env = await prepare(tree);
    const result = await runner.run(command, {
      cwd: tree.dir,
      env,
      timeoutMs: 60_000,
      maxOutputBytes: 1 << 20,
      sandbox: { ...tree.sandbox, network: { kind: 'none' } },
      ...(mode.allowUnsandboxed ? { allowUnsandboxed: true } : {}),
    });
    const artefacts = await tree.readArtefacts(64 << 20);
    return { result, artefacts, dir: tree.dir };
  } finally {
    await tree.dispose();
  }
}

const report = (testFile: string): TestReport => ({ format: 'unknown', passed: 0, failed: 1, skipped: 0, failures: [{ test: 'check', testFile, message: 'failed', stack: [] }], rawTail: '' });

describe('any Python process, in a virtualenv that cannot import coverage.py', () => {
  it('loads only the coverage package from the system, keeps the project PYTHONPATH and sitecustomize, and covers each process', async () => {
    await requirePython();
    const ws = await makeTempWorkspace(PROJECT);
    try {
      await makeVenv(ws.root);
      const base = { ...process.env, PYTHONPATH: 'pysite' };
      const alone = await stageAndRun(ws.root, async () => ({ ...base }));
      assert.equal(alone.result.exitCode, 0, alone.result.output);
      assert.equal(alone.artefacts.length, 0);

      const noImport = await exec(path.join(ws.root, '.venv/bin/python'), ['-c', 'import coverage']).then(() => 'imported', () => 'ImportError');
      assert.equal(noImport, 'ImportError', 'the virtualenv by itself cannot import coverage.py');

      const covered = await stageAndRun(ws.root, (tree) => prepareCoverage(tree, base));
      assert.equal(covered.result.exitCode, 0, covered.result.output);
      assert.equal(covered.result.output, alone.result.output, 'the process printed exactly what it prints without coverage');
      assert.match(covered.result.output, /project sitecustomize: ran/);
      assert.match(covered.result.output, /system folders on sys.path: \[\]/);
      assert.match(covered.result.output, /pytest not importable/, 'the rest of the system folder stayed out of the virtualenv');
      const files = covered.artefacts.filter((a) => a.name.startsWith('python-coverage-'));
      assert.equal(files.length, 2, 'the script and the child it started each wrote their coverage');
      const coverage = await collectCoverage(covered.artefacts, covered.dir, createFsWorkspace(ws.root), report('check.py'));
      const calc = coverage.processes.map((p) => sorted(p.executed.get('app/calc.py'))).sort();
      assert.deepEqual(calc, [[1, 2, 5], [1, 5, 6]], 'parent ran double, child ran triple');
      assert.deepEqual([...(coverage.executedBy('check.py')?.keys() ?? [])].sort(), ['app/calc.py', 'check.py', 'pysite/sitecustomize.py'], "files of the tree that ran a line (an empty __init__.py has none; the project's sitecustomize runs after coverage starts; ours is outside the tree)");
    } finally {
      await ws.dispose();
    }
  });

  it('without coverage.py anywhere, the process runs exactly as it would and leaves nothing', async () => {
    await requirePython();
    const ws = await makeTempWorkspace(PROJECT);
    try {
      await makeVenv(ws.root);
      const base = { ...process.env, PYTHONPATH: 'pysite' };
      const alone = await stageAndRun(ws.root, async () => ({ ...base }));
      const missing = await stageAndRun(ws.root, async (tree) => {
        // The same sitecustomize, told to look in no system folder: coverage.py is nowhere.
        for (const f of pythonCoverageFiles({ root: tree.dir, out: tree.artefacts, folders: [] })) await tree.writeArtefact(f.name, f.text);
        return { ...base, ...pythonCoverageEnv(tree.artefacts, base) };
      });
      assert.equal(missing.result.exitCode, 0, missing.result.output);
      assert.equal(missing.result.output, alone.result.output);
      assert.deepEqual(missing.artefacts, []);
    } finally {
      await ws.dispose();
    }
  });
});

describe('a project that measures itself with coverage.py', () => {
  it('`coverage run … && coverage report --fail-under=100` passes as it does without ours', async () => {
    await requirePython();
    const ws = await makeTempWorkspace({ ...PROJECT, 'both.py': 'from app.calc import double, triple\n\nassert double(1) + triple(1) == 5\n' });
    try {
      const command = 'python3-coverage run both.py && python3-coverage report --include="app/*" --fail-under=100';
      const alone = await stageAndRun(ws.root, async () => process.env, command);
      const covered = await stageAndRun(ws.root, (tree) => prepareCoverage(tree, process.env), command);
      assert.equal(alone.result.exitCode, 0, alone.result.output);
      assert.equal(covered.result.exitCode, 0, covered.result.output);
      assert.equal(covered.result.output, alone.result.output, 'the same report');
      assert.deepEqual(covered.artefacts.filter((a) => a.name.startsWith('python-coverage-')), [], 'ours saw gaps while theirs ran, and reports nothing');
    } finally {
      await ws.dispose();
    }
  });

  it('a Coverage started inside the process (as pytest-cov does): it measures as usual; ours was paused meanwhile and reports nothing', async () => {
    await requirePython();
    const ws = await makeTempWorkspace({
      ...PROJECT,
      'own.py': 'import coverage\nfrom app.calc import double, triple\n\nc = coverage.Coverage(data_file=None)\nc.start()\ndouble(1)\nc.stop()\nprint("own", c.get_data().measured_files() != set())\ntriple(1)\n',
    });
    try {
      const python = await debianPython();
      const run = await stageAndRun(ws.root, (tree) => prepareCoverage(tree, process.env), `${python} own.py`);
      assert.equal(run.result.exitCode, 0, run.result.output);
      assert.equal(run.result.output.trim(), 'own True', 'its own measurement works as usual');
      assert.deepEqual(run.artefacts.filter((a) => a.name.startsWith('python-coverage-')), []);
    } finally {
      await ws.dispose();
    }
  });
});

describe('files Squad puts beside the tree before a coverage run', () => {
  it('land in the artefacts folder (writable in the sandbox), are not read back as coverage, and cannot leave it', async () => {
    const ws = await makeTempWorkspace({ 'a.py': 'x = 1\n' });
    const tree = await createStager(ws.root).stage([]);
    try {
      await tree.writeArtefact('python-site/sitecustomize.py', 'pass\n');
      assert.equal(await fs.readFile(path.join(tree.artefacts, 'python-site', 'sitecustomize.py'), 'utf8'), 'pass\n');
      assert.ok(path.relative(tree.dir, tree.artefacts).startsWith('..'), 'not in the tree the tests see');
      assert.ok(tree.sandbox.writable.some((w) => !path.relative(w, tree.artefacts).startsWith('..')));
      assert.deepEqual(await tree.readArtefacts(1 << 20), [], 'files in subfolders are ours, not coverage');
      await assert.rejects(tree.writeArtefact('../escape.py', 'x'), (err: Error & { code?: string }) => err.code === 'path/outside_workspace');
      await assert.rejects(fs.access(path.join(path.dirname(tree.artefacts), 'escape.py')));
    } finally {
      await tree.dispose();
      await ws.dispose();
    }
  });
});

describe('python coverage files', () => {
  it('PYTHONPATH: ours first, the project entries after it, in the host separator', () => {
    assert.deepEqual(pythonCoverageEnv('/tmp/s/.squad-artefacts', {}), { PYTHONPATH: '/tmp/s/.squad-artefacts/python-site' });
    assert.deepEqual(pythonCoverageEnv('/tmp/s/.squad-artefacts', { PYTHONPATH: 'src:lib' }), { PYTHONPATH: '/tmp/s/.squad-artefacts/python-site:src:lib' });
    assert.deepEqual(pythonCoverageEnv('C:\\T\\s\\.squad-artefacts', { PYTHONPATH: 'src' }), { PYTHONPATH: 'C:\\T\\s\\.squad-artefacts\\python-site;src' });
  });

  it('reads only our format, and never a path out of the tree', () => {
    assert.equal(parsePythonCoverage('{"format":"squad-python-coverage","files":{"a.py":[1,'), undefined, 'torn');
    assert.equal(parsePythonCoverage('{"meta":{},"files":{"a.py":{}}}'), undefined, "coverage.py's own JSON report is not ours");
    const files = parsePythonCoverage('{"format":"squad-python-coverage","files":{"a/b.py":[1,3,"x",-2],"../up.py":[1],"/abs.py":[1],"empty.py":[]}}');
    assert.deepEqual([...(files?.entries() ?? [])].map(([f, l]) => [f, [...l]]), [['a/b.py', [1, 3]]]);
  });
});
