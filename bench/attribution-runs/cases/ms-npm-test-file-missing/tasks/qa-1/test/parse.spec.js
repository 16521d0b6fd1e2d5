const assert = require('node:assert/strict');
const ms = require('..');

describe('parse', () => {
  it('reads negative values', () => {
    assert.equal(ms('-1.5h'), -5400000);
  });
});
