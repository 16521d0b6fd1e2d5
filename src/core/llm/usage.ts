/**
 * What a run cost, from token usage and a price table the user can override. A model with no known
 * price has an unknown cost: never a made-up number.
 */
import type { Usage } from './chatModel';

/** USD per million tokens. Cache prices default to the input price when absent. */
export interface Price {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
  readonly cacheReadPerMTok?: number;
  readonly cacheWritePerMTok?: number;
}

/**
 * Public list prices (standard tier). Anthropic's cache write is the 5-minute-TTL price; OpenAI
 * caches automatically and charges nothing extra for writes.
 */
export const DEFAULT_PRICES: Record<string, Price> = {
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2, cacheReadPerMTok: 0.025 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6, cacheReadPerMTok: 0.1 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4, cacheReadPerMTok: 0.025 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, cacheReadPerMTok: 1.25 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, cacheReadPerMTok: 0.075 },
  'o3': { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 },
  'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4, cacheReadPerMTok: 0.275 },
  'claude-opus-4-1': { inputPerMTok: 15, outputPerMTok: 75, cacheReadPerMTok: 1.5, cacheWritePerMTok: 18.75 },
  'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5, cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.25 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4, cacheReadPerMTok: 0.08, cacheWritePerMTok: 1 },
};

/**
 * Only a date or '-latest' may follow a known id: 'claude-sonnet-4-5-20250929' and
 * 'gpt-4.1-2025-04-14' are priced, but 'gpt-4.1-nano' never takes the price of 'gpt-4.1'.
 */
const VERSION_SUFFIX = /^-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/;

export function priceOf(model: string, table: Record<string, Price>): Price | undefined {
  if (Object.hasOwn(table, model)) return table[model];
  for (const [id, price] of Object.entries(table)) {
    if (model.startsWith(id) && VERSION_SUFFIX.test(model.slice(id.length))) return price;
  }
  return undefined;
}

export function costOf(model: string, usage: Usage, overrides?: Record<string, Price>): number | undefined {
  const price = (overrides && priceOf(model, overrides)) ?? priceOf(model, DEFAULT_PRICES);
  if (!price) return undefined;
  const perToken = (perM: number | undefined): number => (perM ?? price.inputPerMTok) / 1_000_000;
  return (
    usage.input * perToken(price.inputPerMTok) +
    usage.output * price.outputPerMTok / 1_000_000 +
    usage.cacheRead * perToken(price.cacheReadPerMTok) +
    usage.cacheWrite * perToken(price.cacheWritePerMTok)
  );
}

export function formatCost(cost: number | undefined): string {
  if (cost === undefined || !Number.isFinite(cost)) return 'unknown';
  return `$${cost.toFixed(cost >= 1 ? 2 : 4)}`;
}
