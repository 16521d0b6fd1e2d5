/**
 * The messages that open a revision round: the user's comment on the task's own proposal (with the
 * part it names), or, for a task built on one that was revised, that dependency's new diff.
 */
import type { Task } from '../plan/schema';
import type { ReviewScope } from '../run/reviewEvents';
import { wrapUntrusted } from '../security/untrusted';

const MAX_DIFF_CHARS = 12_000;

export interface RevisionRequestInput {
  readonly task: Task;
  readonly scope: ReviewScope;
  readonly comment: string;
  /** The hunk's lines the comment is about. */
  readonly excerpt?: string;
  readonly summary?: string;
  readonly ownDiff: string;
}

export function revisionRequestMessage(input: RevisionRequestInput): string {
  const { task, scope } = input;
  const where = scope.kind === 'hunk' ? `on this change in ${scope.path}` : scope.kind === 'file' ? `on your changes to ${scope.path}` : 'on your changes';
  const lines = [
    `The user reviewed your proposal and asks for changes ${where}. The user's comment:`,
    // The user's own words: an instruction, not workspace data.
    input.comment.trim(),
    '',
  ];
  if (scope.kind === 'hunk' && input.excerpt) lines.push('The change the comment is about:', wrapUntrusted(input.excerpt, `proposed change in ${scope.path}`), '');
  lines.push(
    `Your task (${task.id}): ${task.title}`,
    task.description,
    ...(input.summary ? [`Your summary then: ${input.summary}`] : []),
    '',
    'Your proposed changes so far:',
    cut(input.ownDiff),
    '',
    'Revise your proposal as the comment asks (propose_edit / create_file / delete_file on your files), keeping the rest of your task done, then call finish saying what you changed.',
  );
  return lines.join('\n');
}

export interface DependencyRevisedInput {
  readonly task: Task;
  readonly dependency: Task;
  readonly comment?: string;
  readonly dependencyDiff: string;
  readonly summary?: string;
}

export function dependencyRevisedMessage(input: DependencyRevisedInput): string {
  const { task, dependency } = input;
  return [
    `${dependency.id} (${dependency.title}), which your task builds on, was revised after you proposed${input.comment ? `, because the user asked: ${input.comment.trim()}` : ''}.`,
    `${dependency.id}'s changes now (what you see in the files is already this version):`,
    cut(input.dependencyDiff),
    '',
    `Your task (${task.id}): ${task.title}`,
    task.description,
    ...(input.summary ? [`Your summary then: ${input.summary}`] : []),
    '',
    'Check whether your proposal still fits these changes. If it does, call finish at once saying "unchanged" and why; otherwise adapt your files, then call finish saying what you changed.',
  ].join('\n');
}

function cut(diff: string): string {
  if (diff.trim() === '') return '(none)';
  return diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n… (diff cut)` : diff;
}
