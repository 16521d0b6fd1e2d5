/**
 * The baseline: the approved command on the workspace without any proposal. What fails there is
 * not the squad's doing and is never sent to an agent; a command that cannot run there stops the
 * loop before a single token is spent on fixes. Run once per run, when a round first fails, and
 * cached across runs per command, definition and workspace files (the stager's digest), so the
 * next request on an unchanged workspace pays nothing for it.
 */
import type { Storage } from '../ports';
import type { RunSession } from '../run/session';
import type { BaselineRecord } from '../run/testState';
import type { BaselineFailures } from './attribute';
import type { TestDefinition } from './definition';
import { runTestsOn, type TestExecution } from './execution';
import { failureSignature, isThrownError } from './signature';

export const BASELINES_DIR = 'baselines';

export interface BaselineOptions {
  readonly execution: TestExecution;
  readonly session: RunSession;
  /** Where baselines are cached across runs (the journal's storage). */
  readonly storage: Storage;
  /** The definition the baseline runs with (the workspace's, without proposals). */
  readonly definition: () => Promise<TestDefinition>;
}

export interface Baseline {
  readonly record: BaselineRecord;
  readonly failures: BaselineFailures;
}

export class BaselineRun {
  private pending: Promise<Baseline> | undefined;

  constructor(private readonly o: BaselineOptions) {}

  /** The baseline of this run: journaled once, reused on resume, shared by every round. */
  get(signal: AbortSignal): Promise<Baseline> {
    const journaled = this.o.session.state.tests.baseline;
    if (journaled) return Promise.resolve(toBaseline(journaled));
    this.pending ??= this.compute(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async compute(signal: AbortSignal): Promise<Baseline> {
    const { execution, session, storage } = this.o;
    const key = await cacheKey(execution, await this.o.definition(), signal);
    const cached = await readCached(storage, key);
    const record = cached ? { ...cached, cached: true } : await runBaseline(execution, signal);
    if (!cached) await storage.appendLine(`${BASELINES_DIR}/${key}.jsonl`, JSON.stringify(record));
    await session.emit({ type: 'tests.baseline', ...record });
    return toBaseline(record);
  }
}

/** The baseline run itself: the command on the workspace without proposals. */
export async function runBaseline(execution: TestExecution, signal: AbortSignal): Promise<BaselineRecord> {
  const run = await runTestsOn([], execution, undefined, signal);
  const { report, result } = run;
  return {
    command: execution.command.command,
    cached: false,
    exitCode: result.exitCode,
    passed: report.passed,
    failed: report.failed,
    failing: report.failures.map((f) => ({ test: f.test, signature: failureSignature(f), thrown: isThrownError(f) })),
    ...(run.cannotRun ? { cannotRun: run.cannotRun } : {}),
    durationMs: result.durationMs,
  };
}

export function toBaseline(record: BaselineRecord): Baseline {
  return {
    record,
    failures: {
      tests: new Map(record.failing.map((f) => [f.test, f.signature])),
      thrown: new Set(record.failing.filter((f) => f.thrown).map((f) => f.signature)),
    },
  };
}

/** Same command line, same defining files, same workspace files: the same baseline. */
async function cacheKey(execution: TestExecution, definition: TestDefinition, signal: AbortSignal): Promise<string> {
  const digest = await execution.stager.digest(signal);
  const text = JSON.stringify({ v: 1, runs: execution.command.command, definition, digest });
  const hash = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function readCached(storage: Storage, key: string): Promise<BaselineRecord | undefined> {
  const lines = await storage.readLines(`${BASELINES_DIR}/${key}.jsonl`).catch(() => undefined);
  const last = lines?.[lines.length - 1];
  if (last === undefined) return undefined;
  try {
    const parsed = JSON.parse(last) as BaselineRecord;
    // A record that does not look like ours is ignored: the baseline runs again.
    return Array.isArray(parsed.failing) && typeof parsed.command === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
