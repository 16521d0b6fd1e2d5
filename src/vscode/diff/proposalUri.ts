/**
 * URIs of the read-only proposal documents: `squad-proposal:/src/db/tasks.js?run=…&task=t1&side=proposed`.
 * The file's path is the URI's path, so VS Code picks the language (and the icon) from it.
 */
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'squad-proposal';

/** base: the text the task built on; proposed: the task's text. */
export type ProposalSide = 'base' | 'proposed';

export interface ProposalRef {
  readonly runId: string;
  readonly taskId: string;
  readonly side: ProposalSide;
  /** Workspace-relative POSIX path. */
  readonly path: string;
}

export function proposalUri(ref: ProposalRef): vscode.Uri {
  const query = new URLSearchParams({ run: ref.runId, task: ref.taskId, side: ref.side }).toString();
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${ref.path}`, query });
}

export function parseProposalUri(uri: vscode.Uri): ProposalRef | undefined {
  if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const runId = q.get('run');
  const taskId = q.get('task');
  const side = q.get('side');
  const path = uri.path.replace(/^\/+/, '');
  if (!runId || !taskId || (side !== 'base' && side !== 'proposed') || path === '') return undefined;
  return { runId, taskId, side, path };
}

/** The diff editor's title, e.g. `src/db/tasks.js (t1 database: proposed)`; the status follows the review (tabTitles.ts). */
export function diffTitle(path: string, taskId: string, role: string, status = 'proposed'): string {
  return `${path} (${taskId} ${role}: ${status})`;
}
