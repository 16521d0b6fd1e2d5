const { Command, Option } = require('../index.js');

test('hidden options stay out of the help', () => {
  const program = new Command('x').addOption(new Option('--secret').hideHelp());
  expect(program.helpInformation()).not.toMatch(/--secret/);
});
