/**
 * Squad: Request Changes — `{ scope }` names a task, file or hunk of a proposal (the sidebar's
 * action, the diff editor's "Request changes…" lens); an input box asks what is wrong. Empty or
 * Escape cancels; words that could not be sent (a run working) fill the box again next time.
 */
import * as vscode from 'vscode';
import type { ReviewScope } from '../../core/run/reviewEvents';
import type { SquadServices } from '../host';

export function requestChanges(services: SquadServices) {
  const drafts = new Map<string, string>();
  return async (arg?: unknown): Promise<void> => {
    const scope = scopeOf(arg);
    if (!scope) {
      services.notify({ severity: 'warning', message: 'Squad: Request Changes works on a task, a file or a change: use it from the sidebar or the diff editor.', actions: [] });
      return;
    }
    const key = JSON.stringify(scope);
    const comment = await vscode.window.showInputBox({
      title: `Squad: Request Changes — ${describeScope(scope)}`,
      prompt: `What is wrong, and what should change? ${scope.taskId}'s agent revises its proposal from your words.`,
      placeHolder: 'e.g. Use the existing date helper instead of a new one',
      value: drafts.get(key) ?? '',
      ignoreFocusOut: true,
    });
    if (comment === undefined || comment.trim() === '') return;
    drafts.set(key, comment);
    if (await services.host.requestChanges(scope, comment)) drafts.delete(key);
  };
}

type PartScope = Exclude<ReviewScope, { kind: 'run' }>;

/** `{ scope }` as the sidebar and the lenses send it (checked by hand: activation loads no schema library). */
export function scopeOf(arg: unknown): PartScope | undefined {
  const scope = typeof arg === 'object' && arg !== null ? (arg as { scope?: unknown }).scope : undefined;
  if (typeof scope !== 'object' || scope === null) return undefined;
  const { kind, taskId, path, hunkId } = scope as Record<string, unknown>;
  const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
  if (!text(taskId)) return undefined;
  if (kind === 'task') return { kind, taskId };
  if (kind === 'file' && text(path)) return { kind, taskId, path };
  if (kind === 'hunk' && text(path) && text(hunkId)) return { kind, taskId, path, hunkId };
  return undefined;
}

function describeScope(scope: PartScope): string {
  if (scope.kind === 'task') return `task ${scope.taskId}`;
  return `${scope.kind === 'hunk' ? 'a change in ' : ''}${scope.path} (${scope.taskId})`;
}
