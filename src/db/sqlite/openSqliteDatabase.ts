import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SqliteSchema } from './SqliteSchema.ts';
import { migrateSqlite } from './migrateSqlite.ts';

/**
 * Opens (creating it and its folder if needed) the SQLite file of one store
 * on Node's built-in SQLite (`node:sqlite`, no native addon to build), or an
 * in-memory database for `':memory:'`, and migrates it to `schema`.
 *
 * WAL mode (SQLite "Write-Ahead Logging") lets readers go on while one
 * process writes, so the CLI can register assets or jobs while a server
 * reads the same file; `busy_timeout` makes a writer wait up to 5 s for the
 * write lock instead of failing at once with SQLITE_BUSY. When the pragmas
 * or a migration fail the database is closed before the error is thrown, so
 * a store that failed to open holds no file handle.
 */
export function openSqliteDatabase(path: string, schema: SqliteSchema): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
    migrateSqlite(db, schema);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
