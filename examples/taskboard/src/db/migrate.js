import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

// Files are applied in name order, so names start with a zero-padded number: 001_init.sql, 002_….sql
const MIGRATION_FILE = /^\d+_[\w-]+\.sql$/;

/**
 * Applies every migration in `dir` not yet recorded in schema_migrations.
 * Each file runs in its own transaction, so a failing migration leaves no half-applied schema.
 * @param {import('node:sqlite').DatabaseSync} db
 * @returns {string[]} the file names applied by this call
 */
export function migrate(db, dir = MIGRATIONS_DIR) {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name       TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  const applied = new Set(db.prepare('SELECT name FROM schema_migrations').all().map((row) => row.name));
  const pending = readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name) && !applied.has(name))
    .sort();
  const record = db.prepare('INSERT INTO schema_migrations (name) VALUES (?)');

  for (const name of pending) {
    db.exec('BEGIN');
    try {
      db.exec(readFileSync(join(dir, name), 'utf8'));
      record.run(name);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`Migration ${name} failed: ${error.message}`, { cause: error });
    }
  }
  return pending;
}
