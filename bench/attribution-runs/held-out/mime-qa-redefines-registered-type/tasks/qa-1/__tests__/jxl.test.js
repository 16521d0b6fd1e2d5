const mime = require('..');

beforeAll(() => {
  // Register JPEG XL the way the image service does at startup.
  mime.define({ 'image/jxl': ['jxl'] });
});

test('getType knows JPEG XL files', () => {
  expect(mime.getType('uploads/cat.jxl')).toBe('image/jxl');
  expect(mime.getType('CAT.JXL')).toBe('image/jxl');
});

test('getExtension of JPEG XL is jxl', () => {
  expect(mime.getExtension('image/jxl')).toBe('jxl');
});

test('extensions given with a leading dot are accepted', () => {
  const Mime = require('../Mime');
  const custom = new Mime({ 'image/jxl': ['.jxl'] });
  expect(custom.getType('a.jxl')).toBe('image/jxl');
});
