import type { DatabaseSync } from 'node:sqlite';

/** Versions recorded in the migrations table `table` (see `SqliteSchema`), ascending. */
export function listSqliteSchemaVersions(db: DatabaseSync, table: string): number[] {
  return (db.prepare(`SELECT version FROM ${table} ORDER BY version`).all() as { version: number }[]).map((r) => r.version);
}
