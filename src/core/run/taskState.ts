/** The per-task part of the run's projection. */
import type { Plan, Task } from '../plan/schema';
import { proposalTexts, type BlobTexts } from './blobs';
import type { RunEventOf } from './events';
import type { FileSummary, ModelReplyRecord, ToolResultRecord } from './taskEvents';
import type { RoundInstructions } from './instructionEvents';

export type TaskStatus = 'pending' | 'running' | 'proposed' | 'fixing' | 'failed' | 'blocked' | 'cancelled';

export interface FileChangeRecord {
  readonly path: string;
  /** The text the task built on; null when the file did not exist. */
  readonly base: string | null;
  /** The proposed text; null when the task deletes the file. */
  readonly content: string | null;
}

export interface ToolActivity {
  readonly round: number;
  readonly turn: number;
  readonly callId: string;
  readonly tool: string;
  readonly summary: string;
  readonly isError: boolean;
  /** What the model was told (absent in journals written before results were kept): replay uses it. */
  readonly result?: ToolResultRecord;
}

export interface TaskState {
  readonly task: Task;
  readonly status: TaskStatus;
  readonly model?: string;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** Recorded model replies, in order: resume replays them instead of calling the model again. */
  readonly turns: readonly ModelReplyRecord[];
  /** The same for each fix round (1, 2, …). */
  readonly fixTurns: Readonly<Record<number, readonly ModelReplyRecord[]>>;
  /** The fix round under way, while status is 'fixing'. */
  readonly fixRound?: number;
  /** The proposal as it stood after each round: 0 is the first proposal, k the k-th revision. */
  readonly history: readonly ProposalRevision[];
  readonly activity: readonly ToolActivity[];
  readonly files: readonly FileSummary[];
  readonly changes: readonly FileChangeRecord[];
  readonly summary?: string;
  readonly reason?: string;
  readonly code?: string;
  readonly blockedBy?: readonly string[];
  /** Attempts so far (1 until a resume retries it). */
  readonly attempt: number;
  /** The project's instruction files its prompts received, per round (instructions.used). */
  readonly instructions?: readonly RoundInstructions[];
}

export interface ProposalRevision {
  readonly round: number;
  readonly files: readonly FileSummary[];
  readonly summary?: string;
  readonly outcome: 'proposed' | 'revised' | 'failed';
}

export function tasksOfPlan(plan: Plan): Record<string, TaskState> {
  return Object.fromEntries(
    plan.tasks.map((task) => [task.id, { task, status: 'pending', turns: [], fixTurns: {}, history: [], activity: [], files: [], changes: [], attempt: 1 } satisfies TaskState]),
  );
}

type TaskEventType =
  | 'task.started' | 'model.turn' | 'tool.called' | 'proposal.updated' | 'task.finished' | 'task.blocked' | 'task.retried'
  | 'fix.started' | 'fix.finished' | 'fix.retried' | 'replay.diverged';

/** Applies a task event to its task; events for unknown tasks leave the map unchanged. `blobs` resolves a proposal's texts. */
export function reduceTask(tasks: Readonly<Record<string, TaskState>>, event: RunEventOf<TaskEventType>, blobs: BlobTexts = {}): Readonly<Record<string, TaskState>> {
  const current = tasks[event.taskId];
  if (!current) return tasks;
  return { ...tasks, [event.taskId]: nextTaskState(current, event, blobs) };
}

function nextTaskState(t: TaskState, e: RunEventOf<TaskEventType>, blobs: BlobTexts): TaskState {
  switch (e.type) {
    case 'task.started':
      // A restarted task (after a crash) keeps its recorded turns: they are replayed, not repaid.
      return { ...t, status: 'running', model: e.model, startedAt: e.at, reason: undefined, code: undefined };
    case 'model.turn':
      if (e.round === 0) return { ...t, turns: [...t.turns.slice(0, e.turn), e.reply] };
      return { ...t, fixTurns: { ...t.fixTurns, [e.round]: [...(t.fixTurns[e.round] ?? []).slice(0, e.turn), e.reply] } };
    case 'tool.called': {
      const entry: ToolActivity = { round: e.round, turn: e.turn, callId: e.callId, tool: e.tool, summary: e.summary, isError: e.isError, ...(e.result ? { result: e.result } : {}) };
      // A call run again after a divergence replaces its earlier line.
      const at = t.activity.findIndex((a) => a.round === e.round && a.turn === e.turn && a.callId === e.callId);
      return { ...t, activity: at < 0 ? [...t.activity, entry] : t.activity.map((a, i) => (i === at ? entry : a)) };
    }
    case 'proposal.updated':
      return { ...t, files: e.files, changes: proposalTexts(blobs, e) };
    case 'task.finished': {
      const history = e.outcome === 'proposed' ? [...t.history, { round: 0, files: t.files, ...(e.summary ? { summary: e.summary } : {}), outcome: 'proposed' as const }] : t.history;
      return { ...t, status: e.outcome, finishedAt: e.at, summary: e.summary, reason: e.reason, code: e.code, history };
    }
    case 'fix.started':
      return { ...t, status: 'fixing', fixRound: e.round };
    case 'fix.finished': {
      const outcome = e.outcome === 'revised' ? 'revised' : 'failed';
      const revision: ProposalRevision = { round: e.round, files: t.files, ...(e.summary ? { summary: e.summary } : {}), outcome };
      // The task keeps its proposal either way: a failed fix leaves the previous revision in place.
      // A round run again after a resume replaces what it said before.
      const history = [...t.history.filter((h) => h.round !== e.round), revision];
      return { ...t, status: 'proposed', fixRound: undefined, summary: e.summary ?? t.summary, history };
    }
    case 'fix.retried': {
      const activity = t.activity.filter((a) => a.round !== e.round || a.turn < e.keepTurns);
      return { ...t, status: 'fixing', fixRound: e.round, fixTurns: { ...t.fixTurns, [e.round]: (t.fixTurns[e.round] ?? []).slice(0, e.keepTurns) }, activity };
    }
    case 'task.blocked':
      return { ...t, status: 'blocked', blockedBy: e.blockedBy, reason: e.reason, finishedAt: e.at };
    case 'task.retried': {
      const keep = e.keepTurns ?? (e.fresh ? 0 : undefined);
      return {
        ...t,
        status: 'pending',
        attempt: e.attempt,
        reason: undefined,
        code: undefined,
        blockedBy: undefined,
        // The attempt starts again from its first kept turn: what later turns built is rebuilt by replay.
        ...(keep !== undefined ? { turns: t.turns.slice(0, keep), fixTurns: {}, changes: [], files: [], activity: t.activity.filter((a) => a.round > 0 || a.turn < keep) } : {}),
      };
    }
    case 'replay.diverged': {
      const keep = e.turn + 1;
      const activity = t.activity.filter((a) => a.round !== e.round || a.turn < keep);
      if (e.round === 0) return { ...t, turns: t.turns.slice(0, keep), activity };
      return { ...t, fixTurns: { ...t.fixTurns, [e.round]: (t.fixTurns[e.round] ?? []).slice(0, keep) }, activity };
    }
  }
}
