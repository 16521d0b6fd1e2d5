'use strict';

// The outgoing transport. In production this wraps the SMTP relay; the queue keeps what was sent
// so the admin page can show it.
const outbox = [];
let counter = 0;

function send(to, subject, body) {
  if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(to)) throw new Error(`invalid recipient ${to}`);
  counter += 1;
  const receipt = { id: `msg-${counter}`, to, subject, bytes: Buffer.byteLength(body) };
  outbox.push(receipt);
  return receipt;
}

function sent() {
  return outbox.slice();
}

module.exports = { send, sent };
