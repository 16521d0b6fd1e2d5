import { z } from 'zod';

export const StockEntry = z.object({
  sku: z.string().min(1),
  location: z.string().regex(/^[A-Z]\d+$/),
  quantity: z.number().int().nonnegative(),
});

export function parseEntries(json) {
  return z.array(StockEntry).parse(JSON.parse(json));
}
