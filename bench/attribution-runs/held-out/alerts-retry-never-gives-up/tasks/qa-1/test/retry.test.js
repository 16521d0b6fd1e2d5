const assert = require('node:assert/strict');
const { deliverWithRetry } = require('../src/notify');

describe('deliverWithRetry', () => {
  it('returns the id of the first successful attempt', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 2) throw new Error('503 from the chat API');
      return 'chat-7';
    };
    assert.equal(await deliverWithRetry(flaky, 'hello', { attempts: 3, backoffMs: 1 }), 'chat-7');
    assert.equal(calls, 2);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    const down = async () => {
      calls += 1;
      throw new Error(`503 (attempt ${calls})`);
    };
    await assert.rejects(deliverWithRetry(down, 'hello', { attempts: 3, backoffMs: 1 }), /503 \(attempt 3\)/);
    assert.equal(calls, 3);
  });
});
