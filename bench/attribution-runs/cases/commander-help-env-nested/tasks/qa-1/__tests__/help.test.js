const { Command, Option } = require('../index.js');

function help(...options) {
  const program = new Command('serve');
  for (const option of options) program.addOption(option);
  return program.helpInformation();
}

describe('option help', () => {
  test('shows the environment variable of an option', () => {
    expect(help(new Option('-p, --port <n>', 'port to listen on').env('PORT'))).toMatch(/port to listen on \(env: PORT\)/);
  });

  test('shows default and env together', () => {
    expect(help(new Option('--host <name>', 'interface').default('127.0.0.1').env('HOST'))).toMatch(/interface \(default: "127.0.0.1", env: HOST\)/);
  });

  test('shows the preset of an optional value', () => {
    expect(help(new Option('--cache [dir]', 'cache folder').preset('.cache'))).toMatch(/cache folder \(preset: ".cache"\)/);
  });
});
