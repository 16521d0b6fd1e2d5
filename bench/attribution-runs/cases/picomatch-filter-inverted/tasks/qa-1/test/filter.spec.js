const assert = require('node:assert/strict');
const picomatch = require('..');

describe('filter', () => {
  const files = ['src/app.js', 'src/app.test.js', 'README.md', 'src/util.ts'];

  it('keeps the matching items in order', () => {
    assert.deepEqual(picomatch.filter(files, 'src/*.js'), ['src/app.js', 'src/app.test.js']);
  });

  it('accepts several patterns', () => {
    assert.deepEqual(picomatch.filter(files, ['*.md', '**/*.ts']), ['README.md', 'src/util.ts']);
  });

  it('returns an empty list when nothing matches', () => {
    assert.deepEqual(picomatch.filter(files, '*.css'), []);
  });
});
