const { test } = require('node:test');
const assert = require('node:assert/strict');
const { connect } = require('../src/db');

// Needs the Postgres of docker-compose.yml running (see the README's "Integration tests").
test('the database accepts connections', async () => {
  const socket = await connect();
  try {
    assert.equal(socket.readyState, 'open');
  } finally {
    socket.destroy();
  }
});
