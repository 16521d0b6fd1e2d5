import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrate.js';

/**
 * Opens (creating if needed) the database and brings its schema up to date.
 * The default in-memory database is what the tests use.
 * @param {string} [filename]
 */
export function openDatabase(filename = ':memory:') {
  const inMemory = filename === ':memory:';
  if (!inMemory) mkdirSync(dirname(filename), { recursive: true });
  const db = new DatabaseSync(filename);
  db.exec('PRAGMA foreign_keys = ON');
  // WAL lets readers keep going while a write is in progress; meaningless for :memory:.
  if (!inMemory) db.exec('PRAGMA journal_mode = WAL');
  migrate(db);
  return db;
}
