const assert = require('node:assert/strict');
const { sendWelcome } = require('../src/service/notify');

function fakeMailer(result) {
  const sent = [];
  return {
    sent,
    send(message, callback) {
      sent.push(message);
      setImmediate(() => (result instanceof Error ? callback(result) : callback(null, result)));
    },
  };
}

describe('sendWelcome', () => {
  it('resolves with the message id', async () => {
    const mailer = fakeMailer({ id: 'm-1' });
    assert.equal(await sendWelcome(mailer, { name: 'Ada', email: 'ada@example.com' }), 'm-1');
    assert.equal(mailer.sent[0].subject, 'Welcome, Ada');
  });

  it('rejects when the mailer fails', async () => {
    const mailer = fakeMailer(new Error('smtp down'));
    await assert.rejects(sendWelcome(mailer, { name: 'Ada', email: 'ada@example.com' }), /smtp down/);
  });
});
