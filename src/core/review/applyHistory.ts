/**
 * Every apply of this workspace's runs, newest first, for "Roll Back an Apply…", the sidebar's list
 * and `squad rollback`: when, which run (its request), which files, and whether it was rolled back.
 * Any standing apply can be rolled back, not only the last; one whose files a later standing apply
 * also wrote is refused (the later one must go first: rolling the older back would silently undo part
 * of it). Journals are scanned for the few event types this needs, so a long history reads quickly;
 * a journal that cannot be read is left out of the list, never fatal.
 */
import { oneLine } from '../common/text';
import type { Storage } from '../ports';
import { listRuns, runEventsPath } from '../run/journal';
import { safeParseRunEvent, type RunEventOf } from '../run/events';

export interface ApplyEntry {
  readonly runId: string;
  readonly request: string;
  readonly checkpointId: string;
  readonly at: number;
  readonly files: readonly { readonly path: string; readonly action: 'created' | 'modified' | 'deleted' }[];
  readonly rolledBack: boolean;
}

const WANTED = ['"run.started"', '"changes.applied"', '"changes.rolledBack"'];

export async function readApplyHistory(storage: Storage): Promise<ApplyEntry[]> {
  const entries: ApplyEntry[] = [];
  for (const runId of await listRuns(storage)) {
    const lines = await storage.readLines(runEventsPath(runId)).catch(() => undefined);
    if (lines) entries.push(...appliesOf(runId, lines));
  }
  return entries.sort((a, b) => b.at - a.at);
}

function appliesOf(runId: string, lines: readonly string[]): ApplyEntry[] {
  let request = '';
  const applies = new Map<string, ApplyEntry>();
  for (const line of lines) {
    if (!WANTED.some((w) => line.includes(w))) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue; // a torn last line
    }
    const parsed = safeParseRunEvent(json);
    if (!parsed.ok) continue;
    const e = parsed.event;
    if (e.type === 'run.started') request = e.request;
    else if (e.type === 'changes.applied') applies.set(e.checkpointId, entryOf(runId, request, e));
    else if (e.type === 'changes.rolledBack') {
      const a = applies.get(e.checkpointId);
      if (a) applies.set(e.checkpointId, { ...a, rolledBack: true });
    }
  }
  return [...applies.values()];
}

function entryOf(runId: string, request: string, e: RunEventOf<'changes.applied'>): ApplyEntry {
  return { runId, request, checkpointId: e.checkpointId, at: e.at, files: e.files.map((f) => ({ path: f.path, action: f.action })), rolledBack: false };
}

/** Standing applies made after `entry` that wrote some of its files, each with those files. */
export function laterOverlapping(history: readonly ApplyEntry[], entry: ApplyEntry): { readonly entry: ApplyEntry; readonly files: readonly string[] }[] {
  const mine = new Set(entry.files.map((f) => f.path));
  return history
    .filter((h) => !h.rolledBack && h.checkpointId !== entry.checkpointId && h.at > entry.at)
    .map((h) => ({ entry: h, files: h.files.map((f) => f.path).filter((p) => mine.has(p)) }))
    .filter((o) => o.files.length > 0);
}

/** An apply found by its checkpoint id, or a run's last standing apply by the run id. */
export function findApply(history: readonly ApplyEntry[], id: string): ApplyEntry | undefined {
  return history.find((h) => h.checkpointId === id) ?? history.find((h) => h.runId === id && !h.rolledBack);
}

/** Why an older apply cannot be rolled back yet, or undefined when it can. */
export function refusalOf(history: readonly ApplyEntry[], entry: ApplyEntry): string | undefined {
  const later = laterOverlapping(history, entry);
  if (later.length === 0) return undefined;
  const which = later.map((l) => `${l.entry.checkpointId} ("${oneLine(l.entry.request, 60)}") wrote ${l.files.join(', ')}`).join('; ');
  return `A later apply changed the same files: ${which}. Roll ${later.length === 1 ? 'it' : 'them'} back first (newest first); rolling this one back now would undo part of ${later.length === 1 ? 'it' : 'them'} too.`;
}
