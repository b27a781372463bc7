import type { SqliteMigration } from '../../db/sqlite/SqliteMigration.ts';

/**
 * The event store schema, as versioned migrations. Append new steps; never
 * edit one that has shipped. `SqliteEventStore` records them in
 * `event_store_migrations`. Each record is kept as its JSON document plus
 * the columns it is looked up or ordered by (as `SqliteCatalog` does); a
 * delivery's lease lives in its columns only (`lease_owner`,
 * `lease_expires_at`, epoch ms), next to its due time (`next_attempt_at`).
 * The event log (version 3) is `event_log`.
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
  {
    version: 2,
    name: 'delivery leases',
    // Existing PENDING deliveries get no lease (claimable) and keep the due
    // time of their retry, read from their document (ISO 8601 -> epoch ms).
    sql: `
      ALTER TABLE event_deliveries ADD COLUMN next_attempt_at INTEGER;
      ALTER TABLE event_deliveries ADD COLUMN lease_owner TEXT;
      ALTER TABLE event_deliveries ADD COLUMN lease_expires_at INTEGER;
      UPDATE event_deliveries
         SET next_attempt_at = CAST(round((julianday(json_extract(doc, '$.nextAttemptAt')) - 2440587.5) * 86400000.0) AS INTEGER)
       WHERE status = 'PENDING' AND json_extract(doc, '$.nextAttemptAt') IS NOT NULL;
      CREATE INDEX event_deliveries_pending ON event_deliveries (seq) WHERE status = 'PENDING';
    `,
  },
  {
    version: 3,
    name: 'event log',
    // Every event that entered the bus, matched or not (EventStore.putEvent):
    // numbered in the order first logged (seq: newest first, the paging
    // cursor, and what retention keeps), filtered by source or detail-type,
    // pruned by age (received_at, epoch ms). The document is the event,
    // receivedAt and origin; the ids of its deliveries live in their own
    // column (a JSON array) so that a re-logged event adds to them.
    sql: `
      CREATE TABLE event_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT UNIQUE NOT NULL,
        source TEXT NOT NULL, detail_type TEXT NOT NULL, received_at INTEGER NOT NULL,
        delivery_ids TEXT NOT NULL, doc TEXT NOT NULL
      );
      CREATE INDEX event_log_source ON event_log (source, seq);
      CREATE INDEX event_log_detail_type ON event_log (detail_type, seq);
      CREATE INDEX event_log_received ON event_log (received_at);
    `,
  },
];
