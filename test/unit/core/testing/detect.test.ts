import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { identifyToolCall, simpleWords } from '../../../../src/core/testing/commandLine';
import { JSON_REPORT_FILE, XML_REPORT_FILE, detectTestCommand, resolveTestCommand } from '../../../../src/core/testing/detect';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { createProcessRunner } from '../../../../src/node/processRunner';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

async function detectIn(files: Record<string, string>) {
  const ws = await makeTempWorkspace(files);
  try {
    return await detectTestCommand(createFsWorkspace(ws.root));
  } finally {
    await ws.dispose();
  }
}

const pkg = (test: string | undefined, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'x', ...(test === undefined ? {} : { scripts: { test } }), ...extra });

const JEST_ARGS = `--json --outputFile=${JSON_REPORT_FILE}`;
const NODE_ARGS = `--test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=${XML_REPORT_FILE}`;

test('jest: a plain script gets the JSON reporter after --, also behind env assignments', async () => {
  const plain = await detectIn({ 'package.json': pkg('jest') });
  assert.deepEqual(plain, {
    command: 'npm test',
    tool: 'jest',
    structured: { command: `npm test -- ${JEST_ARGS}`, format: 'jest-json', reportFile: JSON_REPORT_FILE },
    reason: 'package.json scripts.test: jest',
  });
  const env = await detectIn({ 'package.json': pkg('cross-env NODE_ENV=test jest --coverage') });
  assert.equal(env?.structured?.command, `npm test -- ${JEST_ARGS}`);
  const cra = await detectIn({ 'package.json': pkg('react-scripts test') });
  assert.equal(cra?.tool, 'jest');
  assert.equal(cra?.structured?.format, 'jest-json');
});

test('a compound script runs as is: the tool is named, no reporter is added', async () => {
  const compound = await detectIn({ 'package.json': pkg('tsc -p . && jest --ci') });
  assert.equal(compound?.command, 'npm test');
  assert.equal(compound?.tool, 'jest');
  assert.equal(compound?.structured, undefined);
  assert.match(compound?.reason ?? '', /not a single jest call/);
  const piped = await detectIn({ 'package.json': pkg('vitest run | tee out.log') });
  assert.equal(piped?.structured, undefined);
  const other = await detectIn({ 'package.json': pkg('npm run test:unit') });
  assert.equal(other?.tool, 'npm-script');
  assert.equal(other?.structured, undefined);
});

test('vitest, and the package manager taken from the lockfile', async () => {
  const npm = await detectIn({ 'package.json': pkg('vitest run') });
  assert.equal(npm?.tool, 'vitest');
  assert.equal(npm?.structured?.command, `npm test -- --reporter=default --reporter=json --outputFile.json=${JSON_REPORT_FILE}`);
  assert.equal(npm?.structured?.format, 'vitest-json');
  const pnpm = await detectIn({ 'package.json': pkg('vitest'), 'pnpm-lock.yaml': '' });
  assert.equal(pnpm?.command, 'pnpm test');
  assert.equal(pnpm?.structured?.command, `pnpm test --reporter=default --reporter=json --outputFile.json=${JSON_REPORT_FILE}`);
  const yarn = await detectIn({ 'package.json': pkg('jest'), 'yarn.lock': '' });
  assert.equal(yarn?.structured?.command, `yarn test ${JEST_ARGS}`);
});

test('mocha: JSON reporter unless the script already picks a reporter', async () => {
  const plain = await detectIn({ 'package.json': pkg("mocha 'test/**/*.spec.js'") });
  assert.equal(plain?.structured?.command, `npm test -- --reporter json --reporter-options output=${JSON_REPORT_FILE}`);
  assert.equal(plain?.structured?.format, 'mocha-json');
  const own = await detectIn({ 'package.json': pkg('mocha --reporter spec') });
  assert.equal(own?.tool, 'mocha');
  assert.equal(own?.structured, undefined);
});

test('node --test: options after -- when there are no patterns, else right after node', async () => {
  const bare = await detectIn({ 'package.json': pkg('node --test') });
  assert.equal(bare?.tool, 'node-test');
  assert.deepEqual(bare?.structured, { command: `npm test -- ${NODE_ARGS}`, format: 'junit-xml', reportFile: XML_REPORT_FILE });
  const patterns = await detectIn({ 'package.json': pkg('node --import tsx --test "test/**/*.test.ts"') });
  assert.equal(patterns?.command, 'npm test');
  assert.equal(patterns?.structured?.command, `node ${NODE_ARGS} --import tsx --test "test/**/*.test.ts"`);
  const tsx = await detectIn({ 'package.json': pkg('tsx --test test/a.test.ts') });
  assert.equal(tsx?.tool, 'node-test');
  assert.equal(tsx?.structured, undefined);
});

test('no test script: config files, package.json sections and dependencies name the tool', async () => {
  const jestConfig = await detectIn({ 'package.json': pkg('echo "Error: no test specified" && exit 1'), 'jest.config.ts': 'export default {}' });
  assert.equal(jestConfig?.command, 'npx --no-install jest');
  assert.equal(jestConfig?.structured?.command, `npx --no-install jest ${JEST_ARGS}`);
  assert.equal(jestConfig?.reason, 'jest.config.ts');
  const vitestDep = await detectIn({ 'package.json': pkg(undefined, { devDependencies: { vitest: '^3' } }), 'pnpm-lock.yaml': '' });
  assert.equal(vitestDep?.command, 'pnpm exec vitest run');
  const mocharc = await detectIn({ 'package.json': pkg(undefined), '.mocharc.yml': 'spec: test' });
  assert.equal(mocharc?.tool, 'mocha');
  const section = await detectIn({ 'package.json': pkg(undefined, { jest: { testEnvironment: 'node' } }) });
  assert.equal(section?.tool, 'jest');
  assert.equal(await detectIn({ 'package.json': pkg(undefined) }), undefined);
});

test('pytest: each config file, a tests folder, and the project virtualenv', async () => {
  const structured = { command: `pytest --junitxml=${XML_REPORT_FILE}`, format: 'junit-xml', reportFile: XML_REPORT_FILE };
  const pyproject = await detectIn({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n' });
  assert.deepEqual(pyproject, { command: 'pytest', tool: 'pytest', structured, reason: 'pyproject.toml [tool.pytest.ini_options]' });
  assert.equal((await detectIn({ 'setup.cfg': '[metadata]\nname=x\n[tool:pytest]\ntestpaths=tests\n' }))?.reason, 'setup.cfg [tool:pytest]');
  assert.equal((await detectIn({ 'tox.ini': '[tox]\nenvlist=py3\n[pytest]\naddopts=-q\n' }))?.reason, 'tox.ini [pytest]');
  assert.equal((await detectIn({ 'pytest.ini': '[pytest]\n' }))?.tool, 'pytest');
  assert.equal((await detectIn({ 'app/main.py': '', 'tests/unit/test_main.py': '' }))?.reason, 'test files such as tests/unit/test_main.py');
  assert.equal(await detectIn({ 'setup.cfg': '[metadata]\nname=x\n', 'app/main.py': '' }), undefined);
  const venv = await detectIn({ 'pytest.ini': '[pytest]\n', '.venv/bin/python': '' });
  assert.equal(venv?.command, '.venv/bin/python -m pytest');
  assert.equal(venv?.structured?.command, `.venv/bin/python -m pytest --junitxml=${XML_REPORT_FILE}`);
});

test('go.mod: go test with -json', async () => {
  const go = await detectIn({ 'go.mod': 'module example.com/x\n\ngo 1.21\n' });
  assert.deepEqual(go, { command: 'go test ./...', tool: 'go', structured: { command: 'go test -json ./...', format: 'go-json' }, reason: 'go.mod' });
  assert.equal(await detectIn({ 'README.md': 'hi' }), undefined);
});

test('a cancelled detection throws', async () => {
  const ws = await makeTempWorkspace({ 'tests/test_a.py': '' });
  try {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(detectTestCommand(createFsWorkspace(ws.root), { signal: controller.signal }), { code: 'cancelled' });
  } finally {
    await ws.dispose();
  }
});

test('resolveTestCommand: the user setting wins; otherwise the structured form, unless turned off', async () => {
  const detected = await detectIn({ 'package.json': pkg('jest') });
  assert.ok(detected);
  assert.deepEqual(resolveTestCommand({ userCommand: '  npx jest --ci  ', detected }), {
    command: 'npx jest --ci',
    format: 'jest-text',
    source: 'user',
    tool: 'jest',
    reason: 'the test command set in the settings',
  });
  assert.equal(resolveTestCommand({ userCommand: 'go test -json ./...' })?.format, 'go-json');
  assert.equal(resolveTestCommand({ userCommand: 'make check' })?.format, 'unknown');
  assert.deepEqual(resolveTestCommand({ detected }), {
    command: `npm test -- ${JEST_ARGS}`,
    format: 'jest-json',
    reportFile: JSON_REPORT_FILE,
    source: 'detected',
    tool: 'jest',
    reason: 'package.json scripts.test: jest',
  });
  assert.equal(resolveTestCommand({ detected, structured: false })?.command, 'npm test');
  assert.equal(resolveTestCommand({ detected, structured: false })?.format, 'jest-text');
  assert.equal(resolveTestCommand({ userCommand: '   ' }), undefined);
});

test('command lines: only one plain call counts', () => {
  assert.deepEqual(simpleWords(`mocha "test/a b.js" 'x'`), ['mocha', 'test/a b.js', 'x']);
  for (const line of ['a && b', 'a || b', 'a; b', 'a | b', 'a > out', 'a $(b)', 'a `b`', 'a "$HOME"', 'a &', 'a\nb', '"open']) {
    assert.equal(simpleWords(line), undefined, line);
  }
  assert.equal(identifyToolCall(['python3', '-m', 'pytest', '-q'])?.tool, 'pytest');
  assert.equal(identifyToolCall(['./node_modules/.bin/jest.cmd'])?.tool, 'jest');
  assert.equal(identifyToolCall(['node', 'server.js', '--test'])?.tool, undefined);
  assert.equal(identifyToolCall(['go', 'vet'])?.tool, undefined);
});

/** The structured commands must really produce their reports: run them on small projects. */
const runner = createProcessRunner();
const hasTool = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

async function runDetected(files: Record<string, string>): Promise<{ exitCode: number | null; output: string; report: string | undefined }> {
  const ws = await makeTempWorkspace(files);
  try {
    const resolved = resolveTestCommand({ detected: await detectTestCommand(createFsWorkspace(ws.root)) });
    assert.ok(resolved?.reportFile !== undefined || resolved?.format === 'go-json', 'a structured command was detected');
    // The node binary running this test comes first on PATH, as `node`, so npm scripts find it.
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };
    const result = await runner.run(resolved.command, { cwd: ws.root, env, timeoutMs: 120_000, maxOutputBytes: 1 << 20 });
    const report = resolved.reportFile ? await fs.readFile(path.join(ws.root, resolved.reportFile), 'utf8').catch(() => undefined) : undefined;
    return { exitCode: result.exitCode, output: result.output, report };
  } finally {
    await ws.dispose();
  }
}

const nodeTests = {
  'test/a.test.mjs': "import test from 'node:test';\nimport assert from 'node:assert';\ntest('passes', () => {});\ntest('fails', () => assert.equal(1, 2));\n",
};

test('node --test, direct: the JUnit report is written and spec still reaches the output', async () => {
  const run = await runDetected({ 'package.json': pkg('node --test "test/*.test.mjs"'), ...nodeTests });
  assert.equal(run.exitCode, 1);
  assert.match(run.report ?? '', /<testsuites[\s\S]*fails/);
  assert.match(run.output, /passes/);
});

test('node --test through npm test -- …: the options reach node', { skip: !hasTool('npm', ['--version']) && 'npm not found' }, async () => {
  const run = await runDetected({ 'package.json': pkg('node --test'), ...nodeTests });
  assert.equal(run.exitCode, 1, run.output);
  assert.match(run.report ?? '', /<testsuites[\s\S]*fails/);
});

test('pytest writes its JUnit report', { skip: !hasTool('pytest', ['--version']) && 'pytest not found' }, async () => {
  const run = await runDetected({ 'pyproject.toml': '[tool.pytest.ini_options]\n', 'tests/test_x.py': 'def test_ok():\n    pass\n\ndef test_bad():\n    assert 1 == 2\n' });
  assert.equal(run.exitCode, 1, run.output);
  assert.match(run.report ?? '', /<testsuites?[\s\S]*test_bad/);
});

test('go test -json prints JSON events', { skip: !hasTool('go', ['version']) && 'go not found' }, async () => {
  const run = await runDetected({
    'go.mod': 'module example.com/x\n\ngo 1.18\n',
    'x_test.go': 'package x\n\nimport "testing"\n\nfunc TestOK(t *testing.T) {}\n\nfunc TestBad(t *testing.T) { t.Fatal("boom") }\n',
  });
  assert.equal(run.exitCode, 1, run.output);
  assert.match(run.output, /"Action":"fail","Package":"example.com\/x","Test":"TestBad"/);
});
