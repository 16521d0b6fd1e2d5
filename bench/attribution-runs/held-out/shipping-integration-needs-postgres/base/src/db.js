'use strict';

const net = require('node:net');

// Opens a TCP connection to the database server named by DATABASE_URL (the local Postgres of the
// developer setup by default). The repository layer speaks the wire protocol over it.
function connect(url = process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/shipping') {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

module.exports = { connect };
