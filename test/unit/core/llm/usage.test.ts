import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZERO_USAGE } from '../../../../src/core/llm/chatModel';
import { DEFAULT_PRICES, costOf, formatCost, priceOf } from '../../../../src/core/llm/usage';

const close = (a: number | undefined, b: number): void => assert.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

describe('pricing', () => {
  it('prices a known model from input, output and cache tokens', () => {
    // claude-sonnet-4-5: $3 in, $15 out, $0.30 cache read, $3.75 cache write per MTok.
    const cost = costOf('claude-sonnet-4-5', { input: 1_000_000, output: 100_000, cacheRead: 2_000_000, cacheWrite: 10_000 });
    close(cost, 3 + 1.5 + 0.6 + 0.0375);
  });

  it('prices cached OpenAI input at the cached rate', () => {
    close(costOf('gpt-4.1', { input: 500_000, output: 0, cacheRead: 1_000_000, cacheWrite: 0 }), 1 + 0.5);
  });

  it('matches dated snapshots and -latest by prefix, but not other models sharing a prefix', () => {
    assert.equal(priceOf('claude-sonnet-4-5-20250929', DEFAULT_PRICES), DEFAULT_PRICES['claude-sonnet-4-5']);
    assert.equal(priceOf('gpt-4.1-2025-04-14', DEFAULT_PRICES), DEFAULT_PRICES['gpt-4.1']);
    assert.equal(priceOf('claude-3-5-haiku-latest', DEFAULT_PRICES), DEFAULT_PRICES['claude-3-5-haiku']);
    assert.equal(priceOf('gpt-4o-mini', DEFAULT_PRICES), DEFAULT_PRICES['gpt-4o-mini']);
    assert.equal(priceOf('gpt-4o-audio-preview', DEFAULT_PRICES), undefined);
  });

  it('lets overrides win and price models the table does not know', () => {
    const overrides = { 'gpt-4.1': { inputPerMTok: 1, outputPerMTok: 1 }, 'llama3.1:8b': { inputPerMTok: 0, outputPerMTok: 0 } };
    close(costOf('gpt-4.1', { input: 1_000_000, output: 1_000_000, cacheRead: 1_000_000, cacheWrite: 0 }, overrides), 3);
    assert.equal(costOf('llama3.1:8b', { input: 5000, output: 5000, cacheRead: 0, cacheWrite: 0 }, overrides), 0);
  });

  it('returns undefined for an unknown model, never a guess', () => {
    assert.equal(costOf('my-local-model', { input: 1000, output: 1000, cacheRead: 0, cacheWrite: 0 }), undefined);
    assert.equal(costOf('toString', ZERO_USAGE), undefined);
  });

  it('formats costs', () => {
    assert.equal(formatCost(0.0123), '$0.0123');
    assert.equal(formatCost(0), '$0.0000');
    assert.equal(formatCost(12.345), '$12.35');
    assert.equal(formatCost(undefined), 'unknown');
  });
});
