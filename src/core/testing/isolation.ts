/**
 * Running one failing test alone: a test that fails in the suite but passes by itself depends on
 * what other tests left behind (a shared fixture, state mutated in a `beforeAll`) — a fault of the
 * test code, not of the change it exercises. Each tool is asked in its own way to run one test;
 * where the environment can say it (Node's test runner, pytest) the approved command line is not
 * touched at all.
 */
import type { TestCommand } from './execution';
import type { TestFailure } from './types';

export interface IsolatedRun {
  /** The command line (the approved one, or it with the tool's own filter appended). */
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
}

export function isolatedRun(command: TestCommand, failure: TestFailure): IsolatedRun | undefined {
  const leaf = failure.test.split(/\s*(?:›|>|::)\s*/).filter((p) => p.trim() !== '').pop()?.trim() ?? failure.test;
  if (leaf === '') return undefined;
  const pattern = leaf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  switch (command.tool) {
    case 'node-test':
      // NODE_OPTIONS splits on spaces unless quoted; the pattern is a regular expression of the name.
      return { command: command.command, env: { NODE_OPTIONS: `--test-name-pattern="${pattern.replace(/["\\]/g, '\\$&')}"` } };
    case 'pytest': {
      const name = /\b(test\w*)/.exec(leaf)?.[1];
      return name === undefined ? undefined : { command: command.command, env: { PYTEST_ADDOPTS: `-k ${name}` } };
    }
    case 'jest':
    case 'vitest':
      return withArgs(command.command, `-t ${shellQuote(pattern)}`);
    case 'mocha':
      return withArgs(command.command, `--grep ${shellQuote(pattern)}`);
    default:
      return undefined;
  }
}

/** The tool's own filter after the approved command: through the package manager's pass-through, or directly. */
function withArgs(line: string, args: string): IsolatedRun | undefined {
  if (/[;&|<>`$]/.test(line.replace(/'[^']*'|"[^"]*"/g, ''))) return undefined; // not one plain call: the words would land on the wrong program
  if (/^npm (?:run )?test\b/.test(line)) return { command: line.includes(' -- ') ? `${line} ${args}` : `${line} -- ${args}`, env: {} };
  return { command: `${line} ${args}`, env: {} };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
