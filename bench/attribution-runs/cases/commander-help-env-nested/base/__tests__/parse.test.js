const { Command } = require('../index.js');

test('parses a required option', () => {
  const program = new Command().option('-p, --port <n>').parse(['-p', '80'], { from: 'user' });
  expect(program.opts().port).toBe('80');
});
