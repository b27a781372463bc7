import type { PostgresMigration } from '../db/postgres/PostgresMigration.ts';

/**
 * The catalog's schema in PostgreSQL, component `catalog` of
 * `schema_migrations`. Append new steps; never edit one that has shipped.
 *
 * The tables of `SqliteCatalog`: each record is its JSON document (`json`,
 * kept verbatim like the other components' documents) plus the columns it is
 * looked up, filtered or ordered by. Ids and `created_at` are
 * `COLLATE "C"`, so lists, keyset pages and `listAssetsByStatus` come in the
 * byte order SQLite gives, whatever the database's locale. `created_at` is
 * the record's ISO 8601 text, compared as text as SQLite compares
 * `json_extract(doc, '$.createdAt')`.
 *
 * An asset's source index is a `bytea` column: the binary form of
 * `writeSourceIndex` (~6 MB for a 30-minute asset), moved out of line and
 * compressed by TOAST, read only when the origin loads the asset, and never
 * rewritten when the row's status or tags change (PostgreSQL keeps an
 * unchanged TOAST value). An asset's ingest lease (`ingest_owner`,
 * `ingest_lease_expires_at` in epoch ms) lives in those columns only, never
 * in the document: `claimIngest` sets them in one `UPDATE` (a `json`
 * document cannot be edited in SQL without `jsonb`). The foreign keys make a configuration or an asset
 * whose group is gone impossible, whatever writes the tables.
 */
export const postgresCatalogMigrations: PostgresMigration[] = [
  {
    version: 1,
    name: 'groups, configurations, assets with status and source index',
    sql: `
      CREATE TABLE packaging_groups (
        id text COLLATE "C" PRIMARY KEY,
        hash text UNIQUE NOT NULL,
        doc json NOT NULL
      );
      CREATE TABLE packaging_configurations (
        id text COLLATE "C" PRIMARY KEY,
        group_id text COLLATE "C" NOT NULL REFERENCES packaging_groups (id),
        hash text UNIQUE NOT NULL,
        doc json NOT NULL
      );
      CREATE INDEX packaging_configurations_by_group ON packaging_configurations (group_id, id);
      CREATE TABLE assets (
        id text COLLATE "C" PRIMARY KEY,
        group_id text COLLATE "C" NOT NULL REFERENCES packaging_groups (id),
        hash text UNIQUE NOT NULL,
        status text NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        doc json NOT NULL,
        source_index bytea
      );
      CREATE INDEX assets_by_group ON assets (group_id, id);
      CREATE INDEX assets_by_status ON assets (status, created_at, id);
    `,
  },
  {
    version: 2,
    name: 'ingest leases',
    // Existing assets get no lease, so any process may claim those left QUEUED or PROCESSING.
    sql: `
      ALTER TABLE assets ADD COLUMN ingest_owner text, ADD COLUMN ingest_lease_expires_at bigint;
    `,
  },
];
