const { postLine, greeting } = require('../src/templates');

test('a post line shows the title and the link', () => {
  expect(postLine({ title: 'Release\nnotes', url: 'https://example.org/r' })).toBe('- Release notes (https://example.org/r)');
});

test('the greeting uses the name when there is one', () => {
  expect(greeting({ name: 'Ada' })).toBe('Hello Ada,');
  expect(greeting({})).toBe('Hello,');
});
