/**
 * The CLI's side of the tests: its options, and its answer to the driver's approval question.
 * The CLI never asks interactively: `--yes` allows the command (remembered for the workspace when
 * the sandbox runs; for this run only without one); without it the question is printed with the
 * diff of the files that define the command, and the answer is no.
 */
import type { TestApprovalPort } from '../core/testing/authority';
import { DEFAULT_TEST_TIMEOUT_MS } from '../core/testing/execution';
import type { NetworkPolicy } from '../core/testing/runner';
import { parseNetworkPolicy } from '../node/testEnvironment';
import { usageError } from './args';

export const DEFAULT_MAX_FIX_ROUNDS = 3;

export interface TestOptions {
  readonly testCmd?: string;
  readonly yes: boolean;
  readonly maxFixRounds: number;
  readonly timeoutMs: number;
  readonly network: NetworkPolicy;
}

export function parseTestOptions(values: { 'test-cmd'?: string; yes?: boolean; 'max-fix-rounds'?: string; 'test-timeout'?: string; 'allow-net'?: string }): TestOptions {
  const rounds = values['max-fix-rounds'];
  const maxFixRounds = rounds === undefined ? DEFAULT_MAX_FIX_ROUNDS : Number(rounds);
  if (rounds !== undefined && (!/^\d+$/.test(rounds) || maxFixRounds > 10)) throw usageError(`--max-fix-rounds takes a whole number from 0 to 10, got "${rounds}".`);
  const timeout = values['test-timeout'];
  const timeoutMs = timeout === undefined ? DEFAULT_TEST_TIMEOUT_MS : Number(timeout) * 1000;
  if (timeout !== undefined && (!/^\d+$/.test(timeout) || timeoutMs < 1000)) throw usageError(`--test-timeout takes whole seconds (at least 1), got "${timeout}".`);
  const network = parseNetworkPolicy(values['allow-net']);
  if ('error' in network) throw usageError(`--allow-net: ${network.error}.`);
  const testCmd = values['test-cmd']?.trim();
  return { ...(testCmd ? { testCmd } : {}), yes: values.yes === true, maxFixRounds, timeoutMs, network };
}

export function cliTestApproval(yes: boolean, say: (line: string) => void): TestApprovalPort {
  return {
    async ask(request) {
      const runs = request.runs === request.command ? '' : ` (runs as: ${request.runs})`;
      if (request.changes.length > 0) {
        say(`The proposed changes alter what the test command \`${request.command}\` runs:`);
        for (const change of request.changes) say(change.diff.trimEnd().split('\n').map((l) => `  ${l}`).join('\n'));
      }
      if (yes) {
        if (request.sandbox.kind === 'none') say(`Running \`${request.command}\`${runs} WITHOUT a sandbox, for this run only (--yes): ${request.sandbox.description}`);
        else say(`tests allowed by --yes: \`${request.command}\`${runs}; ${request.sandbox.description}`);
        return request.sandbox.kind === 'none' ? 'run' : 'workspace';
      }
      const what = request.changes.length > 0 ? 'Its new definition is not approved' : `The test command \`${request.command}\`${runs} (${request.reason}) is not approved for this workspace`;
      say(`${what}; run again with --yes to allow it. ${request.sandbox.kind === 'none' ? `Note: ${request.sandbox.description}` : `It would run in the sandbox: ${request.sandbox.description}`}`);
      return 'deny';
    },
  };
}
