/**
 * What a retry tells the front end while it waits, and which model errors no retry can fix. No
 * SDK import: the extension loads this at activation, the SDKs only when a run needs them.
 */
import { isSquadError } from '../common/errors';

export type RetryReason = 'rate_limited' | 'server' | 'network' | 'timeout';

/** One retry about to wait: reported before the wait starts. */
export interface RetryNotice {
  readonly provider: string;
  readonly model: string;
  readonly reason: RetryReason;
  /** The HTTP status that caused it; absent for connection failures. */
  readonly status?: number;
  /** How long the call waits before trying again. */
  readonly delayMs: number;
  /** 1 for the first retry. */
  readonly attempt: number;
  readonly maxRetries: number;
}

export type RetryListener = (notice: RetryNotice) => void;

const LABELS: Record<string, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };
const WHY: Record<RetryReason, string> = { rate_limited: 'rate limited', server: 'server error', network: 'could not connect', timeout: 'timed out' };

/** "OpenAI (gpt-4.1-mini) rate limited (HTTP 429), retrying in 2 s (retry 1 of 2)". */
export function describeRetry(n: RetryNotice): string {
  const who = `${LABELS[n.provider] ?? n.provider} (${n.model})`;
  const status = n.status === undefined ? '' : ` (HTTP ${n.status})`;
  return `${who} ${WHY[n.reason]}${status}, retrying in ${seconds(n.delayMs)} (retry ${n.attempt} of ${n.maxRetries})`;
}

function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s >= 10 || Number.isInteger(s) ? `${Math.round(s)} s` : `${s.toFixed(1)} s`;
}

/**
 * A model error no retry can fix: the key is refused, or the endpoint refuses the model or the
 * request (HTTP 400/404/422). Asking again, for this task or another, fails the same way.
 */
export function isPermanentModelError(err: unknown): boolean {
  return isSquadError(err) && (err.code === 'llm/auth' || err.code === 'config/invalid' || err.code === 'config/missing_key');
}
