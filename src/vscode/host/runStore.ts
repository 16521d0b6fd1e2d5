/**
 * This workspace's runs in the workspace storage: the journal folder over fsStorage (one per
 * folder path), the last run's id, and summaries for the Resume Run picker.
 */
import type { Storage } from '../../core/ports';
import type { RunEvent } from '../../core/run/events';
import { listRuns, readRunJournal } from '../../core/run/journal';
import { projectRun } from '../../core/run/reduce';
import { createFsStorage } from '../../node/fsStorage';
import { summarizeRun, type RunSummary } from './runList';

/** The Resume Run picker lists this many runs, newest first. */
export const MAX_LISTED_RUNS = 50;

export class RunStore {
  private current: { dir: string; storage: Storage } | undefined;

  constructor(private readonly dir: () => string | undefined) {}

  /** The storage of the workspace storage folder; undefined without a folder. */
  storage(): Storage | undefined {
    const dir = this.dir();
    if (!dir) return undefined;
    if (this.current?.dir !== dir) this.current = { dir, storage: createFsStorage(dir) };
    return this.current.storage;
  }

  async lastRunId(): Promise<string | undefined> {
    const storage = this.storage();
    return storage ? (await listRuns(storage)).at(-1) : undefined;
  }

  /** Newest first; `live` supplies the events of a run held in memory. A journal that cannot be read is reported and left out. */
  async summaries(live: (runId: string) => readonly RunEvent[] | undefined, onSkip: (runId: string, err: unknown) => void): Promise<RunSummary[]> {
    const storage = this.storage();
    if (!storage) return [];
    const out: RunSummary[] = [];
    for (const id of (await listRuns(storage)).reverse().slice(0, MAX_LISTED_RUNS)) {
      try {
        const events = live(id) ?? (await readRunJournal(storage, id)).events;
        if (events.length > 0) out.push(summarizeRun(projectRun(events, id)));
      } catch (err) {
        onSkip(id, err);
      }
    }
    return out;
  }
}
