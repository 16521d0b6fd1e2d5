const assert = require('node:assert/strict');
const { render } = require('../src/templates');

describe('render', () => {
  it('puts the severity first and the host last', () => {
    assert.equal(render({ severity: 'critical', title: 'API down', host: 'web-1' }), '[CRITICAL] API down on web-1');
    assert.equal(render({ severity: 'info', title: 'Deploy done' }), '[INFO] Deploy done');
  });
});
