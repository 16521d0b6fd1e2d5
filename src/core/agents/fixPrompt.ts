/** The message that opens a fix round: what failed, where it points, and the agent's own diff. */
import type { Task } from '../plan/schema';
import type { AttributedFailureRecord } from '../run/testEvents';
import { wrapUntrusted } from '../security/untrusted';

const MAX_DIFF_CHARS = 12_000;
const MAX_FAILURES = 8;

export interface FixRequestInput {
  readonly task: Task;
  readonly round: number;
  readonly maxRounds: number;
  readonly command: string;
  readonly failures: readonly AttributedFailureRecord[];
  readonly summary?: string;
  readonly ownDiff: string;
  /** Failing tests another task (QA) wrote in this run: the specification, to pass or to dispute. */
  readonly specTests?: readonly { readonly test: string; readonly author: string }[];
  /** Another task says these tests contradict its task: the test's author weighs both sides. */
  readonly disputes?: readonly { readonly test: string; readonly by: string; readonly reason: string }[];
}

export function fixRequestMessage(input: FixRequestInput): string {
  const { task, failures } = input;
  const lines = [
    `The project's tests fail with the squad's changes, and the failures point at your change (fix round ${input.round} of ${input.maxRounds}).`,
    `Test command: ${input.command}`,
    '',
    `Failures routed to you (${failures.length}):`,
  ];
  const shown: string[] = [];
  for (const f of failures.slice(0, MAX_FAILURES)) {
    shown.push(`- ${f.test}${f.testFile ? ` (${f.testFile})` : ''}`, `  ${f.message.split('\n').slice(0, 6).join('\n  ')}`);
    for (const frame of f.trace.slice(0, 5)) shown.push(`    at ${frame}`);
  }
  // What the tests printed is the test code's text, not Squad's: data, never instructions.
  lines.push(wrapUntrusted(shown.join('\n'), 'test output'));
  for (const f of failures.slice(0, MAX_FAILURES)) {
    if (f.file) lines.push(`${f.test}: attributed to ${f.file}${f.line ? `:${f.line}` : ''} — ${f.reason}`);
  }
  if (failures.length > MAX_FAILURES) lines.push(`… and ${failures.length - MAX_FAILURES} more.`);
  const diff = input.ownDiff.length > MAX_DIFF_CHARS ? `${input.ownDiff.slice(0, MAX_DIFF_CHARS)}\n… (diff cut)` : input.ownDiff;
  lines.push(
    '',
    `Your task (${task.id}): ${task.title}`,
    task.description,
    ...(input.summary ? [`Your summary then: ${input.summary}`] : []),
    '',
    'Your proposed changes so far:',
    diff.trim() === '' ? '(none)' : diff,
    '',
  );
  const specs = input.specTests ?? [];
  if (specs.length > 0) {
    const authors = [...new Set(specs.map((s) => s.author))].join(', ');
    lines.push(
      `These failing tests were written in this run by ${authors} from the feature request: treat them as the specification. Fix your code to pass them; do not edit them.`,
      `If a test truly contradicts your task as written above, call dispute_test with the test's name and why (quote the task) instead; it then goes back to ${authors}.`,
    );
  }
  for (const d of input.disputes ?? []) {
    lines.push(`${d.by} says "${d.test}" contradicts its task: ${d.reason}`);
  }
  if ((input.disputes ?? []).length > 0) {
    lines.push('Check the disputed tests against the feature request and the tasks: fix a test that is wrong; keep a test that is right and say why in your summary. Never delete a test or loosen an assertion only to make it pass.');
  }
  lines.push(
    'Find the cause, fix it in your files with propose_edit / create_file, then call finish saying what you changed.',
    'Do not delete, skip or weaken a test to make it pass; a loosened test is flagged to the user and does not count as passing.',
  );
  return lines.join('\n');
}
