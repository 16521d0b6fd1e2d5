const ini = require('../lib/ini');

test('reads numbers and booleans', () => {
  expect(ini.decode('port=8080\ndebug=true\n')).toEqual({ port: 8080, debug: true });
});
