jest.mock('../src/mailer');

const mailer = require('../src/mailer');
const { sendDigest } = require('../src/digest');

const subscribers = [
  { email: 'ada@example.org', name: 'Ada', confirmed: true },
  { email: 'bob@example.org', confirmed: false },
  { email: 'di@example.org', confirmed: true },
];
const posts = [
  { title: 'Release notes', url: 'https://example.org/r' },
  { title: 'Roadmap', url: 'https://example.org/m' },
];

beforeEach(() => jest.clearAllMocks());

test('sends one message per active subscriber and returns their ids', () => {
  const ids = sendDigest(subscribers, posts);
  expect(mailer.send).toHaveBeenCalledTimes(2);
  expect(ids).toEqual(['msg-1', 'msg-2']);
});

test('the body greets the subscriber and lists every post', () => {
  sendDigest(subscribers, posts);
  const [to, subject, body] = mailer.send.mock.calls[0];
  expect(to).toBe('ada@example.org');
  expect(subject).toBe('This week on the blog');
  expect(body).toContain('Hello Ada,');
  expect(body).toContain('- Roadmap (https://example.org/m)');
});

test('nothing is sent without posts', () => {
  expect(sendDigest(subscribers, [])).toEqual([]);
  expect(mailer.send).not.toHaveBeenCalled();
});
