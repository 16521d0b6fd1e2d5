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
  test('resolves with the message id', async () => {
    const mailer = fakeMailer({ id: 'm-1' });
    expect(await sendWelcome(mailer, { name: 'Ada', email: 'ada@example.com' })).toBe('m-1');
    expect(mailer.sent[0].subject).toBe('Welcome, Ada');
  });

  test('rejects when the mailer fails', async () => {
    const mailer = fakeMailer(new Error('smtp down'));
    await expect(sendWelcome(mailer, { name: 'Ada', email: 'ada@example.com' })).rejects.toThrow('smtp down');
  });
});
