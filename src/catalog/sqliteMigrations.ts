import type { SqliteMigration } from '../db/sqlite/SqliteMigration.ts';

/**
 * The SQLite catalog schema as numbered, append-only migrations. `SqliteCatalog`
 * applies the ones whose version is not yet in `schema_migrations`, each in
 * its own transaction, so a data dir made by any earlier Kinora opens with any
 * later one. Never edit an applied migration: append a new one.
 *
 * Version 1 is the schema Kinora had before migrations were tracked (its
 * `IF NOT EXISTS` makes it a no-op on such data dirs).
 */
export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'records as JSON documents plus lookup columns',
    sql: `
      CREATE TABLE IF NOT EXISTS packaging_groups (id TEXT PRIMARY KEY, hash TEXT UNIQUE NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS packaging_configurations (id TEXT PRIMARY KEY, group_id TEXT NOT NULL, hash TEXT UNIQUE NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS assets (id TEXT PRIMARY KEY, group_id TEXT NOT NULL, hash TEXT UNIQUE NOT NULL, doc TEXT NOT NULL, source_index BLOB);
    `,
  },
  {
    version: 2,
    name: 'asset status column; per-group and per-status indexes (pagination, counts, crash recovery)',
    sql: `
      ALTER TABLE assets ADD COLUMN status TEXT NOT NULL DEFAULT 'QUEUED';
      UPDATE assets SET status = COALESCE(json_extract(doc, '$.status'), 'QUEUED');
      CREATE INDEX assets_by_group ON assets (group_id, id);
      CREATE INDEX assets_by_status ON assets (status);
      CREATE INDEX configurations_by_group ON packaging_configurations (group_id, id);
    `,
  },
  {
    version: 3,
    name: 'ingest leases: owner and expiry (epoch ms) of the process ingesting an asset',
    // Existing assets get no lease, so any process may claim those left QUEUED or PROCESSING.
    sql: `
      ALTER TABLE assets ADD COLUMN ingest_owner TEXT;
      ALTER TABLE assets ADD COLUMN ingest_lease_expires_at INTEGER;
    `,
  },
];
