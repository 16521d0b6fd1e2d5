const assert = require('node:assert/strict');
const { channelsFor, notify } = require('../src/notify');

describe('notify', () => {
  it('routes by severity', () => {
    assert.deepEqual(channelsFor({ severity: 'warning' }), ['chat', 'email']);
    assert.throws(() => channelsFor({ severity: 'panic' }), /unknown severity panic/);
  });

  it('sends the rendered message on every channel, in order', async () => {
    const sent = [];
    const sender = (name) => async (message) => {
      sent.push([name, message]);
      return `${name}-1`;
    };
    const results = await notify({ severity: 'warning', title: 'Disk 91% full', host: 'db-2' }, { chat: sender('chat'), email: sender('email') });
    assert.deepEqual(results, [
      { channel: 'chat', id: 'chat-1' },
      { channel: 'email', id: 'email-1' },
    ]);
    assert.deepEqual(sent[0], ['chat', '[WARNING] Disk 91% full on db-2']);
  });
});
