import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` (synchronous SQL only) in a `BEGIN IMMEDIATE` transaction:
 * COMMIT when it returns, ROLLBACK when it throws. IMMEDIATE takes SQLite's
 * write lock up front (sqlite.org/lang_transaction.html), so a check and the write
 * that depends on it are atomic across processes sharing the file (the CLI
 * and a server), and a second writer waits (`busy_timeout`) instead of
 * failing to upgrade a read lock. The rollback is skipped when SQLite has
 * already ended the transaction itself (some errors do: "Response To Errors
 * Within A Transaction", same page), so the caller sees the original error.
 */
export function withSqliteTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
