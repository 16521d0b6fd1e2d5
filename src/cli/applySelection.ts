/**
 * What `squad apply` says about the selection it is about to write, and `--test`: the approved
 * test command on exactly that selection first (the driver's testAcceptedSelection), in the
 * scratch copy and the sandbox. The words come from the core's projections, so the sidebar and
 * the CLI say the same.
 */
import { dependencyWarning, dependentsOfRejected } from '../core/review/dependents';
import { decisionCounts, selectionRunWords, selectionTestStatus } from '../core/review/testedSelection';
import { testAcceptedSelection, type SelectionTestOutcome } from '../core/run/driver';
import type { RunState } from '../core/run/reduce';
import type { RunSession } from '../core/run/session';
import { createFsWorkspace } from '../node/fsWorkspace';
import { nodeTestEnvironment } from '../node/testEnvironment';
import { SUMMARY_NOISE_GLOBS } from '../core/workspace/summary';
import type { CliIO } from './io';
import type { LocalSetup } from './localSetup';
import { cliTestApproval, type TestOptions } from './testSetup';

/** Warnings before an apply: accepted tasks built on rejected ones, and tests that ran on something else. */
export function selectionWarnings(state: RunState, testing: boolean): string[] {
  const counts = decisionCounts(state);
  const out = dependentsOfRejected(state, counts).map((d) => `Warning: ${dependencyWarning(state, d)}`);
  const status = selectionTestStatus(state, counts);
  if (status.kind !== 'differs') return out;
  out.push(`Warning: the tests ran on all proposals; you are applying a different selection (${status.reasons.join('; ')}).`);
  if (status.run) out.push(`  On this selection: ${selectionRunWords(status.run)}`);
  else if (!testing) out.push('  It was not tested: add --test to run the approved test command on exactly this selection first.');
  return out;
}

/** Runs the approved command on the accepted selection; what it found is printed. */
export async function testSelectionFirst(session: RunSession, setup: LocalSetup, tests: TestOptions, io: CliIO): Promise<SelectionTestOutcome> {
  const signal = io.signal ?? new AbortController().signal;
  const outcome = await testAcceptedSelection(
    session,
    {
      root: setup.root,
      workspace: createFsWorkspace(setup.root, { ignoreGlobs: SUMMARY_NOISE_GLOBS }),
      storage: setup.storage,
      tests: nodeTestEnvironment({
        root: setup.root,
        ...(tests.testCmd ? { userCommand: tests.testCmd } : {}),
        // As for `squad run`: a terminal user trusts the folder as much as their shell does.
        trusted: true,
        env: io.env,
        // No model is called here; the environment's keys are scrubbed by their names and values.
        apiKeys: async () => [],
        timeoutMs: tests.timeoutMs,
        network: tests.network,
        signal,
      }),
    },
    { testApproval: cliTestApproval(tests.yes, setup.say) },
    signal,
  );
  if (outcome.kind === 'not-run') setup.say(outcome.reason);
  else setup.say(`tests on the accepted selection: ${selectionRunWords(outcome.run)}`);
  return outcome;
}
