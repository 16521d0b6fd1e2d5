/**
 * Which of the project's instruction files went into a prompt (src/core/instructions): the
 * planner's (no taskId) or a task's for one round. Journaled so the user sees, in the sidebar and
 * `--json`, what each agent was told; a resumed task that was told the same is not journaled again.
 */
import { z } from 'zod';
import { INSTRUCTION_SOURCES, INSTRUCTION_STATUSES, type InstructionsRecord } from '../instructions/types';
import { defineEvent } from './eventSchema';

const InstructionUseRecord = z.object({
  path: z.string(),
  source: z.enum(INSTRUCTION_SOURCES),
  status: z.enum(INSTRUCTION_STATUSES),
  tokens: z.number().int().nonnegative(),
  why: z.string(),
});

const InstructionsUsed = defineEvent('instructions.used', {
  /** Absent: the planner's prompt. */
  taskId: z.string().optional(),
  /** 0 for the task's first proposal, k for its k-th fix round. */
  round: z.number().int().nonnegative().default(0),
  budget: z.number().int().positive(),
  files: z.array(InstructionUseRecord),
});

export const INSTRUCTION_EVENT_SCHEMAS = [InstructionsUsed] as const;

/** A task's record for one round, as the projection keeps it. */
export interface RoundInstructions extends InstructionsRecord {
  readonly round: number;
}

/** The rounds' records with this one in place of any earlier record of its round, in round order. */
export function withRound(rounds: readonly RoundInstructions[] | undefined, next: RoundInstructions): RoundInstructions[] {
  return [...(rounds ?? []).filter((r) => r.round !== next.round), next].sort((a, b) => a.round - b.round);
}

/** Whether the record says the same as the one already journaled (so a resume need not journal it again). */
export function sameRecord(a: InstructionsRecord | undefined, b: InstructionsRecord): boolean {
  return a !== undefined && a.budget === b.budget && JSON.stringify(a.files) === JSON.stringify(b.files);
}
