/** The message that opens a fix round: what failed, where it points, and the agent's own diff. */
import type { Task } from '../plan/schema';
import type { AttributedFailureRecord } from '../run/testEvents';

const MAX_DIFF_CHARS = 12_000;
const MAX_FAILURES = 8;

export function fixRequestMessage(input: {
  readonly task: Task;
  readonly round: number;
  readonly maxRounds: number;
  readonly command: string;
  readonly failures: readonly AttributedFailureRecord[];
  readonly summary?: string;
  readonly ownDiff: string;
}): string {
  const { task, failures } = input;
  const lines = [
    `The project's tests fail with the squad's changes, and the failures point at your change (fix round ${input.round} of ${input.maxRounds}).`,
    `Test command: ${input.command}`,
    '',
    `Failures routed to you (${failures.length}):`,
  ];
  for (const f of failures.slice(0, MAX_FAILURES)) {
    lines.push(`- ${f.test}${f.testFile ? ` (${f.testFile})` : ''}`, `  ${f.message.split('\n').slice(0, 6).join('\n  ')}`);
    for (const frame of f.trace.slice(0, 5)) lines.push(`    at ${frame}`);
    if (f.file) lines.push(`  attributed to ${f.file}${f.line ? `:${f.line}` : ''}: ${f.reason}`);
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
    'Find the cause, fix it in your files with propose_edit / create_file, then call finish saying what you changed.',
    'Do not delete or weaken a test to make it pass unless the test itself is wrong; say so if it is.',
  );
  return lines.join('\n');
}
