/** Format detection on every real output, hints, and no false positives on other tools' output. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { detectFormat, parseTestOutput } from '../../../../../src/core/testing/parsers';
import { CORPUS, expectedFormat, jsCases, readOutput } from './corpus';

describe('detectFormat', () => {
  it('recognises every output of the JS corpus', () => {
    for (const c of jsCases()) {
      for (const [reporter, file] of Object.entries(c.outputs)) {
        assert.equal(detectFormat(readOutput(c, file)), expectedFormat(c, reporter), `${c.dir}/${reporter}`);
      }
    }
  });

  it('does not take pytest or go output for a JS reporter', () => {
    const js = /^(?:jest|vitest|mocha|node)-/;
    let seen = 0;
    for (const dir of readdirSync(CORPUS).filter((d) => /^(?:pytest|go)-/.test(d))) {
      for (const file of readdirSync(path.join(CORPUS, dir)).filter((f) => f.startsWith('output.'))) {
        const format = detectFormat(readFileSync(path.join(CORPUS, dir, file), 'utf8'));
        assert.doesNotMatch(format, js, `${dir}/${file} read as ${format}`);
        seen++;
      }
    }
    assert.ok(seen >= 0);
  });

  it('says unknown for output no parser recognises', () => {
    assert.equal(detectFormat(''), 'unknown');
    assert.equal(detectFormat('Compiling…\nerror[E0425]: cannot find value `x`\n'), 'unknown');
    assert.equal(detectFormat('{"not":"a report"}'), 'unknown');
  });
});

describe('formatHint', () => {
  const c = jsCases().find((x) => x.dir === 'jest-deep-throw');
  it('reads the console part of a mixed output when asked to', () => {
    assert.ok(c);
    const mixed = readOutput(c, c.outputs['json-console'] ?? '');
    assert.equal(parseTestOutput(mixed).format, 'jest-json');
    const asText = parseTestOutput(mixed, { formatHint: 'jest-text' });
    assert.equal(asText.format, 'jest-text');
    assert.equal(asText.failures[0]?.test, 'orderTotal › applies a percent coupon');
  });

  it('ignores a hint the text does not match', () => {
    assert.ok(c);
    const r = parseTestOutput(readOutput(c, c.outputs.text ?? ''), { formatHint: 'mocha-json' });
    assert.equal(r.format, 'jest-text');
    assert.equal(r.failed, 1);
  });
});
