import type { SqliteMigration } from '../../db/sqlite/SqliteMigration.ts';

/**
 * The event store schema, as versioned migrations. Append new steps; never
 * edit one that has shipped. `SqliteEventStore` records them in
 * `event_store_migrations`. Each record is kept as its JSON document plus
 * the columns it is looked up or ordered by (as `SqliteCatalog` does).
 */
export const sqliteEventStoreMigrations: SqliteMigration[] = [
  {
    version: 1,
    name: 'rules, targets, deliveries, dead letters, idempotency keys',
    sql: `
      CREATE TABLE event_rules (
        bus TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (bus, name)
      );
      CREATE TABLE event_targets (
        bus TEXT NOT NULL, rule TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (bus, rule, id)
      );
      CREATE TABLE event_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
        event_id TEXT NOT NULL, rule_arn TEXT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL
      );
      CREATE INDEX event_deliveries_event ON event_deliveries (event_id);
      CREATE INDEX event_deliveries_status ON event_deliveries (status);
      CREATE TABLE event_dead_letters (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
        rule_arn TEXT NOT NULL, resolved INTEGER NOT NULL, doc TEXT NOT NULL
      );
      CREATE TABLE event_idempotency_keys (
        key TEXT PRIMARY KEY, delivery_id TEXT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL
      );
    `,
  },
];
