/**
 * The in-process content search when there is no ripgrep: worker threads (one per core, at most
 * four) read the files with blocking calls and say which may hold a match (scanWorkerSource.ts).
 * The search tool then reads only those as text and matches them line by line, so the result
 * reads the same as with ripgrep. One pool per process, shared by every agent's searches, started
 * on first use and stopped when idle. A regex stuck on one file past its budget gets its worker
 * stopped and the search falls back to the tool's own path, which reports the catastrophic regex.
 */
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { abortable } from '../core/common/abortable';
import { cancelledError } from '../core/common/errors';
import type { TextCandidates, TextQuery } from '../core/ports';
import { MAX_LOAD_BYTES } from '../core/tools/fileAccess';
import { DEFAULT_REGEX_BUDGET_MS } from './regexWorker';
import { requiredLiterals } from './requiredLiterals';
import { scanWorkerSource } from './scanWorkerSource';

/** Files per message: few round trips, yet the work spreads evenly over the workers. */
const CHUNK = 64;
const IDLE_MS = 10_000;
const WATCH_MS = 250;

interface ScanMessage {
  readonly root: string;
  readonly paths: readonly string[];
  readonly maxBytes: number;
  readonly literal?: { readonly needle: string; readonly folded: boolean };
  /** `required`: literal runs every match contains (requiredLiterals.ts); `folded`: compared without case. */
  readonly regex?: { readonly pattern: string; readonly flags: string; readonly required: readonly string[]; readonly folded: boolean };
}

interface ScanReply {
  readonly files: string[];
  readonly unread: string[];
  readonly binary: number;
  readonly invalid?: string;
}

interface Task {
  readonly message: ScanMessage;
  readonly resolve: (reply: ScanReply) => void;
  readonly reject: (err: Error) => void;
  /** The call gave up (cancelled, or another chunk failed): not started any more. */
  readonly dropped: () => boolean;
}

interface Slot {
  readonly worker: Worker;
  readonly heartbeat: Int32Array;
  task?: Task;
  lastBeat: number;
  lastChange: number;
}

class TimedOut extends Error {}

class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private watch: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private nextId = 0;

  constructor(private readonly size: number, private readonly budgetMs: number) {}

  run(message: ScanMessage, dropped: () => boolean): Promise<ScanReply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject, dropped });
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.idle);
    while (this.queue.length > 0) {
      const task = this.queue.shift() as Task;
      if (task.dropped()) {
        task.reject(new Error('dropped'));
        continue;
      }
      const slot = this.slots.find((s) => s.task === undefined) ?? (this.slots.length < this.size ? this.start() : undefined);
      if (!slot) {
        this.queue.unshift(task);
        break;
      }
      slot.task = task;
      slot.lastChange = Date.now();
      slot.worker.ref();
      slot.worker.postMessage({ id: ++this.nextId, ...task.message });
    }
    const busy = this.slots.some((s) => s.task !== undefined);
    if (busy && !this.watch) this.watch = setInterval(() => this.checkStuck(), WATCH_MS);
    if (!busy) {
      clearInterval(this.watch);
      this.watch = undefined;
      this.idle = setTimeout(() => this.stopAll(), IDLE_MS);
      this.idle.unref();
    }
  }

  private start(): Slot {
    const shared = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(scanWorkerSource(), { eval: true, workerData: { heartbeat: shared }, name: 'squad-scan' });
    worker.unref();
    const slot: Slot = { worker, heartbeat: new Int32Array(shared), lastBeat: 0, lastChange: Date.now() };
    worker.on('message', (reply: ScanReply) => {
      const task = slot.task;
      slot.task = undefined;
      worker.unref();
      task?.resolve(reply);
      this.pump();
    });
    const lost = (err: Error) => {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      const task = slot.task;
      slot.task = undefined;
      task?.reject(err);
      this.pump();
    };
    worker.on('error', (err: Error) => lost(err));
    worker.on('exit', () => lost(new Error('The scan worker stopped.')));
    this.slots.push(slot);
    return slot;
  }

  /** A worker whose heartbeat has not moved for the budget is on one file too long: a backtracking regex. */
  private checkStuck(): void {
    const now = Date.now();
    for (const slot of [...this.slots]) {
      if (slot.task === undefined) continue;
      const beat = Atomics.load(slot.heartbeat, 0);
      if (beat !== slot.lastBeat) {
        slot.lastBeat = beat;
        slot.lastChange = now;
      } else if (now - slot.lastChange > this.budgetMs && slot.task.message.regex) {
        const task = slot.task;
        slot.task = undefined;
        task.reject(new TimedOut());
        void slot.worker.terminate();
      }
    }
  }

  private stopAll(): void {
    for (const slot of this.slots.splice(0)) void slot.worker.terminate();
  }
}

let pool: ScanPool | undefined;

/** The scan request for a query, or undefined when a whole-text scan could disagree with line matching. */
function scanFor(query: TextQuery): Pick<ScanMessage, 'literal' | 'regex'> | undefined {
  // ASCII only: the same bytes in UTF-8, latin1 and windows-1252 files, with ASCII case folding.
  if (!/^[\x20-\x7e]+$/.test(query.pattern)) return undefined;
  if (!query.regex) {
    const folded = !query.caseSensitive && /[a-z]/i.test(query.pattern);
    return { literal: { needle: folded ? query.pattern.toLowerCase() : query.pattern, folded } };
  }
  // Lookaround could see past a line end in the whole text; \u and \x name characters latin1 may decode otherwise.
  if (/\(\?<?[=!]|\\[ux]/.test(query.pattern)) return undefined;
  try {
    new RegExp(query.pattern);
  } catch {
    return undefined;
  }
  return { regex: { pattern: query.pattern, flags: query.caseSensitive ? 'm' : 'im', required: requiredLiterals(query.pattern), folded: !query.caseSensitive } };
}

export async function scanCandidates(root: string, query: TextQuery, signal?: AbortSignal): Promise<TextCandidates | undefined> {
  const scan = scanFor(query);
  if (scan === undefined) return undefined;
  if (signal?.aborted) throw cancelledError(signal);
  pool ??= new ScanPool(Math.max(1, Math.min(4, os.availableParallelism())), DEFAULT_REGEX_BUDGET_MS);
  const running = pool;
  let gaveUp = false;
  const chunks: string[][] = [];
  for (let i = 0; i < query.paths.length; i += CHUNK) chunks.push(query.paths.slice(i, i + CHUNK));
  const replies = Promise.all(chunks.map((paths) => running.run({ root, paths, maxBytes: MAX_LOAD_BYTES, ...scan }, () => gaveUp || signal?.aborted === true)));
  try {
    const all = await abortable(replies, signal);
    if (all.some((r) => r.invalid !== undefined)) return undefined;
    return {
      files: new Set(all.flatMap((r) => r.files)),
      unread: all.flatMap((r) => r.unread).sort(),
      binary: all.reduce((n, r) => n + r.binary, 0),
    };
  } catch (err) {
    gaveUp = true;
    if (signal?.aborted) throw cancelledError(signal);
    // A stuck regex (TimedOut) or a lost worker: the tool's own path answers, and names a catastrophic regex.
    void err;
    return undefined;
  } finally {
    replies.catch(() => undefined);
  }
}
