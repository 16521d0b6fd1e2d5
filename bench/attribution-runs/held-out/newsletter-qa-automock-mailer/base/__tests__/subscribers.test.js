const { active, byFrequency } = require('../src/subscribers');

const list = [
  { email: 'ada@example.org', confirmed: true },
  { email: 'bob@example.org', confirmed: false },
  { email: 'cy@example.org', confirmed: true, unsubscribedAt: '2024-01-02' },
  { email: 'di@example.org', confirmed: true, frequency: 'daily' },
];

test('only confirmed subscribers who did not leave are active', () => {
  expect(active(list).map((s) => s.email)).toEqual(['ada@example.org', 'di@example.org']);
});

test('frequency defaults to weekly', () => {
  expect(byFrequency(list, 'weekly').map((s) => s.email)).toEqual(['ada@example.org']);
  expect(byFrequency(list, 'daily').map((s) => s.email)).toEqual(['di@example.org']);
});
