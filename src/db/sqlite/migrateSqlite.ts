import type { DatabaseSync } from 'node:sqlite';
import type { SqliteSchema } from './SqliteSchema.ts';
import { listSqliteSchemaVersions } from './listSqliteSchemaVersions.ts';
import { withSqliteTransaction } from './withSqliteTransaction.ts';

/**
 * Brings a store's schema up to date: creates its migrations table if
 * missing, then applies each migration not yet recorded, in version order,
 * each in its own write transaction together with its record. Whether a
 * migration is recorded is checked inside that transaction, under the write
 * lock, so two processes opening a new data dir at once apply each migration
 * once: the second waits, then finds it recorded. A migration that fails
 * rolls back alone; those before it stay applied.
 */
export function migrateSqlite(db: DatabaseSync, schema: SqliteSchema): void {
  const { table } = schema;
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const ordered = [...schema.migrations].sort((a, b) => a.version - b.version);
  if (schema.refuseNewerAs !== undefined) {
    const known = new Set(ordered.map((m) => m.version));
    const unknown = listSqliteSchemaVersions(db, table).filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`${schema.refuseNewerAs} schema version ${Math.max(...unknown)} is newer than this Kinora knows (${Math.max(0, ...known)}); upgrade Kinora`);
    }
  }
  for (const m of ordered) {
    withSqliteTransaction(db, () => {
      if (db.prepare(`SELECT 1 FROM ${table} WHERE version = ?`).get(m.version)) return;
      db.exec(m.sql);
      db.prepare(`INSERT INTO ${table} (version, name, applied_at) VALUES (?, ?, ?)`).run(m.version, m.name, new Date().toISOString());
    });
  }
}
