/**
 * Telling "the tests failed" from "the tests never ran". A command that cannot start, names a
 * script or path that is not there, lacks a tool or module, or needs another language version
 * fails before any test is parsed — or fails every test file the same way while loading it. No
 * agent can fix that by editing the feature, so the loop stops at once and says what to try.
 */
import type { CommandResult } from './runner';
import { failureSignature } from './signature';
import type { TestReport } from './types';

export interface CannotRun {
  /** One sentence: what went wrong. */
  readonly reason: string;
  /** One sentence: what the user can do. */
  readonly hint: string;
}

interface Rule {
  readonly pattern: RegExp;
  readonly reason: (m: RegExpMatchArray) => string;
  readonly hint: (m: RegExpMatchArray) => string;
}

/** Checked against the output, in order; the first that matches explains. */
const RULES: readonly Rule[] = [
  {
    pattern: /No such built-in module:? ['"]?(node:[\w/]+)|ERR_UNKNOWN_BUILTIN_MODULE[^\n]*?(node:[\w/]+)/,
    reason: (m) => `this Node.js has no built-in module ${m[1] ?? m[2] ?? ''}`.trim(),
    hint: () => 'Run the tests with the Node.js version the project needs (for node:sqlite, 22.13 or newer): put it first on PATH, then run Squad again.',
  },
  {
    pattern: /npm (?:ERR!|error) Missing script:? "?([\w:-]+)"?|ERR_PNPM_NO_SCRIPT[^\n]*?"?([\w:-]+)"?|error Command "([\w:-]+)" not found/,
    reason: (m) => `package.json has no "${m[1] ?? m[2] ?? m[3] ?? 'test'}" script`,
    hint: () => 'Add the script to package.json, or set the test command (squad.testCommand or --test-cmd).',
  },
  {
    pattern: /(?:^|\n)(?:\S*sh: (?:\d+: )?(?:line \d+: )?)?([\w.@/-]+): (?:command )?not found/,
    reason: (m) => `the command "${m[1] ?? ''}" is not installed or not on PATH`,
    hint: (m) => `Install ${m[1] ?? 'the tool'} (for a project dependency: install the project's dependencies, e.g. npm ci), then run Squad again.`,
  },
  {
    pattern: /Could not find '([^']+)'/,
    reason: (m) => `the test command names a path that does not exist: ${m[1] ?? ''}`,
    hint: () => 'Check the file or folder the test command names (node --test takes files or glob patterns such as "test/**/*.test.js").',
  },
  {
    pattern: /Cannot find module '((?:[A-Za-z]:)?[/\\.][^']*)'/,
    reason: (m) => `a file the tests load does not exist: ${m[1] ?? ''}`,
    hint: () => 'Check the paths in the test command and in the files it loads.',
  },
  {
    pattern: /Cannot find (?:module|package) '([^'.][^']*)'/,
    reason: (m) => `a dependency is not installed: ${m[1] ?? ''}`,
    hint: () => "Install the project's dependencies (npm ci, pnpm install, yarn), then run Squad again.",
  },
  {
    pattern: /ModuleNotFoundError: No module named '([\w.]+)'/,
    reason: (m) => `a Python module is not installed: ${m[1] ?? ''}`,
    hint: () => "Install the project's Python dependencies into its virtualenv (.venv), then run Squad again.",
  },
  {
    pattern: /ERROR: file or directory not found: (\S+)|no tests ran|collected 0 items/,
    reason: (m) => (m[1] ? `pytest cannot find ${m[1]}` : 'pytest found no tests'),
    hint: () => 'Check the paths and test discovery settings the test command uses.',
  },
  {
    pattern: /No tests found, exiting with code 1|No test files found/,
    reason: () => 'the test runner found no test files',
    hint: () => 'Check the test file patterns of the runner’s configuration.',
  },
  {
    pattern: /no Go files in|cannot find package|go: cannot find main module|go: command not found/,
    reason: () => 'go test cannot load the packages',
    hint: () => 'Run the tests from the module root (where go.mod is) and check the package pattern.',
  },
];

/** Why the command never got to run its tests, or undefined when it did. */
export function cannotRun(result: CommandResult, report: TestReport): CannotRun | undefined {
  if (result.timedOut || result.cancelled) return undefined;
  if (result.exitCode === 0) return undefined;
  const output = result.output;
  const nothingParsed = report.passed + report.failed + report.skipped === 0;
  if (result.exitCode === null && nothingParsed) {
    return { reason: `the command could not start: ${firstLine(output)}`, hint: 'Check that the test command and its program exist on this machine.' };
  }
  if (result.exitCode === 126) return { reason: 'the test command is not executable', hint: 'Check the permissions of the script the test command runs.' };

  const allLoadErrors = !nothingParsed && report.passed === 0 && report.failures.length > 0 && oneCause(report);
  if (!nothingParsed && !allLoadErrors && result.exitCode !== 127) return undefined;
  const text = nothingParsed || result.exitCode === 127 ? output : `${report.failures[0]?.message ?? ''}\n${output}`;
  for (const rule of RULES) {
    const m = text.match(rule.pattern);
    if (m) return { reason: rule.reason(m), hint: rule.hint(m) };
  }
  if (result.exitCode === 127) return { reason: 'the test command or a program it calls was not found', hint: 'Check that the tools the test command needs are installed and on PATH.' };
  if (nothingParsed) {
    return { reason: `the command exited with code ${String(result.exitCode)} before running any test`, hint: 'Run the test command yourself in the workspace to see why; the end of its output is shown.' };
  }
  return undefined;
}

/** Every failure is the same error (every test file failing to load the same way). */
function oneCause(report: TestReport): boolean {
  const signatures = new Set(report.failures.map((f) => failureSignature(f)));
  if (signatures.size !== 1) return false;
  const message = report.failures[0]?.message ?? '';
  return RULES.some((r) => r.pattern.test(message));
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 200) ?? '(no output)';
}
