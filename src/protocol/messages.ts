import * as z from 'zod/mini';
import { ViewOp } from './ops';
import { Decision, TestAnswer, ViewModel } from './viewModel';

/**
 * Messages between the extension and the sidebar webview, parsed on receipt on both sides: a
 * message that does not parse is dropped with a log line, never half-applied.
 */

export * from './viewModel';
export * from './ops';

/** Longest feature request the view may send (the planner's prompt has to hold it). */
export const MAX_REQUEST_CHARS = 20_000;
/** Longest comment of a change request (it goes into the agent's prompt). */
export const MAX_COMMENT_CHARS = 4_000;
/** How many recent requests the extension keeps for the view. */
export const MAX_RECENT_REQUESTS = 10;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const NonEmpty = z.string().check(z.minLength(1));
const TaskId = text(64);
const Title = text(200);
const Description = text(MAX_REQUEST_CHARS);
const Role = text(64);

/** The plan-gate edits (core: src/core/plan/edit.ts `PlanEdit`); the core validates the result. */
export const PlanEditMessage = z.discriminatedUnion('kind', [
  /** A task's form, saved as one edit: all of it is kept, or none. */
  z.object({ kind: z.literal('updateTask'), taskId: TaskId, title: z.optional(Title), description: z.optional(Description), role: z.optional(Role), dependsOn: z.optional(z.array(TaskId)) }),
  z.object({
    kind: z.literal('addTask'),
    task: z.object({ id: z.optional(TaskId), role: Role, title: Title, description: Description, dependsOn: z.array(TaskId) }),
  }),
  z.object({ kind: z.literal('removeTask'), taskId: TaskId }),
  z.object({ kind: z.literal('setDependencies'), taskId: TaskId, dependsOn: z.array(TaskId) }),
  /** Undoes a removal: the task at its place again, and in the dependencies of the tasks it was cut from. */
  z.object({
    kind: z.literal('restoreTask'),
    task: z.object({ id: TaskId, role: Role, title: Title, description: Description, dependsOn: z.array(TaskId), files: z.optional(z.array(NonEmpty)) }),
    index: z.int().check(z.nonnegative()),
    dependents: z.array(TaskId),
  }),
]);
export type PlanEditMessage = z.infer<typeof PlanEditMessage>;

/** What a decision covers (core: src/core/run/reviewEvents.ts `ReviewScope`). */
export const ScopeMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run') }),
  z.object({ kind: z.literal('task'), taskId: TaskId }),
  z.object({ kind: z.literal('file'), taskId: TaskId, path: NonEmpty }),
  z.object({ kind: z.literal('hunk'), taskId: TaskId, path: NonEmpty, hunkId: NonEmpty }),
]);
export type ScopeMessage = z.infer<typeof ScopeMessage>;

/** One apply of the workspace's history, as the sidebar's Applies list shows it (vscode/view/projectApplies.ts). */
export const ViewApplyEntry = z.object({
  checkpointId: NonEmpty,
  /** The run's request, on one line. */
  request: z.string(),
  at: z.number(),
  files: z.array(z.string()),
  /** standing: can be rolled back; blocked: a later apply changed its files (`note` says which); gone: its checkpoint is no longer kept. */
  state: z.enum(['standing', 'blocked', 'rolledBack', 'gone']),
  note: z.optional(z.string()),
});
export type ViewApplyEntry = z.infer<typeof ViewApplyEntry>;

export const FromWebview = z.discriminatedUnion('type', [
  /** The view's script runs (first load, shown again, reloaded): it wants a full snapshot. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('requestFeature'), text: Description }),
  z.object({ type: z.literal('approvePlan') }),
  z.object({ type: z.literal('editPlan'), edit: PlanEditMessage }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('decide'), scope: ScopeMessage, decision: Decision }),
  /** Request changes: the user's words on a task, file or hunk go to that task's agent, which revises. */
  z.object({ type: z.literal('requestChanges'), scope: ScopeMessage, comment: text(MAX_COMMENT_CHARS) }),
  z.object({ type: z.literal('openDiff'), taskId: TaskId, path: NonEmpty }),
  z.object({ type: z.literal('applyAccepted') }),
  z.object({ type: z.literal('rollBack') }),
  /** Roll back this apply of the workspace's history (any standing one, not only the last). */
  z.object({ type: z.literal('rollBackApply'), checkpointId: z.string().check(z.minLength(1), z.maxLength(128)) }),
  /** Run the approved test command on exactly the accepted selection. */
  z.object({ type: z.literal('testSelection') }),
  z.object({ type: z.literal('setApiKey') }),
  /** Resume this run (the header's button names the run it belongs to). */
  z.object({ type: z.literal('resumeRun'), runId: z.string().check(z.minLength(1), z.maxLength(128)) }),
  /** The user's answer to the test command question `question` (the gate's id) the run waits on. */
  z.object({ type: z.literal('answerTests'), answer: TestAnswer, question: z.string().check(z.minLength(1), z.maxLength(64)) }),
  /** The view's own problems (such as a dropped message), for the extension's log. */
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), text: z.string().check(z.maxLength(4000)) }),
]);
export type FromWebview = z.infer<typeof FromWebview>;

export const NoticeArea = z.enum(['request', 'plan', 'review', 'run']);
export type NoticeArea = z.infer<typeof NoticeArea>;

export const ToWebview = z.discriminatedUnion('type', [
  /** The whole model: on `ready`, and when the active run changes. */
  z.object({ type: z.literal('snapshot'), model: ViewModel, recent: z.array(z.string()) }),
  /** Changes since the previous message, for the run `runId`. */
  z.object({ type: z.literal('patch'), runId: z.string(), ops: z.array(ViewOp) }),
  z.object({ type: z.literal('recent'), requests: z.array(z.string()) }),
  /** Every apply of the workspace's runs, newest first: on `ready` and when one is made or rolled back. */
  z.object({ type: z.literal('applies'), applies: z.array(ViewApplyEntry) }),
  /** A message for the user near the part it is about (a refused plan edit, a failed request). */
  z.object({
    type: z.literal('notice'),
    area: NoticeArea,
    level: z.enum(['info', 'error']),
    text: z.string(),
    details: z._default(z.array(z.string()), []),
    /** The plan edit that takes back what the notice reports (a removed task): the notice offers Undo. */
    undo: z.optional(PlanEditMessage),
  }),
]);
export type ToWebview = z.infer<typeof ToWebview>;
/** What the extension builds: fields with defaults may be left out. */
export type ToWebviewInput = z.input<typeof ToWebview>;

export type Parsed<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly problems: string };

function parseWith<T>(schema: z.ZodMiniType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  // zod/mini loads no message locale: the issue's code and path say what was wrong.
  const problems = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : 'message'}: ${i.code}${'expected' in i ? ` (expected ${String(i.expected)})` : ''}`)
    .join('; ');
  return { ok: false, problems };
}

export const parseFromWebview = (raw: unknown): Parsed<FromWebview> => parseWith(FromWebview, raw);
export const parseToWebview = (raw: unknown): Parsed<ToWebview> => parseWith(ToWebview, raw);

/** A short name for a dropped message in a log line, without echoing its (possibly large) content. */
export function describeRaw(raw: unknown): string {
  if (raw === null || typeof raw !== 'object') return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return typeof type === 'string' ? `"${type.slice(0, 40)}"` : 'object without a type';
}
