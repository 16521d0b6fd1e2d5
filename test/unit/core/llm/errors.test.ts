import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SquadError } from '../../../../src/core/common/errors';
import { redact, toSquadError } from '../../../../src/core/llm/errors';

describe('toSquadError', () => {
  it('keeps a SquadError as it is', () => {
    const err = new SquadError('llm/bad_output', 'x');
    assert.equal(toSquadError(err), err);
  });

  it('turns anything thrown after an abort into cancelled', () => {
    const ctrl = new AbortController();
    ctrl.abort();
    assert.equal(toSquadError(new Error('socket closed'), ctrl.signal).code, 'cancelled');
    const abortError = new DOMException('aborted', 'AbortError');
    assert.equal(toSquadError(abortError).code, 'cancelled');
  });

  it('maps dropped sockets to llm/network and unreadable replies to llm/bad_output', () => {
    const drop = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    assert.equal(toSquadError(drop, undefined, { provider: 'openai' }).code, 'llm/network');
    const parse = toSquadError(new SyntaxError('Unexpected token < in JSON'), undefined, { provider: 'anthropic', model: 'claude-x' });
    assert.equal(parse.code, 'llm/bad_output');
    assert.match(parse.message, /^Anthropic \(claude-x\)/);
  });

  it('never lets a secret through, in the message or the cause', () => {
    const err = toSquadError(new Error('bad key sk-live-abcdef123456 for MYSECRETTOKEN'), undefined, { secrets: ['MYSECRETTOKEN'] });
    assert.ok(!err.message.includes('MYSECRETTOKEN') && !err.message.includes('sk-live-abcdef123456'), err.message);
    assert.ok(!String((err.cause as Error).message).includes('MYSECRETTOKEN'));
  });
});

describe('redact', () => {
  it('blanks given secrets, provider-style keys and bearer tokens', () => {
    assert.equal(redact('key=abcd1234 here', ['abcd1234']), 'key=[redacted] here');
    assert.equal(redact('Incorrect API key provided: sk-proj-AbC123xyz987.'), 'Incorrect API key provided: sk-[redacted].');
    assert.equal(redact('Authorization: Bearer eyJhbGciOi.xyz'), 'Authorization: Bearer [redacted]');
    assert.equal(redact('nothing secret', [undefined, '']), 'nothing secret');
  });
});
