/**
 * The one apply, for every front end: the accepted selection → what each file becomes (write,
 * merge three-way with the user's edits, or refuse the whole apply) → a checkpoint of every file
 * it touches → one all-or-nothing write → `changes.applied`. Front ends differ only in how they
 * read a file now (the editor's unsaved text, or the disk) and how they write (one undoable
 * WorkspaceEdit, or files renamed into place).
 */
import type { RunSession } from '../run/session';
import { describeRefusals, planApply, type CurrentFile, type PlannedWrite } from './applyPlan';
import { acceptedSelection } from './selection';

/** A file as it is now, with its exact bytes for the checkpoint. */
export interface FileNow {
  readonly current: CurrentFile;
  /** undefined: the file does not exist. */
  readonly bytes: Uint8Array | undefined;
  /** The editor's unsaved text, when it differs from the disk (kept by the checkpoint). */
  readonly unsaved?: string;
}

export interface CheckpointPort {
  create(runId: string, files: readonly { path: string; before: Uint8Array | undefined; after: string | undefined; unsaved?: string }[]): Promise<{ readonly id: string; readonly gitRef?: string }>;
  /** Drops a checkpoint whose apply never happened. */
  remove(id: string): Promise<void>;
}

export interface ApplyPorts {
  readonly read: (path: string) => Promise<FileNow>;
  readonly checkpoints: CheckpointPort;
  /** Writes every planned file or none: on any failure it restores what it wrote, then throws. */
  readonly write: (writes: readonly PlannedWrite[], now: ReadonlyMap<string, FileNow>) => Promise<void>;
}

export type ApplyOutcome =
  | { readonly kind: 'applied'; readonly checkpointId: string; readonly gitRef?: string; readonly files: readonly { path: string; action: string; merged: boolean }[] }
  /** Nothing written: these files need the user first (one line each, naming the lines). */
  | { readonly kind: 'refused'; readonly problems: readonly string[] }
  | { readonly kind: 'nothing'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export async function applyAccepted(session: RunSession, ports: ApplyPorts): Promise<ApplyOutcome> {
  const state = session.state;
  const selection = acceptedSelection(state);
  if (selection.files.length === 0 && selection.conflicts.length === 0) return { kind: 'nothing', reason: 'Nothing is accepted yet: accept changes first.' };
  const now = new Map<string, FileNow>();
  for (const file of selection.files) now.set(file.path, await ports.read(file.path));
  const plan = planApply(selection, (p) => now.get(p)!.current);
  if (plan.refusals.length > 0) return { kind: 'refused', problems: describeRefusals(plan.refusals) };
  if (plan.writes.length === 0) return { kind: 'nothing', reason: 'The accepted changes are already in the workspace.' };

  const checkpoint = await ports.checkpoints.create(
    state.runId,
    plan.writes.map((w) => {
      const f = now.get(w.path)!;
      return { path: w.path, before: f.bytes, after: w.content, ...(f.unsaved !== undefined ? { unsaved: f.unsaved } : {}) };
    }),
  );
  try {
    await ports.write(plan.writes, now);
  } catch (err) {
    await ports.checkpoints.remove(checkpoint.id).catch(() => undefined);
    return { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
  }
  const files = plan.writes.map((w) => ({ path: w.path, action: w.action, merged: w.merged }));
  await session.emit({ type: 'changes.applied', checkpointId: checkpoint.id, ...(checkpoint.gitRef ? { gitRef: checkpoint.gitRef } : {}), files, hunks: [...plan.hunks] });
  return { kind: 'applied', checkpointId: checkpoint.id, ...(checkpoint.gitRef ? { gitRef: checkpoint.gitRef } : {}), files };
}
