/**
 * Reading a test command line (an npm script or the user's setting): is it one plain call, and to
 * which test tool? Only a plain call may get reporter options appended: in `tsc && jest` or
 * `jest | tee log` appended words would land on the wrong program.
 */

export type TestTool = 'jest' | 'vitest' | 'mocha' | 'node-test' | 'pytest' | 'go' | 'npm-script';

export interface ToolCall {
  readonly tool: Exclude<TestTool, 'npm-script'>;
  /** The words after the tool's name (after `test` for `react-scripts test` and `go test`). */
  readonly args: readonly string[];
  /** The line starts with the program itself: no env assignments, cross-env or npx in front. */
  readonly bare: boolean;
  /** The program's own name as written (`node`, `tsx`, `jest`, …). */
  readonly program: string;
}

/**
 * The words of a line that is a single simple command (quotes removed); undefined when it has
 * operators, redirections, pipes, substitutions, variable expansions or several lines.
 */
export function simpleWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (quote === '"' && (c === '$' || c === '`')) return undefined;
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i] as string;
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (/[;&|<>()`$\n\r#]/.test(c)) {
      return undefined;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(word);
  return words.length > 0 ? words : undefined;
}

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The program name without folders or Windows shim extensions: `./node_modules/.bin/jest.cmd` → `jest`. */
function programName(word: string): string {
  return (word.split(/[\\/]/).pop() as string).replace(/\.(cmd|exe|ps1|js|mjs|cjs)$/i, '');
}

/** Drops `A=b`, `cross-env A=b`, `npx [flags]`, `pnpm exec`, `yarn [exec]` from the front. */
function stripLaunchers(words: readonly string[]): { rest: string[]; bare: boolean } {
  let i = 0;
  for (;;) {
    const w = words[i];
    if (w === undefined) break;
    if (ENV_ASSIGNMENT.test(w) || w === 'cross-env' || w === 'dotenv') i++;
    else if (w === 'npx' || w === 'bunx') {
      i++;
      while (words[i]?.startsWith('-')) i++;
    } else if ((w === 'pnpm' || w === 'yarn') && words[i + 1] === 'exec') i += 2;
    else if (w === 'yarn' && words[i + 1] !== undefined && !words[i + 1]?.startsWith('-')) i++;
    else break;
  }
  return { rest: words.slice(i), bare: i === 0 };
}

/** Which test tool a plain command line calls, if any. */
export function identifyToolCall(words: readonly string[]): ToolCall | undefined {
  const { rest, bare } = stripLaunchers(words);
  const [first, ...args] = rest;
  if (first === undefined) return undefined;
  const program = programName(first);
  const call = (tool: ToolCall['tool'], toolArgs: readonly string[]): ToolCall => ({ tool, args: toolArgs, bare, program });
  switch (program) {
    case 'jest':
      return call('jest', args);
    case 'vitest':
      return call('vitest', args);
    case 'mocha':
    case '_mocha':
      return call('mocha', args);
    case 'react-scripts':
    case 'craco':
      return args[0] === 'test' ? call('jest', args.slice(1)) : undefined;
    case 'pytest':
    case 'py.test':
      return call('pytest', args);
    case 'go':
      return args[0] === 'test' ? call('go', args.slice(1)) : undefined;
    case 'node':
    case 'tsx':
      return nodeTestArgs(args) ? call('node-test', args) : undefined;
    default:
      if (/^python(\d(\.\d+)?)?$/.test(program) && args[0] === '-m' && args[1] === 'pytest') return call('pytest', args.slice(2));
      return undefined;
  }
}

/** node options whose value is the next word (`--import tsx`). */
const NODE_VALUE_OPTIONS = new Set([
  '-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--env-file-if-exists',
  '-C', '--conditions', '--input-type', '--test-name-pattern', '--test-skip-pattern', '--test-reporter',
  '--test-reporter-destination', '--test-concurrency', '--test-timeout', '--test-shard', '--watch-path',
]);

/** node's words split into options (with their values) and the rest: the script, or test patterns. */
export function nodePositionals(args: readonly string[]): { beforeTest: boolean; positionals: string[] } {
  let sawTest = false;
  let beforeTest = false;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--test') {
      sawTest = true;
      if (positionals.length === 0) beforeTest = true;
    } else if (NODE_VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) positionals.push(a);
  }
  return { beforeTest: sawTest && beforeTest, positionals };
}

/** `node [options] --test [options] [patterns]`: `--test` must come before the first file. */
function nodeTestArgs(args: readonly string[]): boolean {
  return nodePositionals(args).beforeTest;
}

/** The tool a compound script mentions, when exactly one is mentioned (`tsc && jest --ci`). */
export function mentionedTool(line: string): ToolCall['tool'] | undefined {
  const found = new Set<ToolCall['tool']>();
  if (/(^|[\s/])jest(\s|$)|react-scripts\s+test/.test(line)) found.add('jest');
  if (/(^|[\s/])vitest(\s|$)/.test(line)) found.add('vitest');
  if (/(^|[\s/])_?mocha(\s|$)/.test(line)) found.add('mocha');
  if (/(^|[\s/])(node|tsx)\s[^&|;]*--test(\s|$)/.test(line)) found.add('node-test');
  if (/(^|[\s/])(pytest|py\.test)(\s|$)|-m\s+pytest/.test(line)) found.add('pytest');
  if (/(^|[\s/])go\s+test(\s|$)/.test(line)) found.add('go');
  return found.size === 1 ? [...found][0] : undefined;
}
