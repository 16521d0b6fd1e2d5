/**
 * The run's log on disk: one JSON event per line at `runs/<runId>/events.jsonl`, appended
 * through the Storage port before anyone reacts to the event.
 *
 * A process killed mid-append leaves a torn last line: reading drops it with a warning (the
 * event was never acknowledged, so nobody acted on it). Anything else that does not parse, or
 * breaks the run id / sequence, is corruption and stops the read with the line number.
 * Storage implementations that are appended to again after such a crash must start the next
 * line cleanly (createFsStorage cuts the torn tail off before its first append).
 */
import { SquadError } from '../common/errors';
import type { Storage } from '../ports';
import { safeParseRunEvent, type RunEvent } from './events';

export const RUNS_DIR = 'runs';
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function runEventsPath(runId: string): string {
  return `${RUNS_DIR}/${runId}/events.jsonl`;
}

export interface JournalContents {
  readonly events: RunEvent[];
  /** Recoverable oddities, such as a dropped torn last line; worth logging, not fatal. */
  readonly warnings: string[];
  /** False when the journal file does not exist. */
  readonly exists: boolean;
}

export class RunJournal {
  private constructor(
    private readonly storage: Storage,
    readonly runId: string,
    readonly path: string,
  ) {}

  /** A writer for the run's journal (nothing is written until the first append). */
  static async create(storage: Storage, runId: string): Promise<RunJournal> {
    assertRunId(runId);
    return new RunJournal(storage, runId, runEventsPath(runId));
  }

  /** Resolves once the line is stored; callers serialise appends (RunSession does). */
  async append(event: RunEvent): Promise<void> {
    if (event.runId !== this.runId) {
      throw new SquadError('journal/corrupt', `Event of run "${event.runId}" cannot go into the journal of "${this.runId}".`);
    }
    await this.storage.appendLine(this.path, JSON.stringify(event));
  }
}

/** Every event of the run, checked line by line; see `readRunJournal` for the rules. */
export async function readRunEvents(
  storage: Storage,
  runId: string,
  options: { readonly onWarning?: (message: string) => void } = {},
): Promise<RunEvent[]> {
  const { events, warnings } = await readRunJournal(storage, runId);
  for (const warning of warnings) options.onWarning?.(warning);
  return events;
}

/**
 * Reads and validates the journal: each line must be a valid event of this run with the next
 * sequence number. A last line that is not JSON is dropped with a warning; any other bad line
 * throws SquadError('journal/corrupt') naming its (1-based) line number. A missing journal
 * reads as no events (`exists: false`).
 */
export async function readRunJournal(storage: Storage, runId: string): Promise<JournalContents> {
  assertRunId(runId);
  const path = runEventsPath(runId);
  const lines = await storage.readLines(path);
  if (lines === undefined) return { events: [], warnings: [], exists: false };
  const events: RunEvent[] = [];
  const warnings: string[] = [];
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  for (let i = 0; i <= last; i++) {
    const line = lines[i]!;
    const where = `${path} line ${i + 1}`;
    if (line.trim() === '') throw corrupt(where, 'the line is empty');
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      if (i === last) {
        warnings.push(`${where} is incomplete (the process probably stopped while writing it) and was ignored.`);
        break;
      }
      throw corrupt(where, 'the line is not valid JSON');
    }
    const parsed = safeParseRunEvent(json);
    if (!parsed.ok) throw corrupt(where, `not a valid run event (${parsed.problems.join('; ')})`, parsed.problems);
    const event = parsed.event;
    if (event.runId !== runId) throw corrupt(where, `the event belongs to run "${event.runId}"`);
    if (event.seq !== events.length) throw corrupt(where, `expected sequence number ${events.length}, found ${event.seq}`);
    events.push(event);
  }
  return { events, warnings, exists: true };
}

/** Ids of the runs that have a journal, oldest first (run ids sort by creation time). */
export async function listRuns(storage: Storage): Promise<string[]> {
  const names = (await storage.list(RUNS_DIR)).filter((name) => RUN_ID.test(name));
  const withJournal = await Promise.all(
    names.map(async (name) => ((await storage.list(`${RUNS_DIR}/${name}`)).includes('events.jsonl') ? name : undefined)),
  );
  return withJournal.filter((name): name is string => name !== undefined).sort();
}

/** Run ids become folder names: refuse anything that could leave the runs folder. */
function assertRunId(runId: string): void {
  if (!RUN_ID.test(runId) || runId.includes('..')) {
    throw new SquadError('run/not_found', `"${runId}" is not a valid run id (letters, digits, "_", "-", ".").`);
  }
}

function corrupt(where: string, why: string, details?: readonly string[]): SquadError {
  return new SquadError('journal/corrupt', `The run journal is corrupt at ${where}: ${why}.`, details ? { details } : undefined);
}
