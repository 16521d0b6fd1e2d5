/**
 * The `squad` command line: dispatches to a subcommand and turns errors into exit codes.
 * `main()` takes its streams, environment and folder as arguments, so tests run it in-process;
 * `runFromProcess()` at the bottom is the real entry point.
 */
import { isSquadError } from '../core/common/errors';
import { applyCommand } from './commands/apply';
import { attributeCommand } from './commands/attribute';
import { planCommand } from './commands/plan';
import { rollbackCommand } from './commands/rollback';
import { reviseCommand } from './commands/revise';
import { runCommand } from './commands/run';
import { COMMAND_HELP, MAIN_HELP } from './help';
import { type CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './io';
import { exitCodeFor, osErrorMessage } from './failures';
import { formatError } from './print';

export type { CliIO } from './io';

type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = { plan: planCommand, run: runCommand, apply: applyCommand, rollback: rollbackCommand, attribute: attributeCommand, revise: reviseCommand };

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(MAIN_HELP);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') return help(rest[0], io);
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`squad: unknown command "${name}". Run "squad --help" for the commands.\n`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    // Commands handle the failures of a started run themselves; what gets here happened before.
    if (isSquadError(err)) {
      io.stderr.write(`${formatError(err.code, err.message, err.details)}\n`);
      if (err.code === 'config/invalid') io.stderr.write(`Run "squad ${name} --help" for the options.\n`);
      return exitCodeFor(err);
    }
    const os = osErrorMessage(err);
    io.stderr.write(`squad: ${os ?? (err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
    return EXIT_FAILED;
  }
}

function help(topic: string | undefined, io: CliIO): number {
  if (topic === undefined) {
    io.stdout.write(MAIN_HELP);
    return EXIT_OK;
  }
  const text = Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : undefined;
  if (text === undefined) {
    io.stderr.write(`squad: no help for "${topic}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return EXIT_USAGE;
  }
  io.stdout.write(text);
  return EXIT_OK;
}

/** The executable: real streams and environment; the first Ctrl-C cancels the run, a second one exits. */
export function runFromProcess(): void {
  const controller = new AbortController();
  // Ctrl-C or a polite kill: cancel, which stops the tests' process trees and removes scratch copies on the way out.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      controller.abort(new Error('Interrupted'));
      process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  const io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal };
  main(process.argv.slice(2), io).then(
    (code) => {
      // Not process.exit(): that could cut off output still being written to a pipe.
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`squad: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}

// esbuild bundles this file as dist/cli.js (CommonJS): run only when it is the program itself,
// never when a test imports it.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) runFromProcess();
