const { send, sent } = require('../src/mailer');

test('send returns a receipt and keeps it in the outbox', () => {
  const receipt = send('ada@example.org', 'Hi', 'body');
  expect(receipt).toMatchObject({ to: 'ada@example.org', subject: 'Hi', bytes: 4 });
  expect(receipt.id).toMatch(/^msg-\d+$/);
  expect(sent()).toContainEqual(receipt);
});

test('send refuses an address without a domain', () => {
  expect(() => send('ada', 'Hi', 'body')).toThrow('invalid recipient ada');
});
