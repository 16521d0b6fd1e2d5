/**
 * Which command runs this workspace's tests, read from its manifests and config files only
 * (nothing is executed). Where the tool can write a machine-readable report, a second,
 * structured form of the command asks for one; report files are relative to the directory the
 * command runs in (the staged tree's root).
 */
import { cancelledError } from '../common/errors';
import type { Workspace } from '../ports';
import { maskSecrets } from '../workspace/manifests';
import { type TestTool, type ToolCall, identifyToolCall, mentionedTool, nodePositionals, simpleWords } from './commandLine';
import type { TestFormat } from './types';

export type { TestTool } from './commandLine';

export interface StructuredTestCommand {
  readonly command: string;
  readonly format: TestFormat;
  /** Where the tool writes its report, relative to the command's working directory; absent: the report is the output. */
  readonly reportFile?: string;
}

export interface DetectedTestCommand {
  /** The command as the project runs it, with the tool's default output. */
  readonly command: string;
  readonly tool: TestTool;
  /** The same tests with a machine-readable reporter, when the tool has one and the command allows adding it. */
  readonly structured?: StructuredTestCommand;
  /** One line for the user: what the detection is based on. */
  readonly reason: string;
}

export const JSON_REPORT_FILE = '.squad-test-report.json';
export const XML_REPORT_FILE = '.squad-test-report.xml';

type JsTool = 'jest' | 'vitest' | 'mocha' | 'node-test';

/** Reporter options per tool; node's list replaces the default reporter, so spec is kept on stdout. */
const REPORTERS: Record<JsTool, { args: string; format: TestFormat; reportFile: string }> = {
  jest: { args: `--json --outputFile=${JSON_REPORT_FILE}`, format: 'jest-json', reportFile: JSON_REPORT_FILE },
  vitest: { args: `--reporter=default --reporter=json --outputFile.json=${JSON_REPORT_FILE}`, format: 'vitest-json', reportFile: JSON_REPORT_FILE },
  mocha: { args: `--reporter json --reporter-options output=${JSON_REPORT_FILE}`, format: 'mocha-json', reportFile: JSON_REPORT_FILE },
  'node-test': {
    args: `--test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=${XML_REPORT_FILE}`,
    format: 'junit-xml',
    reportFile: XML_REPORT_FILE,
  },
};

/** Options that already choose an output, so adding ours would clash or be ignored. */
const OWN_REPORTER: Record<JsTool, RegExp> = {
  jest: /^--(json|outputFile)(=|$)/,
  vitest: /^--outputFile/,
  mocha: /^(--reporter|-R)(=|$)/,
  'node-test': /^--test-reporter/,
};

/** npm's placeholder script, which is not a test command. */
const NPM_NO_TEST = /no test specified/;

interface PackageManager {
  /** Runs the test script. */
  readonly test: string;
  /** Runs the test script with extra arguments for the tool. */
  readonly testWith: (args: string) => string;
  /** Runs an installed tool's binary. */
  readonly exec: string;
}

const PACKAGE_MANAGERS: Record<'npm' | 'pnpm' | 'yarn', PackageManager> = {
  npm: { test: 'npm test', testWith: (a) => `npm test -- ${a}`, exec: 'npx --no-install' },
  // pnpm (7+) and yarn pass words after the script name through; pnpm would pass a `--` on verbatim.
  pnpm: { test: 'pnpm test', testWith: (a) => `pnpm test ${a}`, exec: 'pnpm exec' },
  yarn: { test: 'yarn test', testWith: (a) => `yarn test ${a}`, exec: 'yarn' },
};

export async function detectTestCommand(workspace: Workspace, options: { readonly signal?: AbortSignal } = {}): Promise<DetectedTestCommand | undefined> {
  const check = () => {
    if (options.signal?.aborted) throw cancelledError(options.signal);
  };
  const pkg = await readJson(workspace, 'package.json');
  check();
  if (pkg) {
    const pm = await packageManager(workspace);
    const scripts = isRecord(pkg['scripts']) ? pkg['scripts'] : {};
    const script = scripts['test'];
    if (typeof script === 'string' && script.trim() !== '' && !NPM_NO_TEST.test(script)) return fromScript(script.trim(), pm);
    const tool = await jsToolFromConfig(workspace, pkg);
    if (tool) return direct(tool.tool, pm, tool.reason);
  }
  check();
  const pytest = await detectPytest(workspace, options.signal);
  if (pytest) return pytest;
  if (await isFile(workspace, 'go.mod')) {
    return { command: 'go test ./...', tool: 'go', structured: { command: 'go test -json ./...', format: 'go-json' }, reason: 'go.mod' };
  }
  return undefined;
}

function fromScript(script: string, pm: PackageManager): DetectedTestCommand {
  const words = simpleWords(script);
  const call = words ? identifyToolCall(words) : undefined;
  // The reason is shown and journaled: mask a token a script may inline (the command itself stays exact).
  const reason = `package.json scripts.test: ${maskSecrets(script)}`;
  if (!call) {
    const tool = mentionedTool(script) ?? 'npm-script';
    return { command: pm.test, tool, reason: tool === 'npm-script' ? reason : `${reason} (not a single ${tool} call: run as is)` };
  }
  if (call.tool === 'pytest' || call.tool === 'go') return { command: pm.test, tool: call.tool, reason };
  const structured = structuredScript(script, call, pm);
  return { command: pm.test, tool: call.tool, ...(structured ? { structured } : {}), reason };
}

function structuredScript(script: string, call: ToolCall, pm: PackageManager): StructuredTestCommand | undefined {
  const tool = call.tool as JsTool;
  if (call.args.some((a) => OWN_REPORTER[tool].test(a))) return undefined;
  const reporter = REPORTERS[tool];
  if (tool !== 'node-test' || nodePositionals(call.args).positionals.length === 0) {
    return { command: pm.testWith(reporter.args), format: reporter.format, reportFile: reporter.reportFile };
  }
  // node stops reading options at the first file pattern, so appended options would be taken
  // for patterns: put them right after `node` and run the script's own line instead.
  if (call.bare && call.program === 'node') {
    return { command: script.replace(/^node(?=\s)/, `node ${reporter.args}`), format: reporter.format, reportFile: reporter.reportFile };
  }
  return undefined;
}

function direct(tool: 'jest' | 'vitest' | 'mocha', pm: PackageManager, reason: string): DetectedTestCommand {
  const base = `${pm.exec} ${tool === 'vitest' ? 'vitest run' : tool}`;
  const reporter = REPORTERS[tool];
  return { command: base, tool, structured: { command: `${base} ${reporter.args}`, format: reporter.format, reportFile: reporter.reportFile }, reason };
}

const CONFIG_FILES: ReadonlyArray<readonly ['jest' | 'vitest' | 'mocha', readonly string[]]> = [
  ['vitest', ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((e) => `vitest.config.${e}`)],
  ['jest', ['js', 'ts', 'mjs', 'cjs', 'mts', 'cts', 'json'].map((e) => `jest.config.${e}`)],
  ['mocha', ['.mocharc.js', '.mocharc.cjs', '.mocharc.mjs', '.mocharc.json', '.mocharc.jsonc', '.mocharc.yaml', '.mocharc.yml']],
];

/** No test script: a config file, a package.json section, or the tool among the dependencies. */
async function jsToolFromConfig(workspace: Workspace, pkg: Record<string, unknown>): Promise<{ tool: 'jest' | 'vitest' | 'mocha'; reason: string } | undefined> {
  for (const [tool, files] of CONFIG_FILES) {
    for (const file of files) if (await isFile(workspace, file)) return { tool, reason: file };
  }
  for (const tool of ['jest', 'mocha'] as const) if (isRecord(pkg[tool])) return { tool, reason: `package.json "${tool}" section` };
  const deps = { ...(isRecord(pkg['dependencies']) ? pkg['dependencies'] : {}), ...(isRecord(pkg['devDependencies']) ? pkg['devDependencies'] : {}) };
  for (const tool of ['vitest', 'jest', 'mocha'] as const) if (tool in deps) return { tool, reason: `${tool} in package.json dependencies` };
  return undefined;
}

async function packageManager(workspace: Workspace): Promise<PackageManager> {
  if (await isFile(workspace, 'pnpm-lock.yaml')) return PACKAGE_MANAGERS.pnpm;
  if (await isFile(workspace, 'yarn.lock')) return PACKAGE_MANAGERS.yarn;
  return PACKAGE_MANAGERS.npm;
}

/** [file, the section that must be in it (none: the file alone is enough), how to say so]. */
const PYTEST_CONFIGS: ReadonlyArray<readonly [string, RegExp | undefined, string]> = [
  ['pytest.ini', undefined, 'pytest.ini'],
  ['pyproject.toml', /^\s*\[tool\.pytest(\.ini_options)?\]/m, 'pyproject.toml [tool.pytest.ini_options]'],
  ['setup.cfg', /^\s*\[tool:pytest\]/m, 'setup.cfg [tool:pytest]'],
  ['tox.ini', /^\s*\[pytest\]/m, 'tox.ini [pytest]'],
  ['conftest.py', undefined, 'conftest.py'],
];
const PYTEST_FILE = /(^|\/)tests?\/(.+\/)?(test_[^/]*|[^/]*_test)\.py$/;
/** Breadth-first listing: the root and shallow folders come first, which is where tests/ lives. */
const MAX_LISTED_FILES = 5000;

async function detectPytest(workspace: Workspace, signal?: AbortSignal): Promise<DetectedTestCommand | undefined> {
  let reason: string | undefined;
  for (const [file, section, label] of PYTEST_CONFIGS) {
    if (!(await isFile(workspace, file))) continue;
    if (section === undefined || section.test((await readText(workspace, file)) ?? '')) {
      reason = label;
      break;
    }
  }
  if (reason === undefined) {
    const files = await workspace.listFiles({ limit: MAX_LISTED_FILES, ...(signal ? { signal } : {}) });
    const testFile = files.find((f) => PYTEST_FILE.test(f));
    if (testFile) reason = `test files such as ${testFile}`;
  }
  if (reason === undefined) return undefined;
  const python = await venvPython(workspace);
  const command = python ? `${python} -m pytest` : 'pytest';
  return {
    command,
    tool: 'pytest',
    structured: { command: `${command} --junitxml=${XML_REPORT_FILE}`, format: 'junit-xml', reportFile: XML_REPORT_FILE },
    reason: python ? `${reason}; the project's virtualenv` : reason,
  };
}

/** The project's own virtualenv interpreter, as a path relative to the root (linked into the staged tree). */
async function venvPython(workspace: Workspace): Promise<string | undefined> {
  for (const dir of ['.venv', 'venv']) {
    if (await exists(workspace, `${dir}/bin/python`)) return `${dir}/bin/python`;
    if (await exists(workspace, `${dir}/Scripts/python.exe`)) return `${dir}\\Scripts\\python.exe`;
  }
  return undefined;
}

const MAX_CONFIG_BYTES = 512 * 1024;

async function isFile(workspace: Workspace, path: string): Promise<boolean> {
  return (await workspace.stat(path))?.type === 'file';
}

/** A venv's python is usually a symlink to the system interpreter. */
async function exists(workspace: Workspace, path: string): Promise<boolean> {
  return (await workspace.stat(path)) !== undefined;
}

async function readText(workspace: Workspace, path: string): Promise<string | undefined> {
  const st = await workspace.stat(path);
  if (st?.type !== 'file' || st.size > MAX_CONFIG_BYTES) return undefined;
  try {
    return new TextDecoder().decode(await workspace.readFile(path));
  } catch {
    return undefined;
  }
}

async function readJson(workspace: Workspace, path: string): Promise<Record<string, unknown> | undefined> {
  const text = await readText(workspace, path);
  if (text === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(text);
    return isRecord(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The command to approve and run, and how to read what it prints. */
export interface ResolvedTestCommand {
  /** The exact command line: this string is what the user approves. */
  readonly command: string;
  readonly format: TestFormat;
  /** Report written by the tool, relative to the command's working directory. */
  readonly reportFile?: string;
  readonly source: 'user' | 'detected';
  readonly tool?: TestTool;
  readonly reason: string;
}

/** The tool's default output, for parsers to pick from when there is no structured report. */
const TEXT_FORMATS: Record<TestTool, TestFormat> = {
  jest: 'jest-text',
  vitest: 'vitest-text',
  mocha: 'mocha-text',
  // Node 23+ prints spec when stdout is not a terminal, older versions TAP: parsers should sniff.
  'node-test': 'node-spec',
  pytest: 'pytest-text',
  go: 'go-text',
  'npm-script': 'unknown',
};

/**
 * A command the user set always wins and runs exactly as written; otherwise the detected one,
 * in its structured form unless `structured` is false.
 */
export function resolveTestCommand(input: {
  readonly userCommand?: string;
  readonly detected?: DetectedTestCommand;
  readonly structured?: boolean;
}): ResolvedTestCommand | undefined {
  const user = input.userCommand?.trim();
  if (user) {
    const words = simpleWords(user);
    const tool = (words ? identifyToolCall(words)?.tool : undefined) ?? mentionedTool(user);
    const format = tool === 'go' && /(^|\s)-json(\s|$)/.test(user) ? 'go-json' : tool ? TEXT_FORMATS[tool] : 'unknown';
    return { command: user, format, source: 'user', ...(tool ? { tool } : {}), reason: 'the test command set in the settings' };
  }
  const detected = input.detected;
  if (!detected) return undefined;
  const structured = input.structured === false ? undefined : detected.structured;
  if (structured) {
    return {
      command: structured.command,
      format: structured.format,
      ...(structured.reportFile ? { reportFile: structured.reportFile } : {}),
      source: 'detected',
      tool: detected.tool,
      reason: detected.reason,
    };
  }
  return { command: detected.command, format: TEXT_FORMATS[detected.tool], source: 'detected', tool: detected.tool, reason: detected.reason };
}
