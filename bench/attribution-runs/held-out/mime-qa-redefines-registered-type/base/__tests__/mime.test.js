const mime = require('..');
const Mime = require('../Mime');

test('getType reads the extension of a path or a bare extension', () => {
  expect(mime.getType('docs/readme.md')).toBe('text/markdown');
  expect(mime.getType('photo.JPG')).toBe('image/jpeg');
  expect(mime.getType('json')).toBe('application/json');
  expect(mime.getType('archive.unknownext')).toBeNull();
});

test('getExtension gives the preferred extension and ignores parameters', () => {
  expect(mime.getExtension('text/html; charset=utf-8')).toBe('html');
  expect(mime.getExtension('image/avif')).toBe('avif');
  expect(mime.getExtension('application/x-nothing')).toBeNull();
});

test('a custom instance can map its own types', () => {
  const custom = new Mime({ 'application/x-squad-plan': ['squadplan'] });
  expect(custom.getType('today.squadplan')).toBe('application/x-squad-plan');
  expect(custom.getExtension('application/x-squad-plan')).toBe('squadplan');
});

test('redefining an extension needs force', () => {
  const custom = new Mime({ 'text/a': ['x'] });
  expect(() => custom.define({ 'text/b': ['x'] })).toThrow(/Attempt to change mapping for "x"/);
  custom.define({ 'text/b': ['x'] }, true);
  expect(custom.getType('x')).toBe('text/b');
});
