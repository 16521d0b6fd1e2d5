/** The envelope every run event carries, and the helper that defines an event type. */
import { z } from 'zod';

export const envelope = {
  runId: z.string().min(1),
  /** 0, 1, 2, … per run, in journal order. */
  seq: z.number().int().nonnegative(),
  /** Milliseconds since the epoch, from the session's clock. */
  at: z.number(),
};

export function defineEvent<const T extends string, S extends z.ZodRawShape>(type: T, payload: S) {
  return z.object({ type: z.literal(type), ...payload, ...envelope });
}

export const UsageSchema = z.object({
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  cacheRead: z.number().int().nonnegative(),
  cacheWrite: z.number().int().nonnegative(),
});
