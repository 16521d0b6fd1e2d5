/**
 * One run, live: the facade that stamps events, writes them to the journal, folds them into the
 * state and only then tells listeners. Emits are serialised, so sequence numbers follow journal
 * order even when several tasks report at once.
 */
import { Emitter, type Disposable } from '../common/emitter';
import { SquadError } from '../common/errors';
import { systemClock, type Clock, type Storage, type StorageLock } from '../ports';
import type { RoleSpec } from '../agents/roles/spec';
import { RunEventSchema, type RunEvent, type RunEventPayload } from './events';
import { readRunJournal, RunJournal } from './journal';
import { projectRun, reduceRun, type RunState } from './reduce';

export interface RunSessionStartOptions {
  readonly storage: Storage;
  readonly clock?: Clock;
  /** Defaults to `newRunId(clock)`. */
  readonly runId?: string;
  readonly request: string;
  readonly workspaceName: string;
  readonly roles: readonly string[];
  /** The roles as loaded (agent files, built-in); absent: the built-in roles by name. */
  readonly roster?: readonly RoleSpec[];
}

export class RunSession implements Disposable {
  private readonly changed = new Emitter<RunEvent>();
  private readonly log: RunEvent[];
  private current: RunState;
  /** Tail of the emit queue; never rejects, so one failed emit does not block the next. */
  private queue: Promise<unknown> = Promise.resolve();
  private writer: StorageLock | undefined;
  /** Set by `close`: the process is going away and nothing more is journaled. */
  private closed = false;

  private constructor(
    private readonly storage: Storage,
    private readonly journal: RunJournal,
    private readonly clock: Clock,
    events: RunEvent[],
    /** Recoverable problems met while reading the journal on resume (e.g. a torn last line). */
    readonly warnings: readonly string[] = [],
  ) {
    this.log = events;
    this.current = projectRun(events, journal.runId);
  }

  /** Creates a run and records `run.started`. */
  static async start(opts: RunSessionStartOptions): Promise<RunSession> {
    const clock = opts.clock ?? systemClock;
    const journal = await RunJournal.create(opts.storage, opts.runId ?? newRunId(clock));
    const existing = await readRunJournal(opts.storage, journal.runId);
    if (existing.events.length > 0) {
      throw new SquadError('run/exists', `Run "${journal.runId}" already exists; resume it instead of starting it again.`);
    }
    const session = new RunSession(opts.storage, journal, clock, []);
    await session.emit({
      type: 'run.started',
      request: opts.request,
      workspaceName: opts.workspaceName,
      roles: [...opts.roles],
      ...(opts.roster ? { roster: [...opts.roster] } : {}),
    });
    return session;
  }

  /** Rebuilds a run from its journal; the state equals the one the run had when it stopped. */
  static async resume(storage: Storage, runId: string, options: { readonly clock?: Clock } = {}): Promise<RunSession> {
    const journal = await RunJournal.create(storage, runId);
    const { events, warnings } = await readRunJournal(storage, runId);
    if (events.length === 0) {
      throw new SquadError('run/not_found', `Run "${runId}" has no recorded events to resume from.`, { details: warnings });
    }
    return new RunSession(storage, journal, options.clock ?? systemClock, events, warnings);
  }

  get runId(): string {
    return this.journal.runId;
  }

  /**
   * Makes this session the run's only writer (held until `releaseWriter` or the process ends): a
   * second process resuming the same run at once would bill turns twice and interleave sequence
   * numbers. Throws SquadError('run/busy') when another live process writes the run.
   */
  async acquireWriter(): Promise<void> {
    if (this.writer || !this.storage.lock) return;
    const lock = await this.storage.lock(`runs/${this.runId}/writer.lock`);
    if (!lock) throw new SquadError('run/busy', `Run ${this.runId} is being worked on by another Squad process; wait for it to stop, or stop it.`);
    this.writer = lock;
  }

  async releaseWriter(): Promise<void> {
    const lock = this.writer;
    this.writer = undefined;
    await lock?.release();
  }

  get state(): RunState {
    return this.current;
  }

  get events(): readonly RunEvent[] {
    return this.log;
  }

  /**
   * Stamps the payload with run id, next sequence number and time, appends it to the journal,
   * then updates the state and notifies listeners. Rejects (and changes nothing) when the
   * payload is invalid or the write fails.
   */
  emit(payload: RunEventPayload): Promise<RunEvent> {
    if (this.closed) return Promise.reject(new SquadError('cancelled', `Not recorded (${payload.type}): the run's journal was closed as its window went away.`));
    const result = this.queue.then(() => this.commit(payload));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Listeners run after the event is journaled and `state` includes it. */
  onEvent(listener: (event: RunEvent) => void): Disposable {
    return this.changed.event(listener);
  }

  dispose(): void {
    this.changed.dispose();
  }

  /**
   * The process is going away (the window closes or reloads) and stops the work: what the stop
   * would record (tasks cancelled, the run's end) is not the user's cancel, so nothing more is
   * written. The journal keeps no end and the run reads interrupted; Resume continues it. Events
   * emitted before this still land; later emits reject with SquadError('cancelled').
   */
  close(): void {
    this.closed = true;
  }

  private async commit(payload: RunEventPayload): Promise<RunEvent> {
    const parsed = RunEventSchema.safeParse({ ...payload, runId: this.runId, seq: this.log.length, at: this.clock.now() });
    if (!parsed.success) {
      // A bug in the emitting code, not a condition anyone branches on.
      throw new Error(`Refusing to record an invalid ${payload.type} event: ${parsed.error.message}`);
    }
    const event = parsed.data;
    // Folded before it is written: an event the projection refuses (a proposal naming a text never
    // stored) must not reach the journal, where it would stop every later resume.
    const next = reduceRun(this.current, event);
    await this.journal.append(event);
    this.log.push(event);
    this.current = next;
    this.changed.fire(event);
    return event;
  }
}

/**
 * A sortable, unique run id: UTC time to the millisecond, then random hex, e.g.
 * `20250314-091502-123-9f3a0c1e`. Safe as a folder name on every platform.
 */
export function newRunId(clock: Clock = systemClock): string {
  const d = new Date(clock.now());
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${date}-${time}-${pad(d.getUTCMilliseconds(), 3)}-${random}`;
}
