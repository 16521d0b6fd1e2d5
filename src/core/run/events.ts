/**
 * The run's events: the one source of truth (see docs/design.md). Each event is an envelope
 * (run id, sequence number, time) plus a payload discriminated by `type`.
 *
 * To add an event type: define it with `defineEvent` below, add it to `EVENT_SCHEMAS`, and give
 * it a handler in reduce.ts (the compiler asks for one).
 */
import { z } from 'zod';
import { SquadError } from '../common/errors';
import { PlanSchema } from '../plan/schema';
import { RoleSpecSchema } from '../agents/roles/spec';
import { defineEvent, envelope, UsageSchema } from './eventSchema';
import { TASK_EVENT_SCHEMAS } from './taskEvents';
import { INSTRUCTION_EVENT_SCHEMAS } from './instructionEvents';
import { REVIEW_EVENT_SCHEMAS } from './reviewEvents';
import { TEST_EVENT_SCHEMAS } from './testEvents';
import { REPLAY_EVENT_SCHEMAS } from './replayEvents';
import { BUDGET_EVENT_SCHEMAS } from './budgetEvents';
import { REVISION_EVENT_SCHEMAS } from './revisionEvents';

export { UsageSchema };

// --- planning --------------------------------------------------------------------------------

const RunStarted = defineEvent('run.started', {
  request: z.string(),
  workspaceName: z.string(),
  roles: z.array(z.string()),
  /** Each role as the run uses it and where it came from (absent in older journals: built-in by name). */
  roster: z.array(RoleSpecSchema).optional(),
});

/** The planner is about to ask the model for a plan (attempt counts from 1). */
const PlanRequested = defineEvent('plan.requested', { attempt: z.number().int().positive() });

/** The model's plan was invalid; these problems went back to it. */
const PlanRejected = defineEvent('plan.rejected', {
  attempt: z.number().int().positive(),
  problems: z.array(z.string()),
});

const PlanProposed = defineEvent('plan.proposed', { plan: PlanSchema, attempt: z.number().int().positive() });

/** The user edited the plan at the plan gate; `plan` is the whole plan after the edit (validated). */
const PlanEdited = defineEvent('plan.edited', { plan: PlanSchema, edit: z.string() });

// --- execution (see taskEvents.ts) ------------------------------------------------------------

// --- cross-cutting ---------------------------------------------------------------------------

/** One finished model call. `cost` is absent when the price of the model is unknown. */
const ModelUsage = defineEvent('model.usage', {
  role: z.string(),
  taskId: z.string().optional(),
  model: z.string(),
  usage: UsageSchema,
  cost: z.number().nonnegative().optional(),
});

/**
 * planned: `squad plan` stopped after planning; completed: every task proposed its changes;
 * incomplete: some tasks failed or were blocked; cancelled: the user stopped the run.
 */
const RunFinished = defineEvent('run.finished', { outcome: z.enum(['planned', 'completed', 'incomplete', 'cancelled']) });

const RunFailed = defineEvent('run.failed', {
  /** A SquadErrorCode, or 'internal' for anything else. Kept a string so old journals still parse. */
  code: z.string(),
  message: z.string(),
  details: z.array(z.string()).optional(),
});

const EVENT_SCHEMAS = [
  RunStarted,
  PlanRequested,
  PlanRejected,
  PlanProposed,
  PlanEdited,
  ...TASK_EVENT_SCHEMAS,
  ...INSTRUCTION_EVENT_SCHEMAS,
  ...TEST_EVENT_SCHEMAS,
  ...REVIEW_EVENT_SCHEMAS,
  ...REPLAY_EVENT_SCHEMAS,
  ...REVISION_EVENT_SCHEMAS,
  ...BUDGET_EVENT_SCHEMAS,
  ModelUsage,
  RunFinished,
  RunFailed,
] as const;

export const RunEventSchema = z.discriminatedUnion('type', EVENT_SCHEMAS);

export type RunEvent = z.infer<typeof RunEventSchema>;
export type RunEventType = RunEvent['type'];
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
export type RunEventUsage = z.infer<typeof UsageSchema>;

type EnvelopeKey = keyof typeof envelope;
type WithoutEnvelope<E> = E extends unknown ? Omit<E, EnvelopeKey> : never;

/** What callers emit: the session adds run id, sequence number and time. */
export type RunEventPayload = WithoutEnvelope<RunEvent>;
export type RunEventPayloadOf<T extends RunEventType> = WithoutEnvelope<RunEventOf<T>>;

export const RUN_EVENT_TYPES: readonly RunEventType[] = EVENT_SCHEMAS.map((s) => s.shape.type.value);

export type RunEventParse = { readonly ok: true; readonly event: RunEvent } | { readonly ok: false; readonly problems: string[] };

/** Parses without throwing; problems name the offending field (`plan.tasks[0].id: …`). */
export function safeParseRunEvent(json: unknown): RunEventParse {
  const result = RunEventSchema.safeParse(json);
  if (result.success) return { ok: true, event: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : 'event'}: ${i.message}`),
  };
}

/** The event, or SquadError('journal/corrupt'): events only ever come from a journal or a recording. */
export function parseRunEvent(json: unknown): RunEvent {
  const result = safeParseRunEvent(json);
  if (result.ok) return result.event;
  throw new SquadError('journal/corrupt', `Not a valid run event: ${result.problems.join('; ')}`, {
    details: result.problems,
  });
}
