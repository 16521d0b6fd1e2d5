'use strict';

// An in-memory stand-in for the database: every write takes a turn of the event loop, as a real
// driver's would, so code that forgets an await is caught here too.
function createDb() {
  return { loans: new Map(), members: new Map() };
}

function tick() {
  return new Promise((resolve) => setImmediate(resolve));
}

module.exports = { createDb, tick };
