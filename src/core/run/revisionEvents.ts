/**
 * Events of a revision the user asked for: a comment on a task, file or hunk goes back to that
 * task's agent, which revises in a round of its own (`fix.started` … `fix.finished` with that
 * round, so replay and the proposal's history work as for a fix round). Tasks that depend on it
 * and had already proposed are told (`dependency.revised`).
 */
import { z } from 'zod';
import { defineEvent } from './eventSchema';
import { ReviewScope } from './reviewEvents';

/** The user's words on part of a task's proposal; `excerpt`: the hunk's lines as the user saw them (hunk ids do not survive a revision). */
const RevisionRequested = defineEvent('revision.requested', {
  taskId: z.string(),
  round: z.number().int().positive(),
  scope: ReviewScope,
  comment: z.string().min(1),
  excerpt: z.string().optional(),
});

/**
 * `dependency` was revised (its round `dependencyRound`) after `taskId` had proposed on top of it.
 * `round`: the dependent's own short round that looks at the new diff; absent when it is only told
 * (a dependent further down the graph).
 */
const DependencyRevised = defineEvent('dependency.revised', {
  taskId: z.string(),
  dependency: z.string(),
  dependencyRound: z.number().int().positive(),
  round: z.number().int().positive().optional(),
});

export const REVISION_EVENT_SCHEMAS = [RevisionRequested, DependencyRevised] as const;
