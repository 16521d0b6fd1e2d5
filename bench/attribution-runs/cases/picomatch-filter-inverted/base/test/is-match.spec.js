const assert = require('node:assert/strict');
const picomatch = require('..');

describe('isMatch', () => {
  it('accepts a list of patterns', () => {
    assert.equal(picomatch.isMatch('a.ts', ['*.js', '*.ts']), true);
  });
});
