import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSquadError } from '../../../../src/core/common/errors';
import { baseUrlProblem } from '../../../../src/core/llm/baseUrl';
import { createChatModel } from '../../../../src/core/llm/factory';

describe('baseUrlProblem', () => {
  it('accepts http(s) URLs with a host, a port in range and a path', () => {
    for (const ok of ['http://localhost:11434/v1', 'https://api.openai.com/v1', 'http://127.0.0.1:1/v1', 'http://[::1]:8080/v1', 'https://proxy.example.com', 'http://user:pw@host:65535/']) {
      assert.equal(baseUrlProblem(ok), undefined, ok);
    }
  });

  it('names the port when it is out of range or not a number', () => {
    assert.equal(baseUrlProblem('http://localhost:99999/v1'), 'the port 99999 is out of range (1-65535)');
    assert.equal(baseUrlProblem('http://localhost:0/v1'), 'the port 0 is out of range (1-65535)');
    assert.equal(baseUrlProblem('http://localhost:80a/v1'), 'the port "80a" is not a number');
  });

  it('refuses other schemes, a missing host, spaces and a query or fragment', () => {
    assert.match(baseUrlProblem('localhost:11434') ?? '', /http:\/\/ or https:\/\//);
    assert.match(baseUrlProblem('ftp://host/v1') ?? '', /http:\/\/ or https:\/\//);
    assert.equal(baseUrlProblem('http:///v1'), 'it names no host');
    assert.equal(baseUrlProblem('http://my host/v1'), 'it is not a valid URL');
    assert.match(baseUrlProblem('http://host/v1?key=x') ?? '', /query/);
    assert.match(baseUrlProblem('http://host/v1#frag') ?? '', /fragment/);
  });

  it('is checked when a model is made, before any request', () => {
    for (const provider of ['openai', 'anthropic'] as const) {
      assert.throws(
        () => createChatModel({ provider, model: 'm', apiKey: 'k', baseUrl: 'http://localhost:99999/v1' }),
        (e) => isSquadError(e, 'config/invalid') && /port 99999 is out of range/.test(e.message),
      );
    }
  });
});
