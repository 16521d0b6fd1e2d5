import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/database.js';
import { createApp } from './app.js';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const dbFile = process.env.TASKBOARD_DB
  ?? fileURLToPath(new URL('../../data/taskboard.db', import.meta.url));

const db = openDatabase(dbFile);
const server = createApp({ db });

server.listen(port, host, () => {
  const { port: actualPort } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`Taskboard listening on http://${host}:${actualPort} (database: ${dbFile})`);
});

function shutdown() {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
